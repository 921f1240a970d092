/**
 * Tasks over HTTP on both stores, refusals first: who may set tasks, who may report on them (their own
 * department only, as lead or co-department), the one bilingual error shape naming the field, then the
 * boards, rollup, readback and carry-over as a caller sees them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, PASSWORD, seedWorld, startApi, tokenFor, USERS } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import { createUser } from '../auth/users.js';
import { addFindingWithMeasures, addSecondDepartment, makeCheckup, putValue } from './task-test-setup.js';

describeEachStore('check-up tasks over HTTP', (ctx) => {
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  let previous: number;
  let current: number;
  let measureId: number;
  let jyjTask: number;

  beforeAll(async () => {
    await seedWorld(ctx.store);
    await addSecondDepartment(ctx.store);
    await createUser(ctx.store.db, SYSTEM, {
      username: 'dept_jtj',
      role: 'department_officer',
      regionCode: '9901',
      departmentCode: 'jtj',
      password: PASSWORD,
    });
    await putValue(ctx.store, 'LOC-01', '9901', 2024, 22);
    previous = await makeCheckup(ctx.store, 2024);
    current = await makeCheckup(ctx.store, 2025, previous);
    [measureId] = (await addFindingWithMeasures(ctx.store, previous, '开发强度偏高', [1])) as [number];
    app = await startApi(ctx.store);
    for (const u of [...USERS.map((x) => x.username).filter((n) => n !== 'citizen'), 'dept_jtj', 'citizen'])
      tokens[u] = await tokenFor(app, u);
  }, 120_000);
  afterAll(() => app?.close());

  const newTask = {
    title: '控制全市开发强度',
    departmentCode: 'jyj',
    deadline: '2099-12-31',
    targetIndicatorCode: 'LOC-01',
    targetValue: 18,
  };

  it('lets only check-up managers inside the region set tasks', async () => {
    const url = `/api/measures/${measureId}/tasks`;
    expect((await app.inject({ method: 'POST', url, payload: newTask })).statusCode).toBe(401);
    for (const user of ['citizen', 'leader', 'dept', 'planner_d1'])
      expect((await app.inject({ method: 'POST', url, headers: as(user), payload: newTask })).statusCode, user).toBe(
        403,
      );
    const created = await app.inject({ method: 'POST', url, headers: as('evaluator'), payload: newTask });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ baselineValue: 22, status: 'open', overdue: false, progress: 0 });
    jyjTask = created.json().id;
    // The finding's chain reaches down to the task, as its page shows it.
    const findings = (
      await app.inject({ method: 'GET', url: `/api/checkups/${previous}/findings`, headers: as('leader') })
    ).json();
    const measure = (findings.items ?? findings)
      .flatMap((f: { measures: { id: number }[] }) => f.measures)
      .find((m: { id: number }) => m.id === measureId);
    expect(measure.tasks).toEqual([
      {
        id: jyjTask,
        title: '控制全市开发强度',
        departmentCode: 'jyj',
        deadline: '2099-12-31',
        status: 'open',
        progress: 0,
      },
    ]);
  });

  it('answers bad input with the one bilingual error shape naming the field', async () => {
    const url = `/api/measures/${measureId}/tasks`;
    const badDept = await app.inject({
      method: 'POST',
      url,
      headers: as('planner'),
      payload: { ...newTask, departmentCode: 'nope' },
    });
    expect(badDept.statusCode).toBe(400);
    expect(badDept.json().error).toMatchObject({ code: 'department_unknown', field: 'departmentCode' });
    expect(badDept.json().error.message.zh).toContain('部门不存在');
    const badDate = await app.inject({
      method: 'POST',
      url,
      headers: as('planner'),
      payload: { ...newTask, deadline: '2025-13-01' },
    });
    expect(badDate.json().error).toMatchObject({ code: 'deadline_invalid', field: 'deadline' });
    const neither = await app.inject({
      method: 'POST',
      url,
      headers: as('planner'),
      payload: { title: 'x', departmentCode: 'jyj', deadline: '2099-01-01' },
    });
    expect(neither.json().error.code).toBe('task_target_required');
    const schema = await app.inject({
      method: 'POST',
      url: `/api/tasks/${jyjTask}/reports`,
      headers: as('dept'),
      payload: { progress: 150 },
    });
    expect(schema.statusCode).toBe(400);
  });

  it('takes progress reports from the task’s own department only', async () => {
    const url = `/api/tasks/${jyjTask}/reports`;
    const other = await app.inject({ method: 'POST', url, headers: as('dept_jtj'), payload: { progress: 10 } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toEqual({
      zh: '无权处理其他部门（jyj）的事项',
      en: 'no right to act for another department (jyj)',
    });
    expect(
      (await app.inject({ method: 'POST', url, headers: as('planner'), payload: { progress: 10 } })).statusCode,
    ).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: as('dept'),
      payload: { progress: 40, note: '已完成清单', evidence: [{ kind: 'link', value: 'https://example.org/a' }] },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ progress: 40, status: 'in_progress' });
    expect(ok.json().reports).toHaveLength(1);
    // The project list carries the rolled-up progress: the one live task at 40 %, no task yet in the other.
    const list = (await app.inject({ method: 'GET', url: '/api/checkups', headers: as('leader') })).json().items as {
      id: number;
      progress: number | null;
    }[];
    expect(list.find((c) => c.id === previous)?.progress).toBe(40);
    expect(list.find((c) => c.id === current)?.progress).toBeNull();
    const back = await app.inject({ method: 'POST', url, headers: as('dept'), payload: { progress: 20 } });
    expect(back.json().error).toMatchObject({ code: 'progress_backwards_needs_note', field: 'note' });

    // Sharing the task with jtj lets jtj report too.
    const shared = await app.inject({
      method: 'PATCH',
      url: `/api/tasks/${jyjTask}`,
      headers: as('planner'),
      payload: { coDepartments: ['jtj'] },
    });
    expect(shared.statusCode, shared.body).toBe(200);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/tasks/${jyjTask}`,
      headers: as('planner'),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url, headers: as('dept_jtj'), payload: { progress: 50 } })).statusCode,
    ).toBe(201);
  });

  it('shows the boards: the check-up’s, my department’s, one task with its reports', async () => {
    const board = await app.inject({
      method: 'GET',
      url: `/api/checkups/${previous}/tasks?department=jtj&overdue=false`,
      headers: as('leader'),
    });
    expect(board.statusCode).toBe(200);
    expect(board.json().items.map((t: { id: number }) => t.id)).toEqual([jyjTask]);
    expect(
      (await app.inject({ method: 'GET', url: `/api/checkups/${previous}/tasks`, headers: as('citizen') })).statusCode,
    ).toBe(403);
    const mine = await app.inject({ method: 'GET', url: '/api/tasks/mine', headers: as('dept_jtj') });
    expect(mine.json().items.map((t: { id: number }) => t.id)).toEqual([jyjTask]);
    expect((await app.inject({ method: 'GET', url: '/api/tasks/mine', headers: as('planner') })).statusCode).toBe(400);
    const one = await app.inject({ method: 'GET', url: `/api/tasks/${jyjTask}`, headers: as('dept') });
    expect(one.json().reports.map((r: { progress: number }) => r.progress)).toEqual([40, 50]);
    expect((await app.inject({ method: 'GET', url: '/api/tasks/999999', headers: as('dept') })).statusCode).toBe(404);
  });

  it('rolls up, reads back, carries over — each behind its permission', async () => {
    const rollup = await app.inject({ method: 'GET', url: `/api/checkups/${previous}/rollup`, headers: as('leader') });
    expect(rollup.json()).toMatchObject({ progress: 50, tasks: { total: 1, overdue: 0 } });
    const noPrevious = await app.inject({
      method: 'GET',
      url: `/api/checkups/${previous}/readback`,
      headers: as('planner'),
    });
    expect(noPrevious.statusCode).toBe(409);
    const readback = await app.inject({
      method: 'GET',
      url: `/api/checkups/${current}/readback`,
      headers: as('leader'),
    });
    expect(readback.json().summary).toMatchObject({ tasks: 1, closed: 0, closedShare: 0, indicatorTasks: 1 });
    const url = `/api/checkups/${current}/carry-over`;
    expect((await app.inject({ method: 'POST', url, headers: as('leader') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: as('dept') })).statusCode).toBe(403);
    const carried = await app.inject({ method: 'POST', url, headers: as('planner') });
    expect(carried.statusCode, carried.body).toBe(200);
    expect(carried.json().carried.map((t: { carriedFromId: number }) => t.carriedFromId)).toEqual([jyjTask]);
    expect((await app.inject({ method: 'POST', url, headers: as('planner') })).json().carried).toEqual([]);

    const cancel = await app.inject({
      method: 'PATCH',
      url: `/api/tasks/${jyjTask}`,
      headers: as('planner'),
      payload: { cancel: true },
    });
    expect(cancel.json().error).toMatchObject({ code: 'reason_required', field: 'reason' });
    const cancelled = await app.inject({
      method: 'PATCH',
      url: `/api/tasks/${jyjTask}`,
      headers: as('planner'),
      payload: { cancel: true, reason: '已由下一轮接续' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
  });
});
