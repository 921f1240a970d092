/**
 * The kinds of warning rule and the grades, with their labels: one checked list, so a rule row, a
 * warning and an explanation can never name a kind the evaluator does not know.
 *
 * - `bottom_line_breach` 底线突破: a bottom-line target (耕地、永久基本农田、生态保护红线 …) is broken — red at once.
 * - `deviation` 偏离预期: the value is off this year's expected value (the target trajectory) in the
 *   adverse direction by at least the rule's threshold (%).
 * - `forecast_miss` 预测难以达标: the trend's 90% prediction interval for the target year lies on the wrong
 *   side of the target.
 * - `adverse_trend` 趋势不利: the trend's slope is significantly worse than the trajectory's.
 * - `outside_reasonable_range` 超出合理区间: the value lies outside the range derived from data.
 */
import type { WarningGrade } from './monitoring-tables.js';

export const WARNING_KINDS = [
  'bottom_line_breach',
  'deviation',
  'forecast_miss',
  'adverse_trend',
  'outside_reasonable_range',
] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export const WARNING_KIND_LABELS: Record<WarningKind, { zh: string; en: string }> = {
  bottom_line_breach: { zh: '底线突破', en: 'bottom-line breach' },
  deviation: { zh: '偏离年度预期', en: 'deviation from this year’s expected value' },
  forecast_miss: { zh: '预测难以达标', en: 'forecast to miss the target' },
  adverse_trend: { zh: '趋势不利', en: 'adverse trend' },
  outside_reasonable_range: { zh: '超出合理区间', en: 'outside the reasonable range' },
};

export const GRADE_LABELS: Record<WarningGrade, { zh: string; en: string }> = {
  red: { zh: '红色', en: 'red' },
  orange: { zh: '橙色', en: 'orange' },
  yellow: { zh: '黄色', en: 'yellow' },
  blue: { zh: '蓝色', en: 'blue' },
};

/** Severity order: red is the most severe. */
export const GRADE_RANK: Record<WarningGrade, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/**
 * Rule parameters as written in warning-rules.csv: `key=value;key=value`. Numbers become numbers.
 * @example parseRuleParams('tolerance=0.01;basis=period_limit') // → { tolerance: 0.01, basis: 'period_limit' }
 */
export function parseRuleParams(text: string): Record<string, string | number> | null {
  if (!text.trim()) return null;
  const out: Record<string, string | number> = {};
  for (const part of text.split(';')) {
    const m = /^\s*([a-z_]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new Error(`“${part}”`);
    const n = Number(m[2]);
    out[m[1]!] = Number.isFinite(n) ? n : m[2]!;
  }
  return out;
}
