/**
 * A plan's status as a guarded state machine: one declaration of the events, where each may start and
 * where it leads. Sending back (review → drafting) and repealing need a reason. No code writes a plan's
 * status except through `transition` (plans.ts), which also stamps and audits.
 */
import { badRequest, conflict } from '../errors.js';
import type { PlanStatus } from './onemap-tables.js';

export const PLAN_STATUS_LABELS: Record<PlanStatus, { zh: string; en: string }> = {
  drafting: { zh: '编制中', en: 'Drafting' },
  reviewing: { zh: '审查中', en: 'Under review' },
  approved: { zh: '已批复', en: 'Approved' },
  amending: { zh: '修改中', en: 'Being amended' },
  repealed: { zh: '废止', en: 'Repealed' },
};

export const PLAN_EVENTS = {
  submit: { from: ['drafting'], to: 'reviewing', needsReason: false },
  send_back: { from: ['reviewing'], to: 'drafting', needsReason: true },
  approve: { from: ['reviewing'], to: 'approved', needsReason: false },
  start_amendment: { from: ['approved'], to: 'amending', needsReason: true },
  submit_amendment: { from: ['amending'], to: 'reviewing', needsReason: false },
  repeal: { from: ['drafting', 'reviewing', 'approved', 'amending'], to: 'repealed', needsReason: true },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to: PlanStatus; needsReason: boolean }>;
export type PlanEvent = keyof typeof PLAN_EVENTS;

export function nextStatus(current: PlanStatus, event: PlanEvent, reason: string | undefined): PlanStatus {
  const rule = PLAN_EVENTS[event];
  if (!(rule.from as readonly PlanStatus[]).includes(current)) {
    throw conflict(
      'plan_transition_refused',
      `规划当前为“${PLAN_STATUS_LABELS[current].zh}”，不能执行“${event}”`,
      `the plan is ${PLAN_STATUS_LABELS[current].en.toLowerCase()}; "${event}" is not allowed`,
      { field: 'event' },
    );
  }
  if (rule.needsReason && !reason?.trim()) {
    throw badRequest('reason_required', `“${event}”需要填写理由`, `"${event}" needs a reason`, { field: 'reason' });
  }
  return rule.to;
}
