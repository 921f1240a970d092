import { describe, expect, it } from 'vitest';
import { expectedValue, pathPoints, periodLimit, type TargetPath } from './trajectory.js';

// A cropland floor: 100 km² in 2020, 98.5 by 2025, 97.5 by 2035 (the demo's 耕地保有量 shape).
const cropland: TargetPath = {
  baseYear: 2020,
  baseValue: 100,
  milestones: [{ year: 2025, value: 98.5 }],
  targetYear: 2035,
  targetValue: 97.5,
};

describe('expectedValue', () => {
  it('is linear by default between base, milestones and target', () => {
    expect(expectedValue(cropland, 2020)).toBe(100);
    // 100 + (98.5 − 100) × 3/5 = 99.1
    expect(expectedValue(cropland, 2023)).toBeCloseTo(99.1, 12);
    expect(expectedValue(cropland, 2025)).toBe(98.5);
    // 98.5 + (97.5 − 98.5) × 5/10 = 98
    expect(expectedValue(cropland, 2030)).toBeCloseTo(98, 12);
    expect(expectedValue(cropland, 2035)).toBe(97.5);
  });

  it('has no expectation before the base year and holds the target after the target year', () => {
    expect(expectedValue(cropland, 2019)).toBeNull();
    expect(expectedValue(cropland, 2040)).toBe(97.5);
  });

  it('front-loads and back-loads as power curves of the segment (exponent 2 unless given)', () => {
    const path = { baseYear: 2020, baseValue: 0, targetYear: 2030, targetValue: 100 };
    // t = 0.3: front 1 − 0.7² = 0.51; back 0.3² = 0.09; exponent 3: 1 − 0.7³ = 0.657
    expect(expectedValue({ ...path, trajectory: 'front_loaded' }, 2023)).toBeCloseTo(51, 10);
    expect(expectedValue({ ...path, trajectory: 'back_loaded' }, 2023)).toBeCloseTo(9, 10);
    expect(expectedValue({ ...path, trajectory: 'front_loaded', trajectoryParams: { exponent: 3 } }, 2023)).toBeCloseTo(
      65.7,
      10,
    );
    expect(expectedValue({ ...path, trajectory: 'linear' }, 2023)).toBeCloseTo(30, 10);
  });

  it('steps: the earlier value holds until the next point is reached', () => {
    const step = { ...cropland, trajectory: 'step' };
    expect(expectedValue(step, 2024)).toBe(100);
    expect(expectedValue(step, 2025)).toBe(98.5);
    expect(expectedValue(step, 2034)).toBe(98.5);
    expect(expectedValue(step, 2035)).toBe(97.5);
  });

  it('refuses an unknown shape and a target year not after the base year', () => {
    expect(() => expectedValue({ ...cropland, trajectory: 'zigzag' }, 2023)).toThrow(/zigzag/);
    expect(() => pathPoints({ ...cropland, targetYear: 2020 })).toThrow(/target year/);
  });

  it('ignores milestones outside the plan period and sorts the others', () => {
    const points = pathPoints({
      ...cropland,
      milestones: [
        { year: 2030, value: 98 },
        { year: 2019, value: 1 },
        { year: 2025, value: 98.5 },
      ],
    });
    expect(points.map((p) => p.year)).toEqual([2020, 2025, 2030, 2035]);
  });
});

describe('periodLimit', () => {
  it('is the next milestone at or after the year: the 2025 floor binds 2021–2025', () => {
    expect(periodLimit(cropland, 2019)).toBeNull();
    expect(periodLimit(cropland, 2021)).toEqual({ year: 2025, value: 98.5 });
    expect(periodLimit(cropland, 2025)).toEqual({ year: 2025, value: 98.5 });
    expect(periodLimit(cropland, 2026)).toEqual({ year: 2035, value: 97.5 });
    expect(periodLimit(cropland, 2040)).toEqual({ year: 2035, value: 97.5 });
  });
});
