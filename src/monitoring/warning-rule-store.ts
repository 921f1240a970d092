/**
 * Warning rules kept as rows of an indicator-system version: the defaults loaded from
 * data/indicators/warning-rules.csv, and the rules administrators add or change per indicator on the
 * active version. Every change is audited with before and after, and re-evaluates the latest run of
 * each year (reevaluate.ts) — a rule change raises the warnings it now implies and closes, with the
 * reason, the ones it no longer does.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { badRequest, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { activeSystem } from './indicator-systems.js';
import type { WarningGrade } from './monitoring-tables.js';
import type { WarningKind } from './warning-kinds.js';
import type { RuleView } from './warning-rules.js';

type RuleRow = Awaited<ReturnType<typeof ruleRows>>[number];

function ruleRows(db: Kysely<Database>, systemId: number) {
  return db.selectFrom('warning_rule').selectAll().where('system_id', '=', systemId).orderBy('id').execute();
}

export function presentRule(r: RuleRow): RuleView {
  return {
    id: r.id,
    indicatorCode: r.indicator_code,
    kind: r.kind as WarningKind,
    grade: r.grade,
    threshold: r.threshold,
    params: readJson(r.params),
    active: r.active === 1,
    note: r.note,
  };
}

export async function rulesOf(db: Kysely<Database>, systemId: number): Promise<RuleView[]> {
  return (await ruleRows(db, systemId)).map(presentRule);
}

/** The rules of the active version (or of the version given), optionally those of one indicator. */
export async function listRules(db: Kysely<Database>, q: { indicator?: string } = {}) {
  const system = await activeSystem(db);
  const rules = await rulesOf(db, system.id);
  return {
    systemVersion: system.version_no,
    items: q.indicator ? rules.filter((r) => r.indicatorCode === null || r.indicatorCode === q.indicator) : rules,
  };
}

export interface RuleInput {
  indicatorCode?: string | null;
  kind: WarningKind;
  grade: WarningGrade;
  threshold?: number | null;
  params?: Record<string, string | number> | null;
  note?: string | null;
}

export async function createRule(db: Kysely<Database>, actor: Principal, input: RuleInput): Promise<RuleView> {
  return db.transaction().execute(async (trx) => {
    const system = await activeSystem(trx);
    await checkRule(trx, system.id, input);
    const row = await trx
      .insertInto('warning_rule')
      .values({
        system_id: system.id,
        indicator_code: input.indicatorCode ?? null,
        kind: input.kind,
        grade: input.grade,
        threshold: input.threshold ?? null,
        params: writeJson(input.params ?? null),
        active: 1,
        note: input.note ?? null,
        created_at: nowIso(),
        created_by: actor.username,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'warning_rule.created',
      entityType: 'warning_rule',
      entityId: row.id,
      after: presentRule(row),
    });
    return presentRule(row);
  });
}

export interface RulePatch {
  grade?: WarningGrade;
  threshold?: number | null;
  params?: Record<string, string | number> | null;
  active?: boolean;
  note?: string | null;
}

export async function updateRule(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  patch: RulePatch,
): Promise<RuleView> {
  return db.transaction().execute(async (trx) => {
    const system = await activeSystem(trx);
    const before = await trx.selectFrom('warning_rule').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before || before.system_id !== system.id)
      throw notFound({ zh: '生效版本中的预警规则', en: 'warning rule of the active version' }, id);
    const merged = {
      indicatorCode: before.indicator_code,
      kind: before.kind as WarningKind,
      grade: patch.grade ?? before.grade,
      threshold: patch.threshold === undefined ? before.threshold : patch.threshold,
    };
    await checkRule(trx, system.id, merged);
    const after = await trx
      .updateTable('warning_rule')
      .set({
        grade: merged.grade,
        threshold: merged.threshold,
        ...(patch.params !== undefined ? { params: writeJson(patch.params) } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'warning_rule.updated',
      entityType: 'warning_rule',
      entityId: id,
      before: presentRule(before),
      after: presentRule(after),
    });
    return presentRule(after);
  });
}

async function checkRule(
  db: Kysely<Database>,
  systemId: number,
  input: Pick<RuleInput, 'indicatorCode' | 'kind' | 'threshold'>,
) {
  if (input.indicatorCode) {
    const exists = await db
      .selectFrom('indicator')
      .select('code')
      .where('system_id', '=', systemId)
      .where('code', '=', input.indicatorCode)
      .executeTakeFirst();
    if (!exists) throw notFound({ zh: '指标', en: 'indicator' }, input.indicatorCode);
  }
  if (input.kind === 'deviation' && !(typeof input.threshold === 'number' && input.threshold >= 0)) {
    throw badRequest(
      'threshold_required',
      '偏差规则需要非负阈值（%）',
      'a deviation rule needs a non-negative threshold (%)',
      {
        field: 'threshold',
      },
    );
  }
}
