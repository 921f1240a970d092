/**
 * Draft a check-up's findings from its current snapshot (the rules: finding-rules.ts). Idempotent
 * through `source_key`: re-drafting updates the findings it drafted before, adds new ones, and never
 * touches a finding people have edited, added or merged (origin 'edited' / 'manual' / 'merged', or
 * merged into another). A drafted finding whose problem is gone is deleted when nothing hangs on it
 * (no cause, measure or task); otherwise it is kept and reported, for a person to decide.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { indicatorsOf, sameAs } from '../monitoring/indicator-systems.js';
import { targetsByKey } from '../monitoring/targets.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { resolveSnapshot } from './checkup-run.js';
import type { CheckupLevel } from './checkup-tables.js';
import { assertAnalysisOpen, writableCheckup } from './checkups.js';
import { draftFindings, type RuleInput, type RuleWarning } from './finding-rules.js';

export interface DraftResult {
  snapshotId: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Drafted before, edited by a person since: left as they are. */
  keptEdited: number;
  /** Drafted before, no longer found, nothing attached: deleted. */
  removed: number;
  /** Drafted before, no longer found, but causes, measures or tasks hang on them: kept. */
  obsolete: number[];
  byKind: Record<string, number>;
}

export async function draftCheckupFindings(db: Kysely<Database>, actor: Principal, checkupId: number) {
  return db.transaction().execute(async (trx) => {
    const c = await writableCheckup(trx, actor, checkupId);
    assertAnalysisOpen(c);
    const snapshot = await resolveSnapshot(trx, c, {});
    const input = await loadRuleInput(trx, c, snapshot.id, snapshot.run_id);
    const drafts = draftFindings(input);

    const existing = await trx
      .selectFrom('checkup_finding')
      .selectAll()
      .where('checkup_id', '=', c.id)
      .where('source_key', 'is not', null)
      .execute();
    const byKey = new Map(existing.map((f) => [f.source_key!, f]));
    const result: DraftResult = {
      snapshotId: snapshot.id,
      created: 0,
      updated: 0,
      unchanged: 0,
      keptEdited: 0,
      removed: 0,
      obsolete: [],
      byKind: {},
    };
    const now = nowIso();
    const seen = new Set<string>();
    for (const [i, d] of drafts.entries()) {
      seen.add(d.sourceKey);
      result.byKind[d.kind] = (result.byKind[d.kind] ?? 0) + 1;
      const fields = {
        level: d.level,
        zone_code: d.zoneCode,
        dimension: d.dimension,
        kind: d.kind,
        severity: d.severity,
        title: d.title,
        body: d.body,
        indicator_codes: writeJson(d.indicatorCodes),
        zone_codes: writeJson(d.zoneCodes),
        evidence: writeJson({ ...d.evidence, titleEn: d.titleEn }),
        sort_order: i + 1,
      };
      const before = byKey.get(d.sourceKey);
      if (!before) {
        await trx
          .insertInto('checkup_finding')
          .values({
            ...fields,
            checkup_id: c.id,
            origin: 'drafted',
            source_key: d.sourceKey,
            merged_into_id: null,
            created_by: actor.username,
            created_at: now,
            updated_at: now,
          })
          .execute();
        result.created++;
      } else if (before.origin !== 'drafted' || before.merged_into_id !== null) {
        result.keptEdited++;
      } else if (
        before.title === fields.title &&
        before.body === fields.body &&
        before.severity === fields.severity &&
        sameJson(before.zone_codes, d.zoneCodes) &&
        sameJson(before.evidence, { ...d.evidence, titleEn: d.titleEn }) &&
        before.sort_order === fields.sort_order
      ) {
        result.unchanged++;
      } else {
        await trx
          .updateTable('checkup_finding')
          .set({ ...fields, updated_at: now })
          .where('id', '=', before.id)
          .execute();
        result.updated++;
      }
    }
    for (const f of existing) {
      if (seen.has(f.source_key!) || f.origin !== 'drafted' || f.merged_into_id !== null) continue;
      if (await hasDependants(trx, f.id)) result.obsolete.push(f.id);
      else {
        await trx.deleteFrom('checkup_finding').where('id', '=', f.id).execute();
        result.removed++;
      }
    }
    await recordAudit(trx, actor, {
      activity: 'checkup.findings_drafted',
      entityType: 'checkup',
      entityId: c.id,
      regionCode: c.region_code,
      after: result,
    });
    return result;
  });
}

