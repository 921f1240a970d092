/**
 * Monitoring over HTTP on a small demo city, refusals first: the catalog, a run started as a job, its
 * warnings and their handling, comparisons, rules and targets.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, PASSWORD, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { createUser } from '../auth/users.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../demo/index.js';

let city: DemoCity;
beforeAll(() => {
  city ??= generateDemoCity({ seed: 'lantu', patches: 3000, years: [2023, 2024, 2025] });
});

const USERS: [string, Role, string, string | null][] = [
  ['admin', 'admin', '9901', null],
  ['planner', 'planner', '9901', null],
  ['leader', 'leader', '9901', null],
  ['dept', 'department_officer', '9901', 'jyj'],
  ['citizen', 'public', '', null],
];

describeEachStore('monitoring over HTTP', (ctx) => {
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  beforeAll(async () => {
    await loadDemoCity(ctx.store, city);
    for (const [username, role, regionCode, departmentCode] of USERS)
      await createUser(ctx.store.db, SYSTEM, { username, role, regionCode, departmentCode, password: PASSWORD });
    app = await startApi(ctx.store);
    for (const [username] of USERS) tokens[username] = await tokenFor(app, username);
  }, 120_000);
  afterAll(() => app?.close());

  /** Start a run and wait for its job to end (the runner works in the background). */
  async function run(year: number, user = 'planner') {
    const res = await app.inject({ method: 'POST', url: '/api/monitoring/runs', headers: as(user), payload: { year } });
    expect(res.statusCode).toBe(202);
    const { runId, jobId } = res.json() as { runId: number; jobId: number };
    for (;;) {
      const r = (await app.inject({ method: 'GET', url: `/api/monitoring/runs/${runId}`, headers: as(user) })).json();
      if (r.status !== 'running') return { runId, jobId, run: r };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('refuses anonymous callers, the public, and roles without the permission', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/indicators' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/indicators', headers: as('citizen') })).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/monitoring/runs',
          headers: as('leader'),
          payload: { year: 2025 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/monitoring/runs', headers: as('dept'), payload: { year: 2025 } }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: '/api/monitoring/rules/1',
          headers: as('planner'),
          payload: { grade: 'red' },
        })
      ).statusCode,
    ).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/monitoring/runs',
      headers: as('planner'),
      payload: { year: 1800 },
    });
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'year' });
  });

  it('browses and filters the catalog', async () => {
    const basic = (
      await app.inject({ method: 'GET', url: '/api/indicators?sourceSystem=tdt1063&tier=basic', headers: as('leader') })
    ).json();
    expect(basic.total).toBe(33);
    expect(basic.system).toMatchObject({ versionNo: 1, status: 'active' });
    const binding = (
      await app.inject({
        method: 'GET',
        url: '/api/indicators?planAttribute=binding&dimension=空间底线',
        headers: as('dept'),
      })
    ).json();
    expect(binding.items.map((i: { code: string }) => i.code)).toContain('MP-04');
    const one = (await app.inject({ method: 'GET', url: '/api/indicators/AQ-18', headers: as('leader') })).json();
    expect(one).toMatchObject({
      name: '人均应急避难场所面积',
      unit: 'm²/人',
      method: 'computed',
      formulaKey: 'shelter_area_per_capita',
      tier: 'basic',
    });
    const formulas = (
      await app.inject({ method: 'GET', url: '/api/indicators/formulas', headers: as('leader') })
    ).json();
    expect(formulas.items.map((f: { key: string }) => f.key)).toEqual(
      expect.arrayContaining(['resident_population', 'shelter_area_per_capita', 'urban_rural_construction_land_area']),
    );
    const versions = (await app.inject({ method: 'GET', url: '/api/indicator-systems', headers: as('leader') })).json();
    expect(versions.items).toHaveLength(1);
  });

  it('runs monitoring as a job with progress, and keeps the run', async () => {
    await run(2023);
    await run(2024);
    const { run: r, jobId } = await run(2025);
    expect(r).toMatchObject({ status: 'succeeded', year: 2025, regionCode: '9901', jobId });
    expect(r.summary).toMatchObject({ year: 2025, targets: null, failures: [] });
    expect(r.summary.snapshot).toBeUndefined();
    // The run is recorded before the job runner marks its job finished: on a busy machine the job row
    // can still say 'running' for a moment after the run reads 'succeeded'.
    const jobRow = () => ctx.store.db.selectFrom('job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    await expect.poll(async () => (await jobRow()).status).not.toBe('running');
    const job = await jobRow();
    expect(job).toMatchObject({ kind: 'monitor', status: 'succeeded', stage: 'done', created_by: 'planner' });
    const runs = (await app.inject({ method: 'GET', url: '/api/monitoring/runs', headers: as('leader') })).json();
    expect(runs.items.map((x: { year: number }) => x.year)).toEqual([2025, 2024, 2023]);
  });

  it('serves values with provenance and a trend series', async () => {
    const values = (
      await app.inject({
        method: 'GET',
        url: '/api/indicators/values?indicator=XT-01&year=2025&zone=9901',
        headers: as('leader'),
      })
    ).json();
    expect(values.items[0]).toMatchObject({
      indicatorCode: 'XT-01',
      method: 'computed',
      stale: false,
      dataVersions: [{ kind: 'population', year: 2025 }],
    });
    const series = (
      await app.inject({ method: 'GET', url: '/api/indicators/MP-15/series?zone=9901', headers: as('leader') })
    ).json();
    expect(series.values.map((v: { year: number }) => v.year)).toEqual([2023, 2024, 2025]);
    expect(series.target).toMatchObject({ indicatorCode: 'MP-15', baseYear: 2020, targetYear: 2035, binding: false });
    expect(series.trajectory).toHaveLength(16);
    expect(series.forecast).toMatchObject({ year: 2035, confidence: 0.9 });
    const targets = (
      await app.inject({
        method: 'GET',
        url: `/api/monitoring/targets?planVersionId=${series.target.planVersionId}&indicator=MP-04`,
        headers: as('leader'),
      })
    ).json();
    expect(targets.items.find((t: { zoneCode: string }) => t.zoneCode === '9901')).toMatchObject({
      bottomLine: true,
      binding: true,
      trajectory: 'linear',
    });
  });

  it('lists warnings most severe first, and handles one through its lifecycle', async () => {
    const list = (
      await app.inject({ method: 'GET', url: '/api/warnings?year=2025&status=open', headers: as('leader') })
    ).json();
    expect(list.total).toBeGreaterThan(0);
    const grades = list.items.map((w: { grade: string }) => w.grade);
    const rank = { red: 0, orange: 1, yellow: 2, blue: 3 } as Record<string, number>;
    expect(grades.map((g: string) => rank[g])).toEqual([...grades.map((g: string) => rank[g])].sort());
    const w = list.items[0];
    expect(w.explanation.zh).toMatch(/触发.色预警规则 #\d+/);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/warnings/${w.id}/transitions`,
          headers: as('leader'),
          payload: { event: 'acknowledge' },
        })
      ).statusCode,
    ).toBe(403);
    const supersede = await app.inject({
      method: 'POST',
      url: `/api/warnings/${w.id}/transitions`,
      headers: as('planner'),
      payload: { event: 'supersede', reason: 'x' },
    });
    expect(supersede.json().error).toMatchObject({ code: 'validation_failed', field: 'event' });
    const ack = await app.inject({
      method: 'POST',
      url: `/api/warnings/${w.id}/transitions`,
      headers: as('planner'),
      payload: { event: 'acknowledge' },
    });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', statusBy: 'planner' });
    const resolve = await app.inject({
      method: 'POST',
      url: `/api/warnings/${w.id}/transitions`,
      headers: as('planner'),
      payload: { event: 'resolve' },
    });
    expect(resolve.json().error).toMatchObject({ code: 'reason_required', field: 'reason' });
  });

  it('compares runs', async () => {
    const runs = (await app.inject({ method: 'GET', url: '/api/monitoring/runs', headers: as('leader') })).json()
      .items as { id: number; year: number }[];
    const [r2025, r2024] = runs;
    const cmp = (
      await app.inject({
        method: 'GET',
        url: `/api/monitoring/runs/${r2024!.id}/compare/${r2025!.id}?indicator=XT-01&zone=9901`,
        headers: as('leader'),
      })
    ).json();
    expect(cmp.a.year).toBe(2024);
    expect(cmp.b.year).toBe(2025);
    expect(cmp.items).toHaveLength(1);
    expect(cmp.items[0].change).toBeCloseTo(cmp.items[0].b - cmp.items[0].a, 9);
  });

  it('an administrator changes a rule; the latest runs are re-evaluated', async () => {
    const rules = (await app.inject({ method: 'GET', url: '/api/monitoring/rules', headers: as('leader') })).json();
    const orange = rules.items.find(
      (r: { kind: string; grade: string }) => r.kind === 'deviation' && r.grade === 'orange',
    );
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/monitoring/rules/${orange.id}`,
      headers: as('admin'),
      payload: { threshold: 3 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().rule).toMatchObject({ id: orange.id, threshold: 3 });
    expect(res.json().reevaluated.map((r: { year: number }) => r.year)).toEqual([2023, 2024, 2025]);
    const own = await app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: as('admin'),
      payload: { indicatorCode: 'MP-15', kind: 'deviation', grade: 'red', threshold: 0.5 },
    });
    expect(own.statusCode).toBe(201);
    const noThreshold = await app.inject({
      method: 'POST',
      url: '/api/monitoring/rules',
      headers: as('admin'),
      payload: { kind: 'deviation', grade: 'red' },
    });
    expect(noThreshold.json().error).toMatchObject({ code: 'threshold_required' });
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('activity')
      .where('entity_type', '=', 'warning_rule')
      .execute();
    expect(audit.map((a) => a.activity).sort()).toEqual(['warning_rule.created', 'warning_rule.updated']);
  });

  it('publishes the monitoring routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/indicators',
      '/api/indicators/{code}/series',
      '/api/indicators/submissions/batch',
      '/api/monitoring/runs',
      '/api/monitoring/runs/{id}/compare/{otherId}',
      '/api/warnings/{id}/transitions',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
