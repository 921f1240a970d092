/**
 * Check-ups over HTTP on the hand-made city (finding-test-fixture.ts), refusals first: an evaluator
 * runs the check-up, a department officer only reads it, a district planner cannot touch the city's,
 * and review decisions are the bureau's. Then the loop end to end: run (as a job, waited for), the
 * frozen values, drafting, a cause and a measure, support, review and publication.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, PASSWORD, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { createUser } from '../auth/users.js';
import { loadCheckupFixture } from './finding-test-fixture.js';

const USERS: [string, Role, string, string | null][] = [
  ['planner', 'planner', '9901', null],
  ['planner_d1', 'planner', '990102', null],
  ['evaluator', 'evaluator', '9901', null],
  ['dept', 'department_officer', '9901', 'jyj'],
  ['leader', 'leader', '9901', null],
];

describeEachStore('check-ups over HTTP', (ctx) => {
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  let id: number;
  beforeAll(async () => {
    await loadCheckupFixture(ctx.store);
    await ctx.store.db
      .insertInto('department')
      .values({ code: 'jyj', name: '教育局', name_en: null, region_code: '9901' })
      .execute();
    for (const [username, role, regionCode, departmentCode] of USERS)
      await createUser(ctx.store.db, SYSTEM, { username, role, regionCode, departmentCode, password: PASSWORD });
    app = await startApi(ctx.store);
    for (const [username] of USERS) tokens[username] = await tokenFor(app, username);
  }, 60_000);
  afterAll(() => app?.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, user: string, payload?: object) =>
    app.inject({ method, url, headers: as(user), ...(payload ? { payload } : {}) });

  it('lets an evaluator create and run a check-up; a department officer and another district may not', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/checkups' })).statusCode).toBe(401);
    const body = { kind: 'annual', regionCode: '9901', year: 2025 };
    expect((await call('POST', '/api/checkups', 'dept', body)).statusCode).toBe(403);
    expect((await call('POST', '/api/checkups', 'planner_d1', body)).statusCode).toBe(403);
    const created = await call('POST', '/api/checkups', 'evaluator', body);
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(created.json()).toMatchObject({ title: '示范市2025年度国土空间规划实施体检', status: 'drafting' });

    // The district reads the city's check-up above it, but cannot run, draft or move it.
    expect((await call('GET', `/api/checkups/${id}`, 'planner_d1')).statusCode).toBe(200);
    expect((await call('POST', `/api/checkups/${id}/run?wait=true`, 'planner_d1')).statusCode).toBe(403);
    expect((await call('POST', `/api/checkups/${id}/findings/draft`, 'planner_d1')).statusCode).toBe(403);
    expect(
      (await call('POST', `/api/checkups/${id}/transition`, 'planner_d1', { event: 'start_collecting' })).statusCode,
    ).toBe(403);
    expect((await call('POST', `/api/checkups/${id}/findings/draft`, 'dept')).statusCode).toBe(403);
    expect((await call('GET', `/api/checkups/${id}`, 'dept')).statusCode).toBe(200);
    const wrong = await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event: 'publish' });
    expect(wrong.statusCode).toBe(403);
    const unknown = await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event: 'approve' });
    expect(unknown.statusCode).toBe(400);

    // Another district's check-up: a sibling neither reads nor writes it.
    const other = await call('POST', '/api/checkups', 'planner', { kind: 'special', regionCode: '990103', year: 2025 });
    expect(other.statusCode).toBe(201);
    const otherId = other.json().id as number;
    expect((await call('GET', `/api/checkups/${otherId}`, 'planner_d1')).statusCode).toBe(403);
    expect((await call('PATCH', `/api/checkups/${otherId}`, 'planner_d1', { note: '越权' })).statusCode).toBe(403);
    expect(
      (await call('POST', `/api/checkups/${otherId}/findings`, 'planner_d1', { level: 'unit', title: '越权' }))
        .statusCode,
    ).toBe(403);
    const listed = (await call('GET', '/api/checkups', 'planner_d1')).json().items as { id: number }[];
    expect(listed.map((c) => c.id)).toEqual([id]);
  });

  it('runs the loop: run as a job, frozen values, drafted findings, cause, measure, support, review, publish', async () => {
    for (const event of ['start_collecting', 'start_computing'])
      expect((await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event })).statusCode).toBe(200);
    const early = await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event: 'start_analysis' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('checkup_snapshot_required');

    const run = await call('POST', `/api/checkups/${id}/run?wait=true`, 'evaluator');
    expect(run.statusCode).toBe(200);
    expect(run.json().job).toMatchObject({ kind: 'checkup_run', status: 'succeeded' });
    expect(run.json().job.result.snapshot.seq).toBe(1);

    // Today's values frozen again without a run: seq 2, and no department officer may do it.
    expect((await call('POST', `/api/checkups/${id}/snapshots`, 'dept')).statusCode).toBe(403);
    const again = await call('POST', `/api/checkups/${id}/snapshots`, 'evaluator');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ seq: 2, runId: null });

    const values = await call('GET', `/api/checkups/${id}/values?level=unit&indicator=GX-05`, 'dept');
    expect(values.statusCode).toBe(200);
    expect(values.json().snapshot).toMatchObject({ seq: 2 });
    expect(values.json().items.map((v: { zoneCode: string; value: number }) => [v.zoneCode, v.value])).toEqual([
      ['DY01', 90],
      ['DY02', 88],
      ['DY03', 85],
      ['DY04', 92],
      ['DY05', 87],
      ['DY06', 89],
      ['DY07', 91],
      ['DY08', 86],
      ['DY09', 40],
      ['DY10', 60],
    ]);

    expect(
      (await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event: 'start_analysis' })).statusCode,
    ).toBe(200);
    const draft = await call('POST', `/api/checkups/${id}/findings/draft`, 'evaluator');
    expect(draft.statusCode).toBe(200);
    expect(draft.json().created).toBeGreaterThanOrEqual(4);
    const units = (await call('GET', `/api/checkups/${id}/findings?level=unit`, 'leader')).json().items as {
      id: number;
      sourceKey: string;
    }[];
    const lag = units.find((f) => f.sourceKey === 'peer_lag:unit:GX-05')!;
    expect(lag).toBeDefined();

    const badCause = await call('POST', `/api/findings/${lag.id}/causes`, 'evaluator', {
      category: 'luck',
      description: 'x',
    });
    expect(badCause.statusCode).toBe(400);
    const cause = await call('POST', `/api/findings/${lag.id}/causes`, 'evaluator', {
      category: 'implementation',
      description: '新建小区配套设施未同步交付',
    });
    expect(cause.statusCode).toBe(201);
    expect(
      (await call('POST', `/api/findings/${lag.id}/causes`, 'dept', { category: 'data', description: 'x' })).statusCode,
    ).toBe(403);
    const measure = await call('POST', `/api/findings/${lag.id}/measures`, 'evaluator', {
      path: 'department',
      departmentCode: 'jyj',
      description: '补齐单元9、单元10社区服务设施',
      weight: 2,
    });
    expect(measure.statusCode).toBe(201);
    const patched = await call('PATCH', `/api/measures/${measure.json().id}`, 'evaluator', { weight: 1.5 });
    expect(patched.json().weight).toBe(1.5);

    const support = await call('GET', `/api/findings/${lag.id}/support`, 'dept');
    expect(support.statusCode).toBe(200);
    // XT-02 = 2 × GX-05 + 10 in every unit: r = 1.
    expect(support.json().acrossZones[0]).toMatchObject({ indicatorCode: 'XT-02', n: 10 });
    expect(support.json().acrossZones[0].r).toBeCloseTo(1, 10);

    const edited = await call('PATCH', `/api/findings/${lag.id}`, 'evaluator', {
      title: '单元9、单元10生活圈覆盖明显不足',
    });
    expect(edited.json().origin).toBe('edited');

    expect(
      (await call('POST', `/api/checkups/${id}/transition`, 'evaluator', { event: 'submit_review' })).statusCode,
    ).toBe(200);
    const noReason = await call('POST', `/api/checkups/${id}/transition`, 'planner', { event: 'send_back' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('reason_required');
    // 公示 puts the draft on the public site; sending it back withdraws the notice; 发布 publishes the result.
    const publicPages = async () =>
      ((await app.inject({ method: 'GET', url: '/api/public/publications' })).json().items as { stage: string }[])
        .map((p) => p.stage)
        .sort();
    const move = async (event: string, reason?: string) =>
      (await call('POST', `/api/checkups/${id}/transition`, 'planner', { event, reason })).statusCode;
    expect(await move('start_publicity')).toBe(200);
    expect(await publicPages()).toEqual(['draft_notice']);
    expect(await move('send_back', '公示期间发现单元9数据有误')).toBe(200);
    expect(await publicPages()).toEqual([]);
    for (const event of ['submit_review', 'start_publicity']) expect(await move(event)).toBe(200);
    expect(await publicPages()).toEqual(['draft_notice']);
    expect(await move('publish')).toBe(200);
    expect(await publicPages()).toEqual(['result']);
    const notices = await ctx.store.db
      .selectFrom('publication')
      .select(['stage', 'status'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(notices).toEqual([
      { stage: 'draft_notice', status: 'withdrawn' },
      { stage: 'draft_notice', status: 'closed' },
      { stage: 'result', status: 'open' },
    ]);
    const closed = await call('PATCH', `/api/findings/${lag.id}`, 'evaluator', { title: '再改' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('checkup_closed');

    const detail = (await call('GET', `/api/checkups/${id}`, 'leader')).json();
    expect(detail).toMatchObject({ status: 'published', publishedSnapshotId: detail.currentSnapshotId });
    expect(detail.counts).toMatchObject({ causes: 1, measures: 1, tasks: 0 });
    expect(detail.transitions).toHaveLength(9);
  });
});
