/**
 * The loop's effectiveness: this check-up reads back the previous one's tasks
 * (docs/decisions/0041-task-tracking.md). For every task: closed or not, on time or late; for an
 * indicator task, its baseline against the value the same indicator has in the same zone as THIS
 * check-up sees it (task-values.ts), whether it moved toward the target and whether the target is
 * reached. Toward = the change has the sign of (target − baseline); reached = the value is at or past
 * the target on the side the target lies. Cancelled tasks are listed but left out of both shares.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { conflict } from '../errors.js';
import type { Database } from '../store/database.js';
import type { TaskStatus } from './checkup-tables.js';
import { bureauDate } from './task-status.js';
import { checkupValue } from './task-values.js';
import { findCheckup, readableCheckup } from './checkups.js';

export interface IndicatorReadback {
  indicatorCode: string;
  zoneCode: string;
  baselineValue: number | null;
  currentValue: number | null;
  currentYear: number | null;
  change: number | null;
  targetValue: number | null;
  movedTowardTarget: boolean | null;
  targetReached: boolean | null;
}

export interface TaskReadback {
  taskId: number;
  title: string;
  departmentCode: string;
  deadline: string;
  status: TaskStatus;
  progress: number;
  closed: boolean;
  /** For a done task: closed by its deadline (Beijing date of closing), else null. */
  closedOnTime: boolean | null;
  carriedOverTaskId: number | null;
  indicator: IndicatorReadback | null;
}

export interface Readback {
  checkupId: number;
  previousCheckupId: number;
  tasks: TaskReadback[];
  summary: {
    tasks: number;
    counted: number;
    closed: number;
    closedShare: number | null;
    indicatorTasks: number;
    movedTowardTarget: number;
    movedTowardTargetShare: number | null;
    targetReached: number;
  };
}

const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10000) / 10000);
const roundValue = (v: number) => Math.round(v * 1e9) / 1e9;

export function judgeIndicator(baseline: number | null, current: number | null, target: number | null) {
  if (baseline === null || current === null) return { change: null, movedTowardTarget: null, targetReached: null };
  const change = roundValue(current - baseline);
  if (target === null) return { change, movedTowardTarget: null, targetReached: null };
  const wanted = target - baseline;
  return {
    change,
    movedTowardTarget: wanted === 0 ? change === 0 : Math.sign(change) === Math.sign(wanted),
    targetReached: wanted >= 0 ? current >= target : current <= target,
  };
}

/** The previous check-up this one reads back, or a bilingual refusal when it names none. */
export async function previousOf(db: Kysely<Database>, checkup: { id: number; previous_id: number | null }) {
  if (checkup.previous_id === null) {
    throw conflict(
      'no_previous_checkup',
      `体检 ${checkup.id} 未指定上一轮体检（previousId），无可回读的任务`,
      `check-up ${checkup.id} names no previous check-up (previousId); there are no tasks to read back`,
      { field: 'previousId' },
    );
  }
  return findCheckup(db, checkup.previous_id);
}

export async function checkupReadback(db: Kysely<Database>, viewer: Principal, checkupId: number): Promise<Readback> {
  const checkup = await readableCheckup(db, viewer, checkupId);
  const previous = await previousOf(db, checkup);
  const tasks = await db
    .selectFrom('checkup_task')
    .selectAll()
    .where('checkup_id', '=', previous.id)
    .orderBy('id')
    .execute();
  const carried = await db
    .selectFrom('checkup_task')
    .select(['id', 'carried_from_id'])
    .where('checkup_id', '=', checkup.id)
    .where('carried_from_id', 'is not', null)
    .execute();
  const carriedTo = new Map(carried.map((c) => [Number(c.carried_from_id), Number(c.id)]));

  const items: TaskReadback[] = [];
  for (const t of tasks) {
    let indicator: IndicatorReadback | null = null;
    if (t.target_indicator_code !== null) {
      const zoneCode = t.zone_code ?? previous.region_code;
      const now = await checkupValue(db, checkup, t.target_indicator_code, zoneCode);
      const baseline = t.baseline_value === null ? null : Number(t.baseline_value);
      const target = t.target_value === null ? null : Number(t.target_value);
      indicator = {
        indicatorCode: t.target_indicator_code,
        zoneCode,
        baselineValue: baseline,
        currentValue: now?.value ?? null,
        currentYear: now?.year ?? null,
        targetValue: target,
        ...judgeIndicator(baseline, now?.value ?? null, target),
      };
    }
    items.push({
      taskId: Number(t.id),
      title: t.title,
      departmentCode: t.department_code,
      deadline: t.deadline,
      status: t.status,
      progress: Number(t.progress),
      closed: t.status === 'done',
      closedOnTime: t.status === 'done' && t.closed_at ? bureauDate(t.closed_at) <= t.deadline : null,
      carriedOverTaskId: carriedTo.get(Number(t.id)) ?? null,
      indicator,
    });
  }
  const counted = items.filter((i) => i.status !== 'cancelled');
  const indicatorTasks = counted.filter((i) => i.indicator !== null);
  const moved = indicatorTasks.filter((i) => i.indicator?.movedTowardTarget === true).length;
  const closed = counted.filter((i) => i.closed).length;
  return {
    checkupId: Number(checkup.id),
    previousCheckupId: Number(previous.id),
    tasks: items,
    summary: {
      tasks: items.length,
      counted: counted.length,
      closed,
      closedShare: share(closed, counted.length),
      indicatorTasks: indicatorTasks.length,
      movedTowardTarget: moved,
      movedTowardTargetShare: share(moved, indicatorTasks.length),
      targetReached: indicatorTasks.filter((i) => i.indicator?.targetReached === true).length,
    },
  };
}
