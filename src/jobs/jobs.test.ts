/** Jobs on both stores: the life cycle, throttled progress, who may read a job, the in-process runner. */
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { createUser } from '../auth/users.js';
import { LantuError } from '../errors.js';
import { JobRunner } from './job-runner.js';
import { createJob, failJob, finishJob, getJob, JobProgress, renderJobError, startJob } from './jobs.js';

const person = (username: string, role: Principal['role'], regionCode: string): Principal => ({
  userId: 1,
  username,
  displayName: username,
  role,
  regionCode,
  departmentCode: null,
});

describeEachStore('jobs', (ctx) => {
  const planner = person('planner_d1', 'planner', '990102');

  it('moves queued → running → succeeded, stamping each step', async () => {
    const id = await createJob(ctx.store.db, planner, { kind: 'import', params: { file: 'a.shp' } });
    let job = await getJob(ctx.store.db, planner, id);
    expect(job).toMatchObject({ status: 'queued', regionCode: '990102', createdBy: 'planner_d1', startedAt: null });
    await startJob(ctx.store.db, id, 'reading');
    await finishJob(ctx.store.db, id, { loaded: 3 });
    job = await getJob(ctx.store.db, planner, id);
    expect(job).toMatchObject({ status: 'succeeded', stage: 'done', result: { loaded: 3 }, params: { file: 'a.shp' } });
    expect(job.startedAt! <= job.finishedAt!).toBe(true);
  });

  it('records a failure as the API renders errors', async () => {
    const id = await createJob(ctx.store.db, planner, { kind: 'import', params: null });
    await failJob(ctx.store.db, id, new LantuError('crs_unknown', 400, '坐标系未知', 'unknown CRS', { field: 'crs' }));
    expect((await getJob(ctx.store.db, planner, id)).error).toEqual({
      code: 'crs_unknown',
      message: { zh: '坐标系未知', en: 'unknown CRS' },
      field: 'crs',
    });
    expect(renderJobError(new Error('boom'))).toMatchObject({ code: 'internal_error' });
  });

  it('writes progress at most once per interval, and the latest on flush', async () => {
    const id = await createJob(ctx.store.db, planner, { kind: 'import', params: null });
    const progress = new JobProgress(ctx.store.db, id, 60_000);
    progress.report('validating', 1, 100);
    progress.report('validating', 2, 100);
    progress.report('validating', 3, 100);
    await new Promise((r) => setTimeout(r, 50));
    expect((await getJob(ctx.store.db, planner, id)).progress).toEqual({ done: 1, total: 100 });
    await progress.flush();
    const job = await getJob(ctx.store.db, planner, id);
    expect(job.progress).toEqual({ done: 3, total: 100 });
    expect(job.stage).toBe('validating');
  });

  it('shows a job to its creator, to peers in scope in the same role, to administrators above; no one else', async () => {
    await createUser(ctx.store.db, SYSTEM, {
      username: 'planner_d1',
      password: 'correct-horse-battery',
      role: 'planner',
      regionCode: '990102',
    });
    const id = await createJob(ctx.store.db, planner, { kind: 'import', params: null });
    const db = ctx.store.db;
    await expect(getJob(db, person('other_planner', 'planner', '990102'), id)).resolves.toMatchObject({ id });
    await expect(getJob(db, person('city_planner', 'planner', '9901'), id)).resolves.toMatchObject({ id });
    await expect(getJob(db, person('city_admin', 'admin', '9901'), id)).resolves.toMatchObject({ id });
    await expect(getJob(db, person('evaluator', 'evaluator', '990102'), id)).rejects.toMatchObject({ status: 403 });
    await expect(getJob(db, person('planner_d2', 'planner', '990103'), id)).rejects.toMatchObject({ status: 403 });
    await expect(getJob(db, planner, 999_999)).rejects.toMatchObject({ status: 404 });
  });

  it('runs submitted work in the background, one job at a time, and cleans up after it', async () => {
    const runner = new JobRunner(ctx.store);
    const order: string[] = [];
    const a = await createJob(ctx.store.db, planner, { kind: 'test', params: null });
    const b = await createJob(ctx.store.db, planner, { kind: 'test', params: null });
    let cleaned = 0;
    void runner.submit(
      a,
      async (progress) => {
        order.push('a:start');
        progress.report('working', 5, 10);
        await new Promise((r) => setTimeout(r, 30));
        order.push('a:end');
        return { ok: 'a' };
      },
      () => void cleaned++,
    );
    void runner.submit(
      b,
      async () => {
        order.push('b:start');
        throw new LantuError('source_unreadable', 400, '无法读取', 'cannot read', { field: 'file' });
      },
      () => void cleaned++,
    );
    await runner.idle();
    expect(order).toEqual(['a:start', 'a:end', 'b:start']);
    expect(cleaned).toBe(2);
    expect(await getJob(ctx.store.db, planner, a)).toMatchObject({
      status: 'succeeded',
      result: { ok: 'a' },
      progress: { done: 5, total: 10 },
    });
    expect(await getJob(ctx.store.db, planner, b)).toMatchObject({
      status: 'failed',
      error: { code: 'source_unreadable', field: 'file' },
    });
  });
});

describe('renderJobError', () => {
  it('keeps the row and field of a LantuError', () => {
    expect(renderJobError(new LantuError('x', 400, '甲', 'a', { row: 3, field: 'BSM' }))).toEqual({
      code: 'x',
      message: { zh: '甲', en: 'a' },
      row: 3,
      field: 'BSM',
    });
  });
});
