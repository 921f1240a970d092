import { describe, expect, it } from 'vitest';
import { quantile, reasonableRange } from './reasonable-range.js';

describe('reasonableRange', () => {
  it('draws Tukey fences from type-7 quartiles', () => {
    // 1…9: Q1 = 3, Q3 = 7, IQR = 4 → [3 − 6, 7 + 6]
    expect(reasonableRange([9, 1, 8, 2, 7, 3, 6, 4, 5], { minCount: 5 })).toEqual({
      low: -3,
      high: 13,
      q1: 3,
      q3: 7,
      n: 9,
    });
  });

  it('interpolates between order statistics as R and NumPy do', () => {
    // [10, 20, 30, 40]: Q1 at h = 0.75 → 17.5; Q3 at h = 2.25 → 32.5
    expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
    expect(quantile([10, 20, 30, 40], 0.75)).toBe(32.5);
  });

  it('takes another factor and clips to what the unit allows', () => {
    const r = reasonableRange([1, 2, 3, 4, 5, 6, 7, 8, 9], { minCount: 5, factor: 3, floor: 0, ceiling: 15 })!;
    expect(r.low).toBe(0);
    expect(r.high).toBe(15);
  });

  it('gives no range from too few values or a zero interquartile range', () => {
    expect(reasonableRange([1, 2, 3, 4], { minCount: 5 })).toBeNull();
    expect(reasonableRange([0, 0, 0, 0, 0, 0, 3], { minCount: 5 })).toBeNull();
    expect(reasonableRange([1, 2, Number.NaN, 3, 4], { minCount: 5 })).toBeNull();
  });
});
