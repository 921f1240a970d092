/**
 * evaluateValue: everything a planner asks of one annual value — where it stands against this year's
 * expected value and the plan-period limit, where it is heading (trend and forecast for the next
 * horizon: will the target be met?), and whether it is unusual against its peers or its own past.
 * Pure: the run gathers the inputs (the zone's values over the years, the same-level zones' values this
 * year, the target) and stores the result in the value's `detail.evaluation`; the warning rules then
 * read it (warning-rules.ts).
 *
 * Adverse deviation (%) by direction — higher_better: shortfall below expected; lower_better: excess
 * above expected; target/range: distance either way — as a share of |expected|.
 */
import { linearTrend, predictInterval, slopeInterval, type Interval, type TrendPoint } from './linear-trend.js';
import type { Direction } from './monitoring-tables.js';
import { reasonableRange, type Range, type RangeOptions } from './reasonable-range.js';
import { expectedValue, pathPoints, periodLimit, type Milestone, type TargetPath } from './trajectory.js';

export interface TargetInfo extends TargetPath {
  planVersionId: number;
  binding: boolean;
  bottomLine: boolean;
}

export interface ValueCase {
  direction: Direction;
  /** The catalog's standard range (direction 'range'). */
  rangeLow: number | null;
  rangeHigh: number | null;
  /** What the unit allows (indicator-units.ts unitBounds). */
  bounds: { min: number | null; max: number | null };
  year: number;
  value: number;
  /** The zone's annual values, any years (the current one included or not). */
  history: readonly TrendPoint[];
  /**
   * This year's values of the zones of the same level, this one included (Tukey's fences are drawn
   * from the whole distribution). Pass one array per group: ranges are cached per array.
   */
  peers: readonly number[];
  target: TargetInfo | null;
}

export interface MethodOptions {
  /** Of the trend's intervals (default 0.9). */
  confidence: number;
  iqrFactor: number;
  minZones: number;
  minYears: number;
}

export const DEFAULT_METHOD: MethodOptions = { confidence: 0.9, iqrFactor: 1.5, minZones: 5, minYears: 4 };

export type Outlook = 'likely' | 'uncertain' | 'unlikely';

export interface Evaluation {
  expected: number | null;
  deviation: number | null;
  deviationPct: number | null;
  /** ≥ 0: how far the value is off in the adverse direction, % of |expected|. */
  adversePct: number | null;
  /** The bottom line in force this year and by how much the value breaks it (> 0: breach). */
  bottomLine: { limit: number; limitYear: number; shortfall: number } | null;
  trend: {
    n: number;
    fromYear: number;
    toYear: number;
    slope: number;
    slopeLow: number;
    slopeHigh: number;
    intercept: number;
    r2: number;
    residualSd: number;
    /** The trajectory's average annual change over the same years (0 without a target). */
    plannedSlope: number | null;
  } | null;
  forecast: (Interval & { year: number; target: number; outlook: Outlook }) | null;
  ranges: {
    crossSection: Range | null;
    /** The range of this year's value implied by the zone's past annual changes. */
    overYears: (Range & { previous: number; changeLow: number; changeHigh: number }) | null;
    standard: { low: number; high: number } | null;
    outside: ('crossSection' | 'overYears' | 'standard')[];
  };
}

export function evaluateValue(c: ValueCase, options: MethodOptions = DEFAULT_METHOD): Evaluation {
  const expected = c.target ? expectedValue(c.target, c.year) : null;
  const deviation = expected === null ? null : c.value - expected;
  const deviationPct = expected === null || expected === 0 ? null : (100 * deviation!) / Math.abs(expected);
  return {
    expected,
    deviation,
    deviationPct,
    adversePct: deviationPct === null ? null : Math.max(0, adverse(c.direction, deviationPct)),
    bottomLine: bottomLineOf(c),
    trend: trendOf(c, options.confidence),
    forecast: forecastOf(c, options.confidence),
    ranges: rangesOf(c, options),
  };
}

/** Signed amount in the adverse direction (positive = worse than expected). */
function adverse(direction: Direction, delta: number): number {
  if (direction === 'higher_better') return -delta;
  if (direction === 'lower_better') return delta;
  return Math.abs(delta);
}

function bottomLineOf(c: ValueCase): Evaluation['bottomLine'] {
  if (!c.target?.bottomLine) return null;
  const limit = periodLimit(c.target, c.year);
  if (!limit) return null;
  return { limit: limit.value, limitYear: limit.year, shortfall: adverse(c.direction, c.value - limit.value) };
}

