/** Import history and the per-feature validation issues of each import. */
import type { Generated, Selectable } from 'kysely';

export interface ImportRunTable {
  id: Generated<number>;
  job_id: number | null;
  layer_id: number | null;
  file_name: string;
  file_sha256: string;
  format: string;
  source_crs: string | null;
  options: unknown;
  /** 'all_or_nothing' (default) or 'valid_part'. */
  mode: string;
  /** 'running' | 'loaded' | 'rejected' | 'failed'. */
  status: string;
  read_count: number;
  loaded_count: number;
  repaired_count: number;
  rejected_count: number;
  region_code: string;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}
export type ImportRun = Selectable<ImportRunTable>;

export interface ImportIssueTable {
  id: Generated<number>;
  import_id: number;
  /** 1-based position of the feature in the source. */
  source_row: number | null;
  /** The feature's id in the source (e.g. BSM), when it has one. */
  source_id: string | null;
  /** Typed issue code (see ingest/issue-types.ts). */
  issue: string;
  severity: 'error' | 'warning';
  /** 'rejected' | 'repaired' | 'kept'. */
  action: string;
  field: string | null;
  value: string | null;
  message_zh: string;
  message_en: string;
}
export type ImportIssue = Selectable<ImportIssueTable>;
