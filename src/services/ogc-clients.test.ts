/**
 * OGC API – Features as real clients see it, against a listening server holding a small demo city:
 * GDAL's OAPIF driver (ogrinfo, ogr2ogr), and QGIS's own OAPIF provider — a separate implementation,
 * the one a planner's "Add WFS / OGC API – Features layer" uses — through PyQGIS
 * (test/qgis/oapif-layer.py). Both are mandatory under CI=true; locally a missing one skips its
 * tests, loudly.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import { createUser } from '../auth/users.js';
import { resolveConfig } from '../config.js';
import { generateDemoCity, loadDemoCity } from '../demo/index.js';
import { buildServer } from '../http/server.js';

const run = promisify(execFile);
const gdal = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
const gdalMissing = gdal.error !== undefined || gdal.status !== 0;
if (gdalMissing && process.env.CI === 'true') {
  throw new Error('CI=true: GDAL (ogrinfo, ogr2ogr) is required for the OGC API client test; install gdal-bin');
}
if (gdalMissing) {
  console.warn('\n[lantu] OGC API GDAL client test SKIPPED — ogrinfo not found (apt-get install gdal-bin)\n');
}

/** Debian's Python, where python3-qgis installs PyQGIS (a `python3` earlier on PATH may be another). */
const PYTHON = '/usr/bin/python3';
const qgis = spawnSync(PYTHON, ['-c', 'import qgis.core'], { encoding: 'utf8' });
const qgisMissing = qgis.error !== undefined || qgis.status !== 0;
if (qgisMissing && process.env.CI === 'true') {
  throw new Error('CI=true: PyQGIS is required for the QGIS OAPIF client test; install python3-qgis');
}
if (qgisMissing) {
  console.warn('\n[lantu] OGC API QGIS client test SKIPPED — PyQGIS not found (apt-get install python3-qgis)\n');
}

/** What QGIS sees of a collection added as a layer (test/qgis/oapif-layer.py). */
interface QgisLayer {
  valid: boolean;
  error?: string;
  crs: string;
  geometryType: string;
  fields: string[];
  count: number;
  distinctGeometries: number;
  emptyGeometries: number;
  first: Record<string, string | null> | null;
  extent: [number, number, number, number];
}

const PASSWORD = 'correct-horse-battery';

