/**
 * Causes (原因诊断) of a finding: a category from the five the papers use — 规划内容 (the plan itself),
 * 实施管理 (how it is carried out), 政策机制 (policy and mechanisms), 市场 (the market), 数据 (the data)
 * — the diagnosis in words, the evidence people cite and the quantitative support Lantu offered
 * (finding-support.ts) that they chose to keep.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { badRequest, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, writeJson } from '../store/store.js';
import { CAUSE_CATEGORIES, type CauseCategory } from './checkup-tables.js';
import { presentCause, writableFinding, type CauseView } from './findings.js';

export const CAUSE_CATEGORY_LABELS: Record<CauseCategory, { zh: string; en: string }> = {
  plan_content: { zh: '规划内容', en: 'plan content' },
  implementation: { zh: '实施管理', en: 'implementation' },
  policy: { zh: '政策机制', en: 'policy and mechanisms' },
  market: { zh: '市场', en: 'market' },
  data: { zh: '数据', en: 'data' },
};

export interface CauseInput {
  category: CauseCategory;
  description: string;
  evidence?: unknown;
  support?: unknown;
}

function checkCause(input: Partial<CauseInput>): void {
  if (input.category !== undefined && !(CAUSE_CATEGORIES as readonly string[]).includes(input.category)) {
    const list = CAUSE_CATEGORIES.map((c) => `${c} ${CAUSE_CATEGORY_LABELS[c].zh}`);
    throw badRequest(
      'cause_category_invalid',
      `原因类别“${input.category}”无效（${list.join('、')}）`,
      `cause category "${input.category}" is invalid (${CAUSE_CATEGORIES.join(', ')})`,
      { field: 'category' },
    );
  }
  if (input.description !== undefined && !input.description.trim()) {
    throw badRequest('description_required', '原因说明不能为空', 'the cause needs a description', {
      field: 'description',
    });
  }
}

const CAUSE = { zh: '原因', en: 'cause' };

async function writableCause(db: Kysely<Database>, actor: Principal, id: number) {
  const cause = await db.selectFrom('checkup_cause').selectAll().where('id', '=', id).executeTakeFirst();
  if (!cause) throw notFound(CAUSE, id);
  const { checkup } = await writableFinding(db, actor, cause.finding_id);
  return { cause, checkup };
}

export async function addCause(db: Kysely<Database>, actor: Principal, findingId: number, input: CauseInput) {
  checkCause({ ...input, description: input.description ?? '' });
  return db.transaction().execute(async (trx) => {
    const { checkup } = await writableFinding(trx, actor, findingId);
    const now = nowIso();
    const row = await trx
      .insertInto('checkup_cause')
      .values({
        finding_id: findingId,
        category: input.category,
        description: input.description.trim(),
        evidence: writeJson(input.evidence ?? null),
        support: writeJson(input.support ?? null),
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentCause(row);
    await recordAudit(trx, actor, {
      activity: 'checkup_cause.created',
      entityType: 'checkup_cause',
      entityId: row.id,
      regionCode: checkup.region_code,
      after: view,
    });
    return view;
  });
}

export async function updateCause(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  patch: Partial<CauseInput>,
): Promise<CauseView> {
  checkCause(patch);
  return db.transaction().execute(async (trx) => {
    const { cause: before, checkup } = await writableCause(trx, actor, id);
    const after = await trx
      .updateTable('checkup_cause')
      .set({
        ...(patch.category !== undefined ? { category: patch.category } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
        ...(patch.evidence !== undefined ? { evidence: writeJson(patch.evidence) } : {}),
        ...(patch.support !== undefined ? { support: writeJson(patch.support) } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_cause.updated',
      entityType: 'checkup_cause',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentCause(before),
      after: presentCause(after),
    });
    return presentCause(after);
  });
}

export async function deleteCause(db: Kysely<Database>, actor: Principal, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { cause, checkup } = await writableCause(trx, actor, id);
    await trx.deleteFrom('checkup_cause').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      activity: 'checkup_cause.deleted',
      entityType: 'checkup_cause',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentCause(cause),
    });
  });
}
