/**
 * Public participation over HTTP on both stores: a check-up published as a 公示 with its frozen page,
 * the public's comments screened (personal data masked, spam held), the public views checked for leaks
 * on the JSON itself, the handling workflow's refusals, the rate limit, the report download, and a
 * satisfaction survey from questions to scores, results and values fed for review.
 * Each test that writes as the public uses its own client address, so rate limits and the one-response
 * guard of one test do not spill into another.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import { publishCheckup } from './publications.js';
import {
  INTERNAL_EVIDENCE,
  PLANNING_UNIT,
  REPORT_BYTES,
  SATISFACTION,
  seedCheckup,
  seedSurveyWorld,
  type SeededCheckup,
} from './participation-test-setup.js';

const VALID_ID = '11010519491231002X'; // check digit worked out in screening.test.ts
const CLEAN = '建议在示范一区增加社区公园和养老设施';

describeEachStore('public participation over HTTP', (ctx) => {
  let app: FastifyInstance;
  let seeded: SeededCheckup;
  let notice: { id: number; content: Record<string, unknown>; reportId: number | null };
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  let ip = 0;
  /** A fresh client address per call site, so limits and duplicate guards are the test's own. */
  const nextIp = () => `203.0.113.${++ip}`;

  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedSurveyWorld(ctx.store);
    seeded = await seedCheckup(ctx.store);
    app = await startApi(ctx.store);
    for (const u of ['admin', 'planner', 'planner_d2', 'evaluator', 'citizen', 'dept'])
      tokens[u] = await tokenFor(app, u);
  });
  afterAll(() => app?.close());

  const comment = (publicationId: number, payload: Record<string, unknown>, remoteAddress = nextIp()) =>
    app.inject({
      method: 'POST',
      url: `/api/public/publications/${publicationId}/comments`,
      payload,
      remoteAddress,
    });

  it('publishes a 公示 that freezes the public content, without internal evidence or names', async () => {
    const body = { entityType: 'checkup', entityId: seeded.checkupId, stage: 'draft_notice' };
    expect((await app.inject({ method: 'POST', url: '/api/publications', payload: body })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/api/publications', headers: as('citizen'), payload: body }))
        .statusCode,
    ).toBe(403);
    // evaluators run check-ups but publishing is the bureau's
    expect(
      (await app.inject({ method: 'POST', url: '/api/publications', headers: as('evaluator'), payload: body }))
        .statusCode,
    ).toBe(403);
    // a district planner cannot publish the city's check-up
    expect(
      (await app.inject({ method: 'POST', url: '/api/publications', headers: as('planner_d2'), payload: body }))
        .statusCode,
    ).toBe(403);
    const res = await app.inject({ method: 'POST', url: '/api/publications', headers: as('planner'), payload: body });
    expect(res.statusCode, res.body).toBe(201);
    notice = res.json();
    expect(res.json()).toMatchObject({ stage: 'draft_notice', status: 'open', acceptsComments: true });
    expect(notice.reportId).toBe(seeded.reportId);
    // 30-day 公示期 by default
    const { opensAt, closesAt } = res.json() as { opensAt: string; closesAt: string };
    expect(Date.parse(closesAt) - Date.parse(opensAt)).toBe(30 * 86_400_000);
    const content = notice.content as {
      checkup: { title: string; year: number };
      indicators: { code: string; name: string; zoneCode: string; value: number; target: number | null }[];
      findings: Record<string, unknown>[];
      tasks: Record<string, unknown>[];
    };
    expect(content.checkup).toMatchObject({ title: '示范市 2025 年度体检', year: 2025 });
    expect(content.indicators.map((i) => [i.code, i.name, i.zoneCode, i.value, i.target])).toEqual([
      ['LOC-01', '国土开发强度', '9901', 31.5, 30],
      ['LOC-01', '国土开发强度', '990102', 40.25, null],
    ]);
    expect(content.findings).toEqual([
      { id: seeded.findingId, title: '国土开发强度超过目标', level: 'city', zoneCode: '9901', severity: 'red' },
    ]);
    expect(content.tasks).toEqual([
      {
        title: '盘活存量建设用地 200 公顷',
        departmentCode: 'jyj',
        departmentName: '教育局',
        zoneCode: '9901',
        deadline: '2026-06-30',
        status: 'in_progress',
        progress: 40,
      },
    ]);
    const json = JSON.stringify(notice.content);
    for (const secret of [INTERNAL_EVIDENCE, '详细分析（内部）', '王某某', 'evaluator_wang', 'import-run-9', '4711'])
      expect(json).not.toContain(secret);

    // Frozen: a later edit of the finding does not change the page.
    await ctx.store.db
      .updateTable('checkup_finding')
      .set({ title: '改过的标题' })
      .where('id', '=', seeded.findingId)
      .execute();
    const page = (await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` })).json();
    expect(page.content.findings[0].title).toBe('国土开发强度超过目标');

    const again = await app.inject({ method: 'POST', url: '/api/publications', headers: as('planner'), payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('publication_exists');

    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['activity', 'actor_name'])
      .where('entity_type', '=', 'publication')
      .where('entity_id', '=', String(notice.id))
      .execute();
    expect(audit).toEqual([{ activity: 'publication.created', actor_name: 'planner' }]);
  });

  it('screens comments: clean ones shown at once, personal data masked and held, spam held', async () => {
    const clean = await comment(notice.id, { body: CLEAN, name: '张三', contact: '13900001111', zoneCode: '990102' });
    expect(clean.statusCode, clean.body).toBe(201);
    expect(clean.json()).toMatchObject({ moderation: 'approved', status: 'received' });

    const personal = await comment(notice.id, {
      body: `我家在一区，电话13812345678，身份证${VALID_ID}，请联系`,
      name: '李四',
    });
    expect(personal.json()).toMatchObject({ moderation: 'pending' });
    const link = await comment(notice.id, { body: '更多规划内幕请看 http://spam.example/x 有惊喜' });
    expect(link.json()).toMatchObject({ moderation: 'pending' });
    const short = await comment(notice.id, { body: '顶！' });
    expect(short.json()).toMatchObject({ moderation: 'pending' });
    // the same text again from the same client
    const address = nextIp();
    const first = await comment(notice.id, { body: '请保留老城区的梧桐树和街巷肌理' }, address);
    const repeat = await comment(notice.id, { body: '请保留老城区的梧桐树和街巷肌理' }, address);
    expect([first.json().moderation, repeat.json().moderation]).toEqual(['approved', 'pending']);

    const rows = await ctx.store.db
      .selectFrom('public_comment')
      .select(['id', 'body', 'public_body', 'moderation', 'moderation_flags', 'client_hash'])
      .orderBy('id')
      .execute();
    const flags = rows.map((r) =>
      typeof r.moderation_flags === 'string' ? JSON.parse(r.moderation_flags) : r.moderation_flags,
    );
    expect(flags).toEqual([[], ['personal_data'], ['spam'], ['spam'], [], ['spam']]);
    expect(rows[1]!.public_body).toBe('我家在一区，电话138****5678，身份证1101**********002X，请联系');
    expect(rows[1]!.body).toContain('13812345678'); // as written, internal only
    // the address is never stored, only its keyed hash
    expect(rows[0]!.client_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[4]!.client_hash).toBe(rows[5]!.client_hash);
    expect(rows[0]!.client_hash).not.toBe(rows[4]!.client_hash);
    const stored = JSON.stringify(await ctx.store.db.selectFrom('public_comment').selectAll().execute());
    expect(stored).not.toContain('203.0.113.');
  });

  it('refuses bad comments with bilingual messages', async () => {
    const long = await comment(notice.id, { body: '长'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'validation_failed', field: 'body' });
    const zone = await comment(notice.id, { body: CLEAN + '一', zoneCode: '99' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error).toMatchObject({ code: 'zone_invalid', field: 'zoneCode' });
    expect(zone.json().error.message.zh).toContain('不在 9901 范围内');
    expect(zone.json().error.message.en).toContain('outside 9901');
    expect((await comment(99999, { body: CLEAN })).statusCode).toBe(404);
  });

  it('public views never carry names, contacts or client hashes, and show only approved comments', async () => {
    const hashes = (await ctx.store.db.selectFrom('public_comment').select('client_hash').execute()).map(
      (r) => r.client_hash!,
    );
    const pending = await ctx.store.db
      .selectFrom('public_comment')
      .select('id')
      .where('body', 'like', '%13812345678%')
      .executeTakeFirstOrThrow();
    let page = await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json().comments.map((c: { body: string }) => c.body)).toEqual([
      CLEAN,
      '请保留老城区的梧桐树和街巷肌理',
    ]);

    // A moderator approves the held comment: the public sees it masked.
    const moderated = await app.inject({
      method: 'POST',
      url: `/api/comments/${pending.id}/moderate`,
      headers: as('planner'),
      payload: { decision: 'approve' },
    });
    expect(moderated.statusCode, moderated.body).toBe(200);
    page = await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` });
    const list = await app.inject({ method: 'GET', url: '/api/public/publications?regionCode=9901' });
    for (const res of [page, list]) {
      const text = res.body;
      for (const leak of [
        '张三',
        '李四',
        '13900001111',
        '13812345678',
        VALID_ID,
        'authorName',
        'contact',
        'clientHash',
        'client_hash',
        'createdBy',
        ...hashes,
      ])
        expect(text).not.toContain(leak);
    }
    expect(page.json().comments[1]).toEqual({
      id: pending.id,
      zoneCode: null,
      body: '我家在一区，电话138****5678，身份证1101**********002X，请联系',
      createdAt: expect.any(String),
      status: 'received',
      answer: null,
    });
    expect(list.json().items.map((p: { id: number }) => p.id)).toContain(notice.id);
    // staff see name and contact
    const staff = await app.inject({
      method: 'GET',
      url: `/api/comments?publication=${notice.id}`,
      headers: as('planner'),
    });
    expect(staff.json().items.find((c: { authorName: string }) => c.authorName === '张三')).toMatchObject({
      contact: '13900001111',
    });
  });

  it('enforces received → assigned → answered and who may handle comments', async () => {
    const [clean] = await ctx.store.db.selectFrom('public_comment').select('id').where('body', '=', CLEAN).execute();
    const id = clean!.id;
    const post = (user: string | null, action: string, payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/comments/${id}/${action}`,
        headers: user ? as(user) : {},
        payload,
      });
    expect((await post(null, 'moderate', { decision: 'reject' })).statusCode).toBe(401);
    expect((await post('citizen', 'moderate', { decision: 'reject' })).statusCode).toBe(403);
    expect((await post('dept', 'assign', { departmentCode: 'jyj' })).statusCode).toBe(403);
    expect((await post('planner_d2', 'assign', { departmentCode: 'jyj' })).statusCode).toBe(403);

    const early = await post('planner', 'answer', { answer: '已采纳', publish: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('comment_transition_refused');
    expect(early.json().error.message.en).toContain('assign it to a department first');
    const unknown = await post('planner', 'assign', { departmentCode: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('departmentCode');

    expect((await post('planner', 'assign', { departmentCode: 'jyj' })).json()).toMatchObject({
      status: 'assigned',
      assignedDepartment: 'jyj',
    });
    const draft = await post('planner', 'answer', { answer: '草拟答复', publish: false });
    expect(draft.json()).toMatchObject({ status: 'answered', answerPublished: false });
    let page = (await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` })).json();
    expect(page.comments.find((c: { id: number }) => c.id === id).answer).toBeNull();
    await post('planner', 'answer', { answer: '已纳入一区公园绿地专项规划', publish: true });
    page = (await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` })).json();
    expect(page.comments.find((c: { id: number }) => c.id === id)).toMatchObject({
      status: 'answered',
      answer: '已纳入一区公园绿地专项规划',
    });
    // answered comments cannot go back to assignment
    expect((await post('planner', 'assign', { departmentCode: 'jyj' })).statusCode).toBe(409);

    // a rejected comment is not handled; its answer cannot be published either
    const spam = await ctx.store.db
      .selectFrom('public_comment')
      .select('id')
      .where('body', 'like', '%spam.example%')
      .executeTakeFirstOrThrow();
    await app.inject({
      method: 'POST',
      url: `/api/comments/${spam.id}/moderate`,
      headers: as('planner'),
      payload: { decision: 'reject', flags: ['spam'] },
    });
    const assignRejected = await app.inject({
      method: 'POST',
      url: `/api/comments/${spam.id}/assign`,
      headers: as('planner'),
      payload: { departmentCode: 'jyj' },
    });
    expect(assignRejected.json().error.code).toBe('comment_rejected');

    const steps = await ctx.store.db
      .selectFrom('audit_log')
      .select('activity')
      .where('entity_type', '=', 'public_comment')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(steps.map((s) => s.activity)).toEqual([
      'comment.received',
      'comment.assigned',
      'comment.answered',
      'comment.answered',
    ]);
  });

  it('lets the public download the report the publication names', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}/report` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('示范市2025年度体检报告.html'));
    expect(Buffer.compare(res.rawPayload, REPORT_BYTES)).toBe(0);
  });

  it('answers 429 in the one error shape when a client writes too often', async () => {
    const address = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await comment(notice.id, { body: `第${i}条关于一区绿地布局的意见` }, address)).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await comment(notice.id, { body: '再来一条关于绿地的意见' }, address);
    expect(limited.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: { zh: '请求过于频繁，请稍后再试', en: 'too many requests; try again later' },
      },
    });
    // another client is not affected
    expect((await comment(notice.id, { body: '另一位市民关于绿地的意见' })).statusCode).toBe(201);
  });

  it('closes a notice to comments, and a withdrawn one leaves the public site', async () => {
    const close = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/publications/${notice.id}/transition`,
        headers: as('planner'),
        payload,
      });
    expect((await close({ event: 'close' })).json()).toMatchObject({ status: 'closed', acceptsComments: false });
    const refused = await comment(notice.id, { body: CLEAN });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('publication_closed');
    expect((await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` })).statusCode).toBe(200);

    const noReason = await close({ event: 'withdraw' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    expect((await close({ event: 'withdraw', reason: '内容有误，更正后重新公示' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/public/publications/${notice.id}/report` })).statusCode).toBe(
      404,
    );
  });

  it('publishes the result: an announcement that takes no comments', async () => {
    const wrongStage = await app.inject({
      method: 'POST',
      url: '/api/publications',
      headers: as('planner'),
      payload: { entityType: 'checkup', entityId: seeded.checkupId, stage: 'result' },
    });
    // the check-up is still under review
    expect(wrongStage.statusCode).toBe(409);
    await ctx.store.db.updateTable('checkup').set({ status: 'published' }).where('id', '=', seeded.checkupId).execute();
    const result = await app.inject({
      method: 'POST',
      url: '/api/publications',
      headers: as('planner'),
      payload: { entityType: 'checkup', entityId: seeded.checkupId, stage: 'result' },
    });
    expect(result.statusCode, result.body).toBe(201);
    expect(result.json()).toMatchObject({ closesAt: null, acceptsComments: false });
    expect((await comment(result.json().id, { body: CLEAN })).statusCode).toBe(409);
    const list = (await app.inject({ method: 'GET', url: '/api/public/publications' })).json();
    expect(list.items.map((p: { id: number }) => p.id)).toEqual([result.json().id]);
  });

  // ── surveys ────────────────────────────────────────────────────────────

  let surveyId: number;
  const QUESTIONS = [
    {
      key: 'env',
      textZh: '您对社区环境的满意程度',
      textEn: 'Your satisfaction with the environment',
      kind: 'rating',
      weight: 2,
    },
    {
      key: 'traffic',
      textZh: '您对出行便利的满意程度',
      textEn: 'Your satisfaction with getting around',
      kind: 'rating',
    },
    { key: 'park', textZh: '最常去的公共空间', kind: 'choice', options: ['公园', '广场', '滨水空间'] },
    { key: 'say', textZh: '其他建议', kind: 'text' },
  ];
  const respond = (payload: object, remoteAddress = nextIp()) =>
    app.inject({ method: 'POST', url: `/api/public/surveys/${surveyId}/responses`, payload, remoteAddress });

  it('defines a survey, refusing bad questionnaires, and opens it', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/surveys',
      headers: as('planner'),
      payload: { regionCode: '9901', title: '满意度', questions: [QUESTIONS[0], QUESTIONS[0]] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'question_invalid', field: 'questions.1.key' });
    const computed = await app.inject({
      method: 'POST',
      url: '/api/surveys',
      headers: as('planner'),
      payload: { regionCode: '9901', title: '满意度', questions: QUESTIONS, indicatorCode: 'LOC-01' },
    });
    expect(computed.json().error.code).toBe('indicator_computed');
    const res = await app.inject({
      method: 'POST',
      url: '/api/surveys',
      headers: as('planner'),
      payload: {
        regionCode: '9901',
        title: '2025 年社区生活圈满意度调查',
        questions: QUESTIONS,
        indicatorCode: SATISFACTION,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    surveyId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'draft' });
    expect((await respond({ zoneCode: PLANNING_UNIT, answers: { env: 5, traffic: 5 } })).statusCode).toBe(404);
    const open = await app.inject({
      method: 'PATCH',
      url: `/api/surveys/${surveyId}`,
      headers: as('planner'),
      payload: { status: 'open' },
    });
    expect(open.json()).toMatchObject({ status: 'open' });
    const frozen = await app.inject({
      method: 'PATCH',
      url: `/api/surveys/${surveyId}`,
      headers: as('planner'),
      payload: { questions: QUESTIONS.slice(0, 1) },
    });
    expect(frozen.json().error.code).toBe('survey_not_draft');
    const listed = (await app.inject({ method: 'GET', url: '/api/public/surveys?regionCode=990102' })).json();
    expect(listed.items).toEqual([]); // the survey is the city's, not the district's
    const city = (await app.inject({ method: 'GET', url: '/api/public/surveys?regionCode=9901' })).json();
    expect(city.items.map((i: { id: number }) => i.id)).toEqual([surveyId]);
    const pub = await app.inject({ method: 'GET', url: `/api/public/surveys/${surveyId}` });
    expect(pub.json()).toMatchObject({ acceptsResponses: true });
    expect(pub.body).not.toContain(SATISFACTION);
    // The places one may answer for, by name: the city's regions and its planning units, nothing else.
    const zones = pub.json().zones as { code: string; kind: string }[];
    expect(zones.map((z) => z.code)).toContain(PLANNING_UNIT);
    expect(zones.map((z) => z.code)).toContain('990102');
    expect(zones.map((z) => z.code)).not.toContain('99'); // the province is above the survey's city
    expect(zones.every((z) => ['region', 'planning_unit'].includes(z.kind))).toBe(true);
  });

  it('scores responses, takes one per client a day, and aggregates per unit', async () => {
    const address = nextIp();
    const r1 = await respond(
      { zoneCode: PLANNING_UNIT, answers: { env: 5, traffic: 2, park: '公园', say: '希望多建口袋公园' } },
      address,
    );
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().score).toBe(75); // (2·100 + 1·25) / 3
    const twice = await respond({ zoneCode: PLANNING_UNIT, answers: { env: 1, traffic: 1 } }, address);
    expect(twice.statusCode).toBe(429);
    expect(twice.json().error.code).toBe('already_answered');
    expect(
      (await respond({ zoneCode: PLANNING_UNIT, answers: { env: 3, traffic: 3, park: '广场' } })).json().score,
    ).toBe(50);
    expect((await respond({ zoneCode: '990103', answers: { env: 4, traffic: 5 } })).json().score).toBeCloseTo(
      250 / 3,
      10,
    );

    // two answers from one client at the same moment: one is taken
    const racer = nextIp();
    const race = await Promise.all([
      respond({ zoneCode: '990103', answers: { env: 1, traffic: 1 } }, racer),
      respond({ zoneCode: '990103', answers: { env: 1, traffic: 1 } }, racer),
    ]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 429]);
    // removed again so the hand-computed results below stand
    await ctx.store.db
      .deleteFrom('survey_response')
      .where('id', '=', Math.max(...race.map((r) => r.json().id ?? 0)))
      .execute();

    const outside = await respond({ zoneCode: '99', answers: { env: 4, traffic: 5 } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('zoneCode');
    const rating = await respond({ zoneCode: '990103', answers: { env: 6, traffic: 5 } });
    expect(rating.json().error).toMatchObject({ code: 'rating_invalid', field: 'answers.env' });

    expect(
      (await app.inject({ method: 'GET', url: `/api/surveys/${surveyId}/results`, headers: as('citizen') })).statusCode,
    ).toBe(403);
    const results = await app.inject({
      method: 'GET',
      url: `/api/surveys/${surveyId}/results`,
      headers: as('planner'),
    });
    const r = results.json();
    expect(r.overall.n).toBe(3);
    expect(r.overall.meanScore).toBeCloseTo((75 + 50 + 250 / 3) / 3, 10);
    expect(r.overall.questions.env).toEqual({ answered: 3, counts: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 }, mean: 4 });
    expect(r.overall.questions.park).toEqual({ answered: 2, counts: { 公园: 1, 广场: 1, 滨水空间: 0 } });
    expect(r.overall.questions.say).toEqual({ answered: 1 });
    expect(
      r.units.map((u: { zoneCode: string; n: number; meanScore: number }) => [u.zoneCode, u.n, u.meanScore]),
    ).toEqual([
      ['990103', 1, expect.closeTo(250 / 3, 10)],
      [PLANNING_UNIT, 2, 62.5],
    ]);
    // free text is never public, and the results do not repeat it either
    expect(results.body).not.toContain('口袋公园');
    expect((await app.inject({ method: 'GET', url: `/api/public/surveys/${surveyId}` })).body).not.toContain(
      '口袋公园',
    );
  });

  it('feeds per-unit mean scores as submissions that are reviewed like any reported value', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/surveys/${surveyId}/feed`,
          headers: as('evaluator'),
          payload: { year: 2025 },
        })
      ).statusCode,
    ).toBe(403);
    const fed = await app.inject({
      method: 'POST',
      url: `/api/surveys/${surveyId}/feed`,
      headers: as('planner'),
      payload: { year: 2025 },
    });
    expect(fed.statusCode, fed.body).toBe(201);
    const rows = await ctx.store.db
      .selectFrom('indicator_submission')
      .select(['id', 'indicator_code', 'zone_code', 'year', 'value', 'status', 'submitted_by'])
      .where('indicator_code', '=', SATISFACTION)
      .orderBy('zone_code')
      .execute();
    expect(rows.map((s) => [s.zone_code, s.year, Number(s.value), s.status, s.submitted_by])).toEqual([
      ['990103', 2025, 83.33, 'submitted', 'planner'],
      [PLANNING_UNIT, 2025, 62.5, 'submitted', 'planner'],
    ]);
    const accept = await app.inject({
      method: 'POST',
      url: `/api/indicators/submissions/${rows[1]!.id}/review`,
      headers: as('admin'),
      payload: { event: 'accept' },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const value = await ctx.store.db
      .selectFrom('indicator_value')
      .select(['value', 'method'])
      .where('indicator_code', '=', SATISFACTION)
      .where('zone_code', '=', PLANNING_UNIT)
      .where('year', '=', 2025)
      .executeTakeFirstOrThrow();
    expect([Number(value.value), value.method]).toEqual([62.5, 'reported']);
  });

  it('documents every participation route in the OpenAPI description', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(spec.paths).filter((p) => /publications|comments|surveys/.test(p));
    expect(paths.sort()).toEqual([
      '/api/comments',
      '/api/comments/{id}/answer',
      '/api/comments/{id}/assign',
      '/api/comments/{id}/moderate',
      '/api/public/publications',
      '/api/public/publications/{id}',
      '/api/public/publications/{id}/comments',
      '/api/public/publications/{id}/report',
      '/api/public/surveys',
      '/api/public/surveys/{id}',
      '/api/public/surveys/{id}/responses',
      '/api/publications',
      '/api/publications/{id}',
      '/api/publications/{id}/transition',
      '/api/surveys',
      '/api/surveys/{id}',
      '/api/surveys/{id}/feed',
      '/api/surveys/{id}/results',
    ]);
    expect(spec.paths['/api/public/publications/{id}/comments'].post.summary).toMatch(/^对公示提出意见.*Comment/);
  });

  it('publishes inside the caller’s transaction, so the workflow’s move and the page commit together', async () => {
    const other = await seedCheckup(ctx.store, 'publicising');
    const count = async () =>
      (await ctx.store.db.selectFrom('publication').select('id').where('entity_id', '=', other.checkupId).execute())
        .length;
    await expect(
      ctx.store.db.transaction().execute(async (trx) => {
        await publishCheckup(trx, SYSTEM, other.checkupId, 'draft_notice');
        throw new Error('the workflow failed after publishing');
      }),
    ).rejects.toThrow('the workflow failed');
    expect(await count()).toBe(0);
    const page = await ctx.store.db
      .transaction()
      .execute((trx) => publishCheckup(trx, SYSTEM, other.checkupId, 'draft_notice'));
    expect(page.status).toBe('open');
    expect(await count()).toBe(1);
  });
});
