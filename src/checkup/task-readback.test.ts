/**
 * Readback and carry-over across two check-ups on both stores. The 2024 check-up sets tasks against the
 * values of 2024 (no snapshot, so the latest indicator values up to 2024); the 2025 check-up has a
 * frozen snapshot for the city and for district 990103, but not for 990102 (so there the latest value up
 * to 2025 counts). Worked by hand:
 *
 *   tA LOC-01 city     target 18: baseline 22 → 19 (snapshot): change −3, wanted −4 → toward; 19 > 18 not reached; done
 *   tB LOC-01 990102   target 10: baseline  8 →  7 (value 2025): change −1, wanted +2 → away;   in progress 50
 *   tF LOC-01 990103   target  5: baseline  9 →  4 (snapshot): change −5, wanted −4 → toward; 4 ≤ 5 reached; open
 *   tC deliverable, due 2020-01-01, done today → closed late
 *   tD deliverable, cancelled → listed, left out of the shares
 *   tE deliverable, open
 *
 *   closed 2 of 5 counted = 0.4; indicator tasks 3, toward 2 = 0.6667, reached 1.
 */
import { beforeAll, expect, it } from 'vitest';
import { seedWorld } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { LantuError } from '../errors.js';
import { carryOverTasks, CARRY_OVER_TITLE } from './task-carry-over.js';
import { checkupReadback, judgeIndicator } from './task-readback.js';
import { reportProgress } from './task-reports.js';
import { checkupRollup } from './task-rollup.js';
import {
  addFindingWithMeasures,
  addSecondDepartment,
  freezeSnapshot,
  JYJ_OFFICER,
  makeCheckup,
  PLANNER,
  putValue,
} from './task-test-setup.js';
import { cancelTask, createTask, type TaskInput } from './tasks.js';

const TODAY = '2025-03-01';

it('judges direction from the side the target lies on', () => {
  expect(judgeIndicator(22, 19, 18)).toEqual({ change: -3, movedTowardTarget: true, targetReached: false });
  expect(judgeIndicator(8, 7, 10)).toEqual({ change: -1, movedTowardTarget: false, targetReached: false });
  expect(judgeIndicator(9, 4, 5)).toEqual({ change: -5, movedTowardTarget: true, targetReached: true });
  expect(judgeIndicator(0.1, 0.3, 1)).toEqual({ change: 0.2, movedTowardTarget: true, targetReached: false });
  expect(judgeIndicator(null, 4, 5)).toEqual({ change: null, movedTowardTarget: null, targetReached: null });
});

