import type { FastifyInstance } from 'fastify';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { DLBM, GRID, patchBox, patchCount, patchRegion, seedServiceLayers } from './test-world.js';

type Page = FeatureCollection & {
  numberMatched: number;
  numberReturned: number;
  links: { href: string; rel: string; type: string }[];
};
type Box = [number, number, number, number];
const meets = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';

describeEachStore('OGC API – Features', (ctx) => {
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
  /** The path and query of an absolute link, to follow it through inject. */
  const local = (href: string) => {
    const u = new URL(href);
    return u.pathname + u.search;
  };
  const items = async (query: string, headers = planner): Promise<Page> => {
    const res = await get(`/ogc/collections/survey-2025/items${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const patchOf = (f: Feature) => Number(/^B(\d+)$/.exec(String(f.properties!.bsm))![1]);

  describe('discovery', () => {
    it('has a landing page linking the API definition, conformance and collections', async () => {
      const res = await get('/ogc');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const rels = Object.fromEntries(
        (res.json().links as { rel: string; type: string; href: string }[]).map((l) => [l.rel, l]),
      );
      expect(rels['service-desc']).toMatchObject({ type: 'application/vnd.oai.openapi+json;version=3.0' });
      expect(local(rels['service-desc']!.href)).toBe('/api/openapi.json');
      expect(local(rels.conformance!.href)).toBe('/ogc/conformance');
      expect(local(rels.data!.href)).toBe('/ogc/collections');
      expect(rels.self).toBeDefined();
    });

    it('declares Core, GeoJSON, OpenAPI 3.0 and CRS by reference', async () => {
      const { conformsTo } = (await get('/ogc/conformance')).json();
      expect(conformsTo).toEqual(
        expect.arrayContaining([
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
          'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
          'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
        ]),
      );
    });

    it('lists the public layers to anonymous callers and the internal ones to those who may read them', async () => {
      const ids = async (headers?: Record<string, string>) =>
        ((await get('/ogc/collections', headers)).json().collections as { id: string }[]).map((c) => c.id);
      const anonymous = await ids();
      expect(anonymous).toEqual(expect.arrayContaining(['redline', 'facilities']));
      expect(anonymous).not.toContain('survey-2025');
      const signedIn = await ids(planner);
      expect(signedIn).toEqual(expect.arrayContaining(['redline', 'facilities', 'survey-2025', 'survey-d2']));
      expect(await ids(plannerD1)).not.toContain('survey-d2');
    });

    it('describes a collection: extent, time, CRSs, items link', async () => {
      const res = await get('/ogc/collections/survey-2025', planner);
      const c = res.json();
      expect(c).toMatchObject({
        id: 'survey-2025',
        itemType: 'feature',
        crs: [CRS84, EPSG4490],
        storageCrs: EPSG4490,
        extent: { temporal: { interval: [['2025-01-01T00:00:00Z', '2025-12-31T23:59:59Z']] } },
      });
      const [x0, y0, x1, y1] = c.extent.spatial.bbox[0];
      expect(x0).toBeCloseTo(GRID.lon0 + GRID.inset, 4);
      expect(y1).toBeCloseTo(GRID.lat0 + 0.2 - GRID.inset, 4);
      expect(x1).toBeGreaterThan(x0);
      expect(y1).toBeGreaterThan(y0);
      const itemsLink = c.links.find((l: { rel: string }) => l.rel === 'items');
      expect(itemsLink.type).toBe('application/geo+json');
      expect(local(itemsLink.href)).toBe('/ogc/collections/survey-2025/items');
      expect((await get('/ogc/collections/redline')).json().extent.temporal).toBeUndefined();
    });
  });

  describe('items', () => {
    it('pages through next links until the features are exhausted, with the counts', async () => {
      const first = await items('');
      expect(first.numberReturned).toBe(10); // the default limit
      const seen = new Set<number>();
      let page: Page = await items('?limit=30');
      let pages = 1;
      for (;;) {
        expect(page.numberMatched).toBe(patchCount);
        expect(page.numberReturned).toBe(page.features.length);
        for (const f of page.features) seen.add(Number(f.id));
        const next = page.links.find((l) => l.rel === 'next');
        if (!next) break;
        expect(next.type).toBe('application/geo+json');
        const res = await get(local(next.href), planner);
        page = res.json() as Page;
        expect(page.links.find((l) => l.rel === 'prev')).toBeDefined();
        pages++;
      }
      expect(pages).toBe(Math.ceil(patchCount / 30));
      expect(seen.size).toBe(patchCount);
      const beyond = await items(`?offset=${patchCount}`);
      expect(beyond).toMatchObject({ numberMatched: patchCount, numberReturned: 0, features: [] });
    });

    it('returns GeoJSON features with the typed attributes and the source attributes', async () => {
      const res = await get('/ogc/collections/survey-2025/items?limit=1', planner);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(res.headers['content-crs']).toBe(`<${CRS84}>`);
      const f = (res.json() as Page).features[0]!;
      const i = patchOf(f);
      expect(f.properties).toMatchObject({
        dlbm: DLBM[i % 3]![0],
        dlmc: DLBM[i % 3]![1],
        region_code: patchRegion(i),
        attrs: { TBBH: String(i) },
      });
      expect(f.geometry.type).toBe('MultiPolygon');
    });

    it('selects by bbox, in CRS84 and in EPSG:4490 axis order', async () => {
      const bbox: Box = [117.05, 31.05, 117.13, 31.09];
      const expected = [...Array(patchCount).keys()].filter((i) => meets(patchBox(i), bbox)).sort((a, b) => a - b);
      const page = await items(`?bbox=${bbox.join(',')}&limit=100`);
      expect(page.numberMatched).toBe(expected.length);
      expect(page.features.map(patchOf).sort((a, b) => a - b)).toEqual(expected);
      const latLon = [bbox[1], bbox[0], bbox[3], bbox[2]].join(',');
      const same = await items(`?bbox=${latLon}&bbox-crs=${encodeURIComponent(EPSG4490)}&limit=100`);
      expect(same.features.map(patchOf).sort((a, b) => a - b)).toEqual(expected);
    });

    it('filters on typed attributes and refuses properties it does not have', async () => {
      const page = await items('?dlbm=0201&limit=100');
      expect(page.numberMatched).toBe(Math.floor(patchCount / 3) + (patchCount % 3 > 1 ? 1 : 0));
      expect(page.features.every((f) => f.properties!.dlbm === '0201')).toBe(true);
      const both = await items('?dlbm=0201&region_code=990103001&limit=100');
      expect(both.features.every((f) => f.properties!.region_code === '990103001')).toBe(true);
      expect(both.numberMatched).toBeLessThan(page.numberMatched);
      const bad = await get('/ogc/collections/survey-2025/items?tbmj=5', planner);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'parameter_unknown', field: 'tbmj' });
    });

    it('applies datetime to the status year, and refuses it where a layer has none', async () => {
      expect((await items('?datetime=2025-06-01')).numberMatched).toBe(patchCount);
      expect((await items('?datetime=2025-12-31T23:00:00Z')).numberMatched).toBe(patchCount);
      expect((await items('?datetime=2024-01-01/..')).numberMatched).toBe(patchCount);
      expect((await items('?datetime=2024-06-01')).numberMatched).toBe(0);
      expect((await items('?datetime=../2024-12-31')).numberMatched).toBe(0);
      const bad = await get('/ogc/collections/survey-2025/items?datetime=2025', planner);
      expect(bad.json().error).toMatchObject({ code: 'datetime_invalid', field: 'datetime' });
      const none = await get('/ogc/collections/redline/items?datetime=2025-06-01');
      expect(none.statusCode).toBe(400);
      expect(none.json().error).toMatchObject({ code: 'datetime_not_applicable', field: 'datetime' });
    });

    it('puts latitude first under crs=EPSG:4490, and says so in Content-Crs', async () => {
      const plain = (await items('?limit=1')).features[0]!.geometry as MultiPolygon;
      const res = await get(`/ogc/collections/survey-2025/items?limit=1&crs=${encodeURIComponent(EPSG4490)}`, planner);
      expect(res.headers['content-crs']).toBe(`<${EPSG4490}>`);
      const swapped = (res.json() as Page).features[0]!.geometry as MultiPolygon;
      const [lon, lat] = plain.coordinates[0]![0]![0]!;
      expect(lon).toBeGreaterThan(100);
      expect(swapped.coordinates[0]![0]![0]).toEqual([lat, lon]);
      const unknown = await get('/ogc/collections/survey-2025/items?crs=EPSG:3857', planner);
      expect(unknown.json().error).toMatchObject({ code: 'crs_unsupported', field: 'crs' });
    });

    it('reads one feature by id, and 404s unknown collections and features', async () => {
      const f = (await items('?limit=1')).features[0]!;
      const res = await get(`/ogc/collections/survey-2025/items/${f.id}`, planner);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(res.json()).toMatchObject({ type: 'Feature', id: f.id, properties: f.properties });
      for (const url of [
        '/ogc/collections/nothing',
        '/ogc/collections/nothing/items',
        '/ogc/collections/survey-2025/items/99999999',
        '/ogc/collections/survey-2025/items/abc',
      ]) {
        const missing = await get(url, planner);
        expect(missing.statusCode, url).toBe(404);
        expect(missing.json().error.code).toBe('not_found');
      }
      // A feature of another layer is not a feature of this one.
      const other = (await get('/ogc/collections/redline/items?limit=1')).json() as Page;
      expect((await get(`/ogc/collections/survey-2025/items/${other.features[0]!.id}`, planner)).statusCode).toBe(404);
    });

    it('names the parameter of a bad bbox or limit', async () => {
      for (const [query, field] of [
        ['bbox=1,2,3', 'bbox'],
        ['bbox=117,31,a,32', 'bbox'],
        ['bbox=117,32,118,31', 'bbox'],
        ['limit=0', 'limit'],
        ['limit=10001', 'limit'],
        ['limit=many', 'limit'],
        ['offset=-1', 'offset'],
        ['bbox-crs=EPSG:4326&bbox=1,2,3,4', 'bbox-crs'],
      ] as const) {
        const res = await get(`/ogc/collections/survey-2025/items?${query}`, planner);
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error.field, query).toBe(field);
        expect(res.json().error.message).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      }
    });
  });

  describe('permission', () => {
    it('refuses an internal layer to anonymous callers with 401', async () => {
      for (const url of ['/ogc/collections/survey-2025', '/ogc/collections/survey-2025/items']) {
        const res = await get(url);
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('not_signed_in');
      }
    });

    it("refuses a district user another district's layer with 403", async () => {
      const res = await get('/ogc/collections/survey-d2/items', plannerD1);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    });

    it("cuts a city-wide internal layer to a district user's district", async () => {
      const page = await items('?limit=1000', plannerD1);
      const own = [...Array(patchCount).keys()].filter((i) => patchRegion(i) === '990102001');
      expect(page.numberMatched).toBe(own.length);
      expect(page.features.every((f) => f.properties!.region_code === '990102001')).toBe(true);
      const outside = await items(`?bbox=117.3,31.0,117.4,31.2`, plannerD1);
      expect(outside.numberMatched).toBe(0);
    });
  });
});
