/**
 * Reading values: per zone and year with their provenance (how obtained, which run or submission, the
 * data versions read, stale or not, the evaluation), and the trend series of one indicator in one zone
 * — values by year, the target and its trajectory, the fitted trend and the forecast for the next
 * horizon with its interval. Rows returned are checked for staleness on the way out.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, regionAncestry } from '../auth/scope.js';
import { notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { readJson } from '../store/store.js';
import { refreshStaleness, type DataVersion } from './data-versions.js';
import { DEFAULT_METHOD, evaluateValue } from './evaluate-value.js';
import { getIndicator } from './indicator-systems.js';
import { unitBounds } from './indicator-units.js';
import { linearTrend } from './linear-trend.js';
import type { IndicatorValue } from './monitoring-tables.js';
import { currentMasterPlanVersion, targetsByKey, trajectoryOf } from './targets.js';

export function presentValue(v: IndicatorValue) {
  const detail = readJson<Record<string, unknown>>(v.detail);
  return {
    indicatorCode: v.indicator_code,
    zoneCode: v.zone_code,
    regionCode: v.region_code,
    year: v.year,
    period: v.period,
    value: v.value,
    unit: v.unit,
    method: v.method,
    runId: v.run_id,
    submissionId: v.submission_id,
    dataVersions: readJson<DataVersion[]>(v.data_versions),
    stale: v.stale === 1,
    computedAt: v.computed_at,
    evaluation: detail?.evaluation ?? null,
    detail: detail ? Object.fromEntries(Object.entries(detail).filter(([k]) => k !== 'evaluation')) : null,
  };
}

export interface ValueQuery {
  indicator?: string;
  zone?: string;
  year?: number;
  period?: string;
  method?: string;
  stale?: boolean;
  limit: number;
  offset: number;
}

export async function listValues(db: Kysely<Database>, viewer: Principal, q: ValueQuery) {
  let query = db.selectFrom('indicator_value');
  if (q.indicator) query = query.where('indicator_code', '=', q.indicator);
  if (q.zone) query = query.where('zone_code', '=', q.zone);
  if (q.year) query = query.where('year', '=', q.year);
  if (q.period !== undefined) query = query.where('period', '=', q.period);
  if (q.method) query = query.where('method', '=', q.method as 'computed');
  if (q.stale !== undefined) query = query.where('stale', '=', q.stale ? 1 : 0);
  if (viewer.regionCode) {
    const region = viewer.regionCode;
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('indicator_code')
    .orderBy('zone_code')
    .orderBy('year')
    .orderBy('period')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: Number(total.n), items: (await refreshStaleness(db, rows)).map(presentValue) };
}

/**
 * The series of an indicator in a zone: annual values, the target of the plan version (default: the
 * current master plan of the zone's city) with the expected value of every year, the trend and the
 * forecast for the next horizon after the last value.
 */
export async function indicatorSeries(
  db: Kysely<Database>,
  viewer: Principal,
  code: string,
  zoneCode: string,
  planVersionId?: number,
) {
  const indicator = await getIndicator(db, code);
  const zone = await db
    .selectFrom('zone')
    .select(['code', 'name', 'name_en', 'region_code'])
    .where('code', '=', zoneCode)
    .executeTakeFirst();
  if (!zone) throw notFound({ zh: '区划或单元', en: 'zone' }, zoneCode);
  assertReadRegion(viewer, zone.region_code);
  const rows = await refreshStaleness(
    db,
    await db
      .selectFrom('indicator_value')
      .selectAll()
      .where('indicator_code', '=', code)
      .where('zone_code', '=', zoneCode)
      .where('period', '=', '')
      .orderBy('year')
      .execute(),
  );
  const values = rows.map(presentValue);
  const version = planVersionId ?? (await currentMasterPlanVersion(db, zone.region_code.slice(0, 4)));
  const target = version === null ? null : ((await targetsByKey(db, version)).get(`${code}|${zoneCode}`) ?? null);
  const points = values.filter((v) => v.value !== null).map((v) => ({ x: v.year, y: v.value! }));
  const fit = linearTrend(points);
  const last = points.at(-1);
  const outlook =
    last && fit
      ? evaluateValue(
          {
            direction: indicator.direction,
            rangeLow: indicator.rangeLow,
            rangeHigh: indicator.rangeHigh,
            bounds: unitBounds(indicator.unit),
            year: last.x,
            value: last.y,
            history: points,
            peers: [],
            target,
          },
          DEFAULT_METHOD,
        )
      : null;
  const fromYear = Math.min(target?.baseYear ?? Infinity, points[0]?.x ?? Infinity);
  const toYear = Math.max(target?.targetYear ?? -Infinity, last?.x ?? -Infinity);
  return {
    indicator,
    zone: { code: zone.code, name: zone.name, nameEn: zone.name_en },
    values,
    target,
    trajectory: target && Number.isFinite(fromYear) ? trajectoryOf(target, fromYear, toYear) : [],
    trend: fit && {
      n: fit.n,
      slope: fit.slope,
      intercept: fit.intercept,
      r2: fit.r2,
      residualSd: fit.residualSd,
      fitted: points.map((p) => ({ year: p.x, value: fit.intercept + fit.slope * p.x })),
    },
    forecast: outlook?.forecast ?? null,
  };
}
