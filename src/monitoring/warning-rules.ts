/**
 * Warning rules as data: which rule fires for an evaluated value, at what grade, and why — in words a
 * planner reads, in Chinese and English, with the numbers.
 *
 * For each kind, an indicator's own active rules replace the generic ones (indicator_code null). Of the
 * rules of a kind that fire, the most severe grade is raised — one warning per kind per value. Rules
 * that need a method parameter (interval confidence, the IQR factor, minimum counts) recompute with
 * their own; the stored evaluation uses the defaults (evaluate-value.ts DEFAULT_METHOD).
 *
 * Parameters (`params`, written `key=value;…` in warning-rules.csv):
 * - bottom_line_breach: `tolerance` (in the indicator's unit, default 0), `basis` period_limit | expected
 * - deviation: `threshold` (the rule's column) — adverse deviation ≥ threshold %
 * - forecast_miss: `tolerance` (in the indicator's unit, default 0), `outlook` unlikely (default) | uncertain (also fires when the interval straddles
 *   the target), `confidence` (default 0.9)
 * - adverse_trend: `confidence` (default 0.9), `min_points` (default 3), `reference` trajectory (default:
 *   only values with a target, judged against its trajectory) | direction (also values without a
 *   target, judged against no change — a steady loss of a higher-is-better quantity is adverse)
 * - outside_reasonable_range: `iqr_factor` (1.5), `min_zones` (5), `min_years` (4)
 */
import { DEFAULT_METHOD, forecastOf, rangesOf, trendOf, type Evaluation, type ValueCase } from './evaluate-value.js';
import type { Direction, WarningGrade } from './monitoring-tables.js';
import { GRADE_LABELS, GRADE_RANK, type WarningKind } from './warning-kinds.js';
import { fmt, pct, rangeText, signed } from './warning-text.js';
import { expectedValue } from './trajectory.js';

export interface RuleView {
  id: number;
  indicatorCode: string | null;
  kind: WarningKind;
  grade: WarningGrade;
  threshold: number | null;
  params: Record<string, string | number> | null;
  active: boolean;
  note: string | null;
}

export interface Subject {
  indicator: { code: string; name: string; nameEn: string | null; unit: string; direction: Direction };
  zone: { code: string; name: string; nameEn: string | null };
  year: number;
}

export interface Finding {
  kind: WarningKind;
  grade: WarningGrade;
  ruleId: number;
  value: number;
  expected: number | null;
  explanationZh: string;
  explanationEn: string;
  evidence: Record<string, unknown>;
}

/** The rules that apply to an indicator, per kind. */
export function rulesFor(rules: readonly RuleView[], indicatorCode: string, kind: WarningKind): RuleView[] {
  const active = rules.filter((r) => r.active && r.kind === kind);
  const own = active.filter((r) => r.indicatorCode === indicatorCode);
  return own.length ? own : active.filter((r) => r.indicatorCode === null);
}

export function fireRules(
  subject: Subject,
  c: ValueCase,
  evaluation: Evaluation,
  rules: readonly RuleView[],
): Finding[] {
  const out: Finding[] = [];
  for (const kind of [
    'bottom_line_breach',
    'deviation',
    'forecast_miss',
    'adverse_trend',
    'outside_reasonable_range',
  ] as const) {
    const fired = rulesFor(rules, subject.indicator.code, kind)
      .map((rule) => CHECKS[kind](subject, c, evaluation, rule))
      .filter((f): f is Finding => f !== null)
      .sort((a, b) => GRADE_RANK[b.grade] - GRADE_RANK[a.grade]);
    if (fired[0]) out.push(fired[0]);
  }
  return out;
}

type Check = (s: Subject, c: ValueCase, e: Evaluation, rule: RuleView) => Finding | null;

const num = (rule: RuleView, key: string, fallback: number) => {
  const v = rule.params?.[key];
  return typeof v === 'number' ? v : fallback;
};

