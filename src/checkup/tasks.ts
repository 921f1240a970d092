/**
 * The task list of a check-up: each countermeasure becomes tasks with a responsible department, a
 * deadline and either a measurable target (an indicator of the check-up's system and a value to reach)
 * or a deliverable. The baseline is taken when the task is set, so the next check-up can tell whether
 * the indicator moved (task-readback.ts). Planners and evaluators (checkup.manage) write inside their
 * region; every write is audited in its transaction. Board views carry the overdue flag for a given day.
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, canReadRegion } from '../auth/scope.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { Checkup, CheckupTask, TaskStatus } from './checkup-tables.js';
import { assertTasksOpen, readableCheckup, writableCheckup } from './checkups.js';
import { assertPermission } from '../auth/roles.js';
import { isCalendarDate, overdueFlag, TASK_STATUS_LABELS, type OverdueFlag } from './task-status.js';
import { checkupValue } from './task-values.js';

export const TASK = { zh: '任务', en: 'task' };
const MEASURE = { zh: '对策措施', en: 'countermeasure' };

export interface TaskView extends OverdueFlag {
  id: number;
  checkupId: number;
  measureId: number;
  title: string;
  description: string | null;
  departmentCode: string;
  coDepartments: string[];
  zoneCode: string | null;
  regionCode: string;
  deadline: string;
  targetIndicatorCode: string | null;
  targetValue: number | null;
  baselineValue: number | null;
  deliverable: string | null;
  weight: number;
  status: TaskStatus;
  statusLabel: { zh: string; en: string };
  progress: number;
  carriedFromId: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

export function presentTask(t: CheckupTask, today: string): TaskView {
  return {
    id: Number(t.id),
    checkupId: Number(t.checkup_id),
    measureId: Number(t.measure_id),
    title: t.title,
    description: t.description,
    departmentCode: t.department_code,
    coDepartments: readJson<string[]>(t.co_departments) ?? [],
    zoneCode: t.zone_code,
    regionCode: t.region_code,
    deadline: t.deadline,
    targetIndicatorCode: t.target_indicator_code,
    targetValue: num(t.target_value),
    baselineValue: num(t.baseline_value),
    deliverable: t.deliverable,
    weight: Number(t.weight),
    status: t.status,
    statusLabel: TASK_STATUS_LABELS[t.status],
    progress: Number(t.progress),
    carriedFromId: t.carried_from_id === null ? null : Number(t.carried_from_id),
    createdBy: t.created_by,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    closedAt: t.closed_at,
    ...overdueFlag(t, today),
  };
}

export async function loadTask(db: Kysely<Database>, id: number): Promise<CheckupTask> {
  const row = await db.selectFrom('checkup_task').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(TASK, id);
  return row;
}

/** What a task is given; on edit every field is optional and `null` clears an optional one. */
export interface TaskInput {
  title: string;
  description?: string | null;
  departmentCode: string;
  coDepartments?: string[] | null;
  zoneCode?: string | null;
  deadline: string;
  targetIndicatorCode?: string | null;
  targetValue?: number | null;
  deliverable?: string | null;
  weight?: number;
}
export type TaskPatch = Partial<TaskInput>;

