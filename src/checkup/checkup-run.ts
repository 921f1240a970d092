/**
 * Running a check-up and freezing what it stands on. A run is an ordinary monitoring run for the
 * check-up's region, year and plan version (run-monitoring.ts); then the year's annual values of the
 * region's zones are copied into a new snapshot — with this year's expected value on the plan
 * trajectory, the target and the worst open warning grade — so the analysis, the review and the
 * published report read numbers that later runs cannot change. Each snapshot is seq + 1; no code
 * edits or deletes a snapshot's rows, and the published one stays the one publication pointed at.
 *
 * A snapshot can also be taken of the current values without a run (monitoring already ran this year).
 *
 * Levels come from the zone: the check-up's region and its districts are 市域 'city' (city indicators
 * are reported and decomposed per district), the central urban area and governance zones are 城区
 * 'urban', the planning units are 单元 'unit'. Only the check-up's levels are frozen.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { conflict, notFound } from '../errors.js';
import { indicatorsOf } from '../monitoring/indicator-systems.js';
import {
  createMonitoringRun,
  executeMonitoringRun,
  type RunProgress,
  type RunSummary,
} from '../monitoring/run-monitoring.js';
import { targetsByKey } from '../monitoring/targets.js';
import { expectedValue } from '../monitoring/trajectory.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { Checkup, CheckupLevel } from './checkup-tables.js';
import { readableCheckup, writableCheckup, type SnapshotHead } from './checkups.js';

const GRADE_ORDER = ['red', 'orange', 'yellow', 'blue'];
const INSERT_CHUNK = 500;

/** Zone → check-up level for the zones of a region (see the header). */
export async function zoneLevels(db: Kysely<Database>, regionCode: string): Promise<Map<string, CheckupLevel>> {
  const rows = await db
    .selectFrom('zone')
    .select(['code', 'kind', 'parent_code'])
    .where((eb) => eb.or([eb('region_code', 'like', `${regionCode}%`), eb('code', '=', regionCode)]))
    .execute();
  const out = new Map<string, CheckupLevel>();
  for (const z of rows) {
    if (z.kind === 'region' && (z.code === regionCode || z.parent_code === regionCode)) out.set(z.code, 'city');
    else if (z.kind === 'central_urban' || z.kind === 'governance') out.set(z.code, 'urban');
    else if (z.kind === 'planning_unit') out.set(z.code, 'unit');
  }
  return out;
}

function assertNotArchived(c: Checkup): void {
  if (c.status === 'archived') {
    throw conflict(
      'checkup_archived',
      '体检已归档，不能再计算或生成快照',
      'the check-up is archived; no new run or snapshot',
    );
  }
}

export interface SnapshotResult extends SnapshotHead {
  checkupId: number;
}

/**
 * Freeze the year's values into snapshot seq + 1 and make it the check-up's current snapshot. `runId`
 * names the monitoring run the values came from (null: the values as they stand).
 */
