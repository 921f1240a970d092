/**
 * Coverage on a fixture small enough to check by hand (both stores). Along 31°N, 0.001° of longitude is
 * 95.46 m and 0.0001° of latitude 11.09 m; walking is 80 m/min, driving 20 km/h on 城市支路, 60 on 高速公路.
 *
 *        (117.02, 31.01) F 消防站
 *                  │ R3 高速公路 (not walkable)
 *   S1 ──R1 支路── ┼ ──R2 支路── (117.02, 31.00)
 *  117.00        117.01
 *   P1 0701 (117.005, 31.0005)  walk: 55 m access + 477 m along = 6.7 min
 *   P2 0701 (117.011, 31.0005)  walk: 55 m + 1,050 m = 13.8 min
 *   P3 0702 (117.013, 31.0005)  walk: 55 m + 1,241 m = 16.2 min
 *   P4 0701 (117.025, 31.006)   818 m from the nearest walkable road: off-network on foot;
 *                               477 m from R3: by car 1.43 min access + 444 m at 1 km/min = 1.87 min
 *   P5 0101 farmland            not residential
 * Units U1 (lon 117.00–117.01, P1) with 1,000 residents and U2 (117.01–117.03, P2–P4) with 2,000; the
 * city C around all; a governance zone G around P2 only.
 */
import type { Geometry, MultiPolygon } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { ellipsoidalArea } from '../geo/ellipsoidal-area.js';
import { LantuError } from '../errors.js';
import type { Store } from '../store/store.js';
import { coverageShare, CoverageCache, type CoverageOptions } from './coverage.js';

/** Zones and land-survey patches are MultiPolygon columns on PostGIS. */
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
const patch = (x: number, y: number) => box(x - 0.0001, y - 0.0001, x + 0.0001, y + 0.0001);
const PATCHES: [string, number, number][] = [
  ['0701', 117.005, 31.0005],
  ['0701', 117.011, 31.0005],
  ['0702', 117.013, 31.0005],
  ['0701', 117.025, 31.006],
  ['0101', 117.003, 31.0005],
];
const A = PATCHES.map(([, x, y]) => ellipsoidalArea(patch(x, y)));
// U2's 2,000 residents by area × weight (0701: 1, 0702: 0.2).
const U2_WEIGHT = A[1]! + 0.2 * A[2]! + A[3]!;
const R2 = (2000 * A[1]!) / U2_WEIGHT;
const R3 = (2000 * 0.2 * A[2]!) / U2_WEIGHT;
const R4 = (2000 * A[3]!) / U2_WEIGHT;

