/**
 * Evaluate one year of a region and write the result, in the caller's transaction: the year's value
 * rows are rewritten with their evaluation in `detail.evaluation` (the freshly computed values of the
 * run replace the old computed ones of the same indicators; reported and imported values, and computed
 * values of formulas that did not run, are kept as they were), then the findings of the warning rules
 * are reconciled with the warnings already there (warnings.ts).
 *
 * Rewriting the year's rows as one delete and multi-row inserts of 500 — rather than an update per
 * row — keeps a run of a million-patch city at a few hundred statements on both stores; nothing
 * references value rows by id. (The store's bulk loader is for feature tables: on SQLite it expects a
 * `fid` column.) Only annual values (period '') are evaluated: quarterly ones have no trajectory.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { readJson, writeJson } from '../store/store.js';
import { DEFAULT_METHOD, evaluateValue, type Evaluation, type ValueCase } from './evaluate-value.js';
import type { IndicatorView } from './indicator-systems.js';
import { unitBounds } from './indicator-units.js';
import type { ValueMethod } from './monitoring-tables.js';
import type { ZoneLevel } from './monitoring-zones.js';
import type { TargetView } from './targets.js';
import { fireRules, type RuleView } from './warning-rules.js';
import { reconcileWarnings, type Located, type ReconcileResult } from './warnings.js';

/** A value row as written. */
export interface ValueRow {
  indicator_code: string;
  zone_code: string;
  region_code: string;
  year: number;
  period: string;
  value: number | null;
  unit: string;
  method: ValueMethod;
  run_id: number | null;
  submission_id: number | null;
  data_versions: unknown;
  detail: Record<string, unknown> | null;
  stale: number;
  computed_at: string;
}

export interface ZoneInfo {
  name: string;
  nameEn: string | null;
  level: ZoneLevel | null;
}

export interface YearEvaluation {
  run: { id: number; year: number; regionCode: string };
  indicators: Map<string, IndicatorView>;
  rules: RuleView[];
  targets: Map<string, TargetView>;
  zones: Map<string, ZoneInfo>;
  /** Values computed by this run. */
  computed: ValueRow[];
  /** Indicators whose computed values `computed` replaces. */
  replaced: Set<string>;
  /** Codes measured as one ('same' mappings): their values are one measure, warned about once. */
  sameAs: Map<string, string[]>;
  /** How many years back trends look. */
  historyYears?: number;
}

export interface YearResult {
  values: number;
  evaluated: number;
  warnings: ReconcileResult;
  /** The annual values of the year after the run, for comparisons between runs. */
  snapshot: Record<string, Record<string, number | null>>;
}

const INSERT_CHUNK = 500;

