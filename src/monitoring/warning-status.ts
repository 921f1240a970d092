/**
 * A warning's lifecycle as a guarded state machine, in one declaration: raised → acknowledged →
 * resolved | dismissed. Resolving says what was done and dismissing says why it is not a problem, so
 * both need a reason. `supersede` is Lantu's own event: a later evaluation no longer finds the warning,
 * or finds it at another grade or by another rule, and closes it as resolved with the reason.
 * No code writes a warning's status except through `transitionWarning` (warnings.ts), which stamps and
 * audits in the same transaction.
 */
import { badRequest, conflict } from '../errors.js';
import type { WarningStatus } from './monitoring-tables.js';

export const WARNING_STATUS_LABELS: Record<WarningStatus, { zh: string; en: string }> = {
  raised: { zh: '已发出', en: 'Raised' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  resolved: { zh: '已解决', en: 'Resolved' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
};

/** Open warnings still ask for attention; closed ones are history. */
export const OPEN_WARNING_STATUSES: readonly WarningStatus[] = ['raised', 'acknowledged'];

export const WARNING_EVENTS = {
  acknowledge: { from: ['raised'], to: 'acknowledged', needsReason: false, system: false },
  resolve: { from: ['raised', 'acknowledged'], to: 'resolved', needsReason: true, system: false },
  dismiss: { from: ['raised', 'acknowledged'], to: 'dismissed', needsReason: true, system: false },
  supersede: { from: ['raised', 'acknowledged'], to: 'resolved', needsReason: true, system: true },
} as const satisfies Record<
  string,
  { from: readonly WarningStatus[]; to: WarningStatus; needsReason: boolean; system: boolean }
>;
export type WarningEvent = keyof typeof WARNING_EVENTS;
/** The events people may send; `supersede` is reserved for evaluations. */
export const USER_WARNING_EVENTS = (Object.keys(WARNING_EVENTS) as WarningEvent[]).filter(
  (e) => !WARNING_EVENTS[e].system,
);

export function nextWarningStatus(
  current: WarningStatus,
  event: WarningEvent,
  reason: string | undefined | null,
): WarningStatus {
  const rule = WARNING_EVENTS[event];
  if (!(rule.from as readonly WarningStatus[]).includes(current)) {
    throw conflict(
      'warning_transition_refused',
      `预警当前为“${WARNING_STATUS_LABELS[current].zh}”，不能执行“${event}”`,
      `the warning is ${WARNING_STATUS_LABELS[current].en.toLowerCase()}; "${event}" is not allowed`,
      { field: 'event' },
    );
  }
  if (rule.needsReason && !reason?.trim()) {
    throw badRequest('reason_required', `“${event}”需要填写理由`, `"${event}" needs a reason`, { field: 'reason' });
  }
  return rule.to;
}
