/**
 * Progress reports: the responsible department (lead or co-department) says how far a task has come,
 * with a note and evidence. The report is kept as a row and moves the task's progress and status in the
 * same transaction, audited; the rules of that move are in task-status.ts.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertDepartment, assertReadRegion } from '../auth/scope.js';
import { badRequest } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, writeJson } from '../store/store.js';
import { assertPermission } from '../auth/roles.js';
import { assertTasksOpen, findCheckup } from './checkups.js';
import { nextReportedState, type ReportStatus } from './task-status.js';
import { getTask, involves, loadTask, type ReportView, type TaskView } from './tasks.js';

export const EVIDENCE_KINDS = ['link', 'text', 'file'] as const;

export interface ProgressReportInput {
  progress: number;
  status?: ReportStatus;
  note?: string | null;
  evidence?: ReportView['evidence'];
}

function checkEvidence(evidence: ReportView['evidence']) {
  evidence.forEach((e, i) => {
    if (!(EVIDENCE_KINDS as readonly string[]).includes(e.kind) || !e.value?.trim()) {
      throw badRequest(
        'evidence_invalid',
        `佐证材料第 ${i + 1} 项应为 {kind: link|text|file, value}`,
        `evidence item ${i + 1} must be {kind: link|text|file, value}`,
        { field: 'evidence', row: i + 1 },
      );
    }
  });
}

/**
 * A department officer reports only on tasks their department leads or shares; the check is
 * assertDepartment's (other roles pass), asked against the co-department when it is not the lead.
 */
export function assertMayReport(actor: Principal, task: Parameters<typeof involves>[0]) {
  assertReadRegion(actor, task.region_code);
  const own = actor.departmentCode;
  assertDepartment(actor, own && involves(task, own) ? own : task.department_code);
}

export async function reportProgress(
  db: Kysely<Database>,
  actor: Principal,
  taskId: number,
  input: ProgressReportInput,
  today: string,
): Promise<TaskView & { reports: ReportView[] }> {
  assertPermission(actor, 'task.report');
  const evidence = input.evidence ?? [];
  checkEvidence(evidence);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    // Lock the task's row before reading it (a no-op write; PostgreSQL holds the lock to commit), so two
    // reports at once are judged one after the other and "backwards" is always against the latest state.
    await trx
      .updateTable('checkup_task')
      .set({ updated_at: (eb) => eb.ref('updated_at') })
      .where('id', '=', taskId)
      .execute();
    const task = await loadTask(trx, taskId);
    assertMayReport(actor, task);
    assertTasksOpen(await findCheckup(trx, task.checkup_id));
    const next = nextReportedState({ status: task.status, progress: Number(task.progress) }, input);
    const report = await trx
      .insertInto('checkup_task_report')
      .values({
        task_id: task.id,
        progress: next.progress,
        status: next.status,
        note: input.note?.trim() ?? '',
        evidence: writeJson(evidence),
        reported_by: actor.username,
        reported_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const closedAt = next.status === 'done' ? (task.status === 'done' ? task.closed_at : now) : null;
    const after = await trx
      .updateTable('checkup_task')
      .set({ progress: next.progress, status: next.status, closed_at: closedAt, updated_at: now })
      .where('id', '=', task.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_task.reported',
      entityType: 'checkup_task',
      entityId: task.id,
      regionCode: task.region_code,
      before: { status: task.status, progress: Number(task.progress) },
      after: { status: after.status, progress: Number(after.progress), reportId: report.id },
      comment: report.note || null,
    });
  });
  return getTask(db, actor, taskId, today);
}