/** "2025年 示范市 耕地保有量" / "耕地保有量 (Cultivated land retained) of 示范市 (Shifan City) in 2025". */
function heads(s: Subject) {
  const zoneEn = s.zone.nameEn ? `${s.zone.name} (${s.zone.nameEn})` : s.zone.name;
  const indicatorEn = s.indicator.nameEn ? `${s.indicator.name} (${s.indicator.nameEn})` : s.indicator.name;
  return { zh: `${s.year}年 ${s.zone.name} ${s.indicator.name}`, en: `${indicatorEn} of ${zoneEn} in ${s.year}` };
}

function ruleRef(rule: RuleView, zhWhat: string, enWhat: string) {
  const g = GRADE_LABELS[rule.grade];
  return {
    zh: `触发${g.zh}预警规则 #${rule.id}（${zhWhat}）`,
    en: `${g.en} warning rule #${rule.id} fired (${enWhat})`,
  };
}

const bottomLine: Check = (s, c, e, rule) => {
  const tolerance = num(rule, 'tolerance', 0);
  const basis = rule.params?.basis === 'expected' ? 'expected' : 'period_limit';
  const limit =
    basis === 'expected'
      ? e.expected === null
        ? null
        : { value: e.expected, year: s.year }
      : e.bottomLine && { value: e.bottomLine.limit, year: e.bottomLine.limitYear };
  if (!c.target?.bottomLine || !limit) return null;
  const shortfall = adverseAmount(c.direction, c.value - limit.value);
  if (!(shortfall > tolerance)) return null;
  const u = s.indicator.unit;
  const h = heads(s);
  const below = c.value < limit.value;
  const r = ruleRef(
    rule,
    `底线指标任何突破即${GRADE_LABELS[rule.grade].zh}预警，容差 ${fmt(tolerance)} ${u}`,
    `any breach of a bottom line, tolerance ${fmt(tolerance)} ${u}`,
  );
  return {
    kind: 'bottom_line_breach',
    grade: rule.grade,
    ruleId: rule.id,
    value: c.value,
    expected: limit.value,
    explanationZh: `${h.zh} 为 ${fmt(c.value)} ${u}，${below ? '低于' : '高于'}规划底线 ${fmt(limit.value)} ${u}（${limit.year}年控制值，突破 ${fmt(shortfall)} ${u}），${r.zh}。`,
    explanationEn: `${h.en} was ${fmt(c.value)} ${u}, ${below ? 'below' : 'above'} the plan's bottom line of ${fmt(limit.value)} ${u} (the ${limit.year} limit; breached by ${fmt(shortfall)} ${u}); ${r.en}.`,
    evidence: { limit: limit.value, limitYear: limit.year, shortfall, tolerance, basis },
  };
};

const deviation: Check = (s, c, e, rule) => {
  if (e.adversePct === null || e.expected === null || rule.threshold === null) return null;
  if (!(e.adversePct >= rule.threshold)) return null;
  const u = s.indicator.unit;
  const h = heads(s);
  const below = c.value < e.expected;
  const r = ruleRef(rule, `不利偏差 ≥ ${fmt(rule.threshold)}%`, `adverse deviation ≥ ${fmt(rule.threshold)}%`);
  return {
    kind: 'deviation',
    grade: rule.grade,
    ruleId: rule.id,
    value: c.value,
    expected: e.expected,
    explanationZh: `${h.zh} 为 ${fmt(c.value)} ${u}，${below ? '低于' : '高于'}本年度预期 ${fmt(e.expected)} ${u}（偏差 ${pct(e.deviationPct!)}），${r.zh}。`,
    explanationEn: `${h.en} was ${fmt(c.value)} ${u}, ${below ? 'below' : 'above'} this year's expected ${fmt(e.expected)} ${u} (deviation ${pct(e.deviationPct!)}); ${r.en}.`,
    evidence: {
      expected: e.expected,
      deviation: e.deviation,
      deviationPct: e.deviationPct,
      adversePct: e.adversePct,
      threshold: rule.threshold,
    },
  };
};

/** How far a prediction interval lies on the wrong side of its target (0 when it touches it). */
function missBy(direction: string, f: { low: number; high: number; target: number }): number {
  if (direction === 'higher_better') return Math.max(0, f.target - f.high);
  if (direction === 'lower_better') return Math.max(0, f.low - f.target);
  return Math.max(0, f.low - f.target, f.target - f.high);
}

