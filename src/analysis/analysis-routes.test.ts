import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';

const parcel = {
  type: 'Polygon',
  coordinates: [
    [
      [117.02, 31.015],
      [117.04, 31.015],
      [117.04, 31.025],
      [117.02, 31.025],
      [117.02, 31.015],
    ],
  ],
};
const zonal = { zones: { kinds: ['region'], level: 'county' }, layer: 'survey-d1', classField: 'dlbm' };

describeEachStore('HTTP API: zonal statistics and conflict checks', (ctx) => {
  let app: FastifyInstance;
  let planner: string;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
    planner = await tokenFor(app, 'planner');
  });
  afterAll(() => app?.close());

  const post = (url: string, payload: unknown, token?: string) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: token ? bearer(token) : {} });

  it('asks anonymous callers to sign in', async () => {
    expect((await post('/api/analysis/conflicts', { geometry: parcel })).statusCode).toBe(401);
    expect((await post('/api/analysis/zonal', zonal)).statusCode).toBe(401);
  });

  it('refuses roles without analysis.run', async () => {
    for (const username of ['leader', 'dept', 'citizen']) {
      const token = await tokenFor(app, username);
      const res = await post('/api/analysis/conflicts', { geometry: parcel }, token);
      expect(res.statusCode, username).toBe(403);
      expect(res.json().error.message.en).toContain('analysis.run');
    }
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/analysis/conflicts', {}, 'geometry'],
      ['/api/analysis/conflicts', { geometry: { type: 'Point', coordinates: [117, 31] } }, 'geometry'],
      ['/api/analysis/conflicts', { geometry: parcel, crs: 'bd09' }, 'crs'],
      ['/api/analysis/conflicts', { geometry: parcel, layers: ['nope'] }, 'layers'],
      ['/api/analysis/zonal', { zones: { kinds: ['region'] } }, 'layer'],
      ['/api/analysis/zonal', { ...zonal, layer: 'nope' }, 'layer'],
      ['/api/analysis/zonal', { ...zonal, classField: 'password_hash' }, 'classField'],
      ['/api/analysis/zonal', { ...zonal, zones: { kinds: ['district'] } }, 'zones.kinds.0'],
    ];
    for (const [url, body, field] of cases) {
      const res = await post(url, body, planner);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = res.json().error;
      expect(error.field, JSON.stringify(body)).toBe(field);
      expect(error.message.zh).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
  });

  it('keeps a district planner to their own district', async () => {
    const other = await tokenFor(app, 'planner_d2');
    const res = await post('/api/analysis/zonal', zonal, other);
    expect(res.statusCode).toBe(403);
  });

  it('checks a parcel against the control lines in force', async () => {
    const res = await post('/api/analysis/conflicts', { geometry: parcel }, planner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.conflict).toBe(true);
    expect(body.hits[0]).toMatchObject({ layer: 'redline', class: '生态保护红线' });
    expect(body.hits[0].areaM2).toBeGreaterThan(1e6);
    expect(body.hits[0].evidence.type).toBe('MultiPolygon');
  });

  it('computes zonal statistics with their provenance', async () => {
    const res = await post('/api/analysis/zonal', zonal, planner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.cells).toEqual([expect.objectContaining({ zone: '990102', class: '0101', features: 1 })]);
    expect(body.provenance.layer).toMatchObject({ code: 'survey-d1', featuresRead: 1 });
  });

  it('lists both routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/analysis/zonal', '/api/analysis/conflicts']));
  });
});
