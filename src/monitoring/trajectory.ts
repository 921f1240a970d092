/**
 * expectedValue: what a target's trajectory says a year's value should be, so an annual value is judged
 * against this year's expected value and not against the 2035 target (the first seed paper: 以年度数据
 * 对比近期或末期规划指标 … 无法准确反映实施管理的实际状况).
 *
 * The trajectory runs through the base year's value, the milestones (e.g. the 2025 near-term value) and
 * the target year's value. Between two consecutive points (y₀, v₀) → (y₁, v₁), with t = (year − y₀)/(y₁ − y₀):
 * - `linear` (default): v₀ + (v₁ − v₀)·t
 * - `front_loaded`: v₀ + (v₁ − v₀)·(1 − (1 − t)^p) — most of the change early (p = params.exponent, default 2)
 * - `back_loaded`: v₀ + (v₁ − v₀)·t^p — most of the change late
 * - `step`: v₀ until y₁, then v₁ — a quantity that holds for a whole plan period
 * Before the base year there is no expectation (null); after the target year, the target holds.
 *
 *   expectedValue({ baseYear: 2020, baseValue: 100, targetYear: 2035, targetValue: 130,
 *                   milestones: [{ year: 2025, value: 110 }], trajectory: 'linear' }, 2023)  // → 106
 *
 * periodLimit: the binding quantity in force in a year — the value of the next milestone (or the
 * target) at or after it. A bottom line such as 耕地保有量 "不低于 X (2025)" binds every year up to 2025.
 */
import { badRequest } from '../errors.js';

export const TRAJECTORY_SHAPES = ['linear', 'front_loaded', 'back_loaded', 'step'] as const;
export type TrajectoryShape = (typeof TRAJECTORY_SHAPES)[number];

export interface Milestone {
  year: number;
  value: number;
}

export interface TargetPath {
  baseYear: number;
  baseValue: number;
  targetYear: number;
  targetValue: number;
  milestones?: readonly Milestone[] | null;
  trajectory?: string | null;
  trajectoryParams?: { exponent?: number } | null;
}

export function expectedValue(path: TargetPath, year: number): number | null {
  const points = pathPoints(path);
  if (year < points[0]!.year) return null;
  const last = points.at(-1)!;
  if (year >= last.year) return last.value;
  const shape = checkShape(path.trajectory);
  const p = path.trajectoryParams?.exponent ?? 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (year > b.year) continue;
    if (year === b.year) return b.value;
    const t = (year - a.year) / (b.year - a.year);
    const f =
      shape === 'linear' ? t : shape === 'front_loaded' ? 1 - (1 - t) ** p : shape === 'back_loaded' ? t ** p : 0;
    return a.value + (b.value - a.value) * f;
  }
  return last.value;
}

/** The next milestone or the target at or after `year` (null before the base year). */
export function periodLimit(path: TargetPath, year: number): Milestone | null {
  const points = pathPoints(path);
  if (year < points[0]!.year) return null;
  return points.slice(1).find((p) => p.year >= year) ?? points.at(-1)!;
}

/** Base, milestones strictly between base and target (sorted), target. */
export function pathPoints(path: TargetPath): Milestone[] {
  if (!(path.targetYear > path.baseYear)) {
    throw badRequest(
      'target_years_invalid',
      `目标年 ${path.targetYear} 应晚于基期年 ${path.baseYear}`,
      `the target year ${path.targetYear} must come after the base year ${path.baseYear}`,
      { field: 'targetYear' },
    );
  }
  const inner = (path.milestones ?? [])
    .filter((m) => m.year > path.baseYear && m.year < path.targetYear)
    .slice()
    .sort((a, b) => a.year - b.year);
  return [{ year: path.baseYear, value: path.baseValue }, ...inner, { year: path.targetYear, value: path.targetValue }];
}

export function checkShape(shape: string | null | undefined): TrajectoryShape {
  const s = shape ?? 'linear';
  if (!(TRAJECTORY_SHAPES as readonly string[]).includes(s)) {
    throw badRequest(
      'trajectory_invalid',
      `未知的轨迹形态 ${s}（可用：${TRAJECTORY_SHAPES.join('、')}）`,
      `unknown trajectory shape ${s} (known: ${TRAJECTORY_SHAPES.join(', ')})`,
      { field: 'trajectory' },
    );
  }
  return s as TrajectoryShape;
}
