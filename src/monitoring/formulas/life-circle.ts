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
 */
import { CoverageCache, coverageShare, type CoverageOptions } from '../../network/coverage.js';
import { DEFAULT_SPEEDS, metresPerMinute } from '../../network/travel-modes.js';
import type { FormulaContext } from '../formula-context.js';
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import type { ZoneSet } from '../monitoring-zones.js';

/** One coverage cache per run (graphs, snappers and residential patches are shared by the formulas). */
const caches = new WeakMap<ZoneSet, CoverageCache>();

export async function coveragePercent(
  ctx: FormulaContext,
  options: Pick<CoverageOptions, 'facilityType' | 'mode' | 'minutes'>,
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
    },
  }));
}

const FORMULAS: [key: string, types: string[], mode: 'walk' | 'drive', minutes: number, zh: string, en: string][] = [
  ['school_walk_15min_coverage', ['学校'], 'walk', 15, '学校', 'schools'],
  [
    'clinic_walk_15min_coverage',
    ['社区卫生服务中心', '卫生院', '卫生室'],
    'walk',
    15,
    '社区卫生服务中心／卫生院／卫生室',
    'community clinics',
  ],
  ['elderly_care_walk_15min_coverage', ['养老院'], 'walk', 15, '养老院', 'elderly care'],
  ['elderly_care_walk_5min_coverage', ['养老院'], 'walk', 5, '养老院', 'elderly care'],
  ['culture_walk_15min_coverage', ['文化设施'], 'walk', 15, '文化设施', 'culture facilities'],
  ['sports_walk_15min_coverage', ['体育设施'], 'walk', 15, '体育设施', 'sports facilities'],
  ['park_square_walk_5min_coverage', ['公园', '广场'], 'walk', 5, '公园或广场', 'parks or squares'],
  ['fire_rescue_5min_coverage', ['消防站'], 'drive', 5, '消防站', 'fire stations'],
  [
    'hospital_2km_coverage',
    ['医院'],
    'walk',
    2000 / metresPerMinute(DEFAULT_SPEEDS.accessKmh.walk),
    '医院（路网距离 2 km）',
    'hospitals (2 km along the network)',
  ],
];

for (const [key, types, mode, minutes, zh, en] of FORMULAS) {
  const how = mode === 'walk' ? `沿路网步行 ${minutes} 分钟` : `消防车沿路网行驶 ${minutes} 分钟`;
  const howEn = mode === 'walk' ? `a ${minutes}-minute walk` : `a ${minutes}-minute drive`;
  registerFormula(key, {
    layers: ['road', 'facility', 'land_survey', 'population'],
    definition: `${how}可达${zh}的常住人口 / 常住人口 ×100，% — share of residents within ${howEn} of ${en} along the road network`,
    compute: (ctx) => coveragePercent(ctx, { facilityType: types, mode, minutes }),
  });
}
