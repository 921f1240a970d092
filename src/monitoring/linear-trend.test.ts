import { describe, expect, it } from 'vitest';
import { linearTrend, predictInterval, slopeInterval } from './linear-trend.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('studentTQuantile', () => {
  it('matches the printed t tables', () => {
    // t₀.₉₅ for 1, 2, 3, 10 degrees of freedom; t₀.₉₇₅,₅ (any statistics table).
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.313752, 5);
    expect(studentTQuantile(0.95, 2)).toBeCloseTo(2.919986, 5);
    expect(studentTQuantile(0.95, 3)).toBeCloseTo(2.353363, 5);
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812461, 5);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 5);
    expect(studentTQuantile(0.05, 3)).toBeCloseTo(-2.353363, 5);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
  });
});

describe('linearTrend', () => {
  // By hand: x̄ = 2021.5, ȳ = 12.5, Sxx = 5, Sxy = 8, Syy = 13 → b = 1.6, a = 12.5 − 1.6 × 2021.5;
  // residuals −0.1, 0.3, −0.3, 0.1 → SSE = 0.2, s² = 0.1 (n − 2 = 2), R² = 1 − 0.2/13.
  const points = [
    { x: 2020, y: 10 },
    { x: 2021, y: 12 },
    { x: 2022, y: 13 },
    { x: 2023, y: 15 },
  ];
  const t = linearTrend(points)!;

  it('fits slope, intercept, residual error and R²', () => {
    expect(t.n).toBe(4);
    expect(t.slope).toBeCloseTo(1.6, 12);
    expect(t.intercept).toBeCloseTo(-3221.9, 8);
    expect(t.sxx).toBe(5);
    expect(t.residualSd).toBeCloseTo(Math.sqrt(0.1), 10);
    expect(t.r2).toBeCloseTo(1 - 0.2 / 13, 12);
  });

  it('gives the 90% prediction interval for 2035', () => {
    // ŷ = 12.5 + 1.6 × 13.5 = 34.1; half = t₀.₉₅,₂ · √0.1 · √(1 + 1/4 + 13.5²/5) = 2.919986 × 0.316228 × 6.140033
    const p = predictInterval(t, 2035, 0.9);
    expect(p.value).toBeCloseTo(34.1, 8);
    expect(p.high - p.value).toBeCloseTo(5.66959, 4);
    expect(p.value - p.low).toBeCloseTo(5.66959, 4);
  });

  it('gives the slope’s 90% confidence interval', () => {
    // half = t₀.₉₅,₂ · √0.1 / √5 = 0.412948
    const s = slopeInterval(t, 0.9);
    expect(s.low).toBeCloseTo(1.6 - 0.412948, 5);
    expect(s.high).toBeCloseTo(1.6 + 0.412948, 5);
  });

  it('needs three points in at least two years', () => {
    expect(linearTrend(points.slice(0, 2))).toBeNull();
    expect(
      linearTrend([
        { x: 2020, y: 1 },
        { x: 2020, y: 2 },
        { x: 2020, y: 3 },
      ]),
    ).toBeNull();
  });

  it('a perfect line has zero residual error and a zero-width interval', () => {
    const line = linearTrend([1, 2, 3, 4].map((i) => ({ x: 2020 + i, y: 5 + 2 * i })))!;
    expect(line.residualSd).toBeCloseTo(0, 12);
    const p = predictInterval(line, 2030);
    expect(p.value).toBeCloseTo(25, 10);
    expect(p.high - p.low).toBeCloseTo(0, 10);
  });
});
