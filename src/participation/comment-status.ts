/**
 * A public comment's handling as a guarded state machine: 已接收 received → 已分办 assigned → 已答复
 * answered. Reassigning before the answer is allowed (the first department may pass it on); revising an
 * answer is allowed (publishing it after a check). No code writes a comment's status except through
 * the functions in comments.ts, which also audit.
 */
import { conflict } from '../errors.js';
import type { CommentStatus } from './participation-tables.js';

export const COMMENT_STATUS_LABELS: Record<CommentStatus, { zh: string; en: string }> = {
  received: { zh: '已接收', en: 'received' },
  assigned: { zh: '已分办', en: 'assigned' },
  answered: { zh: '已答复', en: 'answered' },
};

export const COMMENT_EVENTS = {
  assign: { from: ['received', 'assigned'], to: 'assigned', zh: '分办', en: 'assign' },
  answer: { from: ['assigned', 'answered'], to: 'answered', zh: '答复', en: 'answer' },
} as const satisfies Record<string, { from: readonly CommentStatus[]; to: CommentStatus; zh: string; en: string }>;
export type CommentEvent = keyof typeof COMMENT_EVENTS;

export function nextCommentStatus(id: number, current: CommentStatus, event: CommentEvent): CommentStatus {
  const rule = COMMENT_EVENTS[event];
  if (!(rule.from as readonly CommentStatus[]).includes(current)) {
    const hint =
      event === 'answer' && current === 'received'
        ? { zh: '，请先分办给承办部门', en: '; assign it to a department first' }
        : { zh: '', en: '' };
    throw conflict(
      'comment_transition_refused',
      `意见 ${id} 当前为“${COMMENT_STATUS_LABELS[current].zh}”，不能${rule.zh}${hint.zh}`,
      `comment ${id} is ${COMMENT_STATUS_LABELS[current].en}; it cannot be ${event === 'assign' ? 'assigned' : 'answered'}${hint.en}`,
      { field: 'status' },
    );
  }
  return rule.to;
}
