/**
 * The rollup on both stores with figures worked by hand:
 *
 *   finding A  measure m1 (weight 2): t1 w1 done 100, t2 w3 at 20         → (100·1 + 20·3) / 4 = 40
 *              measure m2 (weight 1): t3 w1 at 70, t4 w5 cancelled (out)  → 70
 *              A = (40·2 + 70·1) / 3 = 50
 *   finding B  measure m3 (weight 1): t5 w2 open 0, t6 w2 at 90            → 45
 *              measure m4 (weight 3): no tasks → no progress, left out
 *              B = 45
 *   check-up   (50 + 45) / 2 = 47.5
 *
 * On 2025-06-01: t2 (due 03-31) and t5 (due 05-31) are overdue, both jyj; t6 is due that very day and
 * t4, though past its deadline, is cancelled — neither counts.
 */
import { beforeAll, expect, it } from 'vitest';
import { seedWorld } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { reportProgress } from './task-reports.js';
import { checkupRollup } from './task-rollup.js';
import { addFindingWithMeasures, addSecondDepartment, makeCheckup, PLANNER, principal } from './task-test-setup.js';
import { cancelTask, createTask } from './tasks.js';

const TODAY = '2025-06-01';
const ADMIN = principal('admin', 'admin');

describeEachStore('task rollup', (ctx) => {
  let checkupId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    await seedWorld(ctx.store);
    await addSecondDepartment(ctx.store);
    const db = ctx.store.db;
    checkupId = await makeCheckup(ctx.store, 2025);
    const [m1, m2] = (await addFindingWithMeasures(ctx.store, checkupId, 'A', [2, 1])) as [number, number];
    const [m3] = (await addFindingWithMeasures(ctx.store, checkupId, 'B', [1, 3])) as [number, number];
    const task = async (measureId: number, weight: number, departmentCode: string, deadline: string) =>
      (
        await createTask(
          db,
          PLANNER,
          measureId,
          { title: 't', departmentCode, deadline, deliverable: 'd', weight },
          TODAY,
        )
      ).id;
    ids = {
      t1: await task(m1, 1, 'jyj', '2025-12-31'),
      t2: await task(m1, 3, 'jyj', '2025-03-31'),
      t3: await task(m2, 1, 'jtj', '2025-12-31'),
      t4: await task(m2, 5, 'jtj', '2025-01-31'),
      t5: await task(m3, 2, 'jyj', '2025-05-31'),
      t6: await task(m3, 2, 'jtj', '2025-06-01'),
    };
    await reportProgress(db, ADMIN, ids.t1!, { progress: 100 }, TODAY);
    await reportProgress(db, ADMIN, ids.t2!, { progress: 20 }, TODAY);
    await reportProgress(db, ADMIN, ids.t3!, { progress: 70 }, TODAY);
    await reportProgress(db, ADMIN, ids.t4!, { progress: 50 }, TODAY);
    await cancelTask(db, PLANNER, ids.t4!, '并入其他任务', TODAY);
    await reportProgress(db, ADMIN, ids.t6!, { progress: 90 }, TODAY);
  });

  it('rolls progress up by weight from tasks to measures to findings to the check-up', async () => {
    const r = await checkupRollup(ctx.store.db, PLANNER, checkupId, TODAY);
    expect(r.progress).toBe(47.5);
    expect(r.findings.map((f) => [f.title, f.progress])).toEqual([
      ['A', 50],
      ['B', 45],
    ]);
    expect(r.findings[0]!.measures.map((m) => [m.weight, m.progress, m.liveTasks])).toEqual([
      [2, 40, 2],
      [1, 70, 1],
    ]);
    expect(r.findings[1]!.measures.map((m) => [m.weight, m.progress, m.liveTasks])).toEqual([
      [1, 45, 2],
      [3, null, 0],
    ]);
  });

  it('counts tasks by status and overdue, per lead department', async () => {
    const r = await checkupRollup(ctx.store.db, PLANNER, checkupId, TODAY);
    expect(r.tasks).toEqual({ total: 6, byStatus: { open: 1, in_progress: 3, done: 1, cancelled: 1 }, overdue: 2 });
    expect(r.departments).toEqual([
      { departmentCode: 'jtj', byStatus: { open: 0, in_progress: 2, done: 0, cancelled: 1 }, overdue: 0 },
      { departmentCode: 'jyj', byStatus: { open: 1, in_progress: 1, done: 1, cancelled: 0 }, overdue: 2 },
    ]);
    // A day later t6 (due 06-01) is late too.
    expect((await checkupRollup(ctx.store.db, PLANNER, checkupId, '2025-06-02')).tasks.overdue).toBe(3);
  });

  it('has no progress for a check-up without tasks, and refuses readers outside its region', async () => {
    const empty = await makeCheckup(ctx.store, 2026);
    await addFindingWithMeasures(ctx.store, empty, 'C', [1]);
    const r = await checkupRollup(ctx.store.db, PLANNER, empty, TODAY);
    expect(r.progress).toBeNull();
    expect(r.tasks.total).toBe(0);
    await expect(checkupRollup(ctx.store.db, principal('citizen', 'public', ''), checkupId, TODAY)).rejects.toThrow(
      /checkup\.read/,
    );
  });
});
