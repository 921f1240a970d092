/**
 * 公示 and 发布 of a check-up. Publishing freezes what the public page shows — the check-up's title and
 * year, its indicator table, findings, countermeasures and task list, and the latest stored report —
 * into `publication.content`, so later edits of the check-up never change a page the public has seen
 * (the published snapshot rule of decision 0040, applied to the page as a whole).
 *
 * Only public-safe columns are copied: no evidence, no causes, no people's names, no data versions.
 * A 公示 (draft_notice) takes comments while open and inside its window (30 days by default: the
 * statutory 公示期 for plans is not less than 30 days); a 发布 (result) is an announcement and takes
 * none. Publishing the result closes the open 公示 of the same check-up.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, canReadRegion, subtreePattern } from '../auth/scope.js';
import { assertPermission } from '../auth/roles.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { PublicationContent, PublicationStage, PublicationStatus } from './participation-tables.js';

export const STAGE_LABELS: Record<PublicationStage, { zh: string; en: string }> = {
  draft_notice: { zh: '公示', en: 'public notice' },
  result: { zh: '发布', en: 'published result' },
};

/** Check-up statuses a stage may be published from: the workflow calls us just before or after its move. */
const STAGE_FROM: Record<PublicationStage, readonly string[]> = {
  draft_notice: ['reviewing', 'publicising'],
  result: ['publicising', 'published'],
};

const NOTICE_DAYS = 30;

export interface PublishOptions {
  /** ISO time; default now. */
  opensAt?: string;
  /** ISO time; default 30 days after opening for a 公示, none for a 发布. */
  closesAt?: string | null;
  title?: string;
  summary?: string | null;
}

function iso(value: string, field: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw badRequest('time_invalid', `${field} “${value}”不是有效时间`, `${field} "${value}" is not a valid time`, {
      field,
    });
  return new Date(t).toISOString();
}

/** The frozen public page of a check-up: read everything in one transaction so the parts agree. */
export async function checkupContent(db: Kysely<Database>, checkupId: number): Promise<PublicationContent> {
  const c = await db.selectFrom('checkup').selectAll().where('id', '=', checkupId).executeTakeFirst();
  if (!c) throw notFound({ zh: '体检评估项目', en: 'check-up' }, checkupId);
  const region = await db.selectFrom('zone').select('name').where('code', '=', c.region_code).executeTakeFirst();
  const snapshotId =
    c.published_snapshot_id ??
    c.current_snapshot_id ??
    (
      await db
        .selectFrom('checkup_snapshot')
        .select('id')
        .where('checkup_id', '=', checkupId)
        .orderBy('seq', 'desc')
        .executeTakeFirst()
    )?.id ??
    null;
  const snapshot = snapshotId
    ? await db
        .selectFrom('checkup_snapshot')
        .select(['id', 'seq', 'created_at'])
        .where('id', '=', snapshotId)
        .executeTakeFirst()
    : undefined;
  const values = snapshot
    ? await db
        .selectFrom('checkup_snapshot_value as v')
        .leftJoin('indicator as i', (j) =>
          j.onRef('i.code', '=', 'v.indicator_code').on('i.system_id', '=', c.system_id),
        )
        .leftJoin('zone as z', 'z.code', 'v.zone_code')
        .select([
          'v.indicator_code',
          'i.name',
          'i.name_en',
          'v.unit',
          'v.zone_code',
          'z.name as zone_name',
          'v.level',
          'v.year',
          'v.value',
          'v.expected',
          'v.target',
          'v.grade',
        ])
        .where('v.snapshot_id', '=', snapshot.id)
        .orderBy('v.indicator_code')
        .orderBy('v.zone_code')
        .orderBy('v.year')
        .execute()
    : [];
  const findings = await db
    .selectFrom('checkup_finding')
    .select(['id', 'title', 'level', 'zone_code', 'severity'])
    .where('checkup_id', '=', checkupId)
    .where('merged_into_id', 'is', null)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const findingIds = findings.map((f) => f.id);
  const measures = findingIds.length
    ? await db
        .selectFrom('checkup_measure')
        .select(['finding_id', 'path', 'department_code', 'description'])
        .where('finding_id', 'in', findingIds)
        .orderBy('finding_id')
        .orderBy('id')
        .execute()
    : [];
  const tasks = await db
    .selectFrom('checkup_task as t')
    .leftJoin('department as d', 'd.code', 't.department_code')
    .select([
      't.title',
      't.department_code',
      'd.name as department_name',
      't.zone_code',
      't.deadline',
      't.status',
      't.progress',
    ])
    .where('t.checkup_id', '=', checkupId)
    .where('t.status', '!=', 'cancelled')
    .orderBy('t.deadline')
    .orderBy('t.id')
    .execute();
  return {
    checkup: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      year: c.year,
      regionCode: c.region_code,
      regionName: region?.name ?? null,
    },
    snapshot: snapshot ? { id: snapshot.id, seq: snapshot.seq, createdAt: snapshot.created_at } : null,
    indicators: values.map((v) => ({
      code: v.indicator_code,
      name: v.name ?? null,
      nameEn: v.name_en ?? null,
      unit: v.unit,
      zoneCode: v.zone_code,
      zoneName: v.zone_name ?? null,
      level: v.level,
      year: v.year,
      value: v.value === null ? null : Number(v.value),
      expected: v.expected === null ? null : Number(v.expected),
      target: v.target === null ? null : Number(v.target),
      grade: v.grade,
    })),
    findings: findings.map((f) => ({
      id: f.id,
      title: f.title,
      level: f.level,
      zoneCode: f.zone_code,
      severity: f.severity,
    })),
    measures: measures.map((m) => ({
      findingId: m.finding_id,
      path: m.path,
      departmentCode: m.department_code,
      description: m.description,
    })),
    tasks: tasks.map((t) => ({
      title: t.title,
      departmentCode: t.department_code,
      departmentName: t.department_name ?? null,
      zoneCode: t.zone_code,
      deadline: t.deadline,
      status: t.status,
      progress: Number(t.progress),
    })),
  };
}