export async function freezeSnapshot(
  db: Kysely<Database>,
  actor: Principal,
  checkupId: number,
  options: { runId?: number | null; note?: string | null } = {},
): Promise<SnapshotResult> {
  return db.transaction().execute(async (trx) => {
    const c = await writableCheckup(trx, actor, checkupId);
    assertNotArchived(c);
    const levels = new Set(readJson<CheckupLevel[]>(c.levels) ?? []);
    const zoneLevel = await zoneLevels(trx, c.region_code);
    const indicators = await indicatorsOf(trx, c.system_id);
    const values = (
      await trx
        .selectFrom('indicator_value')
        .selectAll()
        .where('year', '=', c.year)
        .where('period', '=', '')
        .where('region_code', 'like', `${c.region_code}%`)
        .orderBy('indicator_code')
        .orderBy('zone_code')
        .execute()
    ).filter((v) => indicators.has(v.indicator_code) && levels.has(zoneLevel.get(v.zone_code)!));
    if (!values.length) {
      throw conflict(
        'checkup_no_values',
        `区划 ${c.region_code} 在 ${c.year} 年没有可冻结的指标值（请先运行监测或运行本体检）`,
        `region ${c.region_code} has no indicator values for ${c.year} to freeze (run monitoring or this check-up first)`,
      );
    }
    const targets = c.plan_version_id === null ? new Map() : await targetsByKey(trx, c.plan_version_id);
    const warnings = await trx
      .selectFrom('warning')
      .select(['indicator_code', 'zone_code', 'grade'])
      .where('year', '=', c.year)
      .where('region_code', 'like', `${c.region_code}%`)
      .where('status', 'in', ['raised', 'acknowledged'])
      .execute();
    const worst = new Map<string, string>();
    for (const w of warnings) {
      const key = `${w.indicator_code}|${w.zone_code}`;
      const before = worst.get(key);
      if (!before || GRADE_ORDER.indexOf(w.grade) < GRADE_ORDER.indexOf(before)) worst.set(key, w.grade);
    }
    const last = await trx
      .selectFrom('checkup_snapshot')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('checkup_id', '=', c.id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const byLevel: Record<string, number> = {};
    const grades: Record<string, number> = {};
    for (const v of values) {
      const level = zoneLevel.get(v.zone_code)!;
      byLevel[level] = (byLevel[level] ?? 0) + 1;
      const g = worst.get(`${v.indicator_code}|${v.zone_code}`);
      if (g) grades[g] = (grades[g] ?? 0) + 1;
    }
    const summary = {
      year: c.year,
      runId: options.runId ?? null,
      planVersionId: c.plan_version_id,
      systemId: c.system_id,
      values: values.length,
      indicators: new Set(values.map((v) => v.indicator_code)).size,
      byLevel,
      grades,
    };
    const now = nowIso();
    const snapshot = await trx
      .insertInto('checkup_snapshot')
      .values({
        checkup_id: c.id,
        seq,
        run_id: options.runId ?? null,
        summary: writeJson(summary),
        note: options.note ?? null,
        created_by: actor.username,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const rows = values.map((v) => {
      const key = `${v.indicator_code}|${v.zone_code}`;
      const target = targets.get(key);
      return {
        snapshot_id: snapshot.id,
        indicator_code: v.indicator_code,
        zone_code: v.zone_code,
        level: zoneLevel.get(v.zone_code)!,
        year: v.year,
        value: v.value,
        unit: v.unit,
        method: v.method,
        expected: target ? expectedValue(target, c.year) : null,
        target: target ? target.targetValue : null,
        grade: worst.get(key) ?? null,
        value_id: v.id,
        data_versions: writeJson(readJson(v.data_versions)),
      };
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await trx
        .insertInto('checkup_snapshot_value')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    await trx
      .updateTable('checkup')
      .set({ current_snapshot_id: snapshot.id, updated_at: now })
      .where('id', '=', c.id)
      .execute();
    await recordAudit(trx, actor, {
      activity: 'checkup.snapshot_frozen',
      entityType: 'checkup',
      entityId: c.id,
      regionCode: c.region_code,
      after: { snapshotId: snapshot.id, seq, ...summary },
    });
    return {
      id: snapshot.id,
      checkupId: c.id,
      seq,
      runId: snapshot.run_id,
      summary,
      note: snapshot.note,
      createdBy: snapshot.created_by,
      createdAt: snapshot.created_at,
      published: false,
    };
  });
}

/** Create the monitoring run of a check-up (status 'running'); the caller executes it. */
export async function createCheckupRun(store: Store, actor: Principal, checkupId: number) {
  const c = await writableCheckup(store.db, actor, checkupId);
  assertNotArchived(c);
  const runId = await createMonitoringRun(store, actor, {
    year: c.year,
    regionCode: c.region_code,
    planVersionId: c.plan_version_id,
  });
  return { checkup: c, runId };
}

/** Execute a created run, then freeze its values as the next snapshot. */
export async function executeCheckupRun(
  store: Store,
  actor: Principal,
  checkupId: number,
  runId: number,
  progress?: RunProgress,
): Promise<{ runId: number; summary: RunSummary; snapshot: SnapshotResult }> {
  const summary = await executeMonitoringRun(store, actor, runId, progress);
  const snapshot = await freezeSnapshot(store.db, actor, checkupId, { runId });
  return { runId, summary, snapshot };
}

/** Run and freeze in one call (the CLI, tests). */
export async function runCheckup(store: Store, actor: Principal, checkupId: number, progress?: RunProgress) {
  const { runId } = await createCheckupRun(store, actor, checkupId);
  return executeCheckupRun(store, actor, checkupId, runId, progress);
}

// ── reading frozen values ───────────────────────────────────────────────

export interface SnapshotValueQuery {
  /** Snapshot id; default the check-up's current snapshot. */
  snapshot?: number;
  /** Snapshot seq within the check-up (alternative to the id). */
  seq?: number;
  level?: CheckupLevel;
  indicator?: string;
  zone?: string;
}

export interface SnapshotValueView {
  indicatorCode: string;
  indicatorName: string | null;
  dimension: string | null;
  zoneCode: string;
  level: CheckupLevel;
  year: number;
  value: number | null;
  unit: string;
  method: string;
  expected: number | null;
  target: number | null;
  grade: string | null;
  valueId: number | null;
  dataVersions: unknown;
}

/** The snapshot a query names (by id or seq), or the current one; refused when it is not the check-up's. */
export async function resolveSnapshot(db: Kysely<Database>, c: Checkup, q: { snapshot?: number; seq?: number }) {
  let query = db.selectFrom('checkup_snapshot').selectAll().where('checkup_id', '=', c.id);
  if (q.snapshot !== undefined) query = query.where('id', '=', q.snapshot);
  else if (q.seq !== undefined) query = query.where('seq', '=', q.seq);
  else if (c.current_snapshot_id !== null) query = query.where('id', '=', c.current_snapshot_id);
  else {
    throw conflict(
      'checkup_snapshot_required',
      '体检还没有冻结的指标快照（请先运行本体检或从当前指标值生成快照）',
      'the check-up has no frozen snapshot yet (run it, or snapshot the current values)',
    );
  }
  const row = await query.executeTakeFirst();
  if (!row) throw notFound({ zh: '体检快照', en: 'check-up snapshot' }, q.snapshot ?? `seq ${q.seq}`);
  return row;
}

export async function snapshotValues(db: Kysely<Database>, c: Checkup, snapshotId: number, q: SnapshotValueQuery) {
  let query = db.selectFrom('checkup_snapshot_value').selectAll().where('snapshot_id', '=', snapshotId);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.indicator) query = query.where('indicator_code', '=', q.indicator);
  if (q.zone) query = query.where('zone_code', '=', q.zone);
  const rows = await query.orderBy('level').orderBy('indicator_code').orderBy('zone_code').execute();
  const indicators = await indicatorsOf(db, c.system_id);
  return rows.map((r): SnapshotValueView => ({
    indicatorCode: r.indicator_code,
    indicatorName: indicators.get(r.indicator_code)?.name ?? null,
    dimension: indicators.get(r.indicator_code)?.dimension ?? null,
    zoneCode: r.zone_code,
    level: r.level,
    year: r.year,
    value: r.value,
    unit: r.unit,
    method: r.method,
    expected: r.expected,
    target: r.target,
    grade: r.grade,
    valueId: r.value_id,
    dataVersions: readJson(r.data_versions),
  }));
}

/** The frozen indicator table of a check-up: one snapshot, filtered by level, indicator or zone. */
export async function listSnapshotValues(
  db: Kysely<Database>,
  viewer: Principal,
  checkupId: number,
  q: SnapshotValueQuery = {},
) {
  const c = await readableCheckup(db, viewer, checkupId);
  const s = await resolveSnapshot(db, c, q);
  return {
    snapshot: {
      id: s.id,
      seq: s.seq,
      runId: s.run_id,
      summary: readJson(s.summary),
      published: s.id === c.published_snapshot_id,
      createdAt: s.created_at,
    },
    items: await snapshotValues(db, c, s.id, q),
  };
}
