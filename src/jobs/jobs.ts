/**
 * Jobs: long work (imports, zonal statistics, reports) whose state and progress live in the store,
 * so any process can answer "how far is it?" and a restarted one can see what was under way.
 * A job moves queued → running → succeeded | failed, each step stamped; progress is written at most
 * every half second however often the work reports it.
 *
 * Who may read a job: its creator; otherwise someone whose region scope contains the job's region
 * and who acts in the same role as the creator (or is an administrator) — a district planner sees
 * the district's imports, not the city's, and not an evaluator's.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { isRole, type Role } from '../auth/roles.js';
import { canWriteRegion } from '../auth/scope.js';
import { forbidden, LantuError, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { Job, JobStatus } from './job-table.js';

export interface JobView {
  id: number;
  kind: string;
  status: JobStatus;
  stage: string | null;
  progress: { done: number; total: number | null };
  params: unknown;
  result: unknown;
  error: unknown;
  regionCode: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function presentJob(j: Job): JobView {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    stage: j.stage,
    progress: { done: j.progress_done, total: j.progress_total },
    params: readJson(j.params),
    result: readJson(j.result),
    error: readJson(j.error),
    regionCode: j.region_code,
    createdBy: j.created_by,
    createdAt: j.created_at,
    startedAt: j.started_at,
    finishedAt: j.finished_at,
  };
}

export interface NewJob {
  kind: string;
  params: unknown;
  /** The region the work concerns; the creator's own region when absent. */
  regionCode?: string;
}

export async function createJob(db: Kysely<Database>, actor: Principal, job: NewJob): Promise<number> {
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      status: 'queued',
      stage: null,
      progress_done: 0,
      progress_total: null,
      params: writeJson(job.params),
      result: null,
      error: null,
      region_code: job.regionCode ?? actor.regionCode,
      created_by: actor.username,
      created_at: nowIso(),
      started_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function startJob(db: Kysely<Database>, id: number, stage: string | null = null): Promise<void> {
  await db.updateTable('job').set({ status: 'running', stage, started_at: nowIso() }).where('id', '=', id).execute();
}

export async function finishJob(db: Kysely<Database>, id: number, result: unknown): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'succeeded', stage: 'done', result: writeJson(result), finished_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** Record a failure: a LantuError as the API renders it, anything else as an internal error. */
export async function failJob(db: Kysely<Database>, id: number, error: unknown): Promise<void> {
  await db
    .updateTable('job')
    .set({ status: 'failed', error: writeJson(renderJobError(error)), finished_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

export function renderJobError(error: unknown) {
  if (error instanceof LantuError) {
    return { code: error.code, message: { zh: error.zh, en: error.en }, ...error.location };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: { zh: `内部错误：${text}`, en: `internal error: ${text}` } };
}

/** Progress writes, at most one every `intervalMs`; `flush` writes the latest at once. */
export class JobProgress {
  private last = 0;
  private pending: { stage: string; done: number; total: number | null } | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    readonly jobId: number,
    private readonly intervalMs = 500,
  ) {}

  report(stage: string, done: number, total: number | null): void {
    this.pending = { stage, done, total };
    if (Date.now() - this.last >= this.intervalMs) void this.flush();
  }

  /** Write the latest report now; resolves when every write so far is done. */
  flush(): Promise<void> {
    const p = this.pending;
    this.pending = null;
    if (p) {
      this.last = Date.now();
      this.chain = this.chain
        .then(() =>
          this.db
            .updateTable('job')
            .set({ stage: p.stage, progress_done: p.done, progress_total: p.total })
            .where('id', '=', this.jobId)
            .execute(),
        )
        .then(
          () => undefined,
          () => undefined,
        );
    }
    return this.chain;
  }
}

export async function getJob(db: Kysely<Database>, viewer: Principal, id: number): Promise<JobView> {
  const job = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  if (!job) throw notFound({ zh: '任务', en: 'job' }, id);
  if (job.created_by !== viewer.username) {
    const creatorRole = await roleOf(db, job.created_by);
    const sameRole = viewer.role === 'admin' || viewer.role === creatorRole;
    if (!sameRole || !canWriteRegion(viewer, job.region_code)) {
      throw forbidden(
        `无权查看任务 ${id}（由 ${job.created_by} 创建）`,
        `no access to job ${id} (created by ${job.created_by})`,
      );
    }
  }
  return presentJob(job);
}

/** The role a job's creator acts in; work Lantu did by itself (the CLI, the demo) counts as admin. */
async function roleOf(db: Kysely<Database>, username: string): Promise<Role> {
  const user = await db.selectFrom('app_user').select('role').where('username', '=', username).executeTakeFirst();
  return user && isRole(user.role) ? user.role : 'admin';
}
