/**
 * The public's comments on a 公示 and their handling.
 *
 * On submit every comment is screened (screening.ts). A clean comment is approved at once — the public
 * page shows it with its personal data masked, and a moderator can still take it down; a comment with
 * any flag (personal data found, or a spam signal) waits as 'pending' for a moderator. Holding the
 * personal-data ones too is deliberate: masking is a guess, and a person should confirm it before the
 * text goes out under the bureau's name.
 *
 * Names, contacts and the client hash never leave the staff side; the public sees the moderated text
 * and an answer only once it is published. Handling follows comment-status.ts: received → assigned →
 * answered, every step audited.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertWriteRegion, subtreePattern } from '../auth/scope.js';
import { assertPermission } from '../auth/roles.js';
import { badRequest, conflict, LantuError, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { nextCommentStatus } from './comment-status.js';
import type { CommentStatus, ModerationState, PublicationContent } from './participation-tables.js';
import { acceptsComments, presentPublication } from './publications.js';
import { maskPersonalData, screenText } from './screening.js';

export const COMMENT_LIMITS = { body: 2000, name: 50, contact: 100 } as const;

export interface CommentInput {
  body: string;
  zoneCode?: string | null;
  name?: string | null;
  contact?: string | null;
}

type CommentRow = NonNullable<Awaited<ReturnType<typeof findComment>>>;

function findComment(db: Kysely<Database>, id: number) {
  return db.selectFrom('public_comment').selectAll().where('id', '=', id).executeTakeFirst();
}

const PUBLICATION = { zh: '公示/发布', en: 'publication' };
const COMMENT = { zh: '意见', en: 'comment' };

/** A publication the public may see: withdrawn ones are gone from the public site. */
async function visiblePublication(db: Kysely<Database>, id: number) {
  const p = await db.selectFrom('publication').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p || p.status === 'withdrawn') throw notFound(PUBLICATION, id);
  return p;
}

function limit(value: string | null | undefined, max: number, field: string, label: string): string | null {
  const v = value?.trim() ?? '';
  if (v.length > max)
    throw badRequest(
      'too_long',
      `${label}过长：${v.length} 字，最多 ${max} 字`,
      `${field} is too long: ${v.length} characters, at most ${max}`,
      { field },
    );
  return v || null;
}

