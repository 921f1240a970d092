/**
 * The task list on both stores: what a task refuses (each refusal bilingual and naming its field), where
 * its baseline comes from, who may report on it, how a report moves it (backwards only with a note, done
 * means 100), cancelling, the overdue flag on a fixed day, and the boards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedWorld } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { LantuError } from '../errors.js';
import { reportProgress } from './task-reports.js';
import {
  addFindingWithMeasures,
  addSecondDepartment,
  freezeSnapshot,
  JTJ_OFFICER,
  JYJ_OFFICER,
  makeCheckup,
  PLANNER,
  principal,
  putValue,
} from './task-test-setup.js';
import { nextReportedState, overdueFlag } from './task-status.js';
import { cancelTask, createTask, editTask, getTask, listCheckupTasks, listMyTasks, type TaskInput } from './tasks.js';

const TODAY = '2025-07-10';
const ADMIN = principal('admin', 'admin');

async function refusal(work: Promise<unknown>): Promise<LantuError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof LantuError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** A refusal with the code, the HTTP status and the field, in both languages. */
async function expectRefused(work: Promise<unknown>, code: string, status: number, field?: string) {
  const e = await refusal(work);
  expect(e.code).toBe(code);
  expect(e.status).toBe(status);
  if (field) expect(e.location.field).toBe(field);
  expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(e.en).toMatch(/[a-z]{3}/);
  return e;
}

describe('task status rules (no store)', () => {
  it('flags overdue only for unfinished tasks past their deadline, in whole days', () => {
    expect(overdueFlag({ deadline: '2025-06-30', status: 'open' }, '2025-07-10')).toEqual({
      overdue: true,
      daysOverdue: 10,
    });
    expect(overdueFlag({ deadline: '2025-06-30', status: 'in_progress' }, '2025-06-30')).toEqual({
      overdue: false,
      daysOverdue: 0,
    });
    expect(overdueFlag({ deadline: '2025-02-28', status: 'in_progress' }, '2025-03-01').daysOverdue).toBe(1);
    expect(overdueFlag({ deadline: '2025-06-30', status: 'done' }, '2025-07-10').overdue).toBe(false);
    expect(overdueFlag({ deadline: '2025-06-30', status: 'cancelled' }, '2025-07-10').overdue).toBe(false);
  });

  it('infers the status from the progress, raises done to 100, and refuses backwards moves without a note', () => {
    expect(nextReportedState({ status: 'open', progress: 0 }, { progress: 30 })).toEqual({
      status: 'in_progress',
      progress: 30,
    });
    expect(nextReportedState({ status: 'in_progress', progress: 30 }, { progress: 80, status: 'done' })).toEqual({
      status: 'done',
      progress: 100,
    });
    expect(() => nextReportedState({ status: 'in_progress', progress: 60 }, { progress: 40, note: '  ' })).toThrow(
      /needs a note/,
    );
    expect(nextReportedState({ status: 'in_progress', progress: 60 }, { progress: 40, note: '返工' })).toEqual({
      status: 'in_progress',
      progress: 40,
    });
    expect(() =>
      nextReportedState({ status: 'done', progress: 100 }, { progress: 100, status: 'in_progress' }),
    ).toThrow(/needs a note/);
  });
});

