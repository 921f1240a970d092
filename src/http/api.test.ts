import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, square, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { currentSchemaVersion } from '../store/migrate.js';

describeEachStore('HTTP API: health, OpenAPI, access rules', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
  });
  afterAll(() => app?.close());

  it('reports the store kind and schema version', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({
      status: 'ok',
      store: ctx.kind,
      schemaVersion: currentSchemaVersion(),
      schemaCurrent: true,
    });
  });

  it('publishes an OpenAPI document covering the routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/login',
      '/api/zones',
      '/api/plans/{id}/versions',
      '/api/layers/{code}/features',
      '/api/audit',
      '/api/users',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('serves the reference catalogs to anyone', async () => {
    const level1 = (await app.inject({ method: 'GET', url: '/api/catalogs/ydyh2023?level=1' })).json();
    expect(level1).toHaveLength(24);
    const walk = (
      await app.inject({ method: 'GET', url: '/api/catalogs/crosswalk?from=sandiao&code=0101&to=ydyh2023' })
    ).json();
    expect(walk.map((c: { code?: string; toCode?: string }) => c.code ?? c.toCode)).toContain('0101');
    const bad = await app.inject({ method: 'GET', url: '/api/catalogs/crosswalk?from=sandiao&code=0101' });
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'to' });
  });

  it('answers unknown routes in the one error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'route_not_found' });
  });

  it('refuses to start when a route declares no access rule', async () => {
    const { buildServer } = await import('./server.js');
    const { resolveConfig } = await import('../config.js');
    const bad = await buildServer({ store: ctx.store, config: resolveConfig({}, {}) });
    expect(() => bad.get('/api/forgotten', async () => 'open')).toThrow(/declares no access rule/);
    await bad.close();
  });

  it('asks anonymous callers to sign in and refuses roles without the permission', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/zones' })).statusCode).toBe(401);
    const citizen = await tokenFor(app, 'citizen');
    const res = await app.inject({ method: 'GET', url: '/api/zones', headers: bearer(citizen) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message.en).toContain('zone.read');
    const evaluator = await tokenFor(app, 'evaluator');
    const write = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: bearer(evaluator),
      payload: { name: '某规划', kind: 'special', level: 'city', regionCode: '9901', baseYear: 2020, targetYear: 2035 },
    });
    expect(write.statusCode).toBe(403);
  });
});

describeEachStore('region scope: a district user and another district', (ctx) => {
  let app: FastifyInstance;
  let d1: string;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
    d1 = await tokenFor(app, 'planner_d1');
  });
  afterAll(() => app?.close());

  it('reads its own district and the city above it', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/zones/990102001', headers: bearer(d1) })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/zones/9901', headers: bearer(d1) })).statusCode).toBe(200);
  });

  it('gets 403 reading another district', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/zones/990103001', headers: bearer(d1) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message.zh).toContain('990103001');
    const list = await app.inject({ method: 'GET', url: '/api/zones?kind=region', headers: bearer(d1) });
    expect(list.json().map((z: { code: string }) => z.code)).toEqual(['99', '9901', '990102', '990102001']);
  });

  it('gets 403 writing another district, and nothing is written', async () => {
    const before = await ctx.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await app.inject({
      method: 'POST',
      url: '/api/zones',
      headers: bearer(d1),
      payload: {
        code: 'GZ-D2',
        kind: 'governance',
        level: '园区',
        name: '二区产业园',
        regionCode: '990103',
        geometry: square(117.25, 31.05, 0.02),
      },
    });
    expect(res.statusCode).toBe(403);
    const plan = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: bearer(d1),
      payload: {
        name: '二区详细规划',
        kind: 'detailed',
        level: 'county',
        regionCode: '990103',
        baseYear: 2020,
        targetYear: 2035,
      },
    });
    expect(plan.statusCode).toBe(403);
    expect(
      await ctx.store.db.selectFrom('zone').select('code').where('code', '=', 'GZ-D2').executeTakeFirst(),
    ).toBeUndefined();
    const after = await ctx.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('writes inside its own district, audited with before and after', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/zones',
      headers: bearer(d1),
      payload: {
        code: 'GZ-D1',
        kind: 'governance',
        level: '园区',
        name: '一区产业园',
        regionCode: '990102',
        geometry: { type: 'Polygon', coordinates: square(117.05, 31.05, 0.02).coordinates[0] },
      },
    });
    expect(created.statusCode).toBe(201);
    const renamed = await app.inject({
      method: 'PATCH',
      url: '/api/zones/GZ-D1',
      headers: bearer(d1),
      payload: { name: '一区智造园' },
    });
    expect(renamed.json().name).toBe('一区智造园');
    const zone = await app.inject({ method: 'GET', url: '/api/zones/GZ-D1', headers: bearer(d1) });
    expect(zone.json().geometry.type).toBe('MultiPolygon');
    const admin = await tokenFor(app, 'admin');
    const log = await app.inject({
      method: 'GET',
      url: '/api/audit?entityType=zone&entityId=GZ-D1',
      headers: bearer(admin),
    });
    const items = log.json().items;
    expect(items.map((i: { activity: string }) => i.activity)).toEqual(['zone.updated', 'zone.created']);
    expect(items[0]).toMatchObject({
      actorName: 'planner_d1',
      before: { name: '一区产业园' },
      after: { name: '一区智造园' },
    });
  });

  it('rejects a malformed geometry naming where it is wrong', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/zones',
      headers: bearer(d1),
      payload: {
        code: 'GZ-BAD',
        kind: 'governance',
        name: '坏几何',
        regionCode: '990102',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [117, 31],
              [117.1, 31],
              [117.1, 31.1],
            ],
          ],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'geometry_invalid', field: 'geometry' });
    expect(res.json().error.message.en).toContain('coordinates[0]');
    const projected = await app.inject({
      method: 'POST',
      url: '/api/zones',
      headers: bearer(d1),
      payload: {
        code: 'GZ-BAD',
        kind: 'governance',
        name: '坏几何',
        regionCode: '990102',
        geometry: { type: 'Point', coordinates: [39500000, 3500000] },
      },
    });
    expect(projected.json().error.code).toBe('geometry_invalid');
  });

  it('shows internal layers only inside scope and public layers to everyone', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/layers' });
    expect(anonymous.json().map((l: { code: string }) => l.code)).toEqual(['redline']);
    expect((await app.inject({ method: 'GET', url: '/api/layers/survey-d1/features' })).statusCode).toBe(403);
    const features = await app.inject({ method: 'GET', url: '/api/layers/redline/features?bbox=117,31,117.2,31.2' });
    expect(features.json()).toMatchObject({ type: 'FeatureCollection', numberMatched: 1 });
    expect(features.json().features[0].properties).toMatchObject({ line_type: '生态保护红线' });
    const outside = await app.inject({ method: 'GET', url: '/api/layers/redline/features?bbox=118,32,118.1,32.1' });
    expect(outside.json().numberMatched).toBe(0);
    const d2 = await tokenFor(app, 'planner_d2');
    expect((await app.inject({ method: 'GET', url: '/api/layers/survey-d1', headers: bearer(d2) })).statusCode).toBe(
      403,
    );
    const own = await app.inject({ method: 'GET', url: '/api/layers/survey-d1/features', headers: bearer(d1) });
    expect(own.json().features[0].properties.attrs).toEqual({ DLBM: '0101' });
    const badBbox = await app.inject({ method: 'GET', url: '/api/layers/redline/features?bbox=1,2,3' });
    expect(badBbox.json().error).toMatchObject({ code: 'bbox_invalid', field: 'bbox' });
  });
});

