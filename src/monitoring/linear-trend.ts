/**
 * linearTrend: an indicator's trend over the years by ordinary least squares, with what is needed to
 * say how sure it is — the residual standard error, a confidence interval for the slope and a
 * prediction interval for a future year ("will we reach the 2035 target?").
 *
 *   const t = linearTrend([{ x: 2020, y: 10 }, { x: 2021, y: 12 }, { x: 2022, y: 13 }, { x: 2023, y: 15 }]);
 *   t.slope      // 1.6 per year   (Sxy / Sxx = 8 / 5)
 *   t.intercept  // ȳ − b·x̄ = 12.5 − 1.6 × 2021.5 = −3221.9
 *   predictInterval(t, 2035, 0.9) // ŷ ± t₀.₉₅,₂ · s · √(1 + 1/n + (x₀ − x̄)² / Sxx)
 *
 * Formulas (any regression text, e.g. Montgomery, Peck & Vining, Introduction to Linear Regression
 * Analysis, §2.2–2.4): b = Sxy/Sxx, a = ȳ − b·x̄, s² = SSE/(n − 2); slope interval b ± t·s/√Sxx;
 * prediction interval for one new observation at x₀: ŷ₀ ± t·s·√(1 + 1/n + (x₀ − x̄)²/Sxx), t the
 * (1 + c)/2 quantile of Student's t with n − 2 degrees of freedom. Needs at least 3 points with at
 * least 2 distinct years; x is centred before summing, so years near 2000 lose no precision.
 */
import { studentTQuantile } from './student-t.js';

export interface TrendPoint {
  x: number;
  y: number;
}

export interface LinearTrend {
  n: number;
  slope: number;
  intercept: number;
  xMean: number;
  yMean: number;
  sxx: number;
  /** Residual standard error s = √(SSE / (n − 2)). */
  residualSd: number;
  /** Coefficient of determination (1 when the points lie on a line, including a flat one). */
  r2: number;
}

export const MIN_TREND_POINTS = 3;

export function linearTrend(points: readonly TrendPoint[]): LinearTrend | null {
  const n = points.length;
  if (n < MIN_TREND_POINTS) return null;
  const xMean = points.reduce((s, p) => s + p.x, 0) / n;
  const yMean = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x - xMean;
    const dy = p.y - yMean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  const sse = Math.max(0, syy - slope * sxy);
  return {
    n,
    slope,
    intercept,
    xMean,
    yMean,
    sxx,
    residualSd: Math.sqrt(sse / (n - 2)),
    r2: syy === 0 ? 1 : 1 - sse / syy,
  };
}

export interface Interval {
  value: number;
  low: number;
  high: number;
  confidence: number;
}

/** The fitted value at x₀ with the prediction interval of one new observation there. */
export function predictInterval(trend: LinearTrend, x0: number, confidence = 0.9): Interval {
  const value = trend.intercept + trend.slope * x0;
  const t = studentTQuantile((1 + confidence) / 2, trend.n - 2);
  const half = t * trend.residualSd * Math.sqrt(1 + 1 / trend.n + (x0 - trend.xMean) ** 2 / trend.sxx);
  return { value, low: value - half, high: value + half, confidence };
}

/** The slope with its confidence interval. */
export function slopeInterval(trend: LinearTrend, confidence = 0.9): Interval {
  const t = studentTQuantile((1 + confidence) / 2, trend.n - 2);
  const half = (t * trend.residualSd) / Math.sqrt(trend.sxx);
  return { value: trend.slope, low: trend.slope - half, high: trend.slope + half, confidence };
}