describeEachStore('task readback and carry-over', (ctx) => {
  let first: number;
  let second: number;
  const t: Record<string, number> = {};

  beforeAll(async () => {
    await seedWorld(ctx.store);
    await addSecondDepartment(ctx.store);
    const db = ctx.store.db;
    for (const [zone, v2024, v2025] of [
      ['9901', 22, 25],
      ['990102', 8, 7],
      ['990103', 9, 12],
    ] as const) {
      await putValue(ctx.store, 'LOC-01', zone, 2024, v2024);
      await putValue(ctx.store, 'LOC-01', zone, 2025, v2025);
    }
    first = await makeCheckup(ctx.store, 2024);
    const [m] = (await addFindingWithMeasures(ctx.store, first, '开发强度偏高', [1])) as [number];
    const indicator = (zoneCode: string | null, targetValue: number): TaskInput => ({
      title: `控制开发强度 ${zoneCode ?? '全市'}`,
      departmentCode: 'jyj',
      deadline: '2099-12-31',
      zoneCode,
      targetIndicatorCode: 'LOC-01',
      targetValue,
    });
    const deliverable = (title: string, deadline: string): TaskInput => ({
      title,
      departmentCode: 'jyj',
      deadline,
      deliverable: title,
    });
    t.A = (await createTask(db, PLANNER, m, indicator(null, 18), TODAY)).id;
    t.B = (await createTask(db, PLANNER, m, { ...indicator('990102', 10), coDepartments: ['jtj'] }, TODAY)).id;
    t.C = (await createTask(db, PLANNER, m, deliverable('编制专项规划', '2020-01-01'), TODAY)).id;
    t.D = (await createTask(db, PLANNER, m, deliverable('取消的任务', '2099-12-31'), TODAY)).id;
    t.E = (await createTask(db, PLANNER, m, deliverable('出台实施细则', '2099-12-31'), TODAY)).id;
    t.F = (await createTask(db, PLANNER, m, indicator('990103', 5), TODAY)).id;
    await reportProgress(db, JYJ_OFFICER, t.A, { progress: 100 }, TODAY);
    await reportProgress(db, JYJ_OFFICER, t.B, { progress: 50, note: '推进中' }, TODAY);
    await reportProgress(db, JYJ_OFFICER, t.C, { progress: 100, status: 'done' }, TODAY);
    await cancelTask(db, PLANNER, t.D, '不再需要', TODAY);

    second = await makeCheckup(ctx.store, 2025, first);
    await freezeSnapshot(ctx.store, second, 2025, [
      ['LOC-01', '9901', 19],
      ['LOC-01', '990103', 4],
    ]);
  });

  it('reads back the previous check-up: closed or not, on time or late, and whether each indicator moved', async () => {
    const r = await checkupReadback(ctx.store.db, PLANNER, second);
    expect(r.previousCheckupId).toBe(first);
    const by = new Map(r.tasks.map((x) => [x.taskId, x]));
    expect(by.get(t.A!)).toMatchObject({ status: 'done', closed: true, closedOnTime: true, progress: 100 });
    expect(by.get(t.A!)!.indicator).toEqual({
      indicatorCode: 'LOC-01',
      zoneCode: '9901',
      baselineValue: 22,
      currentValue: 19,
      currentYear: 2025,
      change: -3,
      targetValue: 18,
      movedTowardTarget: true,
      targetReached: false,
    });
    expect(by.get(t.B!)).toMatchObject({ status: 'in_progress', closed: false, closedOnTime: null, progress: 50 });
    expect(by.get(t.B!)!.indicator).toMatchObject({
      zoneCode: '990102',
      baselineValue: 8,
      currentValue: 7,
      change: -1,
      movedTowardTarget: false,
      targetReached: false,
    });
    expect(by.get(t.F!)!.indicator).toMatchObject({
      baselineValue: 9,
      currentValue: 4,
      change: -5,
      movedTowardTarget: true,
      targetReached: true,
    });
    expect(by.get(t.C!)).toMatchObject({ closed: true, closedOnTime: false, indicator: null });
    expect(by.get(t.D!)).toMatchObject({ status: 'cancelled', closed: false });
    expect(r.summary).toEqual({
      tasks: 6,
      counted: 5,
      closed: 2,
      closedShare: 0.4,
      indicatorTasks: 3,
      movedTowardTarget: 2,
      movedTowardTargetShare: 0.6667,
      targetReached: 1,
    });
  });

  it('refuses a readback when the check-up names no previous one', async () => {
    const e = await checkupReadback(ctx.store.db, PLANNER, first).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(LantuError);
    expect(e).toMatchObject({ code: 'no_previous_checkup', status: 409 });
  });

  it('carries the unfinished tasks over once, under one manual finding, with fresh baselines', async () => {
    const db = ctx.store.db;
    await expect(carryOverTasks(db, JYJ_OFFICER, second, TODAY)).rejects.toMatchObject({ status: 403 });

    const once = await carryOverTasks(db, PLANNER, second, TODAY);
    expect(once.carried.map((c) => c.carriedFromId)).toEqual([t.B, t.E, t.F]);
    const carriedB = once.carried[0]!;
    expect(carriedB).toMatchObject({
      checkupId: second,
      status: 'in_progress',
      progress: 50,
      coDepartments: ['jtj'],
      zoneCode: '990102',
      baselineValue: 7,
      targetValue: 10,
    });
    expect(once.carried[2]!.baselineValue).toBe(4);

    const twice = await carryOverTasks(db, PLANNER, second, TODAY);
    expect(twice.carried).toEqual([]);
    expect(twice.alreadyCarried).toBe(3);
    const tasks = await db.selectFrom('checkup_task').select('id').where('checkup_id', '=', second).execute();
    expect(tasks).toHaveLength(3);
    const findings = await db
      .selectFrom('checkup_finding')
      .select(['title', 'origin'])
      .where('checkup_id', '=', second)
      .execute();
    expect(findings).toEqual([{ title: CARRY_OVER_TITLE, origin: 'manual' }]);

    // The readback now points each carried task at its successor; the rollup counts them in this round.
    const r = await checkupReadback(db, PLANNER, second);
    const successor = new Map(r.tasks.map((x) => [x.taskId, x.carriedOverTaskId]));
    expect(successor.get(t.B!)).toBe(carriedB.id);
    expect(successor.get(t.A!)).toBeNull();
    const rollup = await checkupRollup(db, PLANNER, second, TODAY);
    // Equal weights: (50 + 0 + 0) / 3
    expect(rollup.progress).toBe(16.67);
  });

  it('carries over once even when two calls race', async () => {
    const db = ctx.store.db;
    const third = await makeCheckup(ctx.store, 2026, first);
    const [a, b] = await Promise.all([
      carryOverTasks(db, PLANNER, third, TODAY),
      carryOverTasks(db, PLANNER, third, TODAY),
    ]);
    expect(a.carried.length + b.carried.length).toBe(3);
    const rows = await db.selectFrom('checkup_task').select('id').where('checkup_id', '=', third).execute();
    expect(rows).toHaveLength(3);
  });
});
