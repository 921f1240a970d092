/**
 * The import history and each import's report, as the API and the CLI show them. A reader sees the
 * imports of their region subtree; the report rows are paged and can be narrowed to one issue code,
 * one severity or one source row.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion } from '../auth/scope.js';
import { notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { readJson } from '../store/store.js';
import type { ImportRun } from './ingest-tables.js';

export interface ImportView {
  id: number;
  jobId: number | null;
  layerCode: string | null;
  fileName: string;
  sha256: string;
  format: string;
  sourceCrs: string | null;
  options: unknown;
  mode: string;
  status: string;
  counts: { read: number; loaded: number; repaired: number; rejected: number };
  regionCode: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface IssueView {
  row: number | null;
  sourceId: string | null;
  issue: string;
  severity: string;
  action: string;
  field: string | null;
  value: string | null;
  message: { zh: string; en: string };
}

export interface ImportReport extends ImportView {
  issues: {
    /** Issues by code over the whole import (not only this page). */
    byCode: Record<string, number>;
    total: number;
    limit: number;
    offset: number;
    items: IssueView[];
  };
}

function present(r: ImportRun & { layer_code: string | null }): ImportView {
  return {
    id: r.id,
    jobId: r.job_id,
    layerCode: r.layer_code,
    fileName: r.file_name,
    sha256: r.file_sha256,
    format: r.format,
    sourceCrs: r.source_crs,
    options: readJson(r.options),
    mode: r.mode,
    status: r.status,
    counts: { read: r.read_count, loaded: r.loaded_count, repaired: r.repaired_count, rejected: r.rejected_count },
    regionCode: r.region_code,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

function runs(db: Kysely<Database>) {
  return db
    .selectFrom('import_run')
    .leftJoin('layer', 'layer.id', 'import_run.layer_id')
    .selectAll('import_run')
    .select('layer.code as layer_code');
}

export interface ImportListQuery {
  layer?: string;
  status?: string;
  limit: number;
  offset: number;
}

export async function listImports(
  db: Kysely<Database>,
  viewer: Principal,
  q: ImportListQuery,
): Promise<{ total: number; items: ImportView[] }> {
  let query = runs(db).where('import_run.region_code', 'like', `${viewer.regionCode}%`);
  if (q.layer) query = query.where('layer.code', '=', q.layer);
  if (q.status) query = query.where('import_run.status', '=', q.status);
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query.orderBy('import_run.id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: Number(total.n), items: rows.map(present) };
}

export interface IssueQuery {
  issue?: string;
  severity?: string;
  row?: number;
  limit: number;
  offset: number;
}

export async function getImportReport(
  db: Kysely<Database>,
  viewer: Principal,
  id: number,
  q: IssueQuery,
): Promise<ImportReport> {
  const run = await runs(db).where('import_run.id', '=', id).executeTakeFirst();
  if (!run) throw notFound({ zh: '导入记录', en: 'import' }, id);
  assertReadRegion(viewer, run.region_code);
  const byCodeRows = await db
    .selectFrom('import_issue')
    .select(['issue', (eb) => eb.fn.countAll<number>().as('n')])
    .where('import_id', '=', id)
    .groupBy('issue')
    .execute();
  let issues = db.selectFrom('import_issue').where('import_id', '=', id);
  if (q.issue) issues = issues.where('issue', '=', q.issue);
  if (q.severity) issues = issues.where('severity', '=', q.severity as 'error' | 'warning');
  if (q.row !== undefined) issues = issues.where('source_row', '=', q.row);
  const total = await issues.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await issues.selectAll().orderBy('source_row').orderBy('id').limit(q.limit).offset(q.offset).execute();
  return {
    ...present(run),
    issues: {
      byCode: Object.fromEntries(byCodeRows.map((r) => [r.issue, Number(r.n)])),
      total: Number(total.n),
      limit: q.limit,
      offset: q.offset,
      items: rows.map((r) => ({
        row: r.source_row,
        sourceId: r.source_id,
        issue: r.issue,
        severity: r.severity,
        action: r.action,
        field: r.field,
        value: r.value,
        message: { zh: r.message_zh, en: r.message_en },
      })),
    },
  };
}
