/**
 * A monitoring run (监测运行): for one year and region, compute every computed indicator of the active
 * system for every level and zone it applies to, evaluate every value of the year (computed, reported
 * and imported) against targets, trends and ranges, and reconcile the warnings. The run is a row of
 * its own, kept with its summary and a snapshot of the year's values, so runs can be compared later.
 *
 * Idempotent: running a year again replaces the computed values of that year (the unique key is
 * indicator × zone × year × period) and leaves the earlier run rows as history; warnings that still
 * hold are kept, changed ones superseded, gone ones closed (warnings.ts).
 *
 * Formulas run before any write; the evaluation and all writes happen in one transaction, so a failed
 * run changes no value or warning — only its own row, marked failed. A formula that throws is reported
 * in the summary and its indicators keep their previous values; a key the catalog names but no formula
 * provides is listed as missing.
 */
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, regionAncestry } from '../auth/scope.js';
import { badRequest, LantuError, notFound } from '../errors.js';
import { renderJobError } from '../jobs/jobs.js';
import type { Store } from '../store/store.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { markStaleValues } from './data-versions.js';
import { evaluateYear, type ValueRow, type ZoneInfo } from './evaluate-year.js';
import { createFormulaContext } from './formula-context.js';
import { getFormula } from './formula-registry.js';
import { activeSystem, indicatorsOf, sameAs, type IndicatorView } from './indicator-systems.js';
import { buildZoneSet, zoneLevelsFor, type ZoneLevel, type ZoneSet } from './monitoring-zones.js';
import './register-formulas.js';
import { currentMasterPlanVersion, importPlanTargets, targetsByKey } from './targets.js';
import { UnitLocator } from './unit-locator.js';
import { rulesOf } from './warning-rule-store.js';

export type RunProgress = (stage: string, done: number, total: number | null) => void;

export interface RunRequest {
  year: number;
  /** The region (市域) to monitor; default: the region of the only city master plan. */
  regionCode?: string;
  /** Targets come from this master-plan version; default: the region's current master-plan version. */
  planVersionId?: number | null;
  jobId?: number | null;
}

export interface RunSummary {
  year: number;
  regionCode: string;
  systemVersion: number;
  planVersionId: number | null;
  zones: Record<ZoneLevel, number>;
  formulas: { key: string; indicators: string[]; values: number; seconds: number }[];
  missingFormulas: { key: string; indicators: string[] }[];
  failures: { key: string; error: unknown }[];
  targets: { imported: number; unmatched: number } | null;
  values: number;
  evaluated: number;
  warnings: {
    raised: number;
    kept: number;
    superseded: number;
    closed: number;
    suppressed: number;
    open: Record<string, number>;
  };
  seconds: number;
}

