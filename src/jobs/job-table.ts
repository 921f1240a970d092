/** Long-running work with progress kept in the store. */
import type { Generated, Selectable } from 'kysely';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobTable {
  id: Generated<number>;
  /** What the job does, e.g. 'import', 'zonal', 'monitor', 'report'. */
  kind: string;
  status: JobStatus;
  /** Human-readable stage, e.g. 'reading', 'validating', 'writing'. */
  stage: string | null;
  progress_done: number;
  progress_total: number | null;
  params: unknown;
  result: unknown;
  /** The LantuError rendered (code, zh, en, location) when failed. */
  error: unknown;
  region_code: string;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
export type Job = Selectable<JobTable>;