const forecastMiss: Check = (s, c, _e, rule) => {
  const f = forecastOf(c, num(rule, 'confidence', DEFAULT_METHOD.confidence));
  if (!f) return null;
  const wanted = rule.params?.outlook === 'uncertain' ? ['uncertain', 'unlikely'] : ['unlikely'];
  if (!wanted.includes(f.outlook)) return null;
  // A series that never changes has a zero-width interval: without a tolerance, a value that rounds to
  // its target (251.529 against 251.53) would be "unlikely to be met". Same tolerance as bottom lines.
  const tolerance = num(rule, 'tolerance', 0);
  if (f.outlook === 'unlikely' && missBy(s.indicator.direction, f) <= tolerance) return null;
  const trend = trendOf(c, f.confidence)!;
  const u = s.indicator.unit;
  const cl = Math.round(f.confidence * 100);
  const side = f.value < f.target ? { zh: '低于', en: 'below' } : { zh: '高于', en: 'above' };
  const verdict =
    f.outlook === 'unlikely'
      ? { zh: '难以达标', en: 'unlikely to be met' }
      : { zh: '能否达标尚不确定', en: 'not sure to be met' };
  const r = ruleRef(
    rule,
    `预测区间${f.outlook === 'unlikely' ? '整体落在目标不利一侧' : '未能确保达标'}`,
    `prediction interval ${f.outlook === 'unlikely' ? 'wholly on the wrong side of the target' : 'does not ensure the target'}`,
  );
  return {
    kind: 'forecast_miss',
    grade: rule.grade,
    ruleId: rule.id,
    value: c.value,
    expected: f.target,
    explanationZh: `按 ${trend.fromYear}—${trend.toYear}年 趋势（年均 ${signed(trend.slope)} ${u}），${s.zone.name} ${s.indicator.name} ${f.year}年预测为 ${fmt(f.value)} ${u}（${cl}%预测区间 ${rangeText(f.low, f.high)}），${side.zh}目标 ${fmt(f.target)} ${u}，${verdict.zh}；${r.zh}。`,
    explanationEn: `On the ${trend.fromYear}–${trend.toYear} trend (${signed(trend.slope)} ${u} a year), ${heads({ ...s, year: f.year }).en} is forecast at ${fmt(f.value)} ${u} (${cl}% prediction interval ${rangeText(f.low, f.high)}), ${side.en} the target of ${fmt(f.target)} ${u}: ${verdict.en}; ${r.en}.`,
    evidence: { forecast: f, trend },
  };
};

const adverseTrend: Check = (s, c, _e, rule) => {
  const trend = trendOf(c, num(rule, 'confidence', DEFAULT_METHOD.confidence));
  if (!trend || trend.n < num(rule, 'min_points', 3)) return null;
  const byDirection =
    rule.params?.reference === 'direction' && (c.direction === 'higher_better' || c.direction === 'lower_better');
  const planned = trend.plannedSlope ?? (byDirection ? 0 : null);
  if (planned === null) return null;
  let bad = false;
  if (c.direction === 'higher_better') bad = trend.slopeHigh < planned;
  else if (c.direction === 'lower_better') bad = trend.slopeLow > planned;
  else {
    const expected = c.target ? expectedValue(c.target, c.year) : null;
    if (expected === null) return null;
    bad = c.value > expected ? trend.slopeLow > planned : c.value < expected ? trend.slopeHigh < planned : false;
  }
  if (!bad) return null;
  const u = s.indicator.unit;
  const cl = Math.round(num(rule, 'confidence', DEFAULT_METHOD.confidence) * 100);
  const reference =
    trend.plannedSlope === null
      ? {
          zh: `呈不利方向变化（${c.direction === 'higher_better' ? '持续下降' : '持续上升'}）`,
          en: `moving the wrong way (${c.direction === 'higher_better' ? 'falling' : 'rising'})`,
        }
      : {
          zh: `劣于规划轨迹的年均 ${signed(planned)} ${u}`,
          en: `worse than the trajectory's ${signed(planned)} ${u} a year`,
        };
  const r = ruleRef(
    rule,
    `趋势斜率的${cl}%置信区间整体劣于参照`,
    `the slope's ${cl}% confidence interval lies wholly on the adverse side`,
  );
  return {
    kind: 'adverse_trend',
    grade: rule.grade,
    ruleId: rule.id,
    value: c.value,
    expected: null,
    explanationZh: `${s.zone.name} ${s.indicator.name} ${trend.fromYear}—${trend.toYear}年 年均变化 ${signed(trend.slope)} ${u}（${cl}%置信区间 ${rangeText(trend.slopeLow, trend.slopeHigh)}），${reference.zh}，${r.zh}。`,
    explanationEn: `${s.indicator.name}${s.indicator.nameEn ? ` (${s.indicator.nameEn})` : ''} of ${s.zone.name} changed by ${signed(trend.slope)} ${u} a year over ${trend.fromYear}–${trend.toYear} (${cl}% confidence interval ${rangeText(trend.slopeLow, trend.slopeHigh)}), ${reference.en}; ${r.en}.`,
    evidence: { trend, plannedSlope: planned },
  };
};