export async function evaluateYear(db: Kysely<Database>, input: YearEvaluation): Promise<YearResult> {
  const { run } = input;
  const prefix = `${run.regionCode}%`;
  const existing = await db
    .selectFrom('indicator_value')
    .selectAll()
    .where('year', '=', run.year)
    .where('region_code', 'like', prefix)
    .execute();
  const kept: ValueRow[] = existing
    .filter((r) => !(r.method === 'computed' && input.replaced.has(r.indicator_code)))
    .map(({ id: _id, ...r }) => ({
      ...r,
      detail: readJson<Record<string, unknown>>(r.detail),
      data_versions: readJson(r.data_versions),
    }));
  const rows = [...kept, ...input.computed];

  const history = await loadHistory(db, run, input.historyYears ?? 15);
  const annual = rows.filter((r) => r.period === '' && r.value !== null && Number.isFinite(r.value));
  const peersOf = groupPeers(annual, input.zones);
  const present = new Set(annual.map((r) => `${r.indicator_code}|${r.zone_code}`));
  const located: Located[] = [];
  let evaluated = 0;
  for (const row of annual) {
    const indicator = input.indicators.get(row.indicator_code);
    const zone = input.zones.get(row.zone_code);
    if (!indicator || !zone) continue;
    const target = input.targets.get(`${row.indicator_code}|${row.zone_code}`) ?? null;
    const c: ValueCase = {
      direction: indicator.direction,
      rangeLow: indicator.rangeLow,
      rangeHigh: indicator.rangeHigh,
      bounds: unitBounds(indicator.unit),
      year: run.year,
      value: row.value!,
      history: history.get(`${row.indicator_code}|${row.zone_code}`) ?? [],
      peers: zone.level ? peersOf(row.indicator_code, zone.level) : [],
      target,
    };
    const evaluation: Evaluation = evaluateValue(c, DEFAULT_METHOD);
    row.detail = {
      ...(row.detail ?? {}),
      evaluation,
      ...(target ? { targetId: target.id, planVersionId: target.planVersionId } : {}),
    };
    evaluated++;
    const subject = {
      indicator: {
        code: indicator.code,
        name: indicator.name,
        nameEn: indicator.nameEn,
        unit: indicator.unit,
        direction: indicator.direction,
      },
      zone: { code: row.zone_code, name: zone.name, nameEn: zone.nameEn },
      year: run.year,
    };
    if (warnedUnder(row.indicator_code, row.zone_code, present, input) !== row.indicator_code) continue;
    for (const finding of fireRules(subject, c, evaluation, input.rules))
      located.push({
        finding,
        indicatorCode: row.indicator_code,
        zoneCode: row.zone_code,
        regionCode: row.region_code,
      });
  }

  await db.deleteFrom('indicator_value').where('year', '=', run.year).where('region_code', 'like', prefix).execute();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('indicator_value')
      .values(
        rows
          .slice(i, i + INSERT_CHUNK)
          .map((r) => ({ ...r, detail: writeJson(r.detail), data_versions: writeJson(r.data_versions) })),
      )
      .execute();
  const warnings = await reconcileWarnings(db, run, located);

  const snapshot: YearResult['snapshot'] = {};
  for (const r of rows) if (r.period === '') (snapshot[r.indicator_code] ??= {})[r.zone_code] = r.value;
  return { values: rows.length, evaluated, warnings, snapshot };
}

/**
 * Which of the codes measured as one carries the warnings of a zone — so one loss of cropland is not
 * warned about twice, as 耕地保有量 of the check-up and of the master plan: the code with a target in
 * the zone (the plan's commitment), else the check-up's (TD/T 1063) code, else the first code.
 */
function warnedUnder(code: string, zone: string, present: Set<string>, input: YearEvaluation): string {
  const twins = (input.sameAs.get(code) ?? []).filter((t) => present.has(`${t}|${zone}`));
  if (!twins.length) return code;
  const all = [code, ...twins].sort();
  return (
    all.find((c) => input.targets.has(`${c}|${zone}`)) ??
    all.find((c) => input.indicators.get(c)?.sourceSystem === 'tdt1063') ??
    all[0]!
  );
}

/** Annual values of the years before, per `indicator|zone`. */
async function loadHistory(db: Kysely<Database>, run: { year: number; regionCode: string }, years: number) {
  const rows = await db
    .selectFrom('indicator_value')
    .select(['indicator_code', 'zone_code', 'year', 'value'])
    .where('year', '<', run.year)
    .where('year', '>=', run.year - years)
    .where('period', '=', '')
    .where('region_code', 'like', `${run.regionCode}%`)
    .where('value', 'is not', null)
    .execute();
  const out = new Map<string, { x: number; y: number }[]>();
  for (const r of rows) {
    const key = `${r.indicator_code}|${r.zone_code}`;
    const list = out.get(key);
    if (list) list.push({ x: r.year, y: r.value! });
    else out.set(key, [{ x: r.year, y: r.value! }]);
  }
  return out;
}

/**
 * This year's values of the same indicator in the zones of a level, the zone's own included: one array
 * per group, shared by its members, so the group's range is computed once (evaluate-value.ts caches
 * by array).
 */
function groupPeers(rows: readonly ValueRow[], zones: Map<string, ZoneInfo>) {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const level = zones.get(r.zone_code)?.level;
    if (!level) continue;
    const key = `${r.indicator_code}|${level}`;
    const list = groups.get(key);
    if (list) list.push(r.value!);
    else groups.set(key, [r.value!]);
  }
  const none: number[] = [];
  return (indicator: string, level: ZoneLevel) => groups.get(`${indicator}|${level}`) ?? none;
}