/** The fields of a task after applying input to what it was, checked as a whole. */
async function resolveFields(db: Kysely<Database>, checkup: Checkup, merged: TaskInput) {
  const title = merged.title?.trim();
  if (!title) throw badRequest('title_required', '任务名称不能为空', 'the task needs a title', { field: 'title' });
  await assertDepartmentExists(db, merged.departmentCode, 'departmentCode');
  const co = [...new Set(merged.coDepartments ?? [])].filter((d) => d !== merged.departmentCode);
  for (const d of co) await assertDepartmentExists(db, d, 'coDepartments');
  if (!isCalendarDate(merged.deadline ?? '')) {
    throw badRequest(
      'deadline_invalid',
      `完成时限“${merged.deadline}”应为有效日期 YYYY-MM-DD`,
      `deadline "${merged.deadline}" must be a real date written YYYY-MM-DD`,
      { field: 'deadline' },
    );
  }
  const weight = merged.weight ?? 1;
  if (!Number.isFinite(weight) || weight <= 0) {
    throw badRequest('weight_invalid', `权重应大于 0：${weight}`, `weight must be greater than 0: ${weight}`, {
      field: 'weight',
    });
  }
  let regionCode = checkup.region_code;
  const zoneCode = merged.zoneCode ?? null;
  if (zoneCode !== null) {
    const zone = await db.selectFrom('zone').select(['region_code']).where('code', '=', zoneCode).executeTakeFirst();
    if (!zone) {
      throw badRequest('zone_unknown', `空间单元不存在：${zoneCode}`, `no zone ${zoneCode}`, { field: 'zoneCode' });
    }
    if (!zone.region_code.startsWith(checkup.region_code)) {
      throw badRequest(
        'zone_outside_checkup',
        `空间单元 ${zoneCode} 不在体检区域 ${checkup.region_code} 内`,
        `zone ${zoneCode} lies outside the check-up's region ${checkup.region_code}`,
        { field: 'zoneCode' },
      );
    }
    regionCode = zone.region_code;
  }
  const indicatorCode = merged.targetIndicatorCode ?? null;
  const deliverable = merged.deliverable?.trim() || null;
  if (indicatorCode === null && deliverable === null) {
    throw badRequest(
      'task_target_required',
      '任务须有可度量的指标目标（targetIndicatorCode + targetValue）或交付成果（deliverable）',
      'a task needs either a measurable target (targetIndicatorCode + targetValue) or a deliverable',
      { field: 'targetIndicatorCode' },
    );
  }
  let targetValue: number | null = null;
  if (indicatorCode !== null) {
    const indicator = await db
      .selectFrom('indicator')
      .select(['code'])
      .where('system_id', '=', checkup.system_id)
      .where('code', '=', indicatorCode)
      .where('retired', '=', 0)
      .executeTakeFirst();
    if (!indicator) {
      throw badRequest(
        'indicator_unknown',
        `指标 ${indicatorCode} 不在本次体检所用的指标体系中`,
        `indicator ${indicatorCode} is not in the check-up's indicator system`,
        { field: 'targetIndicatorCode' },
      );
    }
    if (merged.targetValue === null || merged.targetValue === undefined || !Number.isFinite(merged.targetValue)) {
      throw badRequest(
        'target_value_required',
        `指标目标须给出目标值（targetValue）`,
        'an indicator target needs a target value (targetValue)',
        { field: 'targetValue' },
      );
    }
    targetValue = merged.targetValue;
  }
  return {
    title,
    description: merged.description?.trim() || null,
    department_code: merged.departmentCode,
    co_departments: co.length ? writeJson(co) : null,
    zone_code: zoneCode,
    region_code: regionCode,
    deadline: merged.deadline,
    target_indicator_code: indicatorCode,
    target_value: targetValue,
    deliverable,
    weight,
  };
}

async function assertDepartmentExists(db: Kysely<Database>, code: string | undefined, field: string) {
  const row = code
    ? await db.selectFrom('department').select('code').where('code', '=', code).executeTakeFirst()
    : undefined;
  if (!row) {
    throw badRequest(
      'department_unknown',
      `部门不存在：${code ?? '（未填）'}`,
      `no department ${code ?? '(none given)'}`,
      { field },
    );
  }
}

/** The baseline of an indicator task: its value in the task's zone (the check-up's region when none). */
export async function baselineOf(
  db: Kysely<Database>,
  checkup: Checkup,
  indicatorCode: string | null,
  zoneCode: string | null,
) {
  if (indicatorCode === null) return null;
  return (await checkupValue(db, checkup, indicatorCode, zoneCode ?? checkup.region_code))?.value ?? null;
}