const outsideRange: Check = (s, c, _e, rule) => {
  const factor = num(rule, 'iqr_factor', DEFAULT_METHOD.iqrFactor);
  const ranges = rangesOf(c, {
    ...DEFAULT_METHOD,
    iqrFactor: factor,
    minZones: num(rule, 'min_zones', DEFAULT_METHOD.minZones),
    minYears: num(rule, 'min_years', DEFAULT_METHOD.minYears),
  });
  if (!ranges.outside.length) return null;
  const u = s.indicator.unit;
  const zh: string[] = [];
  const en: string[] = [];
  if (ranges.outside.includes('crossSection')) {
    const r = ranges.crossSection!;
    zh.push(`同级 ${r.n} 个分区的合理区间 ${rangeText(r.low, r.high)} ${u}（四分位距 ${fmt(factor)} 倍）`);
    en.push(`the range of ${r.n} zones of the same level, ${rangeText(r.low, r.high)} ${u} (${fmt(factor)} × IQR)`);
  }
  if (ranges.outside.includes('overYears')) {
    const r = ranges.overYears!;
    zh.push(
      `按本分区历年年际变化推得的合理区间 ${rangeText(r.low, r.high)} ${u}（上年 ${fmt(r.previous)}，年际变化 ${rangeText(r.changeLow, r.changeHigh)}）`,
    );
    en.push(
      `the range implied by this zone's past annual changes, ${rangeText(r.low, r.high)} ${u} (last year ${fmt(r.previous)}, change ${rangeText(r.changeLow, r.changeHigh)})`,
    );
  }
  if (ranges.outside.includes('standard')) {
    zh.push(`标准区间 ${rangeText(ranges.standard!.low, ranges.standard!.high)} ${u}`);
    en.push(`the standard range ${rangeText(ranges.standard!.low, ranges.standard!.high)} ${u}`);
  }
  const h = heads(s);
  const r = ruleRef(rule, '超出由数据得出的合理区间', 'outside the range derived from data');
  return {
    kind: 'outside_reasonable_range',
    grade: rule.grade,
    ruleId: rule.id,
    value: c.value,
    expected: null,
    explanationZh: `${h.zh} 为 ${fmt(c.value)} ${u}，超出${zh.join('；')}，${r.zh}。`,
    explanationEn: `${h.en} was ${fmt(c.value)} ${u}, outside ${en.join('; ')}; ${r.en}.`,
    evidence: { ranges },
  };
};

function adverseAmount(direction: Direction, delta: number): number {
  if (direction === 'higher_better') return -delta;
  if (direction === 'lower_better') return delta;
  return Math.abs(delta);
}

const CHECKS: Record<WarningKind, Check> = {
  bottom_line_breach: bottomLine,
  deviation,
  forecast_miss: forecastMiss,
  adverse_trend: adverseTrend,
  outside_reasonable_range: outsideRange,
};