/** Check the request and create the run row (status 'running'). */
export async function createMonitoringRun(store: Store, actor: Principal, request: RunRequest): Promise<number> {
  if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100) {
    throw badRequest(
      'year_invalid',
      `年份 ${request.year} 无效（2000–2100）`,
      `year ${request.year} is invalid (2000–2100)`,
      { field: 'year' },
    );
  }
  const regionCode = request.regionCode ?? (await defaultRegion(store));
  const region = await store.db
    .selectFrom('zone')
    .select(['code', 'region_code'])
    .where('code', '=', regionCode)
    .where('kind', '=', 'region')
    .executeTakeFirst();
  if (!region) throw notFound({ zh: '行政区', en: 'region' }, regionCode);
  assertWriteRegion(actor, region.region_code);
  const planVersionId = request.planVersionId ?? (await currentMasterPlanVersion(store.db, regionCode));
  const system = await activeSystem(store.db);
  const row = await store.db
    .insertInto('monitoring_run')
    .values({
      job_id: request.jobId ?? null,
      system_id: system.id,
      plan_version_id: planVersionId,
      year: request.year,
      region_code: regionCode,
      status: 'running',
      summary: null,
      created_by: actor.username,
      started_at: nowIso(),
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Run a created run to its end; the row ends succeeded (with its summary) or failed (with the error). */
export async function executeMonitoringRun(
  store: Store,
  actor: Principal,
  runId: number,
  progress: RunProgress = () => undefined,
): Promise<RunSummary> {
  const run = await store.db.selectFrom('monitoring_run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound({ zh: '监测运行', en: 'monitoring run' }, runId);
  let locator: UnitLocator | null = null;
  try {
    const started = performance.now();
    progress('preparing', 0, null);
    await markStaleValues(store);
    const system = await store.db
      .selectFrom('indicator_system')
      .selectAll()
      .where('id', '=', run.system_id)
      .executeTakeFirstOrThrow();
    const indicators = await indicatorsOf(store.db, run.system_id);
    let targetImport: RunSummary['targets'] = null;
    if (run.plan_version_id !== null) {
      const count = await store.db
        .selectFrom('indicator_target')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('plan_version_id', '=', run.plan_version_id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) === 0) {
        const imported = await importPlanTargets(store.db, actor, run.plan_version_id);
        targetImport = { imported: imported.imported, unmatched: imported.unmatched.length };
      }
    }
    const targets = run.plan_version_id === null ? new Map() : await targetsByKey(store.db, run.plan_version_id);
    const zoneSet = await buildZoneSet(store, run.region_code);
    const locatorOnce = async () => (locator ??= await UnitLocator.create(zoneSet.unitGeometries));

    const groups = computedGroups(indicators);
    const computed: ValueRow[] = [];
    const replaced = new Set<string>();
    const summary: Pick<RunSummary, 'formulas' | 'missingFormulas' | 'failures'> = {
      formulas: [],
      missingFormulas: [],
      failures: [],
    };
    let done = 0;
    for (const [key, members] of groups) {
      const formula = getFormula(key);
      progress('computing', done++, groups.size);
      if (!formula) {
        summary.missingFormulas.push({ key, indicators: members.map((m) => m.code) });
        continue;
      }
      const levelsOf = new Map(members.map((m) => [m.code, zoneLevelsFor(m.levels)]));
      const wanted = new Set(members.flatMap((m) => [...levelsOf.get(m.code)!]));
      const zones = zoneSet.zones.filter((z) => wanted.has(z.level));
      const { ctx, versions } = createFormulaContext({
        store,
        year: run.year,
        regionCode: run.region_code,
        planVersionId: run.plan_version_id,
        zones,
        zoneSet,
        locator: locatorOnce,
        progress: (d, t) => progress(`computing:${key}`, d, t),
      });
      const t0 = performance.now();
      let results;
      try {
        results = await formula.compute(ctx);
      } catch (error) {
        summary.failures.push({ key, error: renderJobError(error) });
        continue;
      }
      const dataVersions = versions();
      const now = nowIso();
      let written = 0;
      for (const r of results) {
        const zone = zoneSet.byCode.get(r.zoneCode);
        if (!zone) continue;
        for (const m of members) {
          if (!levelsOf.get(m.code)!.has(zone.level)) continue;
          computed.push({
            indicator_code: m.code,
            zone_code: zone.code,
            region_code: zone.regionCode,
            year: run.year,
            period: '',
            value: r.value !== null && Number.isFinite(r.value) ? r.value : null,
            unit: m.unit,
            method: 'computed',
            run_id: run.id,
            submission_id: null,
            data_versions: dataVersions,
            detail: r.detail ? { formula: key, ...r.detail } : { formula: key },
            stale: 0,
            computed_at: now,
          });
          written++;
        }
      }
      for (const m of members) replaced.add(m.code);
      summary.formulas.push({
        key,
        indicators: members.map((m) => m.code),
        values: written,
        seconds: round((performance.now() - t0) / 1000),
      });
    }
    progress('computing', groups.size, groups.size);

    progress('evaluating', 0, null);
    const zones = await zoneNames(store, run.region_code, zoneSet);
    const rules = await rulesOf(store.db, run.system_id);
    const result = await store.db.transaction().execute(async (trx) => {
      const year = await evaluateYear(trx, {
        run: { id: run.id, year: run.year, regionCode: run.region_code },
        indicators,
        rules,
        targets,
        zones,
        computed,
        replaced,
        sameAs: await sameAs(trx, run.system_id),
      });
      const open = await trx
        .selectFrom('warning')
        .select(['grade', (eb) => eb.fn.countAll<number>().as('n')])
        .where('year', '=', run.year)
        .where('region_code', 'like', `${run.region_code}%`)
        .where('status', 'in', ['raised', 'acknowledged'])
        .groupBy('grade')
        .execute();
      const full: RunSummary = {
        year: run.year,
        regionCode: run.region_code,
        systemVersion: system.version_no,
        planVersionId: run.plan_version_id,
        zones: countLevels(zoneSet),
        ...summary,
        targets: targetImport,
        values: year.values,
        evaluated: year.evaluated,
        warnings: { ...year.warnings, open: Object.fromEntries(open.map((o) => [o.grade, Number(o.n)])) },
        seconds: round((performance.now() - started) / 1000),
      };
      await trx
        .updateTable('monitoring_run')
        .set({ status: 'succeeded', finished_at: nowIso(), summary: writeJson({ ...full, snapshot: year.snapshot }) })
        .where('id', '=', run.id)
        .execute();
      await recordAudit(trx, actor, {
        activity: 'monitoring_run.finished',
        entityType: 'monitoring_run',
        entityId: run.id,
        regionCode: run.region_code,
        after: { ...full, formulas: full.formulas.length },
      });
      return full;
    });
    progress('done', 1, 1);
    return result;
  } catch (error) {
    await store.db
      .updateTable('monitoring_run')
      .set({ status: 'failed', finished_at: nowIso(), summary: writeJson({ error: renderJobError(error) }) })
      .where('id', '=', runId)
      .execute();
    throw error;
  } finally {
    (locator as UnitLocator | null)?.dispose();
  }
}

/** Create and execute in one call (the CLI, tests). */
export async function runMonitoring(store: Store, actor: Principal, request: RunRequest, progress?: RunProgress) {
  const runId = await createMonitoringRun(store, actor, request);
  return { runId, summary: await executeMonitoringRun(store, actor, runId, progress) };
}

/** Active computed indicators by formula key, in code order. */
function computedGroups(indicators: Map<string, IndicatorView>): Map<string, IndicatorView[]> {
  const out = new Map<string, IndicatorView[]>();
  for (const i of [...indicators.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    if (i.retired || i.method !== 'computed' || !i.formulaKey) continue;
    const list = out.get(i.formulaKey);
    if (list) list.push(i);
    else out.set(i.formulaKey, [i]);
  }
  return out;
}

/** Names and levels of every zone in the region (values may be reported for zones the run does not compute). */
export async function zoneNames(store: Store, regionCode: string, zoneSet: ZoneSet): Promise<Map<string, ZoneInfo>> {
  const rows = await store.db
    .selectFrom('zone')
    .select(['code', 'name', 'name_en'])
    .where((eb) => eb.or([eb('region_code', 'like', `${regionCode}%`), eb('code', '=', regionCode)]))
    .execute();
  return new Map(
    rows.map((r) => [r.code, { name: r.name, nameEn: r.name_en, level: zoneSet.byCode.get(r.code)?.level ?? null }]),
  );
}

function countLevels(zoneSet: ZoneSet): Record<ZoneLevel, number> {
  const out = { city: 0, district: 0, central_urban: 0, unit: 0, governance: 0 };
  for (const z of zoneSet.zones) out[z.level]++;
  return out;
}

async function defaultRegion(store: Store): Promise<string> {
  const plans = await store.db
    .selectFrom('plan')
    .select('region_code')
    .where('kind', '=', 'master')
    .where('level', '=', 'city')
    .execute();
  const regions = [...new Set(plans.map((p) => p.region_code))];
  if (regions.length !== 1) {
    throw new LantuError(
      'region_required',
      400,
      regions.length ? `有多个市级总体规划（${regions.join('、')}），请指定区划` : '没有市级总体规划，请指定区划',
      regions.length
        ? `several city master plans (${regions.join(', ')}); name the region`
        : 'no city master plan; name the region',
      { field: 'regionCode' },
    );
  }
  return regions[0]!;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

// ── reading runs ─────────────────────────────────────────────────────────

export interface RunView {
  id: number;
  jobId: number | null;
  systemId: number;
  planVersionId: number | null;
  year: number;
  regionCode: string;
  status: string;
  summary: unknown;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

function findRun(store: Store, id: number) {
  return store.db.selectFrom('monitoring_run').selectAll().where('id', '=', id).executeTakeFirst();
}

export function presentRun(r: RunRow, withSnapshot = false): RunView {
  const summary = readJson<Record<string, unknown>>(r.summary);
  if (summary && !withSnapshot) delete summary.snapshot;
  return {
    id: r.id,
    jobId: r.job_id,
    systemId: r.system_id,
    planVersionId: r.plan_version_id,
    year: r.year,
    regionCode: r.region_code,
    status: r.status,
    summary,
    createdBy: r.created_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export async function getRun(store: Store, viewer: Principal, id: number, withSnapshot = false): Promise<RunView> {
  const run = await findRun(store, id);
  if (!run) throw notFound({ zh: '监测运行', en: 'monitoring run' }, id);
  assertReadRegion(viewer, run.region_code);
  return presentRun(run, withSnapshot);
}

/** Newest first; runs of the viewer's subtree and of the regions above it. */
export async function listRuns(store: Store, viewer: Principal, q: { year?: number; limit: number; offset: number }) {
  let query = store.db.selectFrom('monitoring_run');
  if (q.year) query = query.where('year', '=', q.year);
  if (viewer.regionCode) {
    const region = viewer.regionCode;
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return rows.map((r) => presentRun(r));
}
