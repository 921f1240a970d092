import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { nowIso, type Store } from '../store/store.js';
import { tileAt } from './tile-math.js';

/**
 * A layer dense enough to have an overview: 100 × 60 square patches of 0.0004° (~40 m) from
 * (117.51, 31.01), inset by 0.00005°. Columns 0–49 are paddy (0101), 50–99 forest (0301), so the
 * class boundary is the meridian 117.53. 6,000 patches over 0.04° × 0.024°: a z13 tile would hold
 * them all (over the 5,000 budget), a z14 tile ~2,600, so the layer's own tiles start at z14 and
 * the overview serves z6–z13.
 */
const D = { lon0: 117.51, lat0: 31.01, step: 0.0004, inset: 0.00005, columns: 100, rows: 60, split: 117.53 };
const COUNT = D.columns * D.rows;
const LAYER = 'dense-2025';

async function seedDenseLayer(store: Store): Promise<number> {
  const now = nowIso();
  const { id } = await store.db
    .insertInto('layer')
    .values({
      code: LAYER,
      title: '密集图斑',
      title_en: null,
      category: 'land_survey',
      feature_table: 'land_survey',
      status_year: 2025,
      is_public: 0,
      region_code: '9901',
      feature_count: COUNT,
      created_at: now,
      updated_at: now,
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = [];
  for (let r = 0; r < D.rows; r++) {
    for (let c = 0; c < D.columns; c++) {
      const x0 = D.lon0 + c * D.step + D.inset;
      const y0 = D.lat0 + r * D.step + D.inset;
      const x1 = x0 + D.step - 2 * D.inset;
      const y1 = y0 + D.step - 2 * D.inset;
      const west = c < D.columns / 2;
      rows.push({
        layer_id: id,
        region_code: '990103001',
        bsm: `D${r}-${c}`,
        dlbm: west ? '0101' : '0301',
        dlmc: west ? '水田' : '乔木林地',
        czcsxm: null,
        attrs: null,
        geom: store.dialect.encodeGeometry({
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
        }),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    await store.db
      .insertInto('land_survey')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return id;
}

interface OverviewFeature {
  box: [number, number, number, number];
  props: Record<string, unknown>;
}

describeEachStore('tile overviews of a dense layer', (ctx) => {
  let app: FastifyInstance;
  let planner: Record<string, string>;
  let layerId = 0;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    layerId = await seedDenseLayer(ctx.store);
    app = await startApi(ctx.store);
    planner = bearer(await tokenFor(app, 'planner'));
  }, 60_000);
  afterAll(() => app?.close());

  /** Every overview feature of the tiles covering the layer at zoom z, with its box in degrees. */
  async function featuresAt(z: number): Promise<OverviewFeature[]> {
    const a = tileAt(D.lon0, D.lat0 + D.rows * D.step, z);
    const b = tileAt(D.lon0 + D.columns * D.step, D.lat0, z);
    const out: OverviewFeature[] = [];
    for (let x = a.x; x <= b.x; x++) {
      for (let y = a.y; y <= b.y; y++) {
        const res = await app.inject({ method: 'GET', url: `/tiles/${LAYER}/${z}/${x}/${y}.mvt`, headers: planner });
        if (res.statusCode === 204) continue;
        expect(res.statusCode).toBe(200);
        const layer: VectorTileLayer = new VectorTile(new PbfReader(res.rawPayload)).layers[LAYER]!;
        for (let i = 0; i < layer.length; i++) {
          const f = layer.feature(i);
          expect(f.type).toBe(3);
          const ring = (f.toGeoJSON(x, y, z).geometry as { coordinates: number[][][] }).coordinates[0]!;
          const xs = ring.map((p) => p[0]!);
          const ys = ring.map((p) => p[1]!);
          out.push({
            box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
            props: f.properties,
          });
        }
      }
    }
    return out;
  }

  it('announces the overview zooms in TileJSON', async () => {
    const res = await app.inject({ method: 'GET', url: `/tiles/${LAYER}.json`, headers: planner });
    const doc = res.json<{ minzoom: number; vector_layers: { fields: Record<string, string> }[] }>();
    expect(doc.minzoom).toBe(6);
    expect(doc.vector_layers[0]!.fields).toMatchObject({ class: 'String', class_name: 'String', share: 'Number' });
    // …and starts building the overview before any tile is asked for.
    let built;
    for (let i = 0; i < 100 && !built; i++) {
      built = await ctx.store.db
        .selectFrom('tile_overview_build')
        .select(['version', 'rows'])
        .where('layer_id', '=', layerId)
        .executeTakeFirst();
      if (!built) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(built?.rows).toBeGreaterThan(0);
  });

  for (const z of [10, 13]) {
    it(`draws the whole layer at z${z} as class cells, paddy west of 117.53° and forest east`, async () => {
      const features = await featuresAt(z);
      expect(features.length).toBeGreaterThan(0);
      // Every patch is counted in exactly one cell, so the cells' patch counts add up to the layer.
      expect(features.reduce((n, f) => n + Number(f.props.patches), 0)).toBe(COUNT);
      const cell = 360 / 2 ** Math.min(z + 6, 17);
      for (const f of features) {
        // A cell wholly on one side of the boundary holds only that side's patches.
        if (f.box[2] <= D.split - 1e-7) {
          expect(f.props).toMatchObject({ class: '01', class_name: '耕地', share: 1 });
        } else if (f.box[0] >= D.split + 1e-7) {
          expect(f.props).toMatchObject({ class: '03', class_name: '林地', share: 1 });
        } else {
          // The run through the boundary cell: that cell holds both classes, so its class (the one
          // with more area there) has less than all of the run's area.
          expect(['01', '03']).toContain(f.props.class);
          expect(Number(f.props.share)).toBeLessThan(1);
          expect(f.box[2] - f.box[0]).toBeGreaterThanOrEqual(cell - 1e-9);
        }
      }
      // Runs of equal class merge along a row, so each row holds one run of each class.
      expect(features.filter((f) => f.props.class === '01').length).toBeGreaterThan(0);
      expect(features.filter((f) => f.props.class === '03').length).toBeGreaterThan(0);
    });
  }

  it('answers 204 below the overview zooms and serves the patches themselves from z14', async () => {
    const low = tileAt(D.lon0, D.lat0, 5);
    expect(
      (await app.inject({ method: 'GET', url: `/tiles/${LAYER}/5/${low.x}/${low.y}.mvt`, headers: planner }))
        .statusCode,
    ).toBe(204);
    const t = tileAt(D.lon0 + 0.001, D.lat0 + 0.001, 14);
    const res = await app.inject({ method: 'GET', url: `/tiles/${LAYER}/14/${t.x}/${t.y}.mvt`, headers: planner });
    const layer = new VectorTile(new PbfReader(res.rawPayload)).layers[LAYER]!;
    expect(layer.length).toBeGreaterThan(0);
    for (let i = 0; i < layer.length; i++) {
      expect(['0101', '0301']).toContain(layer.feature(i).properties.dlbm);
      expect(layer.feature(i).properties).not.toHaveProperty('class');
    }
  });

  it('rebuilds the overview when the layer changes', async () => {
    // The eastern half is re-surveyed as orchard (0201); the layer's updated_at moves with it.
    await ctx.store.db
      .updateTable('land_survey')
      .set({ dlbm: '0201', dlmc: '果园' })
      .where('layer_id', '=', layerId)
      .where('dlbm', '=', '0301')
      .execute();
    await ctx.store.db
      .updateTable('layer')
      .set({ updated_at: new Date(Date.now() + 1000).toISOString() })
      .where('id', '=', layerId)
      .execute();
    const features = await featuresAt(10);
    const classes = new Set(features.map((f) => f.props.class));
    expect([...classes].sort()).toEqual(['01', '02']);
    expect(features.find((f) => f.props.class === '02')!.props.class_name).toBe('园地');
    expect(features.reduce((n, f) => n + Number(f.props.patches), 0)).toBe(COUNT);
  });
});
