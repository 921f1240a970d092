/**
 * Every formula of src/monitoring/formulas on one tiny fixture, on both stores, with expected values
 * worked out by hand: which patches, lines, roads and homes count, and the arithmetic on their
 * ellipsoidal areas and geodesic lengths (computed here with the same geodesy functions the formulas
 * use, so the test checks the selection and the arithmetic, not the geodesy — which has its own tests).
 *
 * Two planning units U1 (lon 117.00–117.01) and U2 (117.01–117.02), lat 31.00–31.01; city 990101 = both;
 * central urban area ZX = U1. Patches 0.002° squares centred at:
 *
 *   U1: p0 0101 (117.002,31.002)  p1 0103 (117.002,31.005)  p7 1003 公路 (117.002,31.008)
 *       p2 0701/201 (117.005,31.002)  p3 0601/201 (117.005,31.005)
 *       p4 0810/201 (117.008,31.002)  p5 1101 (117.008,31.005)  p6 0301 (117.008,31.008)
 *   U2: p8 0702/203 (117.012,31.002)  p9 05H1/202 (117.015,31.002)  p10 0404 (117.018,31.002)
 *       p11 1108 (117.012,31.005)  p12 0402 (117.015,31.005)  p13 0201 (117.018,31.005)
 *       p14 1104 (117.012,31.008)  p15 0305 (117.015,31.008)  p16 0307 (117.018,31.008)
 *
 * Control lines (plan version): 红线 box 117.010–117.016 × 31.002–31.006 (upper halves of p8 and p9, all
 * of p11, p12); 永久基本农田 = p0's square and an overlapping box over its east half to 117.004
 * (the union counts); 城镇开发边界 box 117.004–117.010 × 31.001–31.005 (p2, p4, the
 * lower half of p3, half of p5).
 * Roads: 城市主干路 along lat 31.0095 in three pieces (117.000–117.005–117.012–117.020), 城市支路 R3
 * lon 117.005 and R4 lon 117.012 (31.000–31.0095), 高速公路 lon 117.019 (31.000–31.008).
 * A 铁路 line (in the road layer, neither walkable nor drivable) along lat 31.0005 across both units.
 * Residents: U1 1,000 (all on p2, urban), U2 500 (all on p8, rural). Walking 80 m/min; 0.001° lat ≈ 110.9 m,
 * 0.001° lon ≈ 95.45 m here.
 */
import type { Geometry, MultiPolygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.js';
import { ellipsoidalArea } from '../../geo/ellipsoidal-area.js';
import { geodesicLength } from '../../geo/geodesic-length.js';
import type { Store } from '../../store/store.js';
import { createFormulaContext } from '../formula-context.js';
import { getFormula, listFormulas, type ZoneValue } from '../formula-registry.js';
import { buildZoneSet } from '../monitoring-zones.js';
import { readIndicatorCatalog } from '../read-indicator-catalog.js';
import '../register-formulas.js';
import { UnitLocator } from '../unit-locator.js';

const box = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  ],
});
const sq = (x: number, y: number) => box(x - 0.001, y - 0.001, x + 0.001, y + 0.001);
const line = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
  type: 'LineString',
  coordinates: [
    [x0, y0],
    [x1, y1],
  ],
});
const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });

const PATCHES: [string, string | null, number, number][] = [
  ['0101', null, 117.002, 31.002],
  ['0103', null, 117.002, 31.005],
  ['0701', '201', 117.005, 31.002],
  ['0601', '201', 117.005, 31.005],
  ['0810', '201', 117.008, 31.002],
  ['1101', null, 117.008, 31.005],
  ['0301', null, 117.008, 31.008],
  ['1003', null, 117.002, 31.008],
  ['0702', '203', 117.012, 31.002],
  ['05H1', '202', 117.015, 31.002],
  ['0404', null, 117.018, 31.002],
  ['1108', null, 117.012, 31.005],
  ['0402', null, 117.015, 31.005],
  ['0201', null, 117.018, 31.005],
  ['1104', null, 117.012, 31.008],
  ['0305', null, 117.015, 31.008],
  ['0307', null, 117.018, 31.008],
];
const P = PATCHES.map(([, , x, y]) => ellipsoidalArea(sq(x, y)));
const p = (...i: number[]) => i.reduce((s, k) => s + P[k]!, 0);
const U1 = ellipsoidalArea(box(117.0, 31.0, 117.01, 31.01));
const U2 = ellipsoidalArea(box(117.01, 31.0, 117.02, 31.01));
const CITY = U1 + U2;
const RED = box(117.01, 31.002, 117.016, 31.006);
const UDB = box(117.004, 31.001, 117.01, 31.005);
const PBF = sq(117.002, 31.002);
/** A second 永久基本农田 feature over the east half of the first: the union counts, never the overlap twice. */
const PBF_OVERLAPPING = box(117.002, 31.001, 117.004, 31.003);
const PBF_UNION = box(117.001, 31.001, 117.004, 31.003);