type PublicationRow = NonNullable<Awaited<ReturnType<typeof findPublication>>>;

function findPublication(db: Kysely<Database>, id: number) {
  return db.selectFrom('publication').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a publication takes comments now. */
export function acceptsComments(
  p: Pick<PublicationRow, 'stage' | 'status' | 'opens_at' | 'closes_at'>,
  now = nowIso(),
) {
  return p.stage === 'draft_notice' && p.status === 'open' && p.opens_at <= now && (!p.closes_at || p.closes_at > now);
}

export function presentPublication(p: PublicationRow, options: { withContent?: boolean } = {}) {
  return {
    id: p.id,
    entityType: p.entity_type,
    entityId: p.entity_id,
    regionCode: p.region_code,
    stage: p.stage,
    stageLabel: STAGE_LABELS[p.stage],
    title: p.title,
    summary: p.summary,
    reportId: p.report_id,
    opensAt: p.opens_at,
    closesAt: p.closes_at,
    status: p.status,
    acceptsComments: acceptsComments(p),
    createdBy: p.created_by,
    createdAt: p.created_at,
    ...(options.withContent ? { content: readJson<PublicationContent>(p.content) } : {}),
  };
}

/**
 * Publish a check-up at 公示 or 发布. Callable inside the check-up workflow's transaction (pass the
 * transaction as `db`); otherwise opens its own.
 */
export async function publishCheckup(
  db: Kysely<Database>,
  actor: Principal,
  checkupId: number,
  stage: PublicationStage,
  options: PublishOptions = {},
) {
  // Checked here and not only on the route: the CLI and the check-up workflow call this directly.
  assertPermission(actor, 'participation.manage');
  const work = async (trx: Kysely<Database>) => {
    const c = await trx.selectFrom('checkup').selectAll().where('id', '=', checkupId).executeTakeFirst();
    if (!c) throw notFound({ zh: '体检评估项目', en: 'check-up' }, checkupId);
    assertWriteRegion(actor, c.region_code);
    if (!STAGE_FROM[stage].includes(c.status)) {
      throw conflict(
        'publication_stage_refused',
        `体检评估 ${checkupId} 当前状态为 ${c.status}，不能${STAGE_LABELS[stage].zh}（需处于 ${STAGE_FROM[stage].join(' / ')}）`,
        `check-up ${checkupId} is ${c.status}; its ${STAGE_LABELS[stage].en} needs ${STAGE_FROM[stage].join(' or ')}`,
        { field: 'stage' },
      );
    }
    const open = await trx
      .selectFrom('publication')
      .select(['id', 'stage'])
      .where('entity_type', '=', 'checkup')
      .where('entity_id', '=', checkupId)
      .where('status', '=', 'open')
      .execute();
    const same = open.find((p) => p.stage === stage);
    if (same) {
      throw conflict(
        'publication_exists',
        `体检评估 ${checkupId} 已有进行中的${STAGE_LABELS[stage].zh}（${same.id}），请先关闭或撤回`,
        `check-up ${checkupId} already has an open ${STAGE_LABELS[stage].en} (${same.id}); close or withdraw it first`,
        { field: 'stage' },
      );
    }
    const now = nowIso();
    const opensAt = options.opensAt ? iso(options.opensAt, 'opensAt') : now;
    const closesAt =
      options.closesAt === undefined
        ? stage === 'draft_notice'
          ? new Date(Date.parse(opensAt) + NOTICE_DAYS * 86_400_000).toISOString()
          : null
        : options.closesAt === null
          ? null
          : iso(options.closesAt, 'closesAt');
    if (closesAt && closesAt <= opensAt) {
      throw badRequest(
        'closes_before_opens',
        `截止时间 ${closesAt} 应晚于开始时间 ${opensAt}`,
        `closesAt ${closesAt} must be after opensAt ${opensAt}`,
        { field: 'closesAt' },
      );
    }
    // 发布 ends the 公示: its comments are being answered, no new ones.
    if (stage === 'result') {
      for (const p of open.filter((p) => p.stage === 'draft_notice')) {
        await trx.updateTable('publication').set({ status: 'closed' }).where('id', '=', p.id).execute();
        await recordAudit(trx, actor, {
          activity: 'publication.closed',
          entityType: 'publication',
          entityId: p.id,
          regionCode: c.region_code,
          before: { status: 'open' },
          after: { status: 'closed' },
          comment: 'result published',
        });
      }
    }
    const content = await checkupContent(trx, checkupId);
    const report = await trx
      .selectFrom('checkup_report')
      .select('id')
      .where('checkup_id', '=', checkupId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const row = await trx
      .insertInto('publication')
      .values({
        entity_type: 'checkup',
        entity_id: checkupId,
        region_code: c.region_code,
        stage,
        title: options.title?.trim() || `${c.title}（${STAGE_LABELS[stage].zh}）`,
        summary: options.summary?.trim() || null,
        content: writeJson(content),
        report_id: report?.id ?? null,
        opens_at: opensAt,
        closes_at: closesAt,
        status: 'open',
        created_by: actor.username,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'publication.created',
      entityType: 'publication',
      entityId: row.id,
      regionCode: c.region_code,
      after: {
        checkupId,
        stage,
        opensAt,
        closesAt,
        reportId: row.report_id,
        snapshotId: content.snapshot?.id ?? null,
      },
    });
    return presentPublication(row, { withContent: true });
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * What the check-up workflow does to the public site, in the workflow move's own transaction:
 * 审查通过并公示 opens a notice, 发布 publishes the result (and closes the notice), and sending a
 * check-up back during its notice withdraws the notice — the draft it showed is being changed.
 * A page staff already opened by hand for the stage is kept, not duplicated.
 */
export async function followCheckupWorkflow(
  trx: Kysely<Database>,
  actor: Principal,
  checkupId: number,
  move: { event: string; from: string; reason: string | null },
): Promise<void> {
  const stage: PublicationStage | null =
    move.event === 'start_publicity' ? 'draft_notice' : move.event === 'publish' ? 'result' : null;
  const open = await trx
    .selectFrom('publication')
    .select(['id', 'stage', 'region_code'])
    .where('entity_type', '=', 'checkup')
    .where('entity_id', '=', checkupId)
    .where('status', '=', 'open')
    .execute();
  if (stage) {
    if (!open.some((p) => p.stage === stage)) await publishCheckup(trx, actor, checkupId, stage);
    return;
  }
  if (move.event !== 'send_back' || move.from !== 'publicising') return;
  for (const p of open.filter((p) => p.stage === 'draft_notice')) {
    await trx.updateTable('publication').set({ status: 'withdrawn' }).where('id', '=', p.id).execute();
    await recordAudit(trx, actor, {
      activity: 'publication.withdrawn',
      entityType: 'publication',
      entityId: p.id,
      regionCode: p.region_code,
      before: { status: 'open' },
      after: { status: 'withdrawn' },
      comment: `check-up sent back: ${move.reason ?? ''}`,
    });
  }
}

export interface PublicationQuery {
  entityId?: number;
  status?: PublicationStatus;
  regionCode?: string;
}

/** Staff list: the publications in the caller's readable scope. */
export async function listPublications(db: Kysely<Database>, actor: Principal, q: PublicationQuery) {
  assertPermission(actor, 'checkup.read');
  let query = db.selectFrom('publication').selectAll();
  if (q.entityId !== undefined) query = query.where('entity_type', '=', 'checkup').where('entity_id', '=', q.entityId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.regionCode) {
    assertReadRegion(actor, q.regionCode);
    query = query.where('region_code', 'like', subtreePattern(q.regionCode));
  }
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.filter((p) => canReadRegion(actor, p.region_code)).map((p) => presentPublication(p));
}

export async function getPublication(db: Kysely<Database>, actor: Principal, id: number) {
  assertPermission(actor, 'checkup.read');
  const p = await findPublication(db, id);
  if (!p) throw notFound({ zh: '公示/发布', en: 'publication' }, id);
  assertReadRegion(actor, p.region_code);
  return presentPublication(p, { withContent: true });
}

const PUBLICATION_EVENTS = {
  close: { from: ['open'], to: 'closed', zh: '关闭', en: 'closed' },
  withdraw: { from: ['open', 'closed'], to: 'withdrawn', zh: '撤回', en: 'withdrawn' },
} as const satisfies Record<
  string,
  { from: readonly PublicationStatus[]; to: PublicationStatus; zh: string; en: string }
>;
export type PublicationEvent = keyof typeof PUBLICATION_EVENTS;

/** Close (no more comments; stays visible) or withdraw (taken off the public site; needs a reason). */
export async function transitionPublication(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  event: PublicationEvent,
  reason?: string | null,
) {
  assertPermission(actor, 'participation.manage');
  return db.transaction().execute(async (trx) => {
    const p = await findPublication(trx, id);
    if (!p) throw notFound({ zh: '公示/发布', en: 'publication' }, id);
    assertWriteRegion(actor, p.region_code);
    const rule = PUBLICATION_EVENTS[event];
    if (!(rule.from as readonly string[]).includes(p.status)) {
      throw conflict(
        'publication_transition_refused',
        `公示/发布 ${id} 当前为 ${p.status}，不能${rule.zh}`,
        `publication ${id} is ${p.status}; it cannot be ${rule.en}`,
        { field: 'event' },
      );
    }
    if (event === 'withdraw' && !reason?.trim()) {
      throw badRequest('reason_required', '撤回需要填写理由', 'withdrawing needs a reason', { field: 'reason' });
    }
    const after = await trx
      .updateTable('publication')
      .set({ status: rule.to })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: `publication.${rule.en}`,
      entityType: 'publication',
      entityId: id,
      regionCode: p.region_code,
      before: { status: p.status },
      after: { status: rule.to },
      comment: reason?.trim() || null,
    });
    return presentPublication(after);
  });
}