async function measureOf(db: Kysely<Database>, measureId: number) {
  const row = await db
    .selectFrom('checkup_measure')
    .innerJoin('checkup_finding', 'checkup_finding.id', 'checkup_measure.finding_id')
    .select(['checkup_measure.id', 'checkup_finding.checkup_id'])
    .where('checkup_measure.id', '=', measureId)
    .executeTakeFirst();
  if (!row) throw notFound(MEASURE, measureId);
  return row;
}

export async function createTask(
  db: Kysely<Database>,
  actor: Principal,
  measureId: number,
  input: TaskInput,
  today: string,
): Promise<TaskView> {
  const measure = await measureOf(db, measureId);
  const checkup = await writableCheckup(db, actor, Number(measure.checkup_id));
  assertTasksOpen(checkup);
  const fields = await resolveFields(db, checkup, input);
  // A deadline already past is accepted: bureaus enter last year's task lists after the fact, and such a
  // task simply shows as overdue from the start.
  const baseline = await baselineOf(db, checkup, fields.target_indicator_code, fields.zone_code);
  const now = nowIso();
  const task = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('checkup_task')
      .values({
        ...fields,
        checkup_id: checkup.id,
        measure_id: measureId,
        baseline_value: baseline,
        status: 'open',
        progress: 0,
        carried_from_id: null,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_task.created',
      entityType: 'checkup_task',
      entityId: row.id,
      regionCode: row.region_code,
      after: row,
    });
    return row;
  });
  return presentTask(task, today);
}

function patchToInput(t: CheckupTask, patch: TaskPatch): TaskInput {
  const pick = <K extends keyof TaskPatch>(k: K, current: TaskInput[K]) => (k in patch ? patch[k] : current);
  return {
    title: pick('title', t.title)!,
    description: pick('description', t.description),
    departmentCode: pick('departmentCode', t.department_code)!,
    coDepartments: pick('coDepartments', readJson<string[]>(t.co_departments)),
    zoneCode: pick('zoneCode', t.zone_code),
    deadline: pick('deadline', t.deadline)!,
    targetIndicatorCode: pick('targetIndicatorCode', t.target_indicator_code),
    targetValue: pick('targetValue', t.target_value === null ? null : Number(t.target_value)),
    deliverable: pick('deliverable', t.deliverable),
    weight: pick('weight', Number(t.weight)),
  };
}

function assertLive(task: CheckupTask) {
  if (task.status === 'cancelled') {
    throw conflict(
      'task_cancelled',
      `任务 ${task.id} 已取消，不能修改`,
      `task ${task.id} is cancelled; it cannot change`,
    );
  }
}

async function writeTask(
  trx: Transaction<Database>,
  actor: Principal,
  before: CheckupTask,
  set: Partial<Omit<CheckupTask, 'id'>>,
  activity: string,
  comment?: string,
) {
  const after = await trx
    .updateTable('checkup_task')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    activity,
    entityType: 'checkup_task',
    entityId: before.id,
    regionCode: after.region_code,
    before,
    after,
    comment,
  });
  return after;
}

/** Edit a task's definition; progress and status move only through reports (task-reports.ts). */
export async function editTask(
  db: Kysely<Database>,
  actor: Principal,
  taskId: number,
  patch: TaskPatch,
  today: string,
): Promise<TaskView> {
  const task = await loadTask(db, taskId);
  const checkup = await writableCheckup(db, actor, task.checkup_id);
  assertTasksOpen(checkup);
  assertLive(task);
  const fields = await resolveFields(db, checkup, patchToInput(task, patch));
  // A new indicator or zone means a new thing to measure, so its baseline is taken again; otherwise the
  // baseline stays what it was when the task was set.
  const remeasure = fields.target_indicator_code !== task.target_indicator_code || fields.zone_code !== task.zone_code;
  const baseline = remeasure
    ? await baselineOf(db, checkup, fields.target_indicator_code, fields.zone_code)
    : task.baseline_value;
  const after = await db
    .transaction()
    .execute((trx) => writeTask(trx, actor, task, { ...fields, baseline_value: baseline }, 'checkup_task.updated'));
  return presentTask(after, today);
}