/** JSON equality whatever the store did to key order (PostgreSQL jsonb reorders keys). */
function sameJson(stored: unknown, value: unknown): boolean {
  return canonical(readJson(stored)) === canonical(value);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

async function hasDependants(db: Kysely<Database>, findingId: number): Promise<boolean> {
  const cause = await db
    .selectFrom('checkup_cause')
    .select('id')
    .where('finding_id', '=', findingId)
    .executeTakeFirst();
  if (cause) return true;
  const measure = await db
    .selectFrom('checkup_measure')
    .select('id')
    .where('finding_id', '=', findingId)
    .executeTakeFirst();
  return Boolean(measure);
}

async function loadRuleInput(
  db: Kysely<Database>,
  c: { id: number; year: number; region_code: string; system_id: number; plan_version_id: number | null },
  snapshotId: number,
  runId: number | null,
): Promise<RuleInput> {
  const rows = await db
    .selectFrom('checkup_snapshot_value')
    .selectAll()
    .where('snapshot_id', '=', snapshotId)
    .execute();
  const indicators = await indicatorsOf(db, c.system_id);
  const targets = c.plan_version_id === null ? new Map() : await targetsByKey(db, c.plan_version_id);
  const zones = new Set(rows.map((r) => `${r.indicator_code}|${r.zone_code}`));
  const history = new Map<string, { x: number; y: number }[]>();
  const past = await db
    .selectFrom('indicator_value')
    .select(['indicator_code', 'zone_code', 'year', 'value'])
    .where('year', '<', c.year)
    .where('year', '>=', c.year - 15)
    .where('period', '=', '')
    .where('region_code', 'like', `${c.region_code}%`)
    .where('value', 'is not', null)
    .execute();
  for (const p of past) {
    const key = `${p.indicator_code}|${p.zone_code}`;
    if (!zones.has(key)) continue;
    const list = history.get(key);
    if (list) list.push({ x: p.year, y: p.value! });
    else history.set(key, [{ x: p.year, y: p.value! }]);
  }
  const warnings = new Map<string, RuleWarning[]>();
  const open = await db
    .selectFrom('warning')
    .select(['id', 'indicator_code', 'zone_code', 'grade', 'kind', 'explanation_zh'])
    .where('year', '=', c.year)
    .where('region_code', 'like', `${c.region_code}%`)
    .where('status', 'in', ['raised', 'acknowledged'])
    .orderBy('id')
    .execute();
  for (const w of open) {
    const key = `${w.indicator_code}|${w.zone_code}`;
    const view = {
      id: w.id,
      indicatorCode: w.indicator_code,
      zoneCode: w.zone_code,
      grade: w.grade,
      kind: w.kind,
      explanationZh: w.explanation_zh,
    };
    const list = warnings.get(key);
    if (list) list.push(view);
    else warnings.set(key, [view]);
  }
  const names = await db
    .selectFrom('zone')
    .select(['code', 'name', 'name_en'])
    .where((eb) => eb.or([eb('region_code', 'like', `${c.region_code}%`), eb('code', '=', c.region_code)]))
    .execute();
  return {
    year: c.year,
    regionCode: c.region_code,
    snapshotId,
    runId,
    values: rows.map((r) => ({
      indicatorCode: r.indicator_code,
      zoneCode: r.zone_code,
      level: r.level as CheckupLevel,
      value: r.value,
      expected: r.expected,
      target: r.target,
      grade: r.grade,
    })),
    indicators,
    targets,
    history,
    warnings,
    zoneNames: new Map(names.map((n) => [n.code, n.name])),
    zoneNamesEn: new Map(names.filter((n) => n.name_en).map((n) => [n.code, n.name_en!])),
    sameAs: await sameAs(db, c.system_id),
  };
}