/** p8, the one 村庄 (203) patch, is in village 201 of township 990101001 (村级码 200–399: a 村委会). */
const attrsOfPatch = (czcsxm: string | null) =>
  czcsxm === '203' ? '{"ZLDWDM":"9901010012010000000"}' : '{"ZLDWDM":"9901010010010000000"}';

async function loadFixture(store: Store): Promise<number> {
  const now = new Date().toISOString();
  let planVersion = 0;
  await store.bulkTransaction(async (tx) => {
    const zone = (code: string, kind: string, g: Geometry) => [code, kind, null, code, null, null, '990101', '{}', g];
    await tx.bulkInsert(
      'zone',
      { columns: ['code', 'kind', 'level', 'name', 'name_en', 'parent_code', 'region_code', 'attrs', 'geom'] },
      [
        zone('990101', 'region', box(117.0, 31.0, 117.02, 31.01)),
        zone('U1', 'planning_unit', box(117.0, 31.0, 117.01, 31.01)),
        zone('U2', 'planning_unit', box(117.01, 31.0, 117.02, 31.01)),
        zone('ZX', 'central_urban', box(117.0, 31.0, 117.01, 31.01)),
      ],
    );
    const plan = await tx.db
      .insertInto('plan')
      .values({
        name: '测试规划',
        kind: 'master',
        level: 'city',
        status: 'approved',
        region_code: '990101',
        base_year: 2020,
        target_year: 2035,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    planVersion = (
      await tx.db
        .insertInto('plan_version')
        .values({ plan_id: plan.id, version_no: 1, label: 'v1', is_current: 1, created_at: now, created_by: 'test' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const layer = async (code: string, table: 'road' | 'facility' | 'land_survey' | 'control_line') =>
      (
        await tx.db
          .insertInto('layer')
          .values({
            code,
            title: code,
            category: table,
            feature_table: table,
            status_year: table === 'control_line' ? null : 2025,
            plan_version_id: table === 'control_line' ? planVersion : null,
            region_code: '990101',
            is_public: 0,
            feature_count: 0,
            created_at: now,
            updated_at: now,
            created_by: 'test',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const survey = await layer('landsurvey-2025', 'land_survey');
    await tx.bulkInsert(
      'land_survey',
      { columns: ['layer_id', 'region_code', 'dlbm', 'czcsxm', 'attrs', 'geom'] },
      PATCHES.map(([dlbm, czcsxm, x, y]) => [survey, '990101', dlbm, czcsxm, attrsOfPatch(czcsxm), sq(x, y)]),
    );
    const lines = await layer('controlline-v1', 'control_line');
    await tx.bulkInsert('control_line', { columns: ['layer_id', 'region_code', 'line_type', 'geom'] }, [
      [lines, '990101', '生态保护红线', RED],
      [lines, '990101', '永久基本农田', PBF],
      [lines, '990101', '永久基本农田', PBF_OVERLAPPING],
      [lines, '990101', '城镇开发边界', UDB],
    ]);
    const roads = await layer('roads-2025', 'road');
    await tx.bulkInsert('road', { columns: ['layer_id', 'region_code', 'road_class', 'geom'] }, [
      [roads, '990101', '城市主干路', line(117.0, 31.0095, 117.005, 31.0095)],
      [roads, '990101', '城市主干路', line(117.005, 31.0095, 117.012, 31.0095)],
      [roads, '990101', '城市主干路', line(117.012, 31.0095, 117.02, 31.0095)],
      [roads, '990101', '城市支路', line(117.005, 31.0, 117.005, 31.0095)],
      [roads, '990101', '城市支路', line(117.012, 31.0, 117.012, 31.0095)],
      [roads, '990101', '高速公路', line(117.019, 31.0, 117.019, 31.008)],
      [roads, '990101', '铁路', line(117.0, 31.0005, 117.02, 31.0005)],
    ]);
    const facilities = await layer('facilities-2025', 'facility');
    await tx.bulkInsert(
      'facility',
      { columns: ['layer_id', 'region_code', 'facility_type', 'name', 'attrs', 'geom'] },
      [
        [facilities, '990101', '学校', '一小', '{"level":"小学"}', point(117.005, 31.0095)],
        [facilities, '990101', '学校', '二小', '{"level":"小学"}', point(117.005, 31.006)],
        [facilities, '990101', '学校', '二中', '{"level":"中学"}', point(117.009, 31.0095)],
        [facilities, '990101', '文化设施', '文化站', '{"area_m2":1200}', point(117.012, 31.006)],
        [facilities, '990101', '体育设施', '篮球场', '{"area_m2":600}', point(117.012, 31.005)],
        [facilities, '990101', '菜市场', '菜市场', '{}', point(117.012, 31.004)],
        [facilities, '990101', '轨道交通站点', '地铁站', '{}', point(117.005, 31.0055)],
        [facilities, '990101', '卫生室', '村卫生室', '{"beds":0}', point(117.012, 31.0095)],
        [facilities, '990101', '医院', '医院', '{"beds":100,"grade":"二级"}', point(117.015, 31.007)],
        [facilities, '990101', '养老院', '养老院', '{"beds":80}', point(117.0085, 31.0095)],
        [facilities, '990101', '体育设施', '健身中心', '{"area_m2":8000}', point(117.005, 31.003)],
        [facilities, '990101', '公园', '公园', '{"area_m2":5000}', point(117.005, 31.004)],
        [facilities, '990101', '广场', '广场', '{"area_m2":2000}', point(117.012, 31.004)],
        [facilities, '990101', '消防站', '消防站', '{}', point(117.005, 31.0)],
        [facilities, '990101', '应急避难场所', '避难场所', '{"area_m2":3000}', point(117.003, 31.006)],
      ],
    );
    await tx.db
      .insertInto('population')
      .values([
        { zone_code: 'U1', region_code: '990101', year: 2025, resident: 1000, households: null, source: 'test' },
        { zone_code: 'U2', region_code: '990101', year: 2025, resident: 500, households: null, source: 'test' },
      ])
      .execute();
  });
  return planVersion;
}

/** Hand-computed expectations: key → zone → value (null: not computable). */
const URC = p(2, 3, 4, 8, 9); // 城乡建设用地 (201/202/203 construction)
const URBAN_C = p(2, 3, 4, 9); // 城镇建设用地 (201/202)
const HALF = (x: number, y0: number, y1: number) => ellipsoidalArea(box(x - 0.001, y0, x + 0.001, y1));
const URBAN_IN_UDB = p(2, 4) + HALF(117.005, 31.004, 31.005);
const RED_CONSTRUCTION_U2 = HALF(117.012, 31.002, 31.003) + HALF(117.015, 31.002, 31.003);
const km2 = (m2: number) => m2 / 1e6;
const L = (x0: number, y0: number, x1: number, y1: number) => geodesicLength(line(x0, y0, x1, y1));
const ROAD_U1 = L(117.0, 31.0095, 117.01, 31.0095) + L(117.005, 31.0, 117.005, 31.0095);
const ROAD_U2 = L(117.01, 31.0095, 117.02, 31.0095) + L(117.012, 31.0, 117.012, 31.0095);
const EXPRESSWAY = L(117.019, 31.0, 117.019, 31.008);
const RAIL_U1 = L(117.0, 31.0005, 117.01, 31.0005);
const RAIL_U2 = L(117.01, 31.0005, 117.02, 31.0005);
const PERMEABLE_U1 = p(0, 1, 4, 6); // 0101, 0103, 0810, 0301 (not 0701, 0601, 1101, 1003)
const PERMEABLE_U2 = p(10, 11, 12, 13, 15, 16); // 0404, 1108, 0402, 0201, 0305, 0307 (not 0702, 05H1, 1104)

type Expect = Record<string, number | null>;
const city = (u1: number, u2: number) => u1 + u2;
const EXPECTED: Record<string, Expect> = {
  // land-use areas (km²)
  cultivated_land_area: { U1: km2(p(0, 1)), U2: 0, '990101': km2(p(0, 1)), ZX: km2(p(0, 1)) },
  forest_land_area: { U1: km2(p(6)), U2: km2(p(15, 16)), '990101': km2(p(6, 15, 16)) },
  grassland_area: { U1: 0, U2: km2(p(10)), '990101': km2(p(10)) },
  wetland_area: { U1: 0, U2: km2(p(11, 12)), '990101': km2(p(11, 12)) },
  garden_area: { U2: km2(p(13)), '990101': km2(p(13)) },
  construction_land_area: { U1: km2(p(2, 3, 4, 7)), U2: km2(p(8, 9)), '990101': km2(p(2, 3, 4, 7, 8, 9)) },
  urban_construction_land_area: { U1: km2(p(2, 3, 4)), U2: km2(p(9)), '990101': km2(URBAN_C) },
  village_construction_land_area: { U1: 0, U2: km2(p(8)) },
  park_green_area: { U1: km2(p(4)), U2: 0 },
  urban_rural_construction_land_area: { U1: km2(p(2, 3, 4)), U2: km2(p(8, 9)), '990101': km2(URC) },
  // control lines
  eco_redline_area: { U1: 0, U2: km2(ellipsoidalArea(RED)), '990101': km2(ellipsoidalArea(RED)) },
  pbf_area: { U1: km2(ellipsoidalArea(PBF_UNION)), U2: 0, '990101': km2(ellipsoidalArea(PBF_UNION)) },
  udb_area: { U1: km2(ellipsoidalArea(UDB)), U2: 0, ZX: km2(ellipsoidalArea(UDB)) },
  construction_in_redline_area: { U1: 0, U2: km2(RED_CONSTRUCTION_U2), '990101': km2(RED_CONSTRUCTION_U2) },
  construction_in_udb_area: { U1: km2(URBAN_IN_UDB), U2: 0, '990101': km2(URBAN_IN_UDB) },
  urban_construction_share_in_udb: {
    U1: (URBAN_IN_UDB / p(2, 3, 4)) * 100,
    U2: 0,
    '990101': (URBAN_IN_UDB / URBAN_C) * 100,
  },
  // ratios
  development_intensity: {
    U1: (p(2, 3, 4, 7) / U1) * 100,
    U2: (p(8, 9) / U2) * 100,
    '990101': (p(2, 3, 4, 7, 8, 9) / CITY) * 100,
  },
  water_surface_ratio: { U1: (p(5) / U1) * 100, U2: (p(14) / U2) * 100, '990101': (p(5, 14) / CITY) * 100 },
  permeable_surface_ratio: {
    U1: (PERMEABLE_U1 / U1) * 100,
    U2: (PERMEABLE_U2 / U2) * 100,
    '990101': ((PERMEABLE_U1 + PERMEABLE_U2) / CITY) * 100,
    ZX: (PERMEABLE_U1 / U1) * 100,
  },
  forest_coverage_ratio: { U1: (p(6) / U1) * 100, U2: (p(15) / U2) * 100, '990101': (p(6, 15) / CITY) * 100 },
  industrial_land_share: { U1: (p(3) / p(2, 3, 4)) * 100, U2: 0, '990101': (p(3) / URC) * 100 },
  residential_land_share: {
    U1: (p(2) / p(2, 3, 4)) * 100,
    U2: (p(8) / p(8, 9)) * 100,
    '990101': (p(2, 8) / URC) * 100,
  },
  jobs_housing_land_ratio: { U1: p(3) / p(2), U2: p(9) / p(8), '990101': p(3, 9) / p(2, 8) },
  // population
  urbanisation_rate: { U1: 100, U2: 0, '990101': (1000 / 1500) * 100 },
  urban_construction_land_per_capita: { U1: p(2, 3, 4) / 1000, U2: null, '990101': URBAN_C / 1000 },
  village_construction_land_per_capita: { U1: null, U2: p(8) / 500, '990101': p(8) / 500 },
  urban_residential_land_per_capita: { U1: p(2) / 1000, '990101': p(2) / 1000 },
  urban_population_density: { U1: 1000 / km2(U1), U2: 500 / km2(U2), '990101': 1500 / km2(CITY) },
  park_area_per_capita: { U1: p(4) / 1000, U2: 0, '990101': p(4) / 1500 },
  // roads
  road_network_density: {
    U1: ROAD_U1 / 1e3 / km2(U1),
    U2: ROAD_U2 / 1e3 / km2(U2),
    '990101': city(ROAD_U1, ROAD_U2) / 1e3 / km2(CITY),
  },
  expressway_density: { U1: 0, U2: (EXPRESSWAY / 1e3 / km2(U2)) * 100 },
  railway_density: {
    U1: (RAIL_U1 / 1e3 / km2(U1)) * 100,
    U2: (RAIL_U2 / 1e3 / km2(U2)) * 100,
    '990101': ((RAIL_U1 + RAIL_U2) / 1e3 / km2(CITY)) * 100,
  },
  // facilities per resident
  beds_per_thousand: { U1: 0, U2: (100 / 500) * 1000, '990101': (100 / 1500) * 1000 },
  sports_land_per_capita: { U1: 8, U2: 600 / 500, '990101': 8600 / 1500 },
  culture_facility_area_per_capita: { U1: 0, U2: 1200 / 500, '990101': 1200 / 1500 },
  shelter_area_per_capita: { U1: 3, U2: 0, '990101': 2 },
  // life circle (% of residents, along the network). Walks: 0.001° lat ≈ 110.9 m, 0.001° lon ≈ 95.45 m at 80 m/min;
  // p2 sits on R3 (lon 117.005), p8 on R4 (lon 117.012), both at lat 31.002, so their access legs are 0.
  // 学校: 一小 reaches p2 (832 m, 10.4 min); 二中 (117.009, 31.0095) reaches p8: 832 + 286 = 1,118 m, 14.0 min.
  school_walk_15min_coverage: { U1: 100, U2: 100, '990101': 100, ZX: 100 },
  // 小学 within 10 min: 二小 (117.005, 31.006) is 444 m from p2 (5.5 min); 一小 is 10.4 min; none near p8.
  primary_school_walk_10min_coverage: { U1: 100, U2: 0, '990101': (1000 / 1500) * 100 },
  // 中学 within 15 min: 二中 — p8 14.0 min; p2 832 + 382 = 1,214 m, 15.2 min (not).
  middle_school_walk_15min_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
  // 菜市场 (117.012, 31.004): p8 222 m.
  market_walk_10min_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
  // 轨道交通站点 (117.005, 31.0055): p2 388 m ≤ 800 m; p8 ≥ 1.5 km.
  rail_station_800m_coverage: { U1: 100, U2: 0, '990101': (1000 / 1500) * 100 },
  // 森林: p6 (0301, 117.007–117.009 × 31.007–31.009) is the only 乔木林地/竹林地 patch. p2 walks R3 to
  // (117.005, 31.007), 554 m, then 191 m to the vertex (117.007, 31.007): 745 m, 9.3 min. p8 walks R4 up 832 m,
  // west 286 m to (117.009, 31.0095), then 55 m to the vertex (117.009, 31.009): 1,173 m, 14.7 min.
  forest_walk_15min_coverage: { U1: 100, U2: 100, '990101': 100 },
  // 行政村: one, p8's (village code 201), its place p8's centroid, 1.3 km of roads from the graded 医院:
  // reached in well under 30 minutes' drive. U1 has no village: not computable, not 0.
  hospital_30min_village_coverage: { U1: null, U2: 100, '990101': 100 },
  // no 足球场 in the layer: nobody reaches one (the detail says the layer has none).
  football_walk_15min_coverage: { U1: 0, U2: 0, '990101': 0 },
  // All five: p8 reaches 卫生室 (10.4), 养老院 (14.6), 二中 (14.0), 文化站 (444 m), 篮球场 (333 m); p2 no 卫生室
  // (1,500 m, 18.8 min) and no 文化站 — so U1 0 although p2 reaches three of the five.
  community_services_15min_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
  // The life circle also asks a 小学 within 10 min, which p8 lacks (一小 1,500 m), and p2 lacks the clinic.
  life_circle_15min_coverage: { U1: 0, U2: 0, '990101': 0 },
  clinic_walk_15min_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
  elderly_care_walk_15min_coverage: { U1: 100, U2: 100, '990101': 100 },
  elderly_care_walk_5min_coverage: { U1: 0, U2: 0, '990101': 0 },
  culture_walk_15min_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
  sports_walk_15min_coverage: { U1: 100, U2: 100, '990101': 100 },
  park_square_walk_5min_coverage: { U1: 100, U2: 100, '990101': 100 },
  fire_rescue_5min_coverage: { U1: 100, U2: 0, '990101': (1000 / 1500) * 100 },
  // 医院 (117.015, 31.007): 277 m to 主干路; p8 277 + 286 + 832 = 1,395 m ≤ 2 km; p2 277 + 954 + 832 = 2,063 m
  hospital_2km_coverage: { U1: 0, U2: 100, '990101': (500 / 1500) * 100 },
};

describe('formula fixture', () => {
  it('registers every formula the test expects', () => {
    for (const key of Object.keys(EXPECTED)) expect(getFormula(key), key).toBeDefined();
    expect(Object.keys(EXPECTED).length).toBeGreaterThanOrEqual(40);
  });

  it('every formula tested here is named by a computed indicator of the catalog', async () => {
    const catalog = await readIndicatorCatalog();
    const named = new Set(catalog.indicators.map((i) => i.formula_key).filter(Boolean));
    for (const key of Object.keys(EXPECTED)) expect(named.has(key), key).toBe(true);
    for (const { key } of listFormulas()) expect(named.has(key), key).toBe(true);
  });
});

describeEachStore('computed indicator formulas', (ctx) => {
  let planVersion = 0;
  let results: Map<string, { values: Map<string, ZoneValue>; versions: string[] }>;
  beforeAll(async () => {
    planVersion = await loadFixture(ctx.store);
    const zoneSet = await buildZoneSet(ctx.store, '990101');
    const locator = await UnitLocator.create(zoneSet.unitGeometries);
    results = new Map();
    try {
      for (const key of [...Object.keys(EXPECTED), 'heritage_line_area']) {
        const { ctx: fctx, versions } = createFormulaContext({
          store: ctx.store,
          year: 2025,
          regionCode: '990101',
          planVersionId: planVersion,
          zones: zoneSet.zones,
          zoneSet,
          locator: async () => locator,
        });
        const values = await getFormula(key)!.compute(fctx);
        results.set(key, {
          values: new Map(values.map((v) => [v.zoneCode, v])),
          versions: versions().map((v) => (v.kind === 'layer' ? v.code : `population:${v.year}`)),
        });
      }
    } finally {
      locator.dispose();
    }
  }, 120_000);

  for (const [key, zones] of Object.entries(EXPECTED)) {
    it(`${key}: hand-computed values per zone`, () => {
      const r = results.get(key)!;
      for (const [zone, expected] of Object.entries(zones)) {
        const got = r.values.get(zone);
        expect(got, `${key} ${zone}`).toBeDefined();
        if (expected === null) expect(got!.value, `${key} ${zone}`).toBeNull();
        else {
          expect(got!.value, `${key} ${zone}`).not.toBeNull();
          expect(got!.value!, `${key} ${zone}`).toBeCloseTo(expected, 6);
        }
      }
      expect(r.versions.length, `${key} records its data versions`).toBeGreaterThan(0);
    });
  }

  it('records the layers each kind of formula read', () => {
    expect(results.get('construction_in_redline_area')!.versions.sort()).toEqual(['controlline-v1', 'landsurvey-2025']);
    expect(results.get('fire_rescue_5min_coverage')!.versions.sort()).toEqual([
      'facilities-2025',
      'landsurvey-2025',
      'population:2025',
      'roads-2025',
    ]);
    expect(results.get('urban_population_density')!.versions).toEqual(['population:2025']);
  });

  it('says when the facility layer holds none of a kind, and not otherwise', () => {
    expect(results.get('football_walk_15min_coverage')!.values.get('U2')!.detail!.noFacilities).toEqual(['足球场']);
    expect(results.get('life_circle_15min_coverage')!.values.get('U2')!.detail!.noFacilities).toBeUndefined();
  });

  it('counts the administrative villages a graded hospital reaches', () => {
    expect(results.get('hospital_30min_village_coverage')!.values.get('U2')!.detail).toEqual({
      villagesReached: 1,
      villages: 1,
    });
  });

  it('returns nothing (rather than zeros) for a year without a land survey', async () => {
    const zoneSet = await buildZoneSet(ctx.store, '990101');
    const { ctx: fctx } = createFormulaContext({
      store: ctx.store,
      year: 2024,
      regionCode: '990101',
      planVersionId: planVersion,
      zones: zoneSet.zones,
      zoneSet,
      locator: () => UnitLocator.create(zoneSet.unitGeometries),
    });
    expect(await getFormula('cultivated_land_area')!.compute(fctx)).toEqual([]);
  });

  it('a line type the plan does not draw is not computable, not zero', () => {
    expect(results.get('heritage_line_area')!.values.size).toBe(0);
  });
});