describeEachStore('plans: versions and the guarded workflow', (ctx) => {
  let app: FastifyInstance;
  let planner: string;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
    planner = await tokenFor(app, 'planner');
  });
  afterAll(() => app?.close());

  it('creates a plan, changes it into a new version, and keeps the old version readable', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: bearer(planner),
      payload: {
        name: '示范市综合交通专项规划',
        kind: 'special',
        level: 'city',
        regionCode: '9901',
        baseYear: 2020,
        nearYear: 2025,
        targetYear: 2035,
      },
    });
    expect(created.statusCode).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({ status: 'drafting', versions: [{ versionNo: 1, isCurrent: true }] });
    const v2 = await app.inject({
      method: 'POST',
      url: `/api/plans/${plan.id}/versions`,
      headers: bearer(planner),
      payload: { label: '第一次修改', changeReason: '新增轨道交通线路' },
    });
    expect(v2.json()).toMatchObject({ versionNo: 2, isCurrent: true, createdBy: 'planner' });
    const old = await app.inject({ method: 'GET', url: `/api/plans/${plan.id}/versions/1`, headers: bearer(planner) });
    expect(old.json().version).toMatchObject({ versionNo: 1, isCurrent: false });
    const all = await app.inject({ method: 'GET', url: `/api/plans/${plan.id}`, headers: bearer(planner) });
    expect(all.json().versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
  });

  it('moves through the workflow only by allowed events, with reasons where required', async () => {
    const plan = (
      await app.inject({
        method: 'POST',
        url: '/api/plans',
        headers: bearer(planner),
        payload: {
          name: '示范市历史文化名城保护规划',
          kind: 'special',
          level: 'city',
          regionCode: '9901',
          baseYear: 2020,
          targetYear: 2035,
        },
      })
    ).json();
    const go = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/plans/${plan.id}/transitions`, headers: bearer(planner), payload });
    expect((await go({ event: 'approve', approvalDoc: 'X' })).json().error.code).toBe('plan_transition_refused');
    expect((await go({ event: 'submit' })).json().status).toBe('reviewing');
    expect((await go({ event: 'send_back' })).json().error).toMatchObject({ code: 'reason_required', field: 'reason' });
    expect((await go({ event: 'send_back', reason: '底图年份不对' })).json().status).toBe('drafting');
    await go({ event: 'submit' });
    expect((await go({ event: 'approve' })).json().error.field).toBe('approvalDoc');
    const approved = (
      await go({ event: 'approve', approvalDoc: '示政复〔2026〕12号', approvalDate: '2026-06-01' })
    ).json();
    expect(approved).toMatchObject({
      status: 'approved',
      approvalDoc: '示政复〔2026〕12号',
      approvalDate: '2026-06-01',
    });
    expect((await go({ event: 'launch' })).statusCode).toBe(400);
  });

  it('refuses an inconsistent plan period', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: bearer(planner),
      payload: {
        name: '倒置的规划',
        kind: 'special',
        level: 'city',
        regionCode: '9901',
        baseYear: 2035,
        targetYear: 2020,
      },
    });
    expect(res.json().error).toMatchObject({ code: 'plan_period_invalid', field: 'targetYear' });
  });
});
