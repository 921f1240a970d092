import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import type { Feature, Polygon } from 'geojson';
import zlib from 'node:zlib';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { TILE_FEATURE_BUDGET, minZoomFor } from './layer-stats.js';
import { DLBM, FACILITIES, GRID, patchBox, patchCount, patchRegion, seedServiceLayers } from './test-world.js';
import { tableSpec } from './feature-columns.js';
import { createServiceContext } from './service-context.js';
import { TileCache } from './tile-cache.js';
import { seedLayerTiles, stopSeeding } from './tile-seed.js';
import { gzippedTile, tileEtag } from './tiles.js';
import { tileAt, tileBounds, TILE_BUFFER } from './tile-math.js';

const decode = (body: Buffer): VectorTile => new VectorTile(new PbfReader(body));
type Box = [number, number, number, number];
const meets = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** Bounding box of a decoded feature, in degrees. */
function featureBox(layer: VectorTileLayer, i: number, z: number, x: number, y: number): Box {
  const g = layer.feature(i).toGeoJSON(x, y, z).geometry as Polygon | { type: string; coordinates: unknown };
  const flat = JSON.stringify(g.coordinates)
    .match(/-?\d+(\.\d+)?(e-?\d+)?/g)!
    .map(Number);
  const xs = flat.filter((_, k) => k % 2 === 0);
  const ys = flat.filter((_, k) => k % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

describeEachStore('vector tiles', (ctx) => {
  let app: FastifyInstance;
  let planner: Record<string, string>;
  let plannerD1: Record<string, string>;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedServiceLayers(ctx.store);
    app = await startApi(ctx.store);
    planner = bearer(await tokenFor(app, 'planner'));
    plannerD1 = bearer(await tokenFor(app, 'planner_d1'));
  });
  afterAll(() => app?.close());

  let firstFid = 0;
  beforeAll(async () => {
    const layer = await ctx.store.db
      .selectFrom('layer')
      .select('id')
      .where('code', '=', 'survey-2025')
      .executeTakeFirstOrThrow();
    const row = await ctx.store.db
      .selectFrom('land_survey')
      .select((eb) => eb.fn.min('fid').as('fid'))
      .where('layer_id', '=', layer.id)
      .executeTakeFirstOrThrow();
    firstFid = Number(row.fid);
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('cuts each patch into exactly the tiles it meets, with its attributes and its fid as feature id', async () => {
    // z12 tiles are ~0.088° wide: the 0.4° × 0.2° grid spans several, and patches straddle tile edges.
    const z = 12;
    const first = tileAt(GRID.lon0, GRID.lat0 + 0.2, z);
    const last = tileAt(GRID.lon0 + 0.4, GRID.lat0, z);
    const seen = new Map<number, number>();
    for (let x = first.x; x <= last.x; x++) {
      for (let y = first.y; y <= last.y; y++) {
        const res = await get(`/tiles/survey-2025/${z}/${x}/${y}.mvt`, planner);
        const bounds = tileBounds({ z, x, y }, TILE_BUFFER) as Box;
        const expected = [...Array(patchCount).keys()].filter((i) => meets(patchBox(i), bounds));
        if (expected.length === 0) {
          expect(res.statusCode).toBe(204);
          continue;
        }
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
        const layer = decode(res.rawPayload).layers['survey-2025']!;
        expect(layer.extent).toBe(4096);
        const got: number[] = [];
        for (let i = 0; i < layer.length; i++) {
          const f = layer.feature(i);
          expect(f.type).toBe(3);
          expect(f.properties).not.toHaveProperty('fid');
          const patch = f.id! - firstFid;
          got.push(patch);
          expect(f.properties).toMatchObject({ dlbm: DLBM[patch % 3]![0], dlmc: DLBM[patch % 3]![1] });
          expect(f.properties).not.toHaveProperty('bsm');
          // The cut part lies inside the patch and inside the buffered tile (to a grid cell).
          const box = featureBox(layer, i, z, x, y);
          const [px0, py0, px1, py1] = patchBox(patch);
          const cell = 360 / 2 ** z / 4096;
          expect(box[0]).toBeGreaterThanOrEqual(Math.max(px0, bounds[0]) - cell);
          expect(box[2]).toBeLessThanOrEqual(Math.min(px1, bounds[2]) + cell);
          expect(box[1]).toBeGreaterThanOrEqual(Math.max(py0, bounds[1]) - cell);
          expect(box[3]).toBeLessThanOrEqual(Math.min(py1, bounds[3]) + cell);
          seen.set(patch, (seen.get(patch) ?? 0) + 1);
        }
        expect(got.sort((a, b) => a - b)).toEqual(expected);
      }
    }
    expect(seen.size).toBe(patchCount);
  });

  it('keeps the hole of a holed patch and winds rings as MVT requires', async () => {
    const [x0, y0, x1, y1] = patchBox(0);
    const z = 12;
    const t = tileAt((x0 + x1) / 2, (y0 + y1) / 2, z);
    expect(meets(tileBounds(t) as Box, [x0, y0, x0, y0]) && meets(tileBounds(t) as Box, [x1, y1, x1, y1])).toBe(true);
    const layer = decode((await get(`/tiles/survey-2025/${z}/${t.x}/${t.y}.mvt`, planner)).rawPayload).layers[
      'survey-2025'
    ]!;
    const holed = [...Array(layer.length).keys()].map((i) => layer.feature(i)).find((f) => f.id === firstFid)!;
    // @mapbox/vector-tile groups rings into polygons by their winding: a hole wound as an exterior
    // would come out as a second polygon.
    const geojson = holed.toGeoJSON(t.x, t.y, z) as Feature<Polygon>;
    expect(geojson.geometry.type).toBe('Polygon');
    expect(geojson.geometry.coordinates).toHaveLength(2);
  });

  it('serves lines and points with their own geometry types', async () => {
    const road = tileAt(117.1, 31.1005, 13);
    const lines = decode((await get(`/tiles/roads-2025/13/${road.x}/${road.y}.mvt`, planner)).rawPayload).layers[
      'roads-2025'
    ]!;
    expect(lines.length).toBe(1);
    expect(lines.feature(0).type).toBe(2);
    expect(lines.feature(0).properties).toMatchObject({ name: '东西大道', road_class: '主干路' });
    const [lon, lat, name] = FACILITIES[0]!;
    const p = tileAt(lon, lat, 15);
    const res = await get(`/tiles/facilities/15/${p.x}/${p.y}.mvt`);
    const points = decode(res.rawPayload).layers.facilities!;
    expect(points.length).toBe(1);
    expect(points.feature(0).type).toBe(1);
    const at = (points.feature(0).toGeoJSON(p.x, p.y, 15).geometry as { coordinates: number[] }).coordinates;
    expect(at[0]).toBeCloseTo(lon, 4);
    expect(at[1]).toBeCloseTo(lat, 4);
    expect(points.feature(0).properties.name).toBe(name);
  });

  it('answers 204 for a tile with nothing in it', async () => {
    const t = tileAt(100, 20, 12);
    const res = await get(`/tiles/survey-2025/12/${t.x}/${t.y}.mvt`, planner);
    expect(res.statusCode).toBe(204);
    expect(res.rawPayload.length).toBe(0);
  });

  it('names the parameter of a tile outside the grid, and 404s an unknown layer', async () => {
    const outside = await get('/tiles/survey-2025/3/8/0.mvt', planner);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({ code: 'tile_out_of_range', field: 'x' });
    const deep = await get('/tiles/survey-2025/30/0/0.mvt', planner);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toMatchObject({ code: 'validation_failed', field: 'z' });
    const unknown = await get('/tiles/nothing/12/0/0.mvt', planner);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found' });
  });

  describe('permission', () => {
    const t = tileAt(117.25, 31.05, 12);
    it('refuses an internal layer to an anonymous caller with 401', async () => {
      const res = await get(`/tiles/survey-2025/12/${t.x}/${t.y}.mvt`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toMatchObject({ code: 'not_signed_in', message: { zh: expect.any(String) } });
      expect((await get('/tiles/survey-2025.json')).statusCode).toBe(401);
    });

    it("refuses a district user another district's internal layer with 403", async () => {
      const res = await get(`/tiles/survey-d2/12/${t.x}/${t.y}.mvt`, plannerD1);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden' });
    });

    it("cuts a city-wide internal layer to a district user's own district", async () => {
      // This tile straddles 117.2°, the border of the two districts.
      const border = tileAt(117.2, 31.05, 12);
      const url = `/tiles/survey-2025/12/${border.x}/${border.y}.mvt`;
      const all = decode((await get(url, planner)).rawPayload).layers['survey-2025']!;
      const own = decode((await get(url, plannerD1)).rawPayload).layers['survey-2025']!;
      const regions = (l: VectorTileLayer) =>
        new Set([...Array(l.length).keys()].map((i) => patchRegion(l.feature(i).id! - firstFid)));
      expect(regions(all)).toEqual(new Set(['990102001', '990103001']));
      expect(regions(own)).toEqual(new Set(['990102001']));
    });

    it('serves a public layer to anyone, cacheable by shared caches', async () => {
      const [lon, lat] = FACILITIES[0]!;
      const p = tileAt(lon, lat, 12);
      const res = await get(`/tiles/facilities/12/${p.x}/${p.y}.mvt`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toMatch(/^public/);
    });
  });

  it('revalidates by ETag and invalidates the cache when the layer changes', async () => {
    const p = tileAt(patchBox(0)[0], patchBox(0)[1], 13);
    const url = `/tiles/survey-2025/13/${p.x}/${p.y}.mvt`;
    const first = await get(url, planner);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect((await get(url, { ...planner, 'if-none-match': etag })).statusCode).toBe(304);
    const dlbmOf = (body: Buffer) => {
      const l = decode(body).layers['survey-2025']!;
      return [...Array(l.length).keys()].map((i) => l.feature(i)).find((f) => f.id === firstFid)!.properties.dlbm;
    };
    expect(dlbmOf(first.rawPayload)).toBe('0101');

    // A feature edited without touching the layer: the cached tile is still served.
    await ctx.store.db.updateTable('land_survey').set({ dlbm: '0404' }).where('fid', '=', firstFid).execute();
    const stale = await get(url, planner);
    expect(stale.headers.etag).toBe(etag);
    expect(dlbmOf(stale.rawPayload)).toBe('0101');

    // The layer's updated_at moves (as every writer of a layer sets it): a new ETag, a fresh tile.
    await ctx.store.db
      .updateTable('layer')
      .set({ updated_at: new Date(Date.now() + 1000).toISOString() })
      .where('code', '=', 'survey-2025')
      .execute();
    const fresh = await get(url, { ...planner, 'if-none-match': etag });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(dlbmOf(fresh.rawPayload)).toBe('0404');
    await ctx.store.db.updateTable('land_survey').set({ dlbm: '0101' }).where('fid', '=', firstFid).execute();
  });

  it('describes a layer in TileJSON for MapLibre', async () => {
    const res = await get('/tiles/survey-2025.json', planner);
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({
      tilejson: '3.0.0',
      minzoom: 0,
      maxzoom: 18,
      vector_layers: [{ id: 'survey-2025', fields: { dlbm: 'String', dlmc: 'String', czcsxm: 'String' } }],
    });
    expect(doc.tiles[0]).toMatch(/^http:\/\/[^/]+\/tiles\/survey-2025\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=[\w-]{12}$/);
    const [x0, y0, x1, y1] = doc.bounds;
    expect(x0).toBeCloseTo(GRID.lon0 + GRID.inset, 4);
    expect(y0).toBeCloseTo(GRID.lat0 + GRID.inset, 4);
    expect(x1).toBeCloseTo(GRID.lon0 + 0.4 - GRID.inset, 4);
    expect(y1).toBeCloseTo(GRID.lat0 + 0.2 - GRID.inset, 4);
    // A layer whose rows interleave with another's: its own features' extent only.
    const roads = (await get('/tiles/roads-2025.json', planner)).json();
    expect(roads.bounds.map((v: number) => Number(v.toFixed(3)))).toEqual([117.0, 31.0, 117.4, 31.2]);
  });
});

describeEachStore('tile transport', (ctx) => {
  let app: FastifyInstance;
  let planner: Record<string, string>;
  let plannerD1: Record<string, string>;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedServiceLayers(ctx.store);
    app = await startApi(ctx.store);
    planner = bearer(await tokenFor(app, 'planner'));
    plannerD1 = bearer(await tokenFor(app, 'planner_d1'));
  });
  afterAll(() => app?.close());
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const p = tileAt(patchBox(0)[0], patchBox(0)[1], 12);
  const tileUrl = (doc: { tiles: string[] }, t: { x: number; y: number }) =>
    new URL(doc.tiles[0]!.replace('{z}', '12').replace('{x}', String(t.x)).replace('{y}', String(t.y))).pathname +
    new URL(doc.tiles[0]!).search;

  it('sends gzip to a client that accepts it, the same MVT as without, under its own ETag', async () => {
    const url = `/tiles/survey-2025/12/${p.x}/${p.y}.mvt`;
    const plain = await get(url, planner);
    const gz = await get(url, { ...planner, 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(zlib.gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(gz.headers.etag).not.toBe(plain.headers.etag);
    const again = await get(url, { ...planner, 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect((await get(url, { ...planner, 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('lets the browser keep a tile for good when asked by the URL TileJSON gives, until the layer changes', async () => {
    const doc = (await get('/tiles/survey-2025.json', planner)).json<{ tiles: string[] }>();
    const url = tileUrl(doc, p);
    expect((await get(url, planner)).headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // A reader cut to a district sees other tiles: another tag, so never the city planner's copy.
    const d1 = (await get('/tiles/survey-2025.json', plannerD1)).json<{ tiles: string[] }>();
    expect(d1.tiles[0]).not.toBe(doc.tiles[0]);
    await ctx.store.db
      .updateTable('layer')
      .set({ updated_at: new Date(Date.now() + 1000).toISOString() })
      .where('code', '=', 'survey-2025')
      .execute();
    // The old URL is still answered, but revalidated; the new TileJSON names new URLs.
    expect((await get(url, planner)).headers['cache-control']).toBe('private, no-cache');
    const next = (await get('/tiles/survey-2025.json', planner)).json<{ tiles: string[] }>();
    expect(next.tiles[0]).not.toBe(doc.tiles[0]);
  });

  it('cuts the first zooms of a layer into the cache ahead of the map, the same bytes a request gets', async () => {
    const service = createServiceContext(ctx.store, 16 * 1024 * 1024);
    const layer = await ctx.store.db
      .selectFrom('layer')
      .selectAll()
      .where('code', '=', 'survey-2025')
      .executeTakeFirstOrThrow();
    const access = { layer, spec: tableSpec(layer), regionPrefix: null };
    const seeded = await seedLayerTiles(service, access);
    expect(seeded).toBeGreaterThan(0);
    expect(service.tiles.size).toBe(seeded);
    // Once per layer version: a second TileJSON starts nothing.
    expect(await seedLayerTiles(service, access)).toBe(0);
    // Cut by the seeder (in its own thread on a GeoPackage), not now.
    expect(service.tiles.has(tileEtag(access, { z: 12, x: p.x, y: p.y }))).toBe(true);
    const body = await gzippedTile(service, access, { z: 12, x: p.x, y: p.y });
    const served = await get(`/tiles/survey-2025/12/${p.x}/${p.y}.mvt`, planner);
    expect(zlib.gunzipSync(body).equals(served.rawPayload)).toBe(true);
    await stopSeeding(service);
  });
});

describe('tile rules', () => {
  it('serves a dense layer only from the zoom where a tile holds at most the budget', () => {
    const city: Box = [117.0185, 31.5239, 117.4972, 32.0518];
    expect(minZoomFor(city, 300)).toBe(0);
    expect(minZoomFor(city, 1_000_000)).toBe(14);
    expect(minZoomFor(city, 100_000)).toBe(12);
    expect(minZoomFor(null, 1_000_000)).toBe(0);
    expect(TILE_FEATURE_BUDGET).toBeGreaterThan(1000);
  });

  it('evicts the least recently used tiles beyond its byte budget', () => {
    const cache = new TileCache(3 * (1000 + 128));
    const tile = () => new Uint8Array(1000);
    cache.set('a', tile());
    cache.set('b', tile());
    cache.set('c', tile());
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('d', tile());
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')].every(Boolean)).toBe(true);
    const off = new TileCache(0);
    off.set('a', tile());
    expect(off.get('a')).toBeUndefined();
  });
});
