/**
 * Life-circle coverage (生活圈覆盖率), measured along the road network by src/network/coverage.ts
 * `coverageShare`: the share of a zone's residents whose home (residents spread over 0701/0702
 * residential patches) reaches a facility of the type within the budget — walking 80 m/min on walkable
 * roads, fire engines at class speeds (src/network/travel-modes.ts). Value in % (share × 100); null
 * where the zone has no residents. Layers read: road, facility (facility_type as the facility layer
 * writes it), land_survey, population — each the status year's or the latest before, as chosen by the
 * run's context (region-scoped), and recorded as the value's data versions. Standards: GB 50180-2018
 * 《城市居住区规划设计标准》 (5/10/15-minute life circles), TD/T 1063-2021, 建标 152-2017 (fire stations).
 *
 * - `school_walk_15min_coverage`: 学校 within a 15-minute walk (LOC-07).
 * - `clinic_walk_15min_coverage`: 社区卫生服务中心, 卫生院 (its rural counterpart) or 卫生室, 15-minute walk (GX-10).
 * - `elderly_care_walk_15min_coverage`: 养老院, 15-minute walk (LOC-08).
 * - `elderly_care_walk_5min_coverage`: 养老院, 5-minute walk (GX-15).
 * - `culture_walk_15min_coverage`: 文化设施, 15-minute walk (GX-17).
 * - `sports_walk_15min_coverage`: 体育设施, 15-minute walk (GX-26).
 * - `park_square_walk_5min_coverage`: 公园 or 广场, 5-minute walk (GX-22; MP-24).
 * - `hospital_2km_coverage`: 医院 within 2 km along the walkable network — a walk of 2,000 m at the
 *   walking speed (80 m/min: 25 minutes) (GX-11).
 * - `fire_rescue_5min_coverage`: 消防站, 5 minutes' drive (AQ-19; the 5 minutes of 建标 152-2017 taken as
 *   driving time, turnout not deducted).
 * - `primary_school_walk_10min_coverage`: 学校 whose attribute `level` is 小学 or 九年一贯制, 10-minute walk
 *   (GX-13; GB 50180-2018 puts 小学 in the 10-minute life circle).
 * - `middle_school_walk_15min_coverage`: 学校 with `level` 中学, 初中, 完全中学 or 九年一贯制, 15-minute walk (GX-14).
 * - `market_walk_10min_coverage`: 菜市场, 农贸市场 or 生鲜超市, 10-minute walk (GX-18).
 * - `football_walk_15min_coverage`: 足球场, 15-minute walk (GX-27).
 * - `rail_station_800m_coverage`: 轨道交通站点 or 地铁站 within 800 m along the walkable network — 10 minutes
 *   at 80 m/min (GX-09, MP-20; the standard's 800 m radius, measured along the network like the rest).
 * - `community_services_15min_coverage`: residents reaching *all five* community services within a
 *   15-minute walk — 卫生 (the clinic kinds above), 养老院, 教育 (学校 of any level), 文化设施, 体育设施 (MP-25).
 * - `forest_walk_15min_coverage`: a forest's edge within a 15-minute walk (GX-24). Forests are the survey's
 *   0301 乔木林地 and 0302 竹林地 patches (not 0305 灌木林地 or 0307 其他林地); their vertices are where one
 *   steps into them, one kept per ~50 m grid cell (0.0005°) so a large forest does not become thousands of
 *   sources — each vertex kept is a real vertex, so no distance is shortened.
 * - `life_circle_15min_coverage`: the 15-minute community life circle (GX-05; TD/T 1062-2021 社区生活圈规划技术
 *   指南, GB 50180-2018): reaching all of clinic, 小学 (10 minutes), 中学, 养老院, 文化设施, 体育设施 and a market
 *   (10 minutes). Fire stations (a drive, AQ-19) and forests (GX-24) have their own indicators.
 *
 * A kind the facility layer holds none of gives 0 % (nobody reaches one), as it would in the field; the
 * detail says so (`noFacilities`), so a planner can tell a real gap from a layer that lacks the kind.
 */
import { sql } from 'kysely';
import { CoverageCache, coverageShare, type CoverageOptions } from '../../network/coverage.js';
import { DEFAULT_SPEEDS, metresPerMinute } from '../../network/travel-modes.js';
import type { FormulaContext } from '../formula-context.js';
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import type { ZoneSet } from '../monitoring-zones.js';
import { polygonsOf } from '../../geo/geometry-parts.js';
import { attrsOf } from './shared.js';

/** One coverage cache per run (graphs, snappers and residential patches are shared by the formulas). */
const caches = new WeakMap<ZoneSet, CoverageCache>();

