/**
 * A check-up's workflow as a guarded state machine: one declaration of the events — where each may
 * start, where it leads, whether it needs a reason and which permission it needs. Running the check-up
 * (数据采集 → 计算 → 分析) is the evaluators' work (`checkup.manage`); deciding on it — sending it back,
 * putting it out for 公示, publishing and archiving — is the bureau's (`checkup.review`). No code
 * writes a check-up's status except `transitionCheckup` (checkups.ts), which also checks the guards that
 * need the store (a snapshot before analysis, findings before review and publication), records the
 * transition row and audits, in one transaction.
 */
import type { Permission } from '../auth/roles.js';
import { badRequest, conflict } from '../errors.js';
import type { CheckupStatus } from './checkup-tables.js';

export const CHECKUP_STATUS_LABELS: Record<CheckupStatus, { zh: string; en: string }> = {
  drafting: { zh: '起草', en: 'Drafting' },
  collecting: { zh: '数据采集', en: 'Collecting data' },
  computing: { zh: '计算', en: 'Computing' },
  analysing: { zh: '分析', en: 'Analysing' },
  reviewing: { zh: '审查', en: 'Under review' },
  publicising: { zh: '公示', en: 'Publicising' },
  published: { zh: '发布', en: 'Published' },
  archived: { zh: '归档', en: 'Archived' },
};

/** What a transition needs from the store beyond the status (checked in checkups.ts). */
export type CheckupGuard = 'snapshot' | 'findings';

interface EventRule {
  from: readonly CheckupStatus[];
  to: CheckupStatus;
  needsReason: boolean;
  permission: Extract<Permission, 'checkup.manage' | 'checkup.review'>;
  guards: readonly CheckupGuard[];
  label: { zh: string; en: string };
}

export const CHECKUP_EVENTS = {
  start_collecting: {
    from: ['drafting'],
    to: 'collecting',
    needsReason: false,
    permission: 'checkup.manage',
    guards: [],
    label: { zh: '开始数据采集', en: 'start collecting data' },
  },
  start_computing: {
    from: ['collecting'],
    to: 'computing',
    needsReason: false,
    permission: 'checkup.manage',
    guards: [],
    label: { zh: '开始计算', en: 'start computing' },
  },
  // Analysis stands on frozen values: without a snapshot there is nothing to analyse.
  start_analysis: {
    from: ['computing'],
    to: 'analysing',
    needsReason: false,
    permission: 'checkup.manage',
    guards: ['snapshot'],
    label: { zh: '进入分析', en: 'start analysis' },
  },
  submit_review: {
    from: ['analysing'],
    to: 'reviewing',
    needsReason: false,
    permission: 'checkup.manage',
    guards: ['snapshot', 'findings'],
    label: { zh: '提交审查', en: 'submit for review' },
  },
  send_back: {
    from: ['reviewing', 'publicising'],
    to: 'analysing',
    needsReason: true,
    permission: 'checkup.review',
    guards: [],
    label: { zh: '退回分析', en: 'send back to analysis' },
  },
  start_publicity: {
    from: ['reviewing'],
    to: 'publicising',
    needsReason: false,
    permission: 'checkup.review',
    guards: ['snapshot', 'findings'],
    label: { zh: '审查通过并公示', en: 'approve and publicise' },
  },
  publish: {
    from: ['publicising'],
    to: 'published',
    needsReason: false,
    permission: 'checkup.review',
    guards: ['snapshot', 'findings'],
    label: { zh: '发布', en: 'publish' },
  },
  archive: {
    from: ['published'],
    to: 'archived',
    needsReason: false,
    permission: 'checkup.review',
    guards: [],
    label: { zh: '归档', en: 'archive' },
  },
} as const satisfies Record<string, EventRule>;
export type CheckupEvent = keyof typeof CHECKUP_EVENTS;
export const CHECKUP_EVENT_NAMES = Object.keys(CHECKUP_EVENTS) as CheckupEvent[];

export function isCheckupEvent(value: string): value is CheckupEvent {
  return Object.hasOwn(CHECKUP_EVENTS, value);
}

/** The status after `event`, or a bilingual refusal (wrong status, missing reason). */
export function nextCheckupStatus(current: CheckupStatus, event: CheckupEvent, reason: string | undefined) {
  const rule: EventRule = CHECKUP_EVENTS[event];
  if (!rule.from.includes(current)) {
    const allowed = rule.from.map((s) => CHECKUP_STATUS_LABELS[s]);
    throw conflict(
      'checkup_transition_refused',
      `体检当前为“${CHECKUP_STATUS_LABELS[current].zh}”，不能“${rule.label.zh}”（仅限${allowed.map((a) => `“${a.zh}”`).join('、')}时）`,
      `the check-up is ${CHECKUP_STATUS_LABELS[current].en.toLowerCase()}; cannot ${rule.label.en} (only when ${allowed.map((a) => a.en.toLowerCase()).join(' or ')})`,
      { field: 'event' },
    );
  }
  if (rule.needsReason && !reason?.trim()) {
    throw badRequest('reason_required', `“${rule.label.zh}”需要填写理由`, `"${rule.label.en}" needs a reason`, {
      field: 'reason',
    });
  }
  return rule.to;
}

/** Statuses in which the analysis (findings, causes, measures) may still change. */
export const EDITABLE_STATUSES: readonly CheckupStatus[] = [
  'drafting',
  'collecting',
  'computing',
  'analysing',
  'reviewing',
  'publicising',
];