export async function submitComment(
  db: Kysely<Database>,
  actor: Principal,
  publicationId: number,
  input: CommentInput,
  clientHash: string | null,
) {
  const body = limit(input.body, COMMENT_LIMITS.body, 'body', '意见内容');
  if (!body) throw badRequest('body_required', '意见内容不能为空', 'the comment is empty', { field: 'body' });
  const name = limit(input.name, COMMENT_LIMITS.name, 'name', '姓名');
  const contact = limit(input.contact, COMMENT_LIMITS.contact, 'contact', '联系方式');
  return db.transaction().execute(async (trx) => {
    const p = await visiblePublication(trx, publicationId);
    if (!acceptsComments(p)) {
      throw conflict(
        'publication_closed',
        `${p.title} 当前不接受意见（${p.stage === 'result' ? '成果发布不征求意见' : '公示期外或已关闭'}）`,
        `${p.title} is not taking comments (${p.stage === 'result' ? 'a published result takes none' : 'outside its notice period or closed'})`,
      );
    }
    const zoneCode = input.zoneCode?.trim() || null;
    if (zoneCode) {
      const zone = await trx.selectFrom('zone').select('region_code').where('code', '=', zoneCode).executeTakeFirst();
      if (!zone || !zone.region_code.startsWith(p.region_code))
        throw badRequest(
          'zone_invalid',
          `区域 ${zoneCode} 不存在或不在 ${p.region_code} 范围内`,
          `zone ${zoneCode} does not exist or is outside ${p.region_code}`,
          { field: 'zoneCode' },
        );
    }
    const repeated =
      clientHash !== null &&
      Boolean(
        await trx
          .selectFrom('public_comment')
          .select('id')
          .where('client_hash', '=', clientHash)
          .where('body', '=', body)
          .executeTakeFirst(),
      );
    const screening = screenText(body, { repeated });
    const moderation: ModerationState = screening.flags.length ? 'pending' : 'approved';
    const now = nowIso();
    const row = await trx
      .insertInto('public_comment')
      .values({
        publication_id: p.id,
        zone_code: zoneCode,
        body,
        public_body: screening.publicText,
        author_name: name,
        contact,
        client_hash: clientHash,
        moderation,
        moderation_flags: writeJson(screening.flags),
        status: 'received',
        assigned_department: null,
        answer: null,
        answer_published: 0,
        handled_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The audit row says what screening found, not who wrote it: no name, contact or address here.
    await recordAudit(trx, actor, {
      activity: 'comment.received',
      entityType: 'public_comment',
      entityId: row.id,
      regionCode: p.region_code,
      after: { publicationId: p.id, moderation, flags: screening.flags, reasons: screening.reasons },
    });
    return {
      id: row.id,
      moderation,
      status: 'received' as CommentStatus,
      message:
        moderation === 'approved'
          ? { zh: '意见已提交并公开显示', en: 'your comment was received and is shown publicly' }
          : { zh: '意见已提交，待审核后公开', en: 'your comment was received and will be shown after review' },
    };
  });
}

export function presentComment(c: CommentRow) {
  return {
    id: c.id,
    publicationId: c.publication_id,
    zoneCode: c.zone_code,
    body: c.body,
    publicBody: c.public_body,
    authorName: c.author_name,
    contact: c.contact,
    moderation: c.moderation,
    moderationFlags: readJson<string[]>(c.moderation_flags) ?? [],
    status: c.status,
    assignedDepartment: c.assigned_department,
    answer: c.answer,
    answerPublished: c.answer_published === 1,
    handledBy: c.handled_by,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** What the public sees of a comment: its moderated text and a published answer. Nothing else. */
function publicComment(c: CommentRow) {
  return {
    id: c.id,
    zoneCode: c.zone_code,
    body: c.public_body,
    createdAt: c.created_at,
    status: c.status,
    answer: c.answer_published === 1 ? c.answer : null,
  };
}

// ── public views ─────────────────────────────────────────────────────────

function publicPublicationView(p: Parameters<typeof presentPublication>[0]) {
  const { createdBy: _createdBy, ...view } = presentPublication(p);
  return view;
}

/** Open notices and published results, newest first; `regionCode` keeps its subtree. */
export async function listPublicPublications(db: Kysely<Database>, regionCode?: string) {
  let query = db
    .selectFrom('publication')
    .selectAll()
    .where('status', '!=', 'withdrawn')
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('stage', '=', 'result')]));
  if (regionCode) query = query.where('region_code', 'like', subtreePattern(regionCode));
  const now = nowIso();
  const rows = await query.where('opens_at', '<=', now).orderBy('opens_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(publicPublicationView);
}

export async function getPublicPublication(db: Kysely<Database>, id: number) {
  const p = await visiblePublication(db, id);
  if (p.opens_at > nowIso()) throw notFound(PUBLICATION, id);
  const comments = await db
    .selectFrom('public_comment')
    .selectAll()
    .where('publication_id', '=', id)
    .where('moderation', '=', 'approved')
    .orderBy('id')
    .execute();
  return {
    ...publicPublicationView(p),
    content: readJson<PublicationContent>(p.content),
    comments: comments.map(publicComment),
  };
}

/** The published report file of a publication, for download. */
export async function publicReportFile(db: Kysely<Database>, id: number) {
  const p = await visiblePublication(db, id);
  if (p.opens_at > nowIso()) throw notFound(PUBLICATION, id);
  if (p.report_id === null)
    throw new LantuError(
      'report_missing',
      404,
      `${p.title} 没有附带报告文件`,
      `${p.title} has no report file attached`,
    );
  const r = await db
    .selectFrom('checkup_report')
    .select(['file_name', 'format', 'content', 'sha256'])
    .where('id', '=', p.report_id)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '报告文件', en: 'report file' }, p.report_id);
  return { fileName: r.file_name, format: r.format, sha256: r.sha256, content: Buffer.from(r.content) };
}

// ── staff handling ───────────────────────────────────────────────────────

export interface CommentQuery {
  publication?: number;
  moderation?: ModerationState;
  status?: CommentStatus;
  limit: number;
  offset: number;
}