export async function coveragePercent(
  ctx: FormulaContext,
  options: Pick<CoverageOptions, 'facilityType' | 'mode' | 'minutes' | 'facilityAttr' | 'alsoReach' | 'points'>,
  /** What `options.points` stand for, named in `noFacilities` when there are none. */
  pointsLabel = '',
): Promise<ZoneValue[]> {
  const road = await ctx.layerFor('road');
  const facility = await ctx.layerFor('facility');
  const landSurvey = await ctx.layerFor('land_survey');
  if (!road || !facility || !landSurvey || !ctx.zones.length) return [];
  let cache = caches.get(ctx.zoneSet);
  if (!cache) caches.set(ctx.zoneSet, (cache = new CoverageCache()));
  const result = await coverageShare(ctx.store, {
    ...options,
    year: ctx.year,
    zones: ctx.zones.map((z) => z.code),
    layers: { road: road.code, facility: facility.code, landSurvey: landSurvey.code },
    cache,
  });
  for (const v of result[0]?.dataVersions ?? []) ctx.recordDataVersion(v);
  const kinds = [...(options.facilityType.length ? [options] : []), ...(options.alsoReach ?? [])];
  const noFacilities = kinds.length ? await kindsWithout(ctx, facility.id, kinds) : [];
  if (options.points?.length === 0) noFacilities.push(pointsLabel);
  return result.map((z) => ({
    zoneCode: z.zoneCode,
    value: z.share === null ? null : z.share * 100,
    detail: {
      coveredResidents: z.covered,
      residents: z.total,
      offNetworkResidents: z.detail.residents.offNetwork,
      facilitiesServing: z.detail.facilities.serving,
      facilitiesOffNetwork: z.detail.facilities.offNetwork.length,
      method: z.detail.method,
      ...(noFacilities.length ? { noFacilities } : {}),
    },
  }));
}

type Kind = Pick<CoverageOptions, 'facilityType' | 'facilityAttr'>;

/** The kinds (by their types) of which the facility layer holds not one facility. */
async function kindsWithout(ctx: FormulaContext, layerId: number, kinds: readonly Kind[]): Promise<string[]> {
  const typesOf = (k: Kind) => (typeof k.facilityType === 'string' ? [k.facilityType] : [...k.facilityType]);
  const rows = await ctx.store.db
    .selectFrom('facility')
    .select(['facility_type', 'attrs'])
    .where('layer_id', '=', layerId)
    .where('facility_type', 'in', [...new Set(kinds.flatMap(typesOf))])
    .execute();
  const has = (k: Kind) =>
    rows.some(
      (r) =>
        typesOf(k).includes(r.facility_type ?? '') &&
        (!k.facilityAttr || k.facilityAttr.values.includes(String(attrsOf(r.attrs)[k.facilityAttr.key] ?? ''))),
    );
  return kinds
    .filter((k) => !has(k))
    .map((k) => typesOf(k).join('/') + (k.facilityAttr ? `(${k.facilityAttr.values.join('/')})` : ''));
}

const CLINICS = ['社区卫生服务中心', '卫生院', '卫生室'];
const PRIMARY = { key: 'level', values: ['小学', '九年一贯制'] };
const MIDDLE = { key: 'level', values: ['中学', '初中', '完全中学', '九年一贯制'] };
const MARKETS = ['菜市场', '农贸市场', '生鲜超市'];
const WALK_MPM = metresPerMinute(DEFAULT_SPEEDS.accessKmh.walk);

interface Formula {
  key: string;
  types: string[];
  mode: 'walk' | 'drive';
  minutes: number;
  zh: string;
  en: string;
  facilityAttr?: CoverageOptions['facilityAttr'];
  alsoReach?: CoverageOptions['alsoReach'];
}

const walk = (key: string, types: string[], minutes: number, zh: string, en: string, more: Partial<Formula> = {}) =>
  ({ key, types, mode: 'walk', minutes, zh, en, ...more }) satisfies Formula;

