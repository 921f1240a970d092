/**
 * How far the check-up's countermeasures have come, rolled up by weight
 * (docs/decisions/0041-task-tracking.md): a measure's progress is the weighted mean of its tasks'
 * progress (task weights), a finding's the weighted mean of its measures' (measure weights), the
 * check-up's the plain mean of its findings' — findings carry no weight, so each counts once.
 * Cancelled tasks drop out; a measure without live tasks has no progress (null) and drops out of its
 * finding, and likewise upwards, so the untasked show as gaps rather than as zeros. Beside that, per
 * lead department: tasks by status and how many are overdue on `today`.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../store/database.js';
import { TASK_STATUSES, type TaskStatus } from './checkup-tables.js';
import { overdueFlag } from './task-status.js';
import { readableCheckup } from './checkups.js';

interface Weighted {
  progress: number | null;
  weight: number;
}

/** Weighted mean of the parts that have progress; null when none has. */
export function weightedProgress(parts: Weighted[]): number | null {
  const live = parts.filter((p): p is { progress: number; weight: number } => p.progress !== null);
  const total = live.reduce((s, p) => s + p.weight, 0);
  if (total <= 0) return null;
  return round(live.reduce((s, p) => s + p.progress * p.weight, 0) / total);
}

const round = (v: number) => Math.round(v * 100) / 100;

export interface MeasureRollup {
  id: number;
  description: string;
  weight: number;
  progress: number | null;
  liveTasks: number;
}
export interface FindingRollup {
  id: number;
  title: string;
  progress: number | null;
  measures: MeasureRollup[];
}
export interface DepartmentCounts {
  departmentCode: string;
  byStatus: Record<TaskStatus, number>;
  overdue: number;
}
export interface CheckupRollup {
  checkupId: number;
  asOf: string;
  progress: number | null;
  tasks: { total: number; byStatus: Record<TaskStatus, number>; overdue: number };
  findings: FindingRollup[];
  departments: DepartmentCounts[];
}

const zeroCounts = () => Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;

/** The findings, measures and tasks of some check-ups: three queries, however many check-ups. */
async function loadChains(db: Kysely<Database>, checkupIds: number[]) {
  const findings = await db
    .selectFrom('checkup_finding')
    .select(['id', 'checkup_id', 'title'])
    .where('checkup_id', 'in', checkupIds)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const measures = await db
    .selectFrom('checkup_measure')
    .innerJoin('checkup_finding', 'checkup_finding.id', 'checkup_measure.finding_id')
    .select([
      'checkup_measure.id',
      'checkup_measure.finding_id',
      'checkup_measure.description',
      'checkup_measure.weight',
    ])
    .where('checkup_finding.checkup_id', 'in', checkupIds)
    .orderBy('checkup_measure.id')
    .execute();
  const tasks = await db.selectFrom('checkup_task').selectAll().where('checkup_id', 'in', checkupIds).execute();
  return { findings, measures, tasks };
}

/** Findings with their measures' progress, rolled up by weight; findings without measures left out. */
function rollFindings({ findings, measures, tasks }: Awaited<ReturnType<typeof loadChains>>): FindingRollup[] {
  const measureViews = measures.map((m): MeasureRollup & { findingId: number } => {
    const live = tasks.filter((t) => Number(t.measure_id) === Number(m.id) && t.status !== 'cancelled');
    return {
      id: Number(m.id),
      findingId: Number(m.finding_id),
      description: m.description,
      weight: Number(m.weight),
      liveTasks: live.length,
      progress: weightedProgress(live.map((t) => ({ progress: Number(t.progress), weight: Number(t.weight) }))),
    };
  });
  return findings
    .map((f) => {
      const own = measureViews.filter((m) => m.findingId === Number(f.id)).map(({ findingId: _, ...m }) => m);
      return { id: Number(f.id), title: f.title, progress: weightedProgress(own), measures: own };
    })
    .filter((f) => f.measures.length > 0);
}

const checkupProgress = (findings: FindingRollup[]) =>
  weightedProgress(findings.map((f) => ({ progress: f.progress, weight: 1 })));

/**
 * The overall progress of each of several check-ups the caller has already read (a list page):
 * the same roll-up as checkupRollup, from one load for all of them.
 */
export async function progressOfCheckups(
  db: Kysely<Database>,
  checkupIds: number[],
): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>(checkupIds.map((id) => [id, null]));
  if (!checkupIds.length) return out;
  const chains = await loadChains(db, checkupIds);
  for (const id of checkupIds) {
    const own = chains.findings.filter((f) => Number(f.checkup_id) === id);
    const ownIds = new Set(own.map((f) => Number(f.id)));
    const measures = chains.measures.filter((m) => ownIds.has(Number(m.finding_id)));
    const tasks = chains.tasks.filter((t) => Number(t.checkup_id) === id);
    out.set(id, checkupProgress(rollFindings({ findings: own, measures, tasks })));
  }
  return out;
}

export async function checkupRollup(
  db: Kysely<Database>,
  viewer: Principal,
  checkupId: number,
  today: string,
): Promise<CheckupRollup> {
  const checkup = await readableCheckup(db, viewer, checkupId);
  const chains = await loadChains(db, [Number(checkup.id)]);
  const { tasks } = chains;
  const findingViews = rollFindings(chains);

  const byStatus = zeroCounts();
  let overdue = 0;
  const departments = new Map<string, DepartmentCounts>();
  for (const t of tasks) {
    const late = overdueFlag(t, today).overdue;
    byStatus[t.status] += 1;
    if (late) overdue += 1;
    const d = departments.get(t.department_code) ?? {
      departmentCode: t.department_code,
      byStatus: zeroCounts(),
      overdue: 0,
    };
    d.byStatus[t.status] += 1;
    if (late) d.overdue += 1;
    departments.set(t.department_code, d);
  }
  return {
    checkupId: Number(checkup.id),
    asOf: today,
    progress: checkupProgress(findingViews),
    tasks: { total: tasks.length, byStatus, overdue },
    findings: findingViews,
    departments: [...departments.values()].sort((a, b) => a.departmentCode.localeCompare(b.departmentCode)),
  };
}
