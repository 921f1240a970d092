/**
 * Imports, jobs and exports through the HTTP API on both stores — refusals first (401, 403, 400
 * naming the field), then uploads that run as background jobs, their reports, and exports GDAL reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { writeDirtySample } from '../demo/index.js';
import { ogr2ogr, ogrinfo, patchCollection, PATCHES } from './test/files.js';

/** The test parcels moved into district 990102 of the API fixture's world (117.0–117.2°E, 31.0–31.2°N). */
const inDistrict = () => patchCollection(([x, y]) => [x! - 0.2, y! - 0.75]);

function form(fields: Record<string, string>, files: { field?: string; path: string; name?: string }[] = []): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const f of files)
    data.append(f.field ?? 'file', new Blob([fs.readFileSync(f.path)]), f.name ?? path.basename(f.path));
  return data;
}

describeEachStore('imports over HTTP', (ctx) => {
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  let geojson: string;
  let shpParts: string[];
  let dirty: string;

  const post = (who: string | null, payload: FormData | object) =>
    app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: who ? bearer(tokens[who]!) : {},
      payload: payload as FormData,
    });
  const get = (who: string | null, url: string) =>
    app.inject({ method: 'GET', url, headers: who ? bearer(tokens[who]!) : {} });

  /** Poll the job until it has ended (the runner works one job at a time). */
  async function settled(who: string, jobId: number) {
    for (let i = 0; i < 600; i++) {
      const job = (await get(who, `/api/jobs/${jobId}`)).json();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not end`);
  }

  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
    for (const u of ['admin', 'planner', 'planner_d1', 'planner_d2', 'dept', 'evaluator'])
      tokens[u] = await tokenFor(app, u);
    geojson = path.join(ctx.dir, 'dltb.geojson');
    fs.writeFileSync(geojson, JSON.stringify(inDistrict()));
    const shp = path.join(ctx.dir, 'shp', '地类图斑.shp');
    fs.mkdirSync(path.dirname(shp));
    ogr2ogr(['-f', 'ESRI Shapefile', shp, geojson, '-lco', 'ENCODING=GBK', '-a_srs', 'EPSG:4490']);
    shpParts = ['.shp', '.shx', '.dbf', '.prj', '.cpg'].map((e) => shp.replace('.shp', e));
    await writeDirtySample(path.join(ctx.dir, 'dirty'));
    dirty = path.join(ctx.dir, 'dirty', 'dirty-landsurvey.geojson');
  }, 60_000);
  afterAll(async () => app?.close());

  it('refuses anonymous uploads (401) and roles without data.import (403)', async () => {
    expect((await post(null, form({ layer: 'x' }, [{ path: geojson }]))).statusCode).toBe(401);
    const res = await post('dept', form({ layer: 'x' }, [{ path: geojson }]));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('refuses imports into regions outside the importer’s scope (403)', async () => {
    expect((await post('planner_d1', form({ layer: 'd2', region: '990103' }, [{ path: geojson }]))).statusCode).toBe(
      403,
    );
    // The city's public red line belongs to 9901: a district planner may read it, not replace it.
    expect((await post('planner_d1', form({ layer: 'redline' }, [{ path: geojson }]))).statusCode).toBe(403);
  });

  it('answers 400 naming the field for a missing file or layer, bad options and unknown fields', async () => {
    const cases: [FormData | object, string][] = [
      [form({ layer: 'x' }), 'file'],
      [form({}, [{ path: geojson }]), 'layer'],
      [form({ layer: 'x', preset: 'cadastre' }, [{ path: geojson }]), 'preset'],
      [form({ layer: 'x', mode: 'some' }, [{ path: geojson }]), 'mode'],
      [form({ layer: 'x', encoding: 'EBCDIC' }, [{ path: geojson }]), 'encoding'],
      [form({ layer: 'x', crs: 'UTM' }, [{ path: geojson }]), 'crs'],
      [form({ layer: 'x', lineType: '红线以外' }, [{ path: geojson }]), 'lineType'],
      [form({ layer: 'x', region: '990199' }, [{ path: geojson }]), 'region'],
      [form({ layer: 'x', colour: 'red' }, [{ path: geojson }]), 'colour'],
      [form({ layer: 'x' }, [{ path: geojson, field: 'attributes' }, { path: geojson }]), 'attributesKey'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('planner_d1', payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.field, field).toBe(field);
    }
    const json = await app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: bearer(tokens.planner_d1!),
      payload: { layer: 'x' },
    });
    expect(json.statusCode).toBe(400);
  });

  it('imports an upload in the background: 202, a job to poll, then the import and its report', async () => {
    const res = await post('planner_d1', form({ layer: 'survey-d1', title: '一区现状图斑' }, [{ path: geojson }]));
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json();
    const job = await settled('planner_d1', jobId);
    expect(job).toMatchObject({ kind: 'import', status: 'succeeded', regionCode: '990102', createdBy: 'planner_d1' });
    expect(job.result).toMatchObject({ status: 'loaded', counts: { read: 6, loaded: 6, rejected: 0 } });
    const report = (await get('planner_d1', `/api/imports/${job.result.importId}`)).json();
    expect(report).toMatchObject({
      layerCode: 'survey-d1',
      fileName: 'dltb.geojson',
      status: 'loaded',
      jobId,
      counts: { read: 6, loaded: 6 },
      issues: { total: 0, items: [] },
    });
    const layer = (await get('planner_d1', '/api/layers/survey-d1')).json();
    expect(layer).toMatchObject({ title: '一区现状图斑', featureCount: 6, regionCode: '990102' });
    const history = (await get('planner_d1', '/api/imports?layer=survey-d1')).json();
    expect(history.items.map((i: { id: number }) => i.id)).toEqual([job.result.importId]);
    // Peers elsewhere see neither the job nor the import.
    expect((await get('planner_d2', `/api/jobs/${jobId}`)).statusCode).toBe(403);
    expect((await get('planner_d2', `/api/imports/${job.result.importId}`)).statusCode).toBe(403);
    expect((await get(null, `/api/jobs/${jobId}`)).statusCode).toBe(401);
  });

  it('takes a Shapefile as its parts, with GBK attributes and a Chinese file name', async () => {
    const res = await post(
      'planner_d1',
      form(
        { layer: 'survey-shp' },
        shpParts.map((p) => ({ path: p })),
      ),
    );
    expect(res.statusCode).toBe(202);
    const job = await settled('planner_d1', res.json().jobId);
    expect(job.result).toMatchObject({ status: 'loaded', fileName: '地类图斑.shp', format: 'shapefile' });
    const features = (await get('planner_d1', '/api/layers/survey-shp/features')).json();
    expect(features.features.map((f: { properties: { dlmc: string } }) => f.properties.dlmc)).toEqual(
      PATCHES.map((p) => p.DLMC),
    );
  });

  it('keeps a rejected import’s report, filtered and paged', async () => {
    const res = await post('planner', form({ layer: 'dirty', region: '9901' }, [{ path: dirty }]));
    const job = await settled('planner', res.json().jobId);
    // The job ran to its end; the import itself was refused.
    expect(job).toMatchObject({ status: 'succeeded', result: { status: 'rejected' } });
    const id = job.result.importId;
    const dup = (await get('planner', `/api/imports/${id}?issue=duplicate_id`)).json();
    // The sample lies north of this world's city, so every placeable feature is outside its extent too.
    expect(dup.issues.items.map((i: { row: number; action: string }) => [i.row, i.action])).toEqual([
      [2, 'rejected'],
      [31, 'rejected'],
    ]);
    expect(dup.issues.byCode.outside_region_extent).toBe(37);
    const page = (await get('planner', `/api/imports/${id}?limit=5&offset=5`)).json();
    expect(page.issues).toMatchObject({ limit: 5, offset: 5 });
    expect(page.issues.items).toHaveLength(5);
    expect(page.issues.byCode.duplicate_id).toBe(2);
    expect((await get('planner', `/api/imports/${id}?issue=nonsense`)).json().error.field).toBe('issue');
  });

  it('records a failed job with the error the import raised', async () => {
    const txt = path.join(ctx.dir, 'notes.txt');
    fs.writeFileSync(txt, 'not a layer');
    const res = await post('planner_d1', form({ layer: 'notes' }, [{ path: txt }]));
    const job = await settled('planner_d1', res.json().jobId);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'format_unsupported', field: 'file' } });
  });

  it('exports a layer for data.export holders only, as a file GDAL reads', async () => {
    expect((await get(null, '/api/layers/survey-d1/export')).statusCode).toBe(401);
    expect((await get('dept', '/api/layers/survey-d1/export')).statusCode).toBe(403);
    const bad = await get('planner_d1', '/api/layers/survey-d1/export?format=kml');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('format');
    const res = await get('planner_d1', '/api/layers/survey-d1/export?format=gpkg&crs=EPSG:4527');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/geopackage+sqlite3');
    expect(res.headers['content-disposition']).toContain('survey-d1.gpkg');
    expect(res.headers['x-feature-count']).toBe('6');
    const out = path.join(ctx.dir, 'exported.gpkg');
    fs.writeFileSync(out, res.rawPayload);
    const info = ogrinfo(['-so', '-al', out]);
    expect(info).toContain('Feature Count: 6');
    expect(info).toMatch(/ID\["EPSG",4527\]\]/);
    const shp = await get('planner_d1', '/api/layers/survey-d1/export?format=shp&filter=dlbm=0101');
    expect(shp.headers['content-type']).toBe('application/zip');
    expect(shp.headers['x-feature-count']).toBe('1');
    expect((await get('planner_d1', '/api/layers/survey-d1/export?filter=attrs=1')).json().error.field).toBe('filter');
  });
});
