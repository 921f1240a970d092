/**
 * Quantitative support for diagnosing a finding's causes, from the store's numbers:
 *
 * - across zones: for the finding's indicator X and every other indicator Y valued in the same zones
 *   of the finding's level in the check-up's current snapshot, Pearson's r over the zones that have
 *   both (n ≥ 5), ranked by |r|: r = Sxy / √(Sxx·Syy), S the centred sums of squares and products;
 * - across years: the same over the years (n ≥ 4) of the finding's zone (its only zone, or the
 *   check-up's region), from the annual values up to the check-up's year;
 * - concentration: the zones of the level ranked by how far they fall short of the level's median in
 *   the adverse direction, each with its share of the total shortfall, and the share the worst fifth
 *   of the zones carries — "is this a few units' problem or everyone's?".
 *
 * A correlation is a lead for people to follow, not a cause; the support says so in its note.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { indicatorsOf, sameAs } from '../monitoring/indicator-systems.js';
import type { Database } from '../store/database.js';
import { readJson } from '../store/store.js';
import type { CheckupLevel } from './checkup-tables.js';
import { quantile } from './finding-rules.js';
import { readableFinding } from './findings.js';

const MIN_ZONES = 5;
const MIN_YEARS = 4;
const TOP = 10;

export interface Correlation {
  indicatorCode: string;
  name: string | null;
  n: number;
  r: number;
}

export interface ConcentrationZone {
  zoneCode: string;
  name: string | null;
  value: number;
  shortfall: number;
  share: number;
}

export interface FindingSupport {
  findingId: number;
  indicatorCode: string | null;
  level: CheckupLevel;
  snapshotId: number | null;
  acrossZones: Correlation[];
  acrossYears: { zoneCode: string; fromYear: number | null; toYear: number; items: Correlation[] };
  concentration: {
    n: number;
    median: number | null;
    totalShortfall: number;
    zones: ConcentrationZone[];
    worstFifth: { zones: number; share: number } | null;
  } | null;
  note: { zh: string; en: string };
}

/** Pearson's r of paired values, or null when either side does not vary. */
export function pearson(pairs: readonly [number, number][]): number | null {
  const n = pairs.length;
  if (n < 2) return null;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of pairs) {
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
    sxy += (x - mx) * (y - my);
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

function correlate(
  series: Map<string, Map<string, number>>,
  code: string,
  min: number,
  names: Map<string, string>,
  twins: readonly string[],
): Correlation[] {
  const own = series.get(code);
  if (!own) return [];
  const out: Correlation[] = [];
  for (const [other, values] of series) {
    // The same measure under another catalog's code (耕地保有量 MP-04 / AQ-11) correlates 1 and says nothing.
    if (other === code || twins.includes(other)) continue;
    const pairs: [number, number][] = [];
    for (const [k, x] of own) {
      const y = values.get(k);
      if (y !== undefined) pairs.push([x, y]);
    }
    if (pairs.length < min) continue;
    const r = pearson(pairs);
    if (r === null) continue;
    out.push({ indicatorCode: other, name: names.get(other) ?? null, n: pairs.length, r });
  }
  return out
    .sort((a, b) => Math.abs(b.r) - Math.abs(a.r) || a.indicatorCode.localeCompare(b.indicatorCode))
    .slice(0, TOP);
}

function addTo(series: Map<string, Map<string, number>>, code: string, key: string, value: number) {
  const m = series.get(code);
  if (m) m.set(key, value);
  else series.set(code, new Map([[key, value]]));
}

export async function findingSupport(
  db: Kysely<Database>,
  viewer: Principal,
  findingId: number,
): Promise<FindingSupport> {
  const { finding, checkup } = await readableFinding(db, viewer, findingId);
  const code = readJson<string[]>(finding.indicator_codes)?.[0] ?? null;
  const zoneCodes = readJson<string[]>(finding.zone_codes) ?? [];
  const indicators = await indicatorsOf(db, checkup.system_id);
  const names = new Map([...indicators.values()].map((i) => [i.code, i.name]));
  const zoneNames = new Map(
    (
      await db
        .selectFrom('zone')
        .select(['code', 'name'])
        .where((eb) =>
          eb.or([eb('region_code', 'like', `${checkup.region_code}%`), eb('code', '=', checkup.region_code)]),
        )
        .execute()
    ).map((z) => [z.code, z.name]),
  );
  const yearZone = finding.zone_code ?? (zoneCodes.length === 1 ? zoneCodes[0]! : checkup.region_code);
  const empty: FindingSupport = {
    findingId,
    indicatorCode: code,
    level: finding.level,
    snapshotId: checkup.current_snapshot_id,
    acrossZones: [],
    acrossYears: { zoneCode: yearZone, fromYear: null, toYear: checkup.year, items: [] },
    concentration: null,
    note: NOTE,
  };
  if (!code) return empty;
  const twins = (await sameAs(db, checkup.system_id)).get(code) ?? [];

  // across zones, from the frozen snapshot
  const zoneSeries = new Map<string, Map<string, number>>();
  if (checkup.current_snapshot_id !== null) {
    const rows = await db
      .selectFrom('checkup_snapshot_value')
      .select(['indicator_code', 'zone_code', 'value'])
      .where('snapshot_id', '=', checkup.current_snapshot_id)
      .where('level', '=', finding.level)
      .where('value', 'is not', null)
      .execute();
    for (const r of rows) if (Number.isFinite(r.value)) addTo(zoneSeries, r.indicator_code, r.zone_code, r.value!);
  }

  // across years, from the annual values of the zone
  const yearRows = await db
    .selectFrom('indicator_value')
    .select(['indicator_code', 'year', 'value'])
    .where('zone_code', '=', yearZone)
    .where('period', '=', '')
    .where('year', '<=', checkup.year)
    .where('value', 'is not', null)
    .execute();
  const yearSeries = new Map<string, Map<string, number>>();
  for (const r of yearRows) addTo(yearSeries, r.indicator_code, String(r.year), r.value!);
  const ownYears = [...(yearSeries.get(code)?.keys() ?? [])].map(Number);

  return {
    ...empty,
    acrossZones: correlate(zoneSeries, code, MIN_ZONES, names, twins),
    acrossYears: {
      zoneCode: yearZone,
      fromYear: ownYears.length ? Math.min(...ownYears) : null,
      toYear: checkup.year,
      items: correlate(yearSeries, code, MIN_YEARS, names, twins),
    },
    concentration: concentration(zoneSeries.get(code), indicators.get(code)?.direction, zoneNames),
  };
}

const NOTE = {
  zh: '相关系数提示同向或反向变化的指标，供原因诊断参考，不等于因果关系',
  en: 'correlations point at indicators that move together or against each other — leads for the diagnosis, not causes',
};

function concentration(
  values: Map<string, number> | undefined,
  direction: string | undefined,
  names: Map<string, string>,
): FindingSupport['concentration'] {
  if (!values || values.size < 2 || (direction !== 'higher_better' && direction !== 'lower_better')) return null;
  const sorted = [...values.values()].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const gaps = [...values]
    .map(([zoneCode, value]) => ({
      zoneCode,
      value,
      shortfall: direction === 'higher_better' ? median - value : value - median,
    }))
    .filter((z) => z.shortfall > 0)
    .sort((a, b) => b.shortfall - a.shortfall || a.zoneCode.localeCompare(b.zoneCode));
  const total = gaps.reduce((s, z) => s + z.shortfall, 0);
  const zones = gaps.map((z) => ({
    ...z,
    name: names.get(z.zoneCode) ?? null,
    share: total > 0 ? z.shortfall / total : 0,
  }));
  const fifth = Math.ceil(values.size / 5);
  return {
    n: values.size,
    median,
    totalShortfall: total,
    zones: zones.slice(0, TOP),
    worstFifth: total > 0 ? { zones: fifth, share: zones.slice(0, fifth).reduce((s, z) => s + z.share, 0) } : null,
  };
}
