/** Per state, the events allowed; every other event refused; reasons where the lifecycle needs them. */
import { describe, expect, it } from 'vitest';
import { LantuError } from '../errors.js';
import { WARNING_STATUSES, type WarningStatus } from './monitoring-tables.js';
import { nextSubmissionStatus, SUBMISSION_EVENTS, SUBMISSION_STATUSES } from './submission-status.js';
import { nextWarningStatus, USER_WARNING_EVENTS, WARNING_EVENTS, type WarningEvent } from './warning-status.js';

const ALLOWED: Record<WarningStatus, Partial<Record<WarningEvent, WarningStatus>>> = {
  raised: { acknowledge: 'acknowledged', resolve: 'resolved', dismiss: 'dismissed', supersede: 'resolved' },
  acknowledged: { resolve: 'resolved', dismiss: 'dismissed', supersede: 'resolved' },
  resolved: {},
  dismissed: {},
};

describe('warning lifecycle', () => {
  for (const status of WARNING_STATUSES) {
    for (const event of Object.keys(WARNING_EVENTS) as WarningEvent[]) {
      const to = ALLOWED[status][event];
      it(`${status} + ${event} → ${to ?? 'refused'}`, () => {
        if (to) expect(nextWarningStatus(status, event, 'checked on site')).toBe(to);
        else {
          const error = (() => {
            try {
              nextWarningStatus(status, event, 'checked on site');
            } catch (e) {
              return e as LantuError;
            }
          })();
          expect(error).toBeInstanceOf(LantuError);
          expect(error).toMatchObject({ code: 'warning_transition_refused', status: 409 });
        }
      });
    }
  }

  it('resolving and dismissing need a reason; acknowledging does not', () => {
    expect(() => nextWarningStatus('raised', 'dismiss', '  ')).toThrow(
      expect.objectContaining({ code: 'reason_required' }),
    );
    expect(() => nextWarningStatus('acknowledged', 'resolve', null)).toThrow(
      expect.objectContaining({ code: 'reason_required' }),
    );
    expect(nextWarningStatus('raised', 'acknowledge', undefined)).toBe('acknowledged');
  });

  it('people cannot send the system’s supersede event', () => {
    expect(USER_WARNING_EVENTS).toEqual(['acknowledge', 'resolve', 'dismiss']);
  });
});

describe('submission review', () => {
  it('only a submitted value can be accepted or returned, and returning needs a comment', () => {
    for (const status of SUBMISSION_STATUSES)
      for (const event of Object.keys(SUBMISSION_EVENTS) as (keyof typeof SUBMISSION_EVENTS)[]) {
        if (status === 'submitted')
          expect(nextSubmissionStatus(status, event, 'fix the unit')).toBe(SUBMISSION_EVENTS[event].to);
        else
          expect(() => nextSubmissionStatus(status, event, 'x')).toThrow(
            expect.objectContaining({ code: 'submission_transition_refused' }),
          );
      }
    expect(() => nextSubmissionStatus('submitted', 'return', '')).toThrow(
      expect.objectContaining({ code: 'comment_required' }),
    );
  });
});
