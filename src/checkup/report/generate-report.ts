/**
 * Generating the check-up report: read the model, write this generation's section narratives, render
 * the figures, lay the document out as DOCX, HTML or PDF (from the DOCX), and store it with its hash,
 * size and the snapshot it stands on. Rendering happens before the write transaction, so a slow
 * conversion never holds the store's write lock; sections and the stored document are then written
 * together with their audit row.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../auth/audit.js';
import type { Principal } from '../../auth/principal.js';
import { badRequest, notFound } from '../../errors.js';
import type { Database } from '../../store/database.js';
import { nowIso, type Store } from '../../store/store.js';
import { REPORT_FORMATS, type ReportFormat } from '../checkup-tables.js';
import { readableCheckup, writableCheckup } from '../checkups.js';
import { assertPermission } from '../../auth/roles.js';
import { reportBlocks, reportTitle } from './report-blocks.js';
import { renderFigures } from './report-figures.js';
import { loadReportModel, type ModelOptions } from './report-model.js';
import { generateTexts, refreshSections, sectionViews } from './report-sections.js';
import { writeDocx } from './write-docx.js';
import { writeHtml } from './write-html.js';
import { docxToPdf } from './write-pdf.js';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export interface ReportView {
  id: number;
  checkupId: number;
  snapshotId: number | null;
  format: ReportFormat;
  fileName: string;
  byteSize: number;
  sha256: string;
  published: boolean;
  generatedBy: string;
  generatedAt: string;
}

export interface GeneratedReport extends ReportView {
  /** Milliseconds spent per stage, for the benchmark and the log. */
  timings: { model: number; figures: number; document: number; store: number };
}

export function checkFormat(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw badRequest(
      'report_format_unknown',
      `未知的报告格式 ${format}（可用：${REPORT_FORMATS.join('、')}）`,
      `unknown report format ${format} (known: ${REPORT_FORMATS.join(', ')})`,
      { field: 'format' },
    );
  }
  return format as ReportFormat;
}

type ReportRow = Awaited<ReturnType<typeof reportRows>>[number];
function reportRows(db: Kysely<Database>, checkupId: number) {
  return db
    .selectFrom('checkup_report')
    .select([
      'id',
      'checkup_id',
      'snapshot_id',
      'format',
      'file_name',
      'byte_size',
      'sha256',
      'published',
      'generated_by',
      'generated_at',
    ])
    .where('checkup_id', '=', checkupId)
    .orderBy('id', 'desc')
    .execute();
}

function present(r: ReportRow): ReportView {
  return {
    id: r.id,
    checkupId: r.checkup_id,
    snapshotId: r.snapshot_id,
    format: r.format,
    fileName: r.file_name,
    byteSize: r.byte_size,
    sha256: r.sha256,
    published: r.published === 1,
    generatedBy: r.generated_by,
    generatedAt: r.generated_at,
  };
}

export async function generateReport(
  store: Store,
  actor: Principal,
  checkupId: number,
  format: string,
  options: ModelOptions = {},
): Promise<GeneratedReport> {
  const fmt = checkFormat(format);
  await writableCheckup(store.db, actor, checkupId);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const model = await loadReportModel(store, checkupId, options);
  const texts = generateTexts(model);
  const sections = (await sectionViews(store.db, checkupId)).map((s) => ({
    ...s,
    generatedText: texts[s.key],
    text: s.editedText ?? texts[s.key],
  }));
  const timeModel = lap();
  const figures = renderFigures(model);
  const timeFigures = lap();
  const title = reportTitle(model);
  const blocks = reportBlocks(model, sections, figures);
  const content =
    fmt === 'html'
      ? writeHtml(blocks, title)
      : fmt === 'docx'
        ? await writeDocx(blocks, title)
        : await docxToPdf(await writeDocx(blocks, title));
  const timeDocument = lap();
  const sha256 = createHash('sha256').update(content).digest('hex');
  const fileName = `${title}（第${model.snapshot.seq}版快照）.${fmt}`;
  const generatedAt = nowIso();
  const id = await store.db.transaction().execute(async (trx) => {
    await refreshSections(trx, checkupId, texts);
    const row = await trx
      .insertInto('checkup_report')
      .values({
        checkup_id: checkupId,
        snapshot_id: model.snapshot.id,
        format: fmt,
        file_name: fileName,
        content,
        byte_size: content.length,
        sha256,
        published: 0,
        generated_by: actor.username,
        generated_at: generatedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup.report_generated',
      entityType: 'checkup',
      entityId: checkupId,
      regionCode: model.checkup.region_code,
      after: { reportId: row.id, format: fmt, snapshotId: model.snapshot.id, byteSize: content.length, sha256 },
    });
    return row.id;
  });
  return {
    id,
    checkupId,
    snapshotId: model.snapshot.id,
    format: fmt,
    fileName,
    byteSize: content.length,
    sha256,
    published: false,
    generatedBy: actor.username,
    generatedAt,
    timings: { model: timeModel, figures: timeFigures, document: timeDocument, store: lap() },
  };
}

export async function listReports(db: Kysely<Database>, viewer: Principal, checkupId: number): Promise<ReportView[]> {
  await readableCheckup(db, viewer, checkupId);
  return (await reportRows(db, checkupId)).map(present);
}

/** A stored document with its bytes, for download. */
export async function reportFile(db: Kysely<Database>, viewer: Principal, reportId: number) {
  const row = await db
    .selectFrom('checkup_report')
    .innerJoin('checkup', 'checkup.id', 'checkup_report.checkup_id')
    .selectAll('checkup_report')
    .select('checkup.region_code')
    .where('checkup_report.id', '=', reportId)
    .executeTakeFirst();
  assertPermission(viewer, 'checkup.read');
  if (!row) throw notFound({ zh: '体检报告', en: 'report' }, reportId);
  await readableCheckup(db, viewer, row.checkup_id);
  return { ...present(row), content: Buffer.from(row.content), contentType: CONTENT_TYPES[row.format] };
}
