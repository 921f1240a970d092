import { sql } from 'kysely';
import type { Geometry, Position } from 'geojson';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { seedWorld } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { TEST_DATABASE_URL } from '../../test/test-database-url.js';
import type { Principal } from '../auth/principal.js';
import { SYSTEM } from '../auth/principal.js';
import { generateDemoCity, loadDemoCity } from '../demo/index.js';
import { LantuError } from '../errors.js';
import { CGCS2000_A, CGCS2000_F } from '../geo/ellipsoidal-area.js';
import { positionTransformer } from '../geo/crs.js';
import { migrate } from '../store/migrate.js';
import { openPostgresStore } from '../store/postgres-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { nowIso, type Store } from '../store/store.js';
import { zonalStatistics, type ZonalCell, type ZonalResult } from './zonal.js';

// ── hand-computed references ───────────────────────────────────────────
const E2 = CGCS2000_F * (2 - CGCS2000_F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;
const q = (phi: number) => {
  const s = Math.sin(phi * RAD);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
};
/** Area of the lon/lat box on the ellipsoid: (a²/2)·Δλ·(q(φ₂) − q(φ₁)) (Snyder 1987, eq. 3-12). */
const boxArea = (x0: number, y0: number, x1: number, y1: number) =>
  (CGCS2000_A ** 2 / 2) * (x1 - x0) * RAD * (q(y1) - q(y0));
/** Meridian arc from the equator (Helmert's series in n = f/(2−f), Bowring 1983). */
const meridianArc = (phi: number) => {
  const n = CGCS2000_F / (2 - CGCS2000_F);
  const p = phi * RAD;
  return (
    (CGCS2000_A / (1 + n)) *
    (1 + n ** 2 / 4 + n ** 4 / 64) *
    (p -
      ((3 * n) / 2 - (3 * n ** 3) / 16) * Math.sin(2 * p) +
      ((15 * n ** 2) / 16 - (15 * n ** 4) / 32) * Math.sin(4 * p) -
      ((35 * n ** 3) / 48) * Math.sin(6 * p) +
      ((315 * n ** 4) / 512) * Math.sin(8 * p))
  );
};
const box = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
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
/** Planar area of a box's four corners projected into EPSG:4527 (what ST_Area(ST_Transform(…)) gives). */
const planarBoxArea = (x0: number, y0: number, x1: number, y1: number) => {
  const to = positionTransformer({ epsg: 4490 }, { epsg: 4527 });
  const p: Position[] = [to(x0, y0), to(x1, y0), to(x1, y1), to(x0, y1)];
  // Shoelace relative to the first corner: eastings of 39,500,000 m would swamp the area otherwise.
  const d = p.map(([x, y]) => [x! - p[0]![0]!, y! - p[0]![1]!]);
  let s = 0;
  for (let i = 0; i < 4; i++) s += d[i]![0]! * d[(i + 1) % 4]![1]! - d[(i + 1) % 4]![0]! * d[i]![1]!;
  return Math.abs(s / 2);
};

const cell = (r: ZonalResult, zone: string, cls: string | null) =>
  r.cells.find((c) => c.zone === zone && c.class === cls);
const planner = (regionCode: string): Principal => ({
  userId: 9999,
  username: `planner-${regionCode}`,
  displayName: 'planner',
  role: 'planner',
  regionCode,
  departmentCode: null,
});

/** Three small layers over the api-fixture world (districts 990102 = 117–117.2°E, 990103 = 117.2–117.4°E). */
async function seedLayers(store: Store) {
  const now = nowIso();
  const layer = async (code: string, table: 'land_survey' | 'road' | 'facility') =>
    (
      await store.db
        .insertInto('layer')
        .values({
          code,
          title: code,
          category: table,
          feature_table: table,
          is_public: 0,
          region_code: '9901',
          feature_count: 4,
          created_at: now,
          updated_at: now,
          created_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const ls = await layer('ls-t', 'land_survey');
  const patches: [string, string, Geometry][] = [
    ['990102001', '0101', box(117.05, 31.05, 117.06, 31.06)],
    ['990102001', '0101', box(117.19, 31.1, 117.21, 31.11)],
    ['990103001', '0201', box(117.3, 31.15, 117.31, 31.16)],
    ['990103001', '0101', box(118, 31, 118.01, 31.01)],
  ];
  for (const [region, dlbm, geom] of patches) {
    await store.db
      .insertInto('land_survey')
      .values({
        layer_id: ls,
        region_code: region,
        bsm: null,
        dlbm,
        dlmc: null,
        czcsxm: null,
        attrs: null,
        geom: store.dialect.encodeGeometry(geom),
      })
      .execute();
  }
  const roads = await layer('roads-t', 'road');
  const lines: [string, string, Geometry][] = [
    [
      '990103001',
      '主干路',
      {
        type: 'LineString',
        coordinates: [
          [117.3, 31.1],
          [117.3, 31.3],
        ],
      },
    ],
    [
      '990102001',
      '次干路',
      {
        type: 'LineString',
        coordinates: [
          [117.1, 31.05],
          [117.1, 31.15],
        ],
      },
    ],
  ];
  for (const [region, cls, geom] of lines) {
    await store.db
      .insertInto('road')
      .values({
        layer_id: roads,
        region_code: region,
        road_class: cls,
        name: null,
        attrs: null,
        geom: store.dialect.encodeGeometry(geom),
      })
      .execute();
  }
  const fac = await layer('fac-t', 'facility');
  const points: [string, string, Position][] = [
    ['990102001', '学校', [117.1, 31.1]],
    ['990103001', '学校', [117.3, 31.1]],
    ['990102001', '医院', [117.2, 31.1]],
    ['990103001', '学校', [118, 31]],
  ];
  for (const [region, type, p] of points) {
    await store.db
      .insertInto('facility')
      .values({
        layer_id: fac,
        region_code: region,
        facility_type: type,
        name: null,
        attrs: null,
        geom: store.dialect.encodeGeometry({ type: 'Point', coordinates: p }),
      })
      .execute();
  }
}

const COUNTIES = { kinds: ['region' as const], level: 'county' };

describeEachStore('zonal statistics on a hand-made world', (ctx) => {
  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedLayers(ctx.store);
  });

  it('refuses a zone set that names both kinds and a layer, naming the field', async () => {
    const error = await zonalStatistics(ctx.store, SYSTEM, {
      zones: { kinds: ['region'], layer: 'redline' },
      layer: 'ls-t',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LantuError);
    expect((error as LantuError).location.field).toBe('zones');
  });

  it('refuses an unknown layer, an unknown class field and a geographic planar CRS, naming each field', async () => {
    const fieldOf = async (request: Parameters<typeof zonalStatistics>[2]) => {
      const error = await zonalStatistics(ctx.store, SYSTEM, request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LantuError);
      return (error as LantuError).location.field;
    };
    expect(await fieldOf({ zones: COUNTIES, layer: 'no-such-layer' })).toBe('layer');
    expect(await fieldOf({ zones: COUNTIES, layer: 'ls-t', classField: 'password' })).toBe('classField');
    expect(await fieldOf({ zones: COUNTIES, layer: 'ls-t', planarEpsg: 4490 })).toBe('planarEpsg');
    expect(await fieldOf({ zones: { layer: 'roads-t' }, layer: 'ls-t' })).toBe('zones.layer');
  });

  it('measures polygons per zone and class: whole inside, split across the district line, nothing outside', async () => {
    const r = await zonalStatistics(ctx.store, SYSTEM, {
      zones: COUNTIES,
      layer: 'ls-t',
      classField: 'dlbm',
      planarEpsg: 4527,
    });
    expect(r.measure).toBe('area');
    expect(r.cells.map((c) => [c.zone, c.class, c.features])).toEqual([
      ['990102', '0101', 2],
      ['990103', '0101', 1],
      ['990103', '0201', 1],
    ]);
    const expect6 = (c: ZonalCell | undefined, value: number) =>
      expect(Math.abs(c!.areaM2! / value - 1)).toBeLessThan(1e-6);
    expect6(cell(r, '990102', '0101'), boxArea(117.05, 31.05, 117.06, 31.06) + boxArea(117.19, 31.1, 117.2, 31.11));
    expect6(cell(r, '990103', '0101'), boxArea(117.2, 31.1, 117.21, 31.11));
    expect6(cell(r, '990103', '0201'), boxArea(117.3, 31.15, 117.31, 31.16));
    const planar = cell(r, '990103', '0201')!.planarAreaM2!;
    expect(Math.abs(planar / planarBoxArea(117.3, 31.15, 117.31, 31.16) - 1)).toBeLessThan(1e-9);
    expect(r.provenance.layer).toMatchObject({ code: 'ls-t', featureCount: 4, featuresRead: 4, featuresCounted: 3 });
    expect(r.provenance.zones).toMatchObject({ source: 'zone', zones: 2, kinds: ['region'], level: 'county' });
    expect(r.provenance).toMatchObject({
      crs: 'EPSG:4490',
      ellipsoid: 'CGCS2000',
      planarCrs: 'EPSG:4527',
      store: ctx.kind,
    });
  });

  it('measures lines by geodesic length and counts points, a point on the line between two districts in both', async () => {
    const roads = await zonalStatistics(ctx.store, SYSTEM, { zones: COUNTIES, layer: 'roads-t' });
    expect(roads.measure).toBe('length');
    expect(cell(roads, '990102', '次干路')!.lengthM).toBeCloseTo(meridianArc(31.15) - meridianArc(31.05), 4);
    expect(cell(roads, '990103', '主干路')!.lengthM).toBeCloseTo(meridianArc(31.2) - meridianArc(31.1), 4);
    const facilities = await zonalStatistics(ctx.store, SYSTEM, { zones: COUNTIES, layer: 'fac-t', classField: null });
    expect(facilities.cells.map((c) => [c.zone, c.count])).toEqual([
      ['990102', 2],
      ['990103', 2],
    ]);
  });

  it('gives planar measures alone when ellipsoidal ones are not wanted', async () => {
    const both = await zonalStatistics(ctx.store, SYSTEM, { zones: COUNTIES, layer: 'ls-t', planarEpsg: 4527 });
    const planarOnly = await zonalStatistics(ctx.store, SYSTEM, {
      zones: COUNTIES,
      layer: 'ls-t',
      planarEpsg: 4527,
      ellipsoidal: false,
    });
    expect(planarOnly.cells.map((c) => c.planarAreaM2)).toEqual(both.cells.map((c) => c.planarAreaM2));
    expect(planarOnly.cells.every((c) => c.areaM2 === undefined)).toBe(true);
    const error = await zonalStatistics(ctx.store, SYSTEM, {
      zones: COUNTIES,
      layer: 'ls-t',
      ellipsoidal: false,
    }).catch((e: unknown) => e);
    expect((error as LantuError).location.field).toBe('ellipsoidal');
  });

  it('keeps only the classes asked for, prefixes included', async () => {
    const r = await zonalStatistics(ctx.store, SYSTEM, { zones: COUNTIES, layer: 'ls-t', classes: ['02*'] });
    expect(r.cells.map((c) => c.class)).toEqual(['0201']);
  });

  it('applies the reader’s region scope to zones and to features', async () => {
    const r = await zonalStatistics(ctx.store, planner('990103'), { zones: COUNTIES, layer: 'ls-t' });
    expect(r.zones.map((z) => z.key)).toEqual(['990103']);
    // The patch across the line belongs to 990102001 and is not theirs to read.
    expect(r.cells.map((c) => [c.zone, c.class])).toEqual([['990103', '0201']]);
    const error = await zonalStatistics(ctx.store, planner('990103'), { zones: COUNTIES, layer: 'survey-d1' }).catch(
      (e: unknown) => e,
    );
    expect((error as LantuError).status).toBe(403);
  });

  it('takes the features of a polygon layer as zones', async () => {
    const r = await zonalStatistics(ctx.store, SYSTEM, {
      zones: { layer: 'redline', groupBy: 'line_type' },
      layer: 'ls-t',
      classField: null,
    });
    expect(r.zones.map((z) => z.key)).toEqual(['生态保护红线']);
    // The red line (117.01–117.03°E, 31.01–31.03°N) meets no test patch.
    expect(r.cells).toEqual([]);
    expect(r.provenance.zones).toMatchObject({ source: 'layer', layer: 'redline', groupBy: 'line_type' });
  });
});

// ── against PostGIS on a small demo city ──────────────────────────────
const postgresUsable = inject('postgres').usable;

describe.skipIf(!postgresUsable)('zonal statistics equal PostGIS on a 5,000-patch demo city, on both stores', () => {
  let sqliteStore: Store;
  let pgStore: Store;
  const schema = `t_zonal_${process.pid}`;
  let dir: string;

  beforeAll(async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-zonal-'));
    sqliteStore = openSqliteStore(path.join(dir, 'lantu.gpkg'));
    pgStore = await openPostgresStore(TEST_DATABASE_URL, schema);
    await migrate(sqliteStore);
    await migrate(pgStore);
    const city = generateDemoCity({ patches: 5000, years: [2025] });
    await loadDemoCity(sqliteStore, city);
    await loadDemoCity(pgStore, city);
    await sql`analyze`.execute(pgStore.db);
    return async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(pgStore.db);
      await pgStore.close();
      await sqliteStore.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }, 180_000);

  const request = {
    zones: { kinds: ['region' as const, 'planning_unit' as const] },
    layer: 'landsurvey-2025',
    classField: 'dlbm',
    planarEpsg: 4527,
  };

  it(
    'area per zone and class: ellipsoidal within 1e-6, planar (EPSG:4527) within 1e-9',
    { timeout: 300_000 },
    async () => {
      // The definition itself, on whole zones: ST_Intersection measured on the spheroid and in the projection.
      const { rows } = await sql<{ code: string; dlbm: string; a: number; p: number }>`
      select z.code, l.dlbm, sum(ST_Area(ST_Intersection(z.geom, l.geom)::geography)) as a,
             sum(ST_Area(ST_Transform(ST_Intersection(z.geom, l.geom), 4527))) as p
        from zone z join land_survey l on ST_Intersects(z.geom, l.geom)
       where z.kind in ('region', 'planning_unit') and l.layer_id = (select id from layer where code = 'landsurvey-2025')
       group by 1, 2`.execute(pgStore.db);
      const reference = new Map(rows.filter((r) => r.a > 0).map((r) => [`${r.code}|${r.dlbm}`, r]));
      for (const store of [sqliteStore, pgStore]) {
        const result = await zonalStatistics(store, SYSTEM, request);
        expect(result.failures).toEqual([]);
        expect(result.cells).toHaveLength(reference.size);
        let worstArea = 0;
        let worstPlanar = 0;
        for (const c of result.cells) {
          const ref = reference.get(`${c.zone}|${c.class}`)!;
          expect(ref, `${c.zone}|${c.class}`).toBeDefined();
          worstArea = Math.max(worstArea, Math.abs(c.areaM2! / ref.a - 1));
          worstPlanar = Math.max(worstPlanar, Math.abs(c.planarAreaM2! / ref.p - 1));
        }
        expect(worstArea).toBeLessThan(1e-6);
        expect(worstPlanar).toBeLessThan(1e-9);
      }
    },
  );

  it('gives the same answer in worker threads as in this thread', { timeout: 120_000 }, async () => {
    const inline = await zonalStatistics(sqliteStore, SYSTEM, request, { threads: 0 });
    const threaded = await zonalStatistics(sqliteStore, SYSTEM, request, { threads: 2, batchSize: 700 });
    expect(threaded.provenance.threads).toBe(2);
    expect(threaded.cells.map((c) => [c.zone, c.class, c.features])).toEqual(
      inline.cells.map((c) => [c.zone, c.class, c.features]),
    );
    threaded.cells.forEach((c, i) => {
      expect(c.areaM2! / inline.cells[i]!.areaM2! - 1).toBeCloseTo(0, 12);
      expect(c.planarAreaM2! / inline.cells[i]!.planarAreaM2! - 1).toBeCloseTo(0, 12);
    });
  });

  it(
    'overlays two zone sets: construction land inside the red line, per district, adds up to the red line’s',
    { timeout: 120_000 },
    async () => {
      const construction = ['05*', '06*', '07*', '08*', '09*', '10*'];
      const redLine = { layer: 'controlline-v2', groupBy: 'line_type', values: ['生态保护红线'] };
      const perDistrict = await zonalStatistics(pgStore, SYSTEM, {
        zones: COUNTIES,
        within: redLine,
        layer: 'landsurvey-2025',
        classes: construction,
      });
      const whole = await zonalStatistics(pgStore, SYSTEM, {
        zones: redLine,
        layer: 'landsurvey-2025',
        classes: construction,
      });
      expect(perDistrict.provenance.within).toMatchObject({ source: 'layer', layer: 'controlline-v2' });
      expect(perDistrict.cells.every((c) => c.parts?.[1] === '生态保护红线')).toBe(true);
      const byClass = (cells: ZonalCell[]) => {
        const m = new Map<string, number>();
        for (const c of cells) m.set(c.class!, (m.get(c.class!) ?? 0) + c.areaM2!);
        return m;
      };
      const a = byClass(perDistrict.cells);
      const b = byClass(whole.cells);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [k, v] of b) expect(Math.abs(a.get(k)! / v - 1)).toBeLessThan(1e-9);
    },
  );
});
