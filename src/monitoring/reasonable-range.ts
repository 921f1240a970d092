/**
 * reasonableRange: a range "derived from data, not only from expert opinion" (the first seed paper's
 * complaint: 指标合理范围的界定主要依赖专家意见或简单的统计方法) — Tukey's fences: the interquartile range
 * widened by a factor (1.5 by default) on each side, [Q1 − k·IQR, Q3 + k·IQR]. A value outside is
 * unusual for its peers whatever the shape of their distribution, and the fences, built from
 * quartiles, are not dragged by the very outliers they are meant to catch (J. W. Tukey, Exploratory
 * Data Analysis, 1977, ch. 2).
 *
 *   reasonableRange([1, 2, 3, 4, 5, 6, 7, 8, 9], { minCount: 5 })
 *   // Q1 = 3, Q3 = 7 (linear interpolation), IQR = 4 → { low: −3, high: 13, q1: 3, q3: 7, n: 9 }
 *
 * Quantiles interpolate linearly between order statistics (Hyndman & Fan 1996 type 7, the default of
 * R and NumPy), so a hand check in either gives the same numbers. Bounds are clipped to what the unit
 * allows (`floor`/`ceiling`: 0 for areas and counts, 0–100 for percentages). Fewer than `minCount`
 * values, or a zero IQR (at least half the values equal — most units without a shelter, a quantity
 * that did not change for years): no range (null) — fences of zero width would call every other
 * value unusual, and a fence from four numbers says little.
 */
export interface Range {
  low: number;
  high: number;
  q1: number;
  q3: number;
  n: number;
}

export interface RangeOptions {
  /** IQR multiplier k (default 1.5). */
  factor?: number;
  minCount: number;
  floor?: number | null;
  ceiling?: number | null;
}

export function reasonableRange(values: readonly number[], options: RangeOptions): Range | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < options.minCount || sorted.length === 0) return null;
  const k = options.factor ?? 1.5;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  let low = q1 - k * iqr;
  let high = q3 + k * iqr;
  if (options.floor != null) low = Math.max(low, options.floor);
  if (options.ceiling != null) high = Math.min(high, options.ceiling);
  return { low, high, q1, q3, n: sorted.length };
}

/** Type-7 quantile of ascending values. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return lo + (h - i) * (hi - lo);
}
