import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import { assertDepartment, canReadRegion, canWriteRegion, regionAncestry, regionRelation } from './scope.js';

const user = (regionCode: string, extra: Partial<Principal> = {}): Principal => ({
  userId: 1,
  username: 'u',
  displayName: 'u',
  role: 'planner',
  regionCode,
  departmentCode: null,
  ...extra,
});

describe('region scope', () => {
  it('relates codes by prefix', () => {
    expect(regionRelation('990102', '990102001')).toBe('within');
    expect(regionRelation('990102', '990102')).toBe('within');
    expect(regionRelation('990102', '9901')).toBe('above');
    expect(regionRelation('990102', '990103001')).toBe('outside');
    expect(regionRelation('', '990103')).toBe('within');
  });

  it('reads the subtree and above, writes only the subtree', () => {
    const d1 = user('990102');
    expect(canReadRegion(d1, '9901')).toBe(true);
    expect(canWriteRegion(d1, '9901')).toBe(false);
    expect(canReadRegion(d1, '990103')).toBe(false);
    expect(canWriteRegion(d1, '99010200101')).toBe(true);
  });

  it('lists a region and its ancestors', () => {
    expect(regionAncestry('990102001')).toEqual(['99', '9901', '990102', '990102001']);
    expect(regionAncestry('9901')).toEqual(['99', '9901']);
  });

  it('binds department officers to their department only', () => {
    const officer = user('9901', { role: 'department_officer', departmentCode: 'jyj' });
    expect(() => assertDepartment(officer, 'jyj')).not.toThrow();
    expect(() => assertDepartment(officer, 'wjw')).toThrow(/another department/);
    expect(() => assertDepartment(user('9901'), 'wjw')).not.toThrow();
  });
});