function annualPoints(c: ValueCase): TrendPoint[] {
  const byYear = new Map<number, number>();
  for (const p of c.history) if (p.x <= c.year && Number.isFinite(p.y)) byYear.set(p.x, p.y);
  byYear.set(c.year, c.value);
  return [...byYear].map(([x, y]) => ({ x, y })).sort((a, b) => a.x - b.x);
}

export function trendOf(c: ValueCase, confidence: number): Evaluation['trend'] {
  const points = annualPoints(c);
  const fit = linearTrend(points);
  if (!fit) return null;
  const slope = slopeInterval(fit, confidence);
  const fromYear = points[0]!.x;
  let plannedSlope: number | null = c.target ? 0 : null;
  if (c.target) {
    const a = expectedValue(c.target, fromYear);
    const b = expectedValue(c.target, c.year);
    if (a !== null && b !== null && c.year > fromYear) plannedSlope = (b - a) / (c.year - fromYear);
  }
  return {
    n: fit.n,
    fromYear,
    toYear: c.year,
    slope: fit.slope,
    slopeLow: slope.low,
    slopeHigh: slope.high,
    intercept: fit.intercept,
    r2: fit.r2,
    residualSd: fit.residualSd,
    plannedSlope,
  };
}

/** The next horizon after this year: a milestone, else the target year. */
function nextHorizon(target: TargetPath, year: number): Milestone | null {
  return pathPoints(target).find((p) => p.year > year) ?? null;
}

export function forecastOf(c: ValueCase, confidence: number): Evaluation['forecast'] {
  if (!c.target) return null;
  const horizon = nextHorizon(c.target, c.year);
  const fit = linearTrend(annualPoints(c));
  if (!horizon || !fit) return null;
  const interval = predictInterval(fit, horizon.year, confidence);
  return {
    ...interval,
    year: horizon.year,
    target: horizon.value,
    outlook: outlookOf(c.direction, interval, horizon.value),
  };
}

function outlookOf(direction: Direction, p: Interval, target: number): Outlook {
  if (direction === 'higher_better') return p.low >= target ? 'likely' : p.high < target ? 'unlikely' : 'uncertain';
  if (direction === 'lower_better') return p.high <= target ? 'likely' : p.low > target ? 'unlikely' : 'uncertain';
  // Equal to a target (or within a range around it): an interval that misses it is a miss; one that
  // covers it can only be "uncertain" — it covers neighbouring values as well.
  return target >= p.low && target <= p.high ? 'uncertain' : 'unlikely';
}

export function rangesOf(c: ValueCase, options: MethodOptions): Evaluation['ranges'] {
  const floor = c.bounds.min;
  const ceiling = c.bounds.max;
  const crossSection = peerRange(c.peers, { factor: options.iqrFactor, minCount: options.minZones, floor, ceiling });
  const past = annualPoints(c).filter((p) => p.x < c.year);
  const changes: number[] = [];
  for (let i = 1; i < past.length; i++)
    if (past[i]!.x === past[i - 1]!.x + 1) changes.push(past[i]!.y - past[i - 1]!.y);
  const previous = past.at(-1);
  const change = reasonableRange(changes, { factor: options.iqrFactor, minCount: options.minYears });
  const overYears =
    change && previous && previous.x === c.year - 1
      ? {
          ...change,
          previous: previous.y,
          changeLow: change.low,
          changeHigh: change.high,
          low: clamp(previous.y + change.low, floor, ceiling),
          high: clamp(previous.y + change.high, floor, ceiling),
        }
      : null;
  const standard =
    c.direction === 'range' && c.rangeLow !== null && c.rangeHigh !== null
      ? { low: c.rangeLow, high: c.rangeHigh }
      : null;
  const outside: Evaluation['ranges']['outside'] = [];
  const out = (r: { low: number; high: number } | null) => r !== null && (c.value < r.low || c.value > r.high);
  if (out(crossSection)) outside.push('crossSection');
  if (out(overYears)) outside.push('overYears');
  if (out(standard)) outside.push('standard');
  return { crossSection, overYears, standard, outside };
}

const peerRanges = new WeakMap<readonly number[], Map<string, Range | null>>();

/** The range of a peer group, computed once per group and options. */
function peerRange(peers: readonly number[], options: RangeOptions): Range | null {
  let cache = peerRanges.get(peers);
  if (!cache) peerRanges.set(peers, (cache = new Map()));
  const key = JSON.stringify(options);
  if (!cache.has(key)) cache.set(key, reasonableRange(peers, options));
  return cache.get(key)!;
}

function clamp(v: number, min: number | null, max: number | null): number {
  return Math.min(max ?? Infinity, Math.max(min ?? -Infinity, v));
}