describe.skipIf(gdalMissing)('OGC API – Features through GDAL and QGIS', () => {
  describeEachStore('OAPIF clients', (ctx) => {
    let app: FastifyInstance;
    let ogc: string;
    let ogcUrl: string;
    let token: string;
    const requests: string[] = [];
    const ogr = async (command: 'ogrinfo' | 'ogr2ogr', args: string[], headers?: string) => {
      const config = headers ? ['--config', 'GDAL_HTTP_HEADERS', headers] : [];
      const { stdout } = await run(command, [...config, ...args], {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_VSIL_CURL_CACHE_SIZE: '0' },
      });
      return stdout;
    };

    beforeAll(async () => {
      await loadDemoCity(ctx.store, generateDemoCity({ patches: 3000, years: [2025] }));
      await createUser(ctx.store.db, SYSTEM, {
        username: 'gis',
        role: 'planner',
        regionCode: '9901',
        password: PASSWORD,
      });
      app = await buildServer({ store: ctx.store, config: resolveConfig({ dataDir: ctx.dir }, {}) });
      app.addHook('onRequest', async (request) => void requests.push(request.url));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      ogcUrl = `http://127.0.0.1:${address.port}/ogc`;
      ogc = `OAPIF:${ogcUrl}`;
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'gis', password: PASSWORD },
      });
      token = login.json().token;
    }, 300_000);
    afterAll(() => app?.close());

    const layerOf = (code: string) =>
      ctx.store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

    it('ogrinfo lists the public collections to an anonymous client', async () => {
      const out = await ogr('ogrinfo', ['-ro', '-q', ogc]);
      for (const code of ['controlline-v1', 'planningzone-v2', 'plannedlanduse-v1', 'zones']) {
        expect(out).toMatch(new RegExp(`^\\d+: ${code} `, 'm'));
      }
      expect(out).not.toContain('landsurvey-2025');
    });

    it('ogrinfo reads one feature by fid inside a spatial filter', async () => {
      const layer = await layerOf('controlline-v1');
      const row = await ctx.store.db
        .selectFrom('control_line')
        .select(['fid', 'line_type', 'name'])
        .where('layer_id', '=', layer.id)
        .orderBy('fid')
        .limit(1)
        .offset(3)
        .executeTakeFirstOrThrow();
      const out = await ogr('ogrinfo', [
        '-ro',
        ogc,
        'controlline-v1',
        '-spat',
        '116',
        '31',
        '118',
        '33',
        '-fid',
        String(row.fid),
      ]);
      expect(out).toContain(`OGRFeature(controlline-v1):${row.fid}`);
      expect(out).toContain(`line_type (String) = ${row.line_type}`);
    });

    it('ogr2ogr copies a whole collection, paging through next links', async () => {
      const layer = await layerOf('controlline-v1');
      requests.length = 0;
      const out = await ogr('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', ogc, 'controlline-v1']);
      const copied = JSON.parse(out) as FeatureCollection;
      expect(copied.features).toHaveLength(layer.feature_count);
      const pages = requests.filter((url) => url.startsWith('/ogc/collections/controlline-v1/items'));
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.some((url) => url.includes('offset='))).toBe(true);
      expect(new Set(copied.features.map((f) => JSON.stringify(f.geometry))).size).toBe(layer.feature_count);
    });

    it('a signed-in client also reads internal layers, within a bbox', async () => {
      const auth = `Authorization: Bearer ${token}`;
      const list = await ogr('ogrinfo', ['-ro', '-q', ogc], auth);
      expect(list).toMatch(/^\d+: landsurvey-2025 /m);
      const out = await ogr(
        'ogr2ogr',
        ['-f', 'GeoJSON', '/vsistdout/', ogc, 'landsurvey-2025', '-spat', '117.25', '31.78', '117.27', '31.8'],
        auth,
      );
      const copied = JSON.parse(out) as FeatureCollection;
      expect(copied.features.length).toBeGreaterThan(0);
      expect(copied.features.every((f) => typeof f.properties!.dlbm === 'string')).toBe(true);
    });

    it.skipIf(qgisMissing)(
      'QGIS adds a public collection as a layer and reads every feature',
      async () => {
        const layer = await layerOf('controlline-v1');
        requests.length = 0;
        const { stdout } = await run(PYTHON, ['test/qgis/oapif-layer.py', ogcUrl, 'controlline-v1'], {
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
        });
        const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as QgisLayer;
        expect(seen, seen.error).toMatchObject({ valid: true, crs: 'EPSG:4326' });
        expect(seen.geometryType).toMatch(/Polygon/);
        expect(seen.fields).toEqual(expect.arrayContaining(['line_type', 'name']));
        expect(seen.count).toBe(layer.feature_count);
        expect(seen.distinctGeometries).toBe(layer.feature_count);
        expect(seen.emptyGeometries).toBe(0);
        expect(seen.first!.line_type).toMatch(/\S/);
        // The demo city lies around 117°E 31.8°N; QGIS reads CRS84 as lon/lat.
        const [minX, minY, maxX, maxY] = seen.extent;
        expect(minX).toBeGreaterThan(116);
        expect(maxX).toBeLessThan(119);
        expect(minY).toBeGreaterThan(30);
        expect(maxY).toBeLessThan(33);
        // QGIS found the collection through the landing page and collections, and paged the items.
        expect(requests.some((url) => url.startsWith('/ogc/collections/controlline-v1/items'))).toBe(true);
      },
      120_000,
    );
  });
});