/** Comments of the publications the caller may read, newest first. */
export async function listComments(db: Kysely<Database>, actor: Principal, q: CommentQuery) {
  assertPermission(actor, 'participation.manage');
  let query = db
    .selectFrom('public_comment as c')
    .innerJoin('publication as p', 'p.id', 'c.publication_id')
    .where('p.region_code', 'like', subtreePattern(actor.regionCode));
  if (q.publication !== undefined) query = query.where('c.publication_id', '=', q.publication);
  if (q.moderation) query = query.where('c.moderation', '=', q.moderation);
  if (q.status) query = query.where('c.status', '=', q.status);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll('c').orderBy('c.id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: Number(total.n), items: rows.map(presentComment) };
}

/** Load a comment with its publication's region, checking the caller may act on it. */
async function commentForWrite(trx: Kysely<Database>, actor: Principal, id: number) {
  assertPermission(actor, 'participation.manage');
  const c = await findComment(trx, id);
  if (!c) throw notFound(COMMENT, id);
  const p = await trx
    .selectFrom('publication')
    .select('region_code')
    .where('id', '=', c.publication_id)
    .executeTakeFirstOrThrow();
  assertWriteRegion(actor, p.region_code);
  return { c, regionCode: p.region_code };
}

async function updateComment(
  trx: Kysely<Database>,
  actor: Principal,
  before: CommentRow,
  regionCode: string,
  activity: string,
  set: Partial<Omit<CommentRow, 'id'>>,
  comment?: string | null,
) {
  const after = await trx
    .updateTable('public_comment')
    .set({ ...set, handled_by: actor.username, updated_at: nowIso() })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const pick = (r: CommentRow) => ({
    moderation: r.moderation,
    flags: readJson(r.moderation_flags),
    publicBody: r.public_body,
    status: r.status,
    assignedDepartment: r.assigned_department,
    answer: r.answer,
    answerPublished: r.answer_published,
  });
  await recordAudit(trx, actor, {
    activity,
    entityType: 'public_comment',
    entityId: before.id,
    regionCode,
    before: pick(before),
    after: pick(after),
    comment: comment ?? null,
  });
  return presentComment(after);
}

export interface ModerationInput {
  decision: 'approve' | 'reject';
  flags?: string[];
  publicBody?: string | null;
}

/**
 * Approve or reject; a moderator may also rewrite the public text (personal data is masked again, so an
 * edit cannot put it back) and set the flags. A decision can be revised: a comment approved
 * automatically can be taken down later.
 */
export async function moderateComment(db: Kysely<Database>, actor: Principal, id: number, input: ModerationInput) {
  return db.transaction().execute(async (trx) => {
    const { c, regionCode } = await commentForWrite(trx, actor, id);
    const edited = limit(input.publicBody, COMMENT_LIMITS.body, 'publicBody', '公开内容');
    const set: Partial<CommentRow> = { moderation: input.decision === 'approve' ? 'approved' : 'rejected' };
    if (edited) set.public_body = maskPersonalData(edited).text;
    if (input.flags) set.moderation_flags = writeJson([...new Set(input.flags.map((f) => f.trim()).filter(Boolean))]);
    return updateComment(trx, actor, c, regionCode, `comment.${set.moderation}`, set);
  });
}

/** Hand a comment to the department that answers it. */
export async function assignComment(db: Kysely<Database>, actor: Principal, id: number, departmentCode: string) {
  return db.transaction().execute(async (trx) => {
    const { c, regionCode } = await commentForWrite(trx, actor, id);
    if (c.moderation === 'rejected')
      throw conflict(
        'comment_rejected',
        `意见 ${id} 已被驳回（不予公开），无需分办`,
        `comment ${id} was rejected in moderation; there is nothing to assign`,
        { field: 'moderation' },
      );
    const status = nextCommentStatus(id, c.status, 'assign');
    const department = await trx
      .selectFrom('department')
      .select('code')
      .where('code', '=', departmentCode)
      .executeTakeFirst();
    if (!department)
      throw badRequest(
        'department_unknown',
        `部门 ${departmentCode} 不存在`,
        `department ${departmentCode} does not exist`,
        {
          field: 'departmentCode',
        },
      );
    return updateComment(trx, actor, c, regionCode, 'comment.assigned', {
      status,
      assigned_department: departmentCode,
    });
  });
}

/** Answer a comment; `publish` shows the answer on the public page (only for an approved comment). */
export async function answerComment(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: { answer: string; publish: boolean },
) {
  return db.transaction().execute(async (trx) => {
    const { c, regionCode } = await commentForWrite(trx, actor, id);
    const status = nextCommentStatus(id, c.status, 'answer');
    const answer = limit(input.answer, COMMENT_LIMITS.body, 'answer', '答复');
    if (!answer) throw badRequest('answer_required', '答复内容不能为空', 'the answer is empty', { field: 'answer' });
    if (input.publish && c.moderation !== 'approved')
      throw conflict(
        'comment_not_approved',
        `意见 ${id} 尚未审核通过，答复不能公开`,
        `comment ${id} is not approved; its answer cannot be published`,
        { field: 'publish' },
      );
    return updateComment(trx, actor, c, regionCode, 'comment.answered', {
      status,
      answer,
      answer_published: input.publish ? 1 : 0,
    });
  });
}
