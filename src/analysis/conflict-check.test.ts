import type { Geometry, Polygon } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { seedWorld } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { LantuError } from '../errors.js';
import { CGCS2000_A, CGCS2000_F } from '../geo/ellipsoidal-area.js';
import { transformGeometry } from '../geo/crs.js';
import { wgs84ToGcj02 } from '../geo/gcj02.js';
import { nowIso, type Store } from '../store/store.js';
import { checkConflicts } from './conflict-check.js';

// Hand references: the lon/lat box area (Snyder eq. 3-12) and the meridian arc (Helmert's series).
const E2 = CGCS2000_F * (2 - CGCS2000_F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;
const q = (phi: number) => {
  const s = Math.sin(phi * RAD);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
};
const boxArea = (x0: number, y0: number, x1: number, y1: number) =>
  (CGCS2000_A ** 2 / 2) * (x1 - x0) * RAD * (q(y1) - q(y0));
const meridianArc = (phi: number) => {
  const n = CGCS2000_F / (2 - CGCS2000_F);
  const p = phi * RAD;
  return (
    (CGCS2000_A / (1 + n)) *
    (1 + n ** 2 / 4 + n ** 4 / 64) *
    (p -
      ((3 * n) / 2 - (3 * n ** 3) / 16) * Math.sin(2 * p) +
      ((15 * n ** 2) / 16 - (15 * n ** 4) / 32) * Math.sin(4 * p) -
      ((35 * n ** 3) / 48) * Math.sin(6 * p))
  );
};
const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

const viewer = (role: Principal['role'], regionCode: string): Principal => ({
  userId: 9999,
  username: role,
  displayName: role,
  role,
  regionCode,
  departmentCode: null,
});

/**
 * Beside the api-fixture's public red line (117.01–117.03°E, 31.01–31.03°N, no plan version): a plan
 * with a superseded and a current version, each with a planned-land-use layer, and an internal
 * control-line layer of the current version in district 990103.
 */
async function seedPlan(store: Store) {
  const now = nowIso();
  const plan = await store.db
    .insertInto('plan')
    .values({
      name: '示范规划',
      kind: 'master',
      level: 'city',
      status: 'approved',
      region_code: '9901',
      base_year: 2020,
      target_year: 2035,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = async (no: number, current: number) =>
    (
      await store.db
        .insertInto('plan_version')
        .values({
          plan_id: plan.id,
          version_no: no,
          label: `v${no}`,
          is_current: current,
          created_at: now,
          created_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const old = await version(1, 0);
  const current = await version(2, 1);
  const layer = async (
    code: string,
    category: 'planned_land_use' | 'control_line',
    planVersionId: number,
    isPublic: number,
  ) =>
    (
      await store.db
        .insertInto('layer')
        .values({
          code,
          title: code,
          category,
          feature_table: category,
          plan_version_id: planVersionId,
          is_public: isPublic,
          region_code: '9901',
          feature_count: 1,
          created_at: now,
          updated_at: now,
          created_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  for (const [code, versionId] of [
    ['use-v1', old],
    ['use-v2', current],
  ] as const) {
    const id = await layer(code, 'planned_land_use', versionId, 1);
    await store.db
      .insertInto('planned_land_use')
      .values({
        layer_id: id,
        region_code: '990102001',
        ydyh_code: '0701',
        ydyh_name: '城镇住宅用地',
        attrs: null,
        geom: store.dialect.encodeGeometry({
          type: 'MultiPolygon',
          coordinates: [box(117.1, 31.1, 117.12, 31.12).coordinates],
        }),
      })
      .execute();
  }
  const pbf = await layer('pbf-v2', 'control_line', current, 0);
  await store.db
    .insertInto('control_line')
    .values({
      layer_id: pbf,
      region_code: '990103001',
      line_type: '永久基本农田',
      sub_type: null,
      name: '二区永久基本农田',
      attrs: null,
      geom: store.dialect.encodeGeometry({
        type: 'MultiPolygon',
        coordinates: [box(117.3, 31.1, 117.32, 31.12).coordinates],
      }),
    })
    .execute();
}

describeEachStore('conflict check', (ctx) => {
  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedPlan(ctx.store);
  });

  it('finds the overlap of a parcel with the red line, with its ellipsoidal area and the overlap as evidence', async () => {
    const r = await checkConflicts(ctx.store, SYSTEM, { geometry: box(117.02, 31.015, 117.04, 31.025) });
    expect(r.conflict).toBe(true);
    expect(r.input.kind).toBe('parcel');
    expect(Math.abs(r.input.areaM2! / boxArea(117.02, 31.015, 117.04, 31.025) - 1)).toBeLessThan(1e-6);
    expect(r.hits).toHaveLength(1);
    const hit = r.hits[0]!;
    expect(hit).toMatchObject({
      layer: 'redline',
      category: 'control_line',
      class: '生态保护红线',
      name: '红线一',
      regionCode: '990102001',
    });
    expect(Math.abs(hit.areaM2! / boxArea(117.02, 31.015, 117.03, 31.025) - 1)).toBeLessThan(1e-6);
    expect(hit.share).toBeCloseTo(0.5, 4);
    expect(hit.evidence.type).toBe('MultiPolygon');
    const xs = (hit.evidence as { coordinates: number[][][][] }).coordinates[0]![0]!.map((p) => p[0]!);
    expect(Math.min(...xs)).toBeCloseTo(117.02, 12);
    expect(Math.max(...xs)).toBeCloseTo(117.03, 12);
    expect(r.summary).toEqual([expect.objectContaining({ layer: 'redline', class: '生态保护红线', features: 1 })]);
  });

  it('checks only the layers in force, and lists those found clear', async () => {
    const r = await checkConflicts(ctx.store, SYSTEM, { geometry: box(117.02, 31.015, 117.04, 31.025) });
    expect(r.checked.map((l) => l.code).sort()).toEqual(['pbf-v2', 'redline', 'use-v2']);
    expect(r.clear.sort()).toEqual(['pbf-v2', 'use-v2']);
    expect(r.checked.find((l) => l.code === 'use-v2')).toMatchObject({
      planVersionLabel: 'v2',
      category: 'planned_land_use',
    });
  });

  it('measures a line by the geodesic length inside each feature', async () => {
    const road: Geometry = {
      type: 'LineString',
      coordinates: [
        [117.02, 31.0],
        [117.02, 31.05],
      ],
    };
    const r = await checkConflicts(ctx.store, SYSTEM, { geometry: road });
    expect(r.input.kind).toBe('line');
    expect(r.hits[0]!.lengthM).toBeCloseTo(meridianArc(31.03) - meridianArc(31.01), 3);
    expect(r.hits[0]!.evidence.type).toBe('MultiLineString');
  });

  it('answers “no conflict” for a parcel clear of everything, and ignores a mere shared edge', async () => {
    const clear = await checkConflicts(ctx.store, SYSTEM, { geometry: box(117.5, 31.5, 117.51, 31.51) });
    expect(clear.conflict).toBe(false);
    expect(clear.hits).toEqual([]);
    const touching = await checkConflicts(ctx.store, SYSTEM, { geometry: box(117.03, 31.01, 117.04, 31.02) });
    expect(touching.hits).toEqual([]);
  });

  it('takes parcels in a Gauss-Krüger zone or in GCJ-02 when told', async () => {
    const lonLat = box(117.02, 31.015, 117.04, 31.025);
    const direct = await checkConflicts(ctx.store, SYSTEM, { geometry: lonLat });
    const projected = transformGeometry(lonLat, { epsg: 4490 }, { epsg: 4527 });
    const viaGk = await checkConflicts(ctx.store, SYSTEM, { geometry: projected, crs: 4527 });
    expect(viaGk.hits[0]!.areaM2! / direct.hits[0]!.areaM2! - 1).toBeCloseTo(0, 8);
    expect(viaGk.provenance.inputCrs).toBe('EPSG:4527');
    const gcj: Polygon = {
      type: 'Polygon',
      coordinates: [lonLat.coordinates[0]!.map(([x, y]) => wgs84ToGcj02(x!, y!))],
    };
    const viaGcj = await checkConflicts(ctx.store, SYSTEM, {
      geometry: { type: 'Feature', properties: {}, geometry: gcj },
      crs: 'gcj02',
    });
    expect(viaGcj.hits[0]!.areaM2! / direct.hits[0]!.areaM2! - 1).toBeCloseTo(0, 6);
  });

  it('repairs an invalid parcel and says so', async () => {
    const bowTie: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [117.02, 31.015],
          [117.04, 31.025],
          [117.04, 31.015],
          [117.02, 31.025],
          [117.02, 31.015],
        ],
      ],
    };
    const r = await checkConflicts(ctx.store, SYSTEM, { geometry: bowTie });
    expect(r.input.repairs.map((x) => x.kind)).toEqual(['self_intersection_repaired']);
    expect(r.hits).toHaveLength(1);
  });

  it('refuses points, metres passed as degrees and unknown layers, naming the field', async () => {
    const refusal = async (request: Parameters<typeof checkConflicts>[2]) => {
      const error = await checkConflicts(ctx.store, SYSTEM, request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LantuError);
      return error as LantuError;
    };
    const point = await refusal({ geometry: { type: 'Point', coordinates: [117, 31] } });
    expect(point).toMatchObject({ code: 'geometry_type_unsupported', status: 400, location: { field: 'geometry' } });
    expect(point.zh).toContain('地块');
    const metres = await refusal({
      geometry: transformGeometry(box(117.02, 31.015, 117.04, 31.025), { epsg: 4490 }, { epsg: 4527 }),
    });
    expect(metres).toMatchObject({
      code: 'geometry_projected_coordinates',
      location: { field: 'geometry' },
      details: { detectedEpsg: 4527 },
    });
    const unknown = await refusal({ geometry: box(117, 31, 117.1, 31.1), layers: ['no-such-layer'] });
    expect(unknown).toMatchObject({ code: 'layer_unknown', location: { field: 'layers' } });
    const crs = await refusal({ geometry: box(117, 31, 117.1, 31.1), crs: 2000 });
    expect(crs).toMatchObject({ code: 'crs_unsupported', location: { field: 'crs' } });
  });

  it('checks internal layers only for those who may read them, within their region', async () => {
    const parcel = box(117.31, 31.11, 117.33, 31.13);
    const planner = await checkConflicts(ctx.store, viewer('planner', '9901'), { geometry: parcel });
    expect(planner.hits.map((h) => h.layer)).toEqual(['pbf-v2']);
    const otherDistrict = await checkConflicts(ctx.store, viewer('planner', '990102'), { geometry: parcel });
    expect(otherDistrict.hits).toEqual([]);
    const citizen = await checkConflicts(ctx.store, { ...viewer('public', ''), userId: null }, { geometry: parcel });
    expect(citizen.checked.map((l) => l.code)).not.toContain('pbf-v2');
  });

  it('reads a layer afresh once its updated_at moves', async () => {
    const parcel = box(117.02, 31.015, 117.04, 31.025);
    expect((await checkConflicts(ctx.store, SYSTEM, { geometry: parcel })).hits).toHaveLength(1);
    const moved = { type: 'MultiPolygon', coordinates: [box(117.5, 31.5, 117.52, 31.52).coordinates] } as Geometry;
    const layer = await ctx.store.db
      .selectFrom('layer')
      .select(['id', 'updated_at'])
      .where('code', '=', 'redline')
      .executeTakeFirstOrThrow();
    await ctx.store.db
      .updateTable('control_line')
      .set({ geom: ctx.store.dialect.encodeGeometry(moved) })
      .where('layer_id', '=', layer.id)
      .execute();
    await ctx.store.db.updateTable('layer').set({ updated_at: nowIso() }).where('id', '=', layer.id).execute();
    expect((await checkConflicts(ctx.store, SYSTEM, { geometry: parcel })).hits).toEqual([]);
    expect(
      (await checkConflicts(ctx.store, SYSTEM, { geometry: box(117.51, 31.51, 117.53, 31.53) })).hits,
    ).toHaveLength(1);
  });
});