export async function cancelTask(
  db: Kysely<Database>,
  actor: Principal,
  taskId: number,
  reason: string,
  today: string,
): Promise<TaskView> {
  const task = await loadTask(db, taskId);
  assertTasksOpen(await writableCheckup(db, actor, task.checkup_id));
  assertLive(task);
  if (!reason?.trim()) {
    throw badRequest('reason_required', '取消任务须填写理由', 'cancelling a task needs a reason', { field: 'reason' });
  }
  const after = await db
    .transaction()
    .execute((trx) =>
      writeTask(trx, actor, task, { status: 'cancelled', closed_at: nowIso() }, 'checkup_task.cancelled', reason),
    );
  return presentTask(after, today);
}

export interface ReportView {
  id: number;
  taskId: number;
  progress: number;
  status: TaskStatus;
  note: string;
  evidence: { kind: 'link' | 'text' | 'file'; value: string; name?: string }[];
  reportedBy: string;
  reportedAt: string;
}

export async function getTask(
  db: Kysely<Database>,
  viewer: Principal,
  taskId: number,
  today: string,
): Promise<TaskView & { reports: ReportView[] }> {
  assertPermission(viewer, 'checkup.read');
  const task = await loadTask(db, taskId);
  assertReadRegion(viewer, task.region_code);
  const reports = await db
    .selectFrom('checkup_task_report')
    .selectAll()
    .where('task_id', '=', task.id)
    .orderBy('id', 'asc')
    .execute();
  return {
    ...presentTask(task, today),
    reports: reports.map((r) => ({
      id: Number(r.id),
      taskId: Number(r.task_id),
      progress: Number(r.progress),
      status: r.status,
      note: r.note,
      evidence: readJson<ReportView['evidence']>(r.evidence) ?? [],
      reportedBy: r.reported_by,
      reportedAt: r.reported_at,
    })),
  };
}

export interface BoardQuery {
  department?: string;
  status?: TaskStatus;
  overdue?: boolean;
}

/** Does the department lead the task or share it? */
export function involves(t: CheckupTask, department: string): boolean {
  return t.department_code === department || (readJson<string[]>(t.co_departments) ?? []).includes(department);
}

function filterBoard(rows: CheckupTask[], q: BoardQuery, today: string): TaskView[] {
  return rows
    .filter((t) => q.department === undefined || involves(t, q.department))
    .map((t) => presentTask(t, today))
    .filter((t) => q.overdue === undefined || t.overdue === q.overdue);
}

export async function listCheckupTasks(
  db: Kysely<Database>,
  viewer: Principal,
  checkupId: number,
  q: BoardQuery,
  today: string,
): Promise<TaskView[]> {
  const checkup = await readableCheckup(db, viewer, checkupId);
  let query = db.selectFrom('checkup_task').selectAll().where('checkup_id', '=', checkup.id);
  if (q.status) query = query.where('status', '=', q.status);
  return filterBoard(await query.orderBy('deadline').orderBy('id').execute(), q, today);
}

/**
 * The caller's department's tasks across check-ups, as lead or co-department. Co-departments live in a
 * JSON array, read the same way on both stores by filtering here rather than in dialect-specific SQL.
 */
export async function listMyTasks(
  db: Kysely<Database>,
  viewer: Principal,
  q: Omit<BoardQuery, 'department'>,
  today: string,
): Promise<TaskView[]> {
  assertPermission(viewer, 'checkup.read');
  const department = viewer.departmentCode;
  if (!department) {
    throw badRequest(
      'department_required',
      '您的账号未关联部门，没有“我的任务”',
      'your account belongs to no department, so it has no tasks of its own',
      { field: 'department' },
    );
  }
  let query = db
    .selectFrom('checkup_task')
    .selectAll()
    .where((eb) => eb.or([eb('department_code', '=', department), eb('co_departments', 'is not', null)]));
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('deadline').orderBy('id').execute();
  return filterBoard(
    rows.filter((t) => canReadRegion(viewer, t.region_code)),
    { ...q, department },
    today,
  );
}
