/**
 * A task's status and the rules a progress report must keep (docs/decisions/0041-task-tracking.md):
 * reports move a task between open, in progress and done; only `cancelTask` cancels, and a cancelled
 * task takes no more reports. Done means progress 100. Going backwards — less progress than the task
 * has, or reopening a done task — needs a note saying why, so the board never silently loses ground.
 * Overdue is computed against a date handed in, never the clock, so it is testable and one request
 * judges every task against the same day.
 */
import { badRequest, conflict } from '../errors.js';
import type { TaskStatus } from './checkup-tables.js';

export const TASK_STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  open: { zh: '未开始', en: 'Open' },
  in_progress: { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** The statuses a report may set; cancelling is a planner's decision with a reason, not a report. */
export const REPORT_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Tasks still on someone's desk. */
export const UNFINISHED_STATUSES: readonly TaskStatus[] = ['open', 'in_progress'];

export interface ReportedState {
  status: ReportStatus;
  progress: number;
}

/**
 * The task's state after a report, or a bilingual refusal naming the field. `status` may be left out:
 * it then follows the progress (100 → done, above 0 → in progress, else the task's current status).
 */
export function nextReportedState(
  current: { status: TaskStatus; progress: number },
  report: { progress: number; status?: ReportStatus; note?: string | null },
): ReportedState {
  if (current.status === 'cancelled') {
    throw conflict(
      'task_cancelled',
      '任务已取消，不能再报送进展',
      'the task is cancelled; it takes no more progress reports',
      { field: 'status' },
    );
  }
  const { progress } = report;
  if (!Number.isFinite(progress) || progress < 0 || progress > 100) {
    throw badRequest('progress_invalid', `进度应在 0 到 100 之间：${progress}`, `progress must be 0–100: ${progress}`, {
      field: 'progress',
    });
  }
  const status: ReportStatus =
    report.status ?? (progress >= 100 ? 'done' : progress > 0 ? 'in_progress' : (current.status as ReportStatus));
  if (status === 'open' && progress > 0) {
    throw badRequest(
      'task_status_inconsistent',
      '状态为“未开始”时进度应为 0',
      'a task reported as open must have progress 0',
      { field: 'status' },
    );
  }
  // Done means the whole task: the report's figure is raised to 100 rather than refused.
  const next = { status, progress: status === 'done' ? 100 : progress };
  const backwards = next.progress < current.progress || (current.status === 'done' && next.status !== 'done');
  if (backwards && !report.note?.trim()) {
    throw badRequest(
      'progress_backwards_needs_note',
      `进度由 ${current.progress} 回退到 ${next.progress}（或重新打开已完成任务）时须在说明中写明原因`,
      `progress going back from ${current.progress} to ${next.progress} (or reopening a done task) needs a note saying why`,
      { field: 'note' },
    );
  }
  return next;
}

export interface OverdueFlag {
  overdue: boolean;
  /** Whole days past the deadline; 0 when not overdue. */
  daysOverdue: number;
}

/** Overdue = the deadline is before `today` and the task is neither done nor cancelled. */
export function overdueFlag(task: { deadline: string; status: TaskStatus }, today: string): OverdueFlag {
  if (!UNFINISHED_STATUSES.includes(task.status) || task.deadline >= today) return { overdue: false, daysOverdue: 0 };
  return { overdue: true, daysOverdue: daysBetween(task.deadline, today) };
}

/** Days from one YYYY-MM-DD to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The calendar day at the bureau: deadlines are Beijing dates, so "today" and a closing timestamp are
 * read in Asia/Shanghai, not UTC (a task closed at 07:00 Beijing time is closed that day).
 */
export function bureauDate(at: Date | string = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(typeof at === 'string' ? new Date(at) : at);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