describeEachStore('check-up tasks', (ctx) => {
  let checkupId: number;
  let measureId: number;
  const base: TaskInput = {
    title: '新增中小学学位',
    departmentCode: 'jyj',
    deadline: '2025-06-30',
    deliverable: '学位建设清单',
  };

  beforeAll(async () => {
    await seedWorld(ctx.store);
    await addSecondDepartment(ctx.store);
    checkupId = await makeCheckup(ctx.store, 2024);
    [measureId] = (await addFindingWithMeasures(ctx.store, checkupId, '教育设施不足', [1])) as [number];
    // LOC-01 in the city: 20 in 2023, 22 in 2024, 30 in 2025 — a 2024 check-up reads 22.
    await putValue(ctx.store, 'LOC-01', '9901', 2023, 20);
    await putValue(ctx.store, 'LOC-01', '9901', 2024, 22);
    await putValue(ctx.store, 'LOC-01', '9901', 2025, 30);
    await putValue(ctx.store, 'LOC-01', '990102', 2024, 5);
  });

  it('refuses bad departments, indicators, targets, dates and weights, naming the field in both languages', async () => {
    const db = ctx.store.db;
    const e = await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, departmentCode: 'nope' }, TODAY),
      'department_unknown',
      400,
      'departmentCode',
    );
    expect(e.zh).toContain('nope');
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, coDepartments: ['jtj', 'xxx'] }, TODAY),
      'department_unknown',
      400,
      'coDepartments',
    );
    await expectRefused(
      createTask(
        db,
        PLANNER,
        measureId,
        { ...base, deliverable: null, targetIndicatorCode: 'ZZ-99', targetValue: 1 },
        TODAY,
      ),
      'indicator_unknown',
      400,
      'targetIndicatorCode',
    );
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, deliverable: '  ' }, TODAY),
      'task_target_required',
      400,
      'targetIndicatorCode',
    );
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, deliverable: null, targetIndicatorCode: 'LOC-01' }, TODAY),
      'target_value_required',
      400,
      'targetValue',
    );
    for (const deadline of ['2025-02-30', '2025/06/30', '30-06-2025', ''])
      await expectRefused(
        createTask(db, PLANNER, measureId, { ...base, deadline }, TODAY),
        'deadline_invalid',
        400,
        'deadline',
      );
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, weight: 0 }, TODAY),
      'weight_invalid',
      400,
      'weight',
    );
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, title: ' ' }, TODAY),
      'title_required',
      400,
      'title',
    );
    await expectRefused(
      createTask(db, PLANNER, measureId, { ...base, zoneCode: 'nowhere' }, TODAY),
      'zone_unknown',
      400,
      'zoneCode',
    );
    await expectRefused(createTask(db, PLANNER, 999_999, base, TODAY), 'not_found', 404);
    // Permission and region scope are the capability's, not only the route's (the CLI's --as relies on it).
    await expectRefused(createTask(db, JYJ_OFFICER, measureId, base, TODAY), 'forbidden', 403);
    await expectRefused(
      createTask(db, principal('planner_d1', 'planner', '990102'), measureId, base, TODAY),
      'forbidden',
      403,
    );
    const count = await db
      .selectFrom('checkup_task')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(0);
  });

  it('takes the baseline from the current snapshot, else the latest value up to the check-up year', async () => {
    const db = ctx.store.db;
    const indicatorTask = { ...base, deliverable: null, targetIndicatorCode: 'LOC-01', targetValue: 18 };
    const fromValues = await createTask(db, PLANNER, measureId, indicatorTask, TODAY);
    expect(fromValues).toMatchObject({ baselineValue: 22, targetValue: 18, regionCode: '9901', status: 'open' });

    // A new zone means a new thing to measure: the baseline is taken again; a title edit keeps it.
    const moved = await editTask(db, PLANNER, fromValues.id, { zoneCode: '990102' }, TODAY);
    expect(moved).toMatchObject({ zoneCode: '990102', regionCode: '990102', baselineValue: 5 });
    const renamed = await editTask(db, PLANNER, fromValues.id, { title: '控制开发强度' }, TODAY);
    expect(renamed).toMatchObject({ title: '控制开发强度', baselineValue: 5 });

    await freezeSnapshot(ctx.store, checkupId, 2024, [['LOC-01', '9901', 21.5]]);
    const fromSnapshot = await createTask(db, PLANNER, measureId, indicatorTask, TODAY);
    expect(fromSnapshot.baselineValue).toBe(21.5);

    const audit = await db
      .selectFrom('audit_log')
      .select(['activity'])
      .where('entity_type', '=', 'checkup_task')
      .where('entity_id', '=', String(fromValues.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.activity)).toEqual([
      'checkup_task.created',
      'checkup_task.updated',
      'checkup_task.updated',
    ]);
  });

  it('lets a department report only on its own tasks, as lead or co-department', async () => {
    const db = ctx.store.db;
    const jyjTask = await createTask(db, PLANNER, measureId, base, TODAY);
    const shared = await createTask(db, PLANNER, measureId, { ...base, coDepartments: ['jtj'] }, TODAY);

    const e = await expectRefused(
      reportProgress(db, JTJ_OFFICER, jyjTask.id, { progress: 10 }, TODAY),
      'forbidden',
      403,
    );
    expect(e.zh).toContain('jyj');
    expect(e.en).toContain('another department');
    await expectRefused(reportProgress(db, PLANNER, jyjTask.id, { progress: 10 }, TODAY), 'forbidden', 403);

    const byLead = await reportProgress(db, JYJ_OFFICER, jyjTask.id, { progress: 30, note: '选址完成' }, TODAY);
    expect(byLead).toMatchObject({ progress: 30, status: 'in_progress' });
    const byCo = await reportProgress(db, JTJ_OFFICER, shared.id, { progress: 20 }, TODAY);
    expect(byCo).toMatchObject({ progress: 20, status: 'in_progress' });
    expect(byCo.reports).toHaveLength(1);
    expect(byCo.reports[0]).toMatchObject({ reportedBy: 'dept_jtj', note: '' });
  });

  it('moves progress by reports: backwards only with a note, done means 100 and a closing time', async () => {
    const db = ctx.store.db;
    const task = await createTask(db, PLANNER, measureId, base, TODAY);
    await reportProgress(db, JYJ_OFFICER, task.id, { progress: 60, note: '主体完工' }, TODAY);
    await expectRefused(
      reportProgress(db, JYJ_OFFICER, task.id, { progress: 40 }, TODAY),
      'progress_backwards_needs_note',
      400,
      'note',
    );
    await expectRefused(
      reportProgress(db, JYJ_OFFICER, task.id, { progress: 10, status: 'open' }, TODAY),
      'task_status_inconsistent',
      400,
      'status',
    );
    await expectRefused(
      reportProgress(
        db,
        JYJ_OFFICER,
        task.id,
        { progress: 70, evidence: [{ kind: 'video' as 'link', value: 'x' }] },
        TODAY,
      ),
      'evidence_invalid',
      400,
      'evidence',
    );
    const back = await reportProgress(db, JYJ_OFFICER, task.id, { progress: 40, note: '验收发现返工' }, TODAY);
    expect(back.progress).toBe(40);

    const done = await reportProgress(
      db,
      JYJ_OFFICER,
      task.id,
      {
        progress: 80,
        status: 'done',
        note: '已交付',
        evidence: [
          { kind: 'link', value: 'https://example.org/list.pdf', name: '学位清单' },
          { kind: 'text', value: '新增学位 1200 个' },
        ],
      },
      TODAY,
    );
    expect(done).toMatchObject({ status: 'done', progress: 100, overdue: false });
    expect(done.closedAt).not.toBeNull();
    expect(done.reports.map((r) => r.progress)).toEqual([60, 40, 100]);
    expect(done.reports[2]!.evidence).toEqual([
      { kind: 'link', value: 'https://example.org/list.pdf', name: '学位清单' },
      { kind: 'text', value: '新增学位 1200 个' },
    ]);

    await expectRefused(
      reportProgress(db, JYJ_OFFICER, task.id, { progress: 100, status: 'in_progress' }, TODAY),
      'progress_backwards_needs_note',
      400,
      'note',
    );
    const reopened = await reportProgress(
      db,
      JYJ_OFFICER,
      task.id,
      { progress: 90, status: 'in_progress', note: '复核不合格' },
      TODAY,
    );
    expect(reopened).toMatchObject({ status: 'in_progress', progress: 90, closedAt: null });

    const audit = await db
      .selectFrom('audit_log')
      .select(['activity', 'actor_name'])
      .where('entity_type', '=', 'checkup_task')
      .where('entity_id', '=', String(task.id))
      .where('activity', '=', 'checkup_task.reported')
      .execute();
    expect(audit).toHaveLength(4);
    expect(new Set(audit.map((a) => a.actor_name))).toEqual(new Set(['dept']));
  });

  it('judges racing reports one after the other, so none goes backwards unexplained', async () => {
    const db = ctx.store.db;
    const task = await createTask(db, PLANNER, measureId, base, TODAY);
    for (let round = 0; round < 5; round++) {
      await Promise.allSettled([
        reportProgress(db, JYJ_OFFICER, task.id, { progress: 20 + round * 10 + 5 }, TODAY),
        reportProgress(db, JYJ_OFFICER, task.id, { progress: 20 + round * 10 }, TODAY),
      ]);
    }
    const { reports, progress } = await getTask(db, ADMIN, task.id, TODAY);
    const seen = reports.map((r) => r.progress);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!, seen.join(' → ')).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(progress).toBe(seen.at(-1));
  });

  it('cancels with a reason, and a cancelled task takes neither edits nor reports', async () => {
    const db = ctx.store.db;
    const task = await createTask(db, PLANNER, measureId, base, TODAY);
    await expectRefused(cancelTask(db, PLANNER, task.id, ' ', TODAY), 'reason_required', 400, 'reason');
    await expectRefused(cancelTask(db, JYJ_OFFICER, task.id, '重复', TODAY), 'forbidden', 403);
    const cancelled = await cancelTask(db, PLANNER, task.id, '与另一任务重复', TODAY);
    expect(cancelled).toMatchObject({ status: 'cancelled', overdue: false });
    await expectRefused(reportProgress(db, JYJ_OFFICER, task.id, { progress: 10 }, TODAY), 'task_cancelled', 409);
    await expectRefused(editTask(db, PLANNER, task.id, { title: 'x' }, TODAY), 'task_cancelled', 409);
    const audit = await db
      .selectFrom('audit_log')
      .select(['comment'])
      .where('activity', '=', 'checkup_task.cancelled')
      .where('entity_id', '=', String(task.id))
      .executeTakeFirstOrThrow();
    expect(audit.comment).toBe('与另一任务重复');
  });

  it('takes no new tasks, edits or reports once its check-up is archived', async () => {
    const db = ctx.store.db;
    const archivedId = await makeCheckup(ctx.store, 2023);
    const [m] = (await addFindingWithMeasures(ctx.store, archivedId, '往年问题', [1])) as [number];
    const task = await createTask(db, PLANNER, m, base, TODAY);
    // The workflow's last step, written directly: the move itself is checkups.test.ts's business.
    await db.updateTable('checkup').set({ status: 'archived' }).where('id', '=', archivedId).execute();
    await expectRefused(reportProgress(db, JYJ_OFFICER, task.id, { progress: 10 }, TODAY), 'checkup_archived', 409);
    await expectRefused(editTask(db, PLANNER, task.id, { title: 'x' }, TODAY), 'checkup_archived', 409);
    await expectRefused(cancelTask(db, PLANNER, task.id, '不再需要', TODAY), 'checkup_archived', 409);
    await expectRefused(createTask(db, PLANNER, m, base, TODAY), 'checkup_archived', 409);
    expect((await getTask(db, PLANNER, task.id, TODAY)).progress).toBe(0);
  });

  it('shows boards with the overdue flag for a given day, by department, status and overdue', async () => {
    const db = ctx.store.db;
    const c = await makeCheckup(ctx.store, 2025, null);
    const [m] = (await addFindingWithMeasures(ctx.store, c, '交通拥堵', [1])) as [number];
    const late = await createTask(db, PLANNER, m, { ...base, departmentCode: 'jtj', deadline: '2025-06-30' }, TODAY);
    const onTime = await createTask(db, PLANNER, m, { ...base, deadline: '2025-07-10' }, TODAY);
    const sharedLate = await createTask(
      db,
      PLANNER,
      m,
      { ...base, deadline: '2025-07-01', coDepartments: ['jtj'] },
      TODAY,
    );

    const all = await listCheckupTasks(db, JYJ_OFFICER, c, {}, TODAY);
    expect(all.map((t) => [t.id, t.overdue, t.daysOverdue])).toEqual([
      [late.id, true, 10],
      [sharedLate.id, true, 9],
      [onTime.id, false, 0],
    ]);
    expect((await listCheckupTasks(db, PLANNER, c, { overdue: true }, TODAY)).map((t) => t.id)).toEqual([
      late.id,
      sharedLate.id,
    ]);
    expect((await listCheckupTasks(db, PLANNER, c, { department: 'jtj' }, TODAY)).map((t) => t.id)).toEqual([
      late.id,
      sharedLate.id,
    ]);
    expect((await listCheckupTasks(db, PLANNER, c, { overdue: true }, '2025-06-30')).map((t) => t.id)).toEqual([]);
    expect((await listCheckupTasks(db, PLANNER, c, { status: 'cancelled' }, TODAY)).map((t) => t.id)).toEqual([]);

    // Mine: across check-ups, lead or co-department; the earlier check-up's shared task is there too.
    const mine = await listMyTasks(db, JTJ_OFFICER, {}, TODAY);
    expect(mine.every((t) => t.departmentCode === 'jtj' || t.coDepartments.includes('jtj'))).toBe(true);
    expect(mine.map((t) => t.id)).toEqual(expect.arrayContaining([late.id, sharedLate.id]));
    expect(mine.some((t) => t.checkupId === checkupId)).toBe(true);
    expect(mine.some((t) => t.id === onTime.id)).toBe(false);
    await expectRefused(listMyTasks(db, PLANNER, {}, TODAY), 'department_required', 400, 'department');

    const detail = await getTask(db, ADMIN, late.id, TODAY);
    expect(detail).toMatchObject({ id: late.id, overdue: true, daysOverdue: 10, reports: [] });
    await expectRefused(getTask(db, principal('citizen', 'public', ''), late.id, TODAY), 'forbidden', 403);
  });
});