async function loadFixture(store: Store): Promise<void> {
  const now = new Date().toISOString();
  await store.bulkTransaction(async (tx) => {
    const zone = (code: string, kind: string, g: Geometry) => [code, kind, null, code, null, null, '990101', '{}', g];
    await tx.bulkInsert(
      'zone',
      { columns: ['code', 'kind', 'level', 'name', 'name_en', 'parent_code', 'region_code', 'attrs', 'geom'] },
      [
        zone('C', 'region', box(116.99, 30.99, 117.04, 31.02)),
        zone('U1', 'planning_unit', box(117.0, 30.995, 117.01, 31.01)),
        zone('U2', 'planning_unit', box(117.01, 30.995, 117.03, 31.01)),
        zone('G', 'governance', box(117.0105, 31.0, 117.0118, 31.001)),
      ],
    );
    const layer = async (code: string, table: 'road' | 'facility' | 'land_survey') =>
      (
        await tx.db
          .insertInto('layer')
          .values({
            code,
            title: code,
            category: table,
            feature_table: table,
            status_year: 2025,
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
    const roads = await layer('roads-2025', 'road');
    const line = (x0: number, y0: number, x1: number, y1: number) => ({
      type: 'LineString',
      coordinates: [
        [x0, y0],
        [x1, y1],
      ],
    });
    await tx.bulkInsert('road', { columns: ['layer_id', 'region_code', 'road_class', 'geom'] }, [
      [roads, '990101', '城市支路', line(117.0, 31.0, 117.01, 31.0)],
      [roads, '990101', '城市支路', line(117.01, 31.0, 117.02, 31.0)],
      [roads, '990101', '高速公路', line(117.02, 31.0, 117.02, 31.01)],
    ]);
    const facilities = await layer('facilities-2025', 'facility');
    const point = (x: number, y: number) => ({ type: 'Point', coordinates: [x, y] });
    await tx.bulkInsert('facility', { columns: ['layer_id', 'region_code', 'facility_type', 'name', 'geom'] }, [
      [facilities, '990101', '学校', '一小', point(117.0, 31.0)],
      [facilities, '990101', '学校', '远郊小学', point(117.1, 31.1)],
      [facilities, '990101', '养老院', '养老院', point(117.0099, 31.0001)],
      [facilities, '990101', '消防站', '消防站', point(117.02, 31.01)],
    ]);
    const survey = await layer('landsurvey-2025', 'land_survey');
    await tx.bulkInsert(
      'land_survey',
      { columns: ['layer_id', 'region_code', 'dlbm', 'geom'] },
      PATCHES.map(([dlbm, x, y]) => [survey, '990101', dlbm, patch(x, y)]),
    );
    await tx.db
      .insertInto('population')
      .values([
        { zone_code: 'U1', region_code: '990101', year: 2025, resident: 1000, households: null, source: 'test' },
        { zone_code: 'U2', region_code: '990101', year: 2025, resident: 2000, households: null, source: 'test' },
      ])
      .execute();
  });
}

describeEachStore('coverageShare', (ctx) => {
  const cache = new CoverageCache();
  const run = (o: Partial<CoverageOptions>) =>
    coverageShare(ctx.store, {
      facilityType: '学校',
      mode: 'walk',
      minutes: 15,
      year: 2025,
      zones: ['C', 'U1', 'U2', 'G'],
      cache,
      ...o,
    });
  const byZone = async (o: Partial<CoverageOptions>) => new Map((await run(o)).map((z) => [z.zoneCode, z]));

  beforeAll(() => loadFixture(ctx.store));

  it('counts the residents whose patch reaches a school within a 15-minute walk along the streets', async () => {
    const z = await byZone({});
    expect(z.get('U1')).toMatchObject({ covered: 1000, total: 1000, share: 1 });
    expect(z.get('U2')!.covered).toBeCloseTo(R2, 6);
    expect(z.get('U2')!.total).toBeCloseTo(2000, 6);
    expect(z.get('U2')!.share).toBeCloseTo(R2 / 2000, 9);
    expect(z.get('C')!.covered).toBeCloseTo(1000 + R2, 6);
    expect(z.get('C')!.share).toBeCloseTo((1000 + R2) / 3000, 9);
    // Any zone, not only units: G holds P2 alone.
    expect(z.get('G')!.share).toBeCloseTo(1, 12);
    // P4 is off the walkable network: in the total, never covered, and said so.
    expect(z.get('U2')!.detail.residents.offNetwork).toBeCloseTo(R4, 6);
    expect(z.get('U2')!.detail.patches).toBe(3);
    expect(z.get('C')!.detail.patches).toBe(4);
  });

  it('reports facilities too far from any road, and serves from the others', async () => {
    const { detail } = (await run({}))[0]!;
    expect(detail.facilities.serving).toBe(1);
    expect(detail.facilities.offNetwork).toEqual([expect.objectContaining({ name: '远郊小学', metres: null })]);
  });

  it('measures residential land area the same way', async () => {
    const c = (await byZone({ measure: 'area' })).get('C')!;
    expect(c.covered).toBeCloseTo(A[0]! + A[1]!, 6);
    expect(c.total).toBeCloseTo(A[0]! + A[1]! + A[2]! + A[3]!, 6);
    expect(c.detail.residents.covered).toBeCloseTo(1000 + R2, 6);
  });

  it('takes the budget literally: at 5 minutes even P1 (6.7 min) is out', async () => {
    const z = await byZone({ minutes: 5 });
    expect(z.get('U1')!.covered).toBe(0);
    expect(z.get('C')!.share).toBe(0);
  });

  it('snaps to the road point (access leg counted) or, for comparison, to the nearer node (none)', async () => {
    // 养老院 11 m off R1, 0.0001° short of the junction. P3 by the road point: 0.14 + 3.70 + 0.69 = 4.53
    // min; by the junction node: 3.58 + 0.69 = 4.27 min.
    const edge = await byZone({ facilityType: '养老院', minutes: 4.4 });
    const node = await byZone({ facilityType: '养老院', minutes: 4.4, snap: 'node' });
    expect(edge.get('U2')!.covered).toBeCloseTo(R2, 6);
    expect(node.get('U2')!.covered).toBeCloseTo(R2 + R3, 6);
    expect(node.get('U2')!.detail.method.snap).toBe('node');
  });

  it('drives the fire engine on the expressway, which walkers may not use', async () => {
    const z = await byZone({ facilityType: '消防站', mode: 'drive', minutes: 2 });
    expect(z.get('U2')!.covered).toBeCloseTo(R4, 6);
    expect(z.get('U2')!.detail.residents.offNetwork).toBe(0);
    expect(z.get('U1')!.covered).toBe(0);
    const walking = await byZone({ facilityType: '消防站', mode: 'walk', minutes: 15 });
    // On foot the station is 0 m from the expressway but may not use it: nearest walkable road 1.1 km.
    expect(walking.get('C')!.detail.facilities.offNetwork).toHaveLength(1);
  });

  it('counts several facility types as one kind', async () => {
    const z = await byZone({ facilityType: ['学校', '养老院'], minutes: 15 });
    expect(z.get('C')!.detail.facilities.serving).toBe(2);
    expect(z.get('U2')!.covered).toBeCloseTo(R2 + R3, 6);
  });

  it('records the data versions the monitoring capability checks for staleness', async () => {
    const { dataVersions } = (await run({}))[0]!;
    expect(dataVersions).toEqual([
      { kind: 'layer', code: 'roads-2025', updatedAt: expect.any(String) },
      { kind: 'layer', code: 'facilities-2025', updatedAt: expect.any(String) },
      { kind: 'layer', code: 'landsurvey-2025', updatedAt: expect.any(String) },
      { kind: 'population', year: 2025, fingerprint: 'rows=2;resident=3000' },
    ]);
  });

  it('refuses unknown zones, years before any data, and bad budgets', async () => {
    await expect(run({ zones: ['C', 'NOPE'] })).rejects.toMatchObject({ code: 'zone_unknown', status: 400 });
    await expect(run({ year: 2019 })).rejects.toMatchObject({ code: 'coverage_input_missing', status: 422 });
    await expect(run({ minutes: 0 })).rejects.toBeInstanceOf(LantuError);
    await expect(run({ facilityType: [] })).rejects.toMatchObject({ code: 'coverage_options_invalid' });
  });
});
