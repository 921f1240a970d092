import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES, type PlanStatus } from './onemap-tables.js';
import { nextStatus, PLAN_EVENTS, type PlanEvent } from './plan-status.js';

const EVENTS = Object.keys(PLAN_EVENTS) as PlanEvent[];

describe('plan status machine', () => {
  for (const status of PLAN_STATUSES) {
    it(`from ${status}: allows exactly its declared events`, () => {
      for (const event of EVENTS) {
        const rule = PLAN_EVENTS[event];
        const allowed = (rule.from as readonly PlanStatus[]).includes(status);
        const attempt = () => nextStatus(status, event, 'a reason');
        if (allowed) expect(attempt()).toBe(rule.to);
        else expect(attempt).toThrow(/not allowed/);
      }
    });
  }

  it('needs a reason to send back, amend or repeal', () => {
    expect(() => nextStatus('reviewing', 'send_back', undefined)).toThrow(/needs a reason/);
    expect(() => nextStatus('approved', 'start_amendment', '  ')).toThrow(/needs a reason/);
    expect(nextStatus('drafting', 'submit', undefined)).toBe('reviewing');
  });

  it('has no way out of repealed', () => {
    expect(EVENTS.filter((e) => (PLAN_EVENTS[e].from as readonly PlanStatus[]).includes('repealed'))).toEqual([]);
  });
});
