/**
 * Overviews are built by whoever writes a dense layer, not by the first map that opens on it: an
 * import of 6,000 patches (denser than one tile may carry at z13) leaves the layer's overview stored
 * for its current version, and the first low-zoom tile finds it and builds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import { runImport } from '../ingest/run-import.js';
import { tileAt } from './tile-math.js';
import { prepareLayerTiles } from './tile-prepare.js';

/** 100 × 60 patches of 0.0004° from (117.05, 31.05), inside district 990102 of the test world. */
const G = { lon0: 117.05, lat0: 31.05, step: 0.0004, columns: 100, rows: 60 };

function densePatches(): FeatureCollection {
  const features: Feature<MultiPolygon>[] = [];
  for (let r = 0; r < G.rows; r++) {
    for (let c = 0; c < G.columns; c++) {
      const x = G.lon0 + c * G.step;
      const y = G.lat0 + r * G.step;
      const d = G.step * 0.9;
      const n = r * G.columns + c + 1;
      features.push({
        type: 'Feature',
        properties: {
          BSM: `9901020000${String(n).padStart(8, '0')}`,
          DLBM: c < G.columns / 2 ? '0101' : '0301',
          DLMC: c < G.columns / 2 ? '水田' : '乔木林地',
          ZLDWDM: '9901020010000000000',
          ZLDWMC: '张庄村',
        },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [x, y],
                [x + d, y],
                [x + d, y + d],
                [x, y + d],
                [x, y],
              ],
            ],
          ],
        },
      });
    }
  }
  return { type: 'FeatureCollection', ...({ name: 'DLTB' } as object), features };
}

describeEachStore('tiles prepared by the loader', (ctx) => {
  beforeAll(async () => {
    await seedWorld(ctx.store);
  }, 60_000);

  it('has the overview of an imported dense layer stored when the import returns', async () => {
    const file = path.join(ctx.dir, 'dense.geojson');
    fs.writeFileSync(file, JSON.stringify(densePatches()));
    const summary = await runImport(ctx.store, SYSTEM, {
      path: file,
      layerCode: 'dense-import',
      preset: 'dltb',
      regionCode: '9901',
    });
    expect(summary).toMatchObject({ status: 'loaded', counts: { loaded: G.rows * G.columns } });
    const layer = await ctx.store.db
      .selectFrom('layer')
      .selectAll()
      .where('code', '=', 'dense-import')
      .executeTakeFirstOrThrow();
    const built = await ctx.store.db
      .selectFrom('tile_overview_build')
      .selectAll()
      .where('layer_id', '=', layer.id)
      .execute();
    expect(built).toEqual([
      expect.objectContaining({ scope: '', version: `${layer.updated_at}|${layer.feature_count}` }),
    ]);
    expect(built[0]!.rows).toBeGreaterThan(0);

    // A city planner's region holds the whole layer: their low-zoom tile is drawn from that overview,
    // and no other is built for their region.
    const app = await startApi(ctx.store);
    try {
      const planner = bearer(await tokenFor(app, 'planner'));
      const t = tileAt(G.lon0 + 0.02, G.lat0 + 0.012, 10);
      const res = await app.inject({
        method: 'GET',
        url: `/tiles/dense-import/10/${t.x}/${t.y}.mvt`,
        headers: planner,
      });
      expect(res.statusCode).toBe(200);
      const after = await ctx.store.db
        .selectFrom('tile_overview_build')
        .selectAll()
        .where('layer_id', '=', layer.id)
        .execute();
      expect(after).toEqual(built);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('stores the same overview from the import as a build that reads the layer back', async () => {
    // On the GeoPackage the import sums the overview from the rows as it writes them; on PostgreSQL it
    // is read back. Either way the rows must be those a build from the stored layer makes.
    const layer = await ctx.store.db
      .selectFrom('layer')
      .selectAll()
      .where('code', '=', 'dense-import')
      .executeTakeFirstOrThrow();
    const overviewRows = () =>
      ctx.store.db
        .selectFrom('tile_overview')
        .select(['scope', 'level', 'cy', 'cx0', 'cx1', 'class', 'share', 'patches'])
        .where('layer_id', '=', layer.id)
        .orderBy('level')
        .orderBy('cy')
        .orderBy('cx0')
        .execute();
    const fromImport = await overviewRows();
    expect(fromImport.length).toBeGreaterThan(0);
    // A new version of the same features: the next build reads them from the store.
    await ctx.store.db
      .updateTable('layer')
      .set({ updated_at: new Date(Date.parse(layer.updated_at) + 1000).toISOString() })
      .where('id', '=', layer.id)
      .execute();
    const [prepared] = await prepareLayerTiles(ctx.store, [layer.id]);
    expect(prepared).toMatchObject({ overview: true });
    expect(await overviewRows()).toEqual(fromImport);
  }, 60_000);

  it('reports which layers need an overview, and builds nothing for the others', async () => {
    const prepared = await prepareLayerTiles(ctx.store);
    expect(prepared.find((p) => p.code === 'dense-import')).toMatchObject({ overview: true });
    expect(prepared.filter((p) => p.code !== 'dense-import').every((p) => !p.overview)).toBe(true);
    expect(await prepareLayerTiles(ctx.store, [])).toEqual([]);
  });
});
