/**
 * A department's submitted value as a guarded state machine: submitted → accepted (the bureau takes it
 * as the indicator's value) | returned (sent back with a comment saying what to correct; the department
 * submits a corrected value as a new submission, so the returned one stays in the history).
 */
import { badRequest, conflict } from '../errors.js';

export const SUBMISSION_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'Submitted' },
  accepted: { zh: '已采纳', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
};

export const SUBMISSION_EVENTS = {
  accept: { from: ['submitted'], to: 'accepted', needsReason: false },
  return: { from: ['submitted'], to: 'returned', needsReason: true },
} as const satisfies Record<string, { from: readonly SubmissionStatus[]; to: SubmissionStatus; needsReason: boolean }>;
export type SubmissionEvent = keyof typeof SUBMISSION_EVENTS;

export function nextSubmissionStatus(
  current: string,
  event: SubmissionEvent,
  comment: string | null | undefined,
): SubmissionStatus {
  const rule = SUBMISSION_EVENTS[event];
  if (!(rule.from as readonly string[]).includes(current)) {
    const label = SUBMISSION_STATUS_LABELS[current as SubmissionStatus] ?? { zh: current, en: current };
    throw conflict(
      'submission_transition_refused',
      `填报当前为“${label.zh}”，不能执行“${event}”`,
      `the submission is ${label.en.toLowerCase()}; "${event}" is not allowed`,
      { field: 'event' },
    );
  }
  if (rule.needsReason && !comment?.trim()) {
    throw badRequest(
      'comment_required',
      '退回需要填写意见，说明要改什么',
      'returning needs a comment saying what to correct',
      {
        field: 'comment',
      },
    );
  }
  return rule.to;
}
