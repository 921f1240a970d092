/**
 * Plans as versioned data. A plan has versions; a change makes a new version and the old ones stay
 * readable, with their layers and targets. Reads are scoped by region (a district sees its own plans
 * and those above it); writes only within the writer's subtree; every write is audited.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, regionAncestry } from '../auth/scope.js';
import { badRequest, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso } from '../store/store.js';
import type { Plan, PlanKind, PlanLevel, PlanVersion } from './onemap-tables.js';
import { nextStatus, type PlanEvent } from './plan-status.js';

export interface PlanView {
  id: number;
  name: string;
  nameEn: string | null;
  kind: PlanKind;
  level: PlanLevel;
  status: Plan['status'];
  regionCode: string;
  approvalAuthority: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  baseYear: number;
  nearYear: number | null;
  targetYear: number;
  parentPlanId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlanVersionView {
  id: number;
  versionNo: number;
  label: string;
  changeReason: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  isCurrent: boolean;
  createdAt: string;
  createdBy: string;
}

const presentPlan = (p: Plan): PlanView => ({
  id: p.id,
  name: p.name,
  nameEn: p.name_en,
  kind: p.kind,
  level: p.level,
  status: p.status,
  regionCode: p.region_code,
  approvalAuthority: p.approval_authority,
  approvalDoc: p.approval_doc,
  approvalDate: p.approval_date,
  baseYear: p.base_year,
  nearYear: p.near_year,
  targetYear: p.target_year,
  parentPlanId: p.parent_plan_id,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});

const presentVersion = (v: PlanVersion): PlanVersionView => ({
  id: v.id,
  versionNo: v.version_no,
  label: v.label,
  changeReason: v.change_reason,
  approvalDoc: v.approval_doc,
  approvalDate: v.approval_date,
  isCurrent: v.is_current === 1,
  createdAt: v.created_at,
  createdBy: v.created_by,
});

export async function listPlans(db: Kysely<Database>, viewer: Principal, q: { kind?: PlanKind; status?: string } = {}) {
  let query = db.selectFrom('plan').selectAll().orderBy('id');
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status as Plan['status']);
  if (viewer.regionCode) {
    const region = viewer.regionCode;
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  return (await query.execute()).map(presentPlan);
}

async function findPlan(db: Kysely<Database>, id: number): Promise<Plan> {
  const plan = await db.selectFrom('plan').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan) throw notFound({ zh: '规划', en: 'plan' }, id);
  return plan;
}

export async function getPlan(db: Kysely<Database>, viewer: Principal, id: number) {
  const plan = await findPlan(db, id);
  assertReadRegion(viewer, plan.region_code);
  const versions = await db
    .selectFrom('plan_version')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('version_no')
    .execute();
  return { ...presentPlan(plan), versions: versions.map(presentVersion) };
}

/** One version with its targets and layers — old versions stay readable exactly as they were. */
export async function getPlanVersion(db: Kysely<Database>, viewer: Principal, planId: number, versionNo: number) {
  const plan = await findPlan(db, planId);
  assertReadRegion(viewer, plan.region_code);
  const version = await db
    .selectFrom('plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('version_no', '=', versionNo)
    .executeTakeFirst();
  if (!version) throw notFound({ zh: '规划版本', en: 'plan version' }, `${planId}/v${versionNo}`);
  const targets = await db
    .selectFrom('plan_target')
    .selectAll()
    .where('plan_version_id', '=', version.id)
    .orderBy('id')
    .execute();
  const layers = await db
    .selectFrom('layer')
    .select(['code', 'title', 'title_en', 'category', 'feature_count', 'is_public'])
    .where('plan_version_id', '=', version.id)
    .orderBy('code')
    .execute();
  return {
    plan: presentPlan(plan),
    version: presentVersion(version),
    targets: targets.map((t) => ({
      zoneCode: t.zone_code,
      indicatorName: t.indicator_name,
      indicatorNameEn: t.indicator_name_en,
      category: t.category,
      attribute: t.attribute,
      unit: t.unit,
      baseYear: t.base_year,
      baseValue: t.base_value,
      nearYear: t.near_year,
      nearValue: t.near_value,
      targetYear: t.target_year,
      targetValue: t.target_value,
      isBottomLine: t.is_bottom_line === 1,
    })),
    layers: layers.map((l) => ({
      code: l.code,
      title: l.title,
      titleEn: l.title_en,
      category: l.category,
      featureCount: l.feature_count,
      isPublic: l.is_public === 1,
    })),
  };
}

export interface NewPlanInput {
  name: string;
  nameEn?: string | null;
  kind: PlanKind;
  level: PlanLevel;
  regionCode: string;
  baseYear: number;
  nearYear?: number | null;
  targetYear: number;
  parentPlanId?: number | null;
}

/** A new plan starts in drafting with version 1. */
export async function createPlan(db: Kysely<Database>, actor: Principal, input: NewPlanInput) {
  assertWriteRegion(actor, input.regionCode);
  if (
    input.targetYear <= input.baseYear ||
    (input.nearYear != null && (input.nearYear <= input.baseYear || input.nearYear >= input.targetYear))
  ) {
    throw badRequest(
      'plan_period_invalid',
      `规划期限不合理：基期 ${input.baseYear}、近期 ${input.nearYear ?? '—'}、目标年 ${input.targetYear} 应依次递增`,
      `the plan period is inconsistent: base ${input.baseYear}, near-term ${input.nearYear ?? '—'}, target ${input.targetYear} must increase`,
      { field: 'targetYear' },
    );
  }
  return db.transaction().execute(async (trx) => {
    if (input.parentPlanId != null) await findPlan(trx, input.parentPlanId);
    const now = nowIso();
    const plan = await trx
      .insertInto('plan')
      .values({
        name: input.name,
        name_en: input.nameEn ?? null,
        kind: input.kind,
        level: input.level,
        status: 'drafting',
        region_code: input.regionCode,
        base_year: input.baseYear,
        near_year: input.nearYear ?? null,
        target_year: input.targetYear,
        parent_plan_id: input.parentPlanId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('plan_version')
      .values({
        plan_id: plan.id,
        version_no: 1,
        label: '初始版本 Initial version',
        is_current: 1,
        created_at: now,
        created_by: actor.username,
      })
      .execute();
    await recordAudit(trx, actor, {
      activity: 'plan.created',
      entityType: 'plan',
      entityId: plan.id,
      regionCode: plan.region_code,
      after: presentPlan(plan),
    });
    return getPlan(trx, actor, plan.id);
  });
}

export interface NewVersionInput {
  label: string;
  changeReason: string;
  approvalDoc?: string | null;
  approvalDate?: string | null;
}

/** A plan change makes a new current version; the previous one stays, no longer current. */
export async function createPlanVersion(
  db: Kysely<Database>,
  actor: Principal,
  planId: number,
  input: NewVersionInput,
) {
  return db.transaction().execute(async (trx) => {
    const plan = await findPlan(trx, planId);
    assertWriteRegion(actor, plan.region_code);
    const last = await trx
      .selectFrom('plan_version')
      .select((eb) => eb.fn.max('version_no').as('n'))
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow();
    const versionNo = Number(last.n ?? 0) + 1;
    await trx.updateTable('plan_version').set({ is_current: 0 }).where('plan_id', '=', planId).execute();
    const version = await trx
      .insertInto('plan_version')
      .values({
        plan_id: planId,
        version_no: versionNo,
        label: input.label,
        change_reason: input.changeReason,
        approval_doc: input.approvalDoc ?? null,
        approval_date: input.approvalDate ?? null,
        is_current: 1,
        created_at: nowIso(),
        created_by: actor.username,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('plan').set({ updated_at: nowIso() }).where('id', '=', planId).execute();
    await recordAudit(trx, actor, {
      activity: 'plan.version_created',
      entityType: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      after: presentVersion(version),
      comment: input.changeReason,
    });
    return presentVersion(version);
  });
}

export interface TransitionInput {
  event: PlanEvent;
  reason?: string;
  approvalDoc?: string;
  approvalDate?: string;
  approvalAuthority?: string;
}

/** The only way a plan's status changes: guard, write, stamp, audit — in one transaction. */
export async function transitionPlan(db: Kysely<Database>, actor: Principal, planId: number, input: TransitionInput) {
  return db.transaction().execute(async (trx) => {
    const plan = await findPlan(trx, planId);
    assertWriteRegion(actor, plan.region_code);
    const status = nextStatus(plan.status, input.event, input.reason);
    if (input.event === 'approve' && !input.approvalDoc) {
      throw badRequest('approval_doc_required', '批复需要填写批复文号', 'approval needs the approval document number', {
        field: 'approvalDoc',
      });
    }
    const updated = await trx
      .updateTable('plan')
      .set({
        status,
        updated_at: nowIso(),
        ...(input.event === 'approve'
          ? {
              approval_doc: input.approvalDoc,
              approval_date: input.approvalDate ?? nowIso().slice(0, 10),
              approval_authority: input.approvalAuthority ?? plan.approval_authority,
            }
          : {}),
      })
      .where('id', '=', planId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'plan.updated',
      entityType: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      before: presentPlan(plan),
      after: presentPlan(updated),
      comment: `${input.event}${input.reason ? `: ${input.reason}` : ''}`,
    });
    return presentPlan(updated);
  });
}