const FORMULAS: Formula[] = [
  walk('school_walk_15min_coverage', ['学校'], 15, '学校', 'schools'),
  walk('clinic_walk_15min_coverage', CLINICS, 15, '社区卫生服务中心／卫生院／卫生室', 'community clinics'),
  walk('elderly_care_walk_15min_coverage', ['养老院'], 15, '养老院', 'elderly care'),
  walk('elderly_care_walk_5min_coverage', ['养老院'], 5, '养老院', 'elderly care'),
  walk('culture_walk_15min_coverage', ['文化设施'], 15, '文化设施', 'culture facilities'),
  walk('sports_walk_15min_coverage', ['体育设施'], 15, '体育设施', 'sports facilities'),
  walk('park_square_walk_5min_coverage', ['公园', '广场'], 5, '公园或广场', 'parks or squares'),
  { key: 'fire_rescue_5min_coverage', types: ['消防站'], mode: 'drive', minutes: 5, zh: '消防站', en: 'fire stations' },
  walk(
    'hospital_2km_coverage',
    ['医院'],
    2000 / WALK_MPM,
    '医院（路网距离 2 km）',
    'hospitals (2 km along the network)',
  ),
  walk('primary_school_walk_10min_coverage', ['学校'], 10, '小学', 'primary schools', { facilityAttr: PRIMARY }),
  walk('middle_school_walk_15min_coverage', ['学校'], 15, '中学', 'middle schools', { facilityAttr: MIDDLE }),
  walk('market_walk_10min_coverage', MARKETS, 10, '菜市场（生鲜超市）', 'wet markets or fresh-food supermarkets'),
  walk('football_walk_15min_coverage', ['足球场'], 15, '足球场', 'football pitches'),
  walk(
    'rail_station_800m_coverage',
    ['轨道交通站点', '地铁站'],
    800 / WALK_MPM,
    '轨道交通站点（路网距离 800 m）',
    'rail-transit stations (800 m along the network)',
  ),
  walk(
    'community_services_15min_coverage',
    CLINICS,
    15,
    '卫生、养老、教育、文化、体育五类设施',
    'all five community services',
    {
      alsoReach: [
        { facilityType: '养老院', minutes: 15 },
        { facilityType: '学校', minutes: 15 },
        { facilityType: '文化设施', minutes: 15 },
        { facilityType: '体育设施', minutes: 15 },
      ],
    },
  ),
  walk(
    'life_circle_15min_coverage',
    CLINICS,
    15,
    '15 分钟社区生活圈全部设施',
    'every service of the 15-minute life circle',
    {
      alsoReach: [
        { facilityType: '学校', facilityAttr: PRIMARY, minutes: 10 },
        { facilityType: '学校', facilityAttr: MIDDLE, minutes: 15 },
        { facilityType: '养老院', minutes: 15 },
        { facilityType: '文化设施', minutes: 15 },
        { facilityType: '体育设施', minutes: 15 },
        { facilityType: MARKETS, minutes: 10 },
      ],
    },
  ),
];

for (const { key, types, mode, minutes, zh, en, facilityAttr, alsoReach } of FORMULAS) {
  const how = mode === 'walk' ? `沿路网步行 ${minutes} 分钟` : `消防车沿路网行驶 ${minutes} 分钟`;
  const howEn = mode === 'walk' ? `a ${minutes}-minute walk` : `a ${minutes}-minute drive`;
  const also = alsoReach?.length
    ? `（另须${alsoReach.map((a) => `${a.minutes} 分钟内到达${[a.facilityType].flat().join('／')}${a.facilityAttr ? `（${a.facilityAttr.values.join('／')}）` : ''}`).join('、')}）`
    : '';
  const filter = facilityAttr ? `（${facilityAttr.key} 为 ${facilityAttr.values.join('／')}）` : '';
  registerFormula(key, {
    layers: ['road', 'facility', 'land_survey', 'population'],
    definition: `${how}可达${zh}${filter}${also}的常住人口 / 常住人口 ×100，% — share of residents within ${howEn} of ${en} along the road network`,
    compute: (ctx) => coveragePercent(ctx, { facilityType: types, mode, minutes, facilityAttr, alsoReach }),
  });
}

/** Grid cell (degrees) within which one forest vertex is kept as a way in. */
const FOREST_CELL = 0.0005;
const FOREST = ['0301', '0302'];

registerFormula('forest_walk_15min_coverage', {
  layers: ['road', 'land_survey', 'population'],
  definition:
    '沿路网步行 15 分钟可达森林（三调 0301 乔木林地、0302 竹林地图斑边界）的常住人口 / 常住人口 ×100，% — share of residents within a 15-minute walk of a forest edge along the road network',
  async compute(ctx) {
    const layer = await ctx.layerFor('land_survey', { exactYear: true });
    if (!layer) return [];
    // Only the forest rows leave the store (the class test runs in SQL), a few percent of the patches.
    const rows = await ctx.store.db
      .selectFrom('land_survey')
      .select('geom')
      .where('layer_id', '=', layer.id)
      .where(sql`substr(dlbm, 1, 4)`, 'in', FOREST)
      .execute();
    const seen = new Set<number>();
    const points: [number, number][] = [];
    for (const row of rows) {
      const g = ctx.store.dialect.decodeGeometry(row.geom);
      if (!g) continue;
      for (const polygon of polygonsOf(g)) {
        for (const ring of polygon) {
          for (const [x, y] of ring) {
            const cell = Math.round(x! / FOREST_CELL) * 1e7 + Math.round(y! / FOREST_CELL);
            if (seen.has(cell)) continue;
            seen.add(cell);
            points.push([x!, y!]);
          }
        }
      }
    }
    return coveragePercent(ctx, { facilityType: [], mode: 'walk', minutes: 15, points }, '森林 0301/0302');
  },
});
