/**
 * Countermeasures (对策建议) of a finding, each on one of the five feedback paths the papers name —
 * 政府 (the government), 自然资源主管部门 (the bureau), 其他部门 (another department, named), 市场主体
 * (the market), 社会 (society) — with a weight for the roll-up of task progress. Tasks hang on
 * measures (tasks.ts); a measure with tasks cannot be deleted.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso } from '../store/store.js';
import { MEASURE_PATHS, type MeasurePath } from './checkup-tables.js';
import { presentMeasure, writableFinding, type MeasureView } from './findings.js';

export const MEASURE_PATH_LABELS: Record<MeasurePath, { zh: string; en: string }> = {
  government: { zh: '政府', en: 'government' },
  bureau: { zh: '自然资源主管部门', en: 'natural resources bureau' },
  department: { zh: '其他部门', en: 'other department' },
  market: { zh: '市场主体', en: 'market' },
  society: { zh: '社会', en: 'society' },
};

export interface MeasureInput {
  path: MeasurePath;
  description: string;
  departmentCode?: string | null;
  weight?: number;
}

async function checkMeasure(db: Kysely<Database>, input: Partial<MeasureInput>, path: string | undefined) {
  if (input.path !== undefined && !(MEASURE_PATHS as readonly string[]).includes(input.path)) {
    const list = MEASURE_PATHS.map((p) => `${p} ${MEASURE_PATH_LABELS[p].zh}`);
    throw badRequest(
      'measure_path_invalid',
      `对策路径“${input.path}”无效（${list.join('、')}）`,
      `measure path "${input.path}" is invalid (${MEASURE_PATHS.join(', ')})`,
      { field: 'path' },
    );
  }
  if (input.description !== undefined && !input.description.trim()) {
    throw badRequest('description_required', '对策说明不能为空', 'the measure needs a description', {
      field: 'description',
    });
  }
  if (input.weight !== undefined && !(Number.isFinite(input.weight) && input.weight > 0)) {
    throw badRequest('weight_invalid', `权重 ${input.weight} 应为正数`, `weight ${input.weight} must be positive`, {
      field: 'weight',
    });
  }
  if (input.departmentCode) {
    const d = await db
      .selectFrom('department')
      .select('code')
      .where('code', '=', input.departmentCode)
      .executeTakeFirst();
    if (!d) throw notFound({ zh: '部门', en: 'department' }, input.departmentCode);
  }
  // The 'department' path means a named department carries it; the others may name one or not.
  if (path === 'department' && input.departmentCode === null) {
    throw badRequest(
      'department_required',
      '“其他部门”路径的对策需要指明责任部门',
      'a measure on the department path needs the department',
      { field: 'departmentCode' },
    );
  }
}

const MEASURE = { zh: '对策', en: 'measure' };

async function writableMeasure(db: Kysely<Database>, actor: Principal, id: number) {
  const measure = await db.selectFrom('checkup_measure').selectAll().where('id', '=', id).executeTakeFirst();
  if (!measure) throw notFound(MEASURE, id);
  const { checkup } = await writableFinding(db, actor, measure.finding_id);
  return { measure, checkup };
}

export async function addMeasure(db: Kysely<Database>, actor: Principal, findingId: number, input: MeasureInput) {
  return db.transaction().execute(async (trx) => {
    await checkMeasure(
      trx,
      { ...input, description: input.description ?? '', departmentCode: input.departmentCode ?? null },
      input.path,
    );
    const { checkup } = await writableFinding(trx, actor, findingId);
    const now = nowIso();
    const row = await trx
      .insertInto('checkup_measure')
      .values({
        finding_id: findingId,
        path: input.path,
        department_code: input.departmentCode ?? null,
        description: input.description.trim(),
        weight: input.weight ?? 1,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentMeasure(row);
    await recordAudit(trx, actor, {
      activity: 'checkup_measure.created',
      entityType: 'checkup_measure',
      entityId: row.id,
      regionCode: checkup.region_code,
      after: view,
    });
    return view;
  });
}

export async function updateMeasure(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  patch: Partial<MeasureInput>,
): Promise<MeasureView> {
  return db.transaction().execute(async (trx) => {
    const { measure: before, checkup } = await writableMeasure(trx, actor, id);
    const departmentCode = patch.departmentCode === undefined ? before.department_code : patch.departmentCode;
    await checkMeasure(trx, { ...patch, departmentCode }, patch.path ?? before.path);
    const after = await trx
      .updateTable('checkup_measure')
      .set({
        ...(patch.path !== undefined ? { path: patch.path } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
        ...(patch.departmentCode !== undefined ? { department_code: patch.departmentCode } : {}),
        ...(patch.weight !== undefined ? { weight: patch.weight } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_measure.updated',
      entityType: 'checkup_measure',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentMeasure(before),
      after: presentMeasure(after),
    });
    return presentMeasure(after);
  });
}

export async function deleteMeasure(db: Kysely<Database>, actor: Principal, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { measure, checkup } = await writableMeasure(trx, actor, id);
    const task = await trx.selectFrom('checkup_task').select('id').where('measure_id', '=', id).executeTakeFirst();
    if (task) {
      throw conflict(
        'measure_has_tasks',
        `对策 ${id} 已下达任务（任务 ${task.id}），不能删除`,
        `tasks were set for measure ${id} (task ${task.id}); it cannot be deleted`,
      );
    }
    await trx.deleteFrom('checkup_measure').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      activity: 'checkup_measure.deleted',
      entityType: 'checkup_measure',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentMeasure(measure),
    });
  });
}
