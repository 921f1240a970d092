/**
 * The rules that turn a snapshot's frozen values into drafted findings (pure; finding-drafts.ts loads
 * the inputs and stores the result). Four kinds:
 *
 * - bottom_line: a binding or bottom-line target is broken. The limit is, for a bottom line, the
 *   quantity in force this year (the next milestone or the target: 耕地保有量 "不低于 X (2025)" binds
 *   every year up to 2025); for a binding target, this year's expected value on the trajectory. Only
 *   directional indicators (higher_better / lower_better); tolerance 0.01 unit, as the warning rule.
 *   Severity red for a bottom line, orange for a binding target.
 * - warning: the worst open warning grade of the value (grade → severity), unless the same value is
 *   already a bottom_line finding (one loss of cropland is one finding, not two).
 * - trend: over this and the earlier years (at least 4 annual values), the least-squares slope goes
 *   the adverse way and its 90% interval excludes 0 (direction 'target': moving away from the target).
 *   Severity yellow, orange when the value also misses this year's expected value.
 * - peer_lag (units only): with at least 8 units valued, a unit lags when it is worse than the 25th
 *   percentile by more than half the interquartile range AND worse than the median by at least 20% of
 *   |median| — the second condition keeps tight distributions from naming units for trifles. Quartiles
 *   by linear interpolation (R type 7). Severity yellow.
 *
 * Bottom lines and red/orange/yellow warnings are drafted for every indicator; blue warnings (mostly
 * values outside the data-derived range), trends and lagging units only for the level's focus
 * (finding-focus.ts) — on the demo city the blue ones elsewhere were noise (园地面积 outliers per unit). At the city and urban levels a finding is per indicator and zone;
 * at the unit level per indicator, listing the units (one finding, not two hundred rows).
 */
import type { Direction } from '../monitoring/monitoring-tables.js';
import { linearTrend, slopeInterval } from '../monitoring/linear-trend.js';
import { periodLimit, type TargetPath } from '../monitoring/trajectory.js';
import type { CheckupLevel, FindingKind, FindingSeverity } from './checkup-tables.js';
import { inFocus } from './finding-focus.js';

export interface RuleIndicator {
  code: string;
  name: string;
  nameEn: string | null;
  dimension: string | null;
  unit: string;
  direction: Direction;
  sourceSystem: string;
}

export interface RuleValue {
  indicatorCode: string;
  zoneCode: string;
  level: CheckupLevel;
  value: number | null;
  expected: number | null;
  target: number | null;
  grade: string | null;
}

export interface RuleTarget extends TargetPath {
  binding: boolean;
  bottomLine: boolean;
}

export interface RuleWarning {
  id: number;
  indicatorCode: string;
  zoneCode: string;
  grade: string;
  kind: string;
  explanationZh: string;
}

export interface RuleInput {
  year: number;
  regionCode: string;
  snapshotId: number;
  runId: number | null;
  values: RuleValue[];
  indicators: Map<string, RuleIndicator>;
  /** by `indicator|zone` */
  targets: Map<string, RuleTarget>;
  /** Earlier annual values by `indicator|zone`. */
  history: Map<string, { x: number; y: number }[]>;
  /** Open warnings by `indicator|zone`. */
  warnings: Map<string, RuleWarning[]>;
  zoneNames: Map<string, string>;
  /** English zone names where the store has them (the code otherwise). */
  zoneNamesEn?: Map<string, string>;
  /** Codes measured as one ('same' mappings, both ways), e.g. MP-04 and AQ-11 耕地保有量. */
  sameAs: Map<string, string[]>;
}

export interface DraftFinding {
  sourceKey: string;
  level: CheckupLevel;
  zoneCode: string | null;
  zoneCodes: string[];
  dimension: string | null;
  kind: FindingKind;
  severity: FindingSeverity;
  title: string;
  /** The title in English, for the English report and screens (the Chinese one is authoritative). */
  titleEn: string;
  body: string;
  indicatorCodes: string[];
  evidence: Record<string, unknown>;
  focus: boolean;
}

/** One problem of one value, before grouping. */
interface Hit {
  kind: Exclude<FindingKind, 'manual'>;
  severity: FindingSeverity;
  value: RuleValue;
  indicator: RuleIndicator;
  /** Per-value text (zone-level findings use it as the title). */
  title: string;
  titleEn: string;
  detail: string;
  evidence: Record<string, unknown>;
}

const SEVERITY_ORDER: FindingSeverity[] = ['red', 'orange', 'yellow', 'blue', 'info'];
const GRADE_ZH: Record<string, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };
const en = (indicator: RuleIndicator) => indicator.nameEn ?? indicator.name;
const KIND_ORDER = ['bottom_line', 'warning', 'trend', 'peer_lag'];
const TOLERANCE = 0.01;
const MIN_TREND_YEARS = 4;
const MIN_PEERS = 8;

export const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : String(Math.round(v * 100) / 100);

export function draftFindings(input: RuleInput): DraftFinding[] {
  const values = carriedValues(input);
  const hits: Hit[] = [];
  const breached = new Set<string>();
  for (const v of values) {
    const indicator = input.indicators.get(v.indicatorCode);
    if (!indicator || v.value === null) continue;
    const key = `${v.indicatorCode}|${v.zoneCode}`;
    const zone = zoneLabel(input, v.zoneCode);
    const bottom = bottomLineHit(input, v, indicator, zone);
    if (bottom) {
      hits.push(bottom);
      breached.add(key);
    }
    const warnings = input.warnings.get(key) ?? [];
    const focus = inFocus(v.level, indicator);
    if (v.grade && !breached.has(key) && (v.grade !== 'blue' || focus)) {
      hits.push({
        kind: 'warning',
        severity: v.grade as FindingSeverity,
        value: v,
        indicator,
        title: `${zone}${indicator.name}出现${GRADE_ZH[v.grade] ?? v.grade}预警`,
        titleEn: `${zoneLabelEn(input, v.zoneCode)}${en(indicator)}: ${v.grade} warning`,
        detail:
          warnings.map((w) => w.explanationZh).join('；') ||
          `${zone}${indicator.name}为 ${fmt(v.value)} ${indicator.unit}`,
        evidence: { warnings: warnings.map((w) => ({ id: w.id, grade: w.grade, kind: w.kind })) },
      });
    }
    if (focus) {
      const trend = trendHit(input, v, indicator, zone);
      if (trend) hits.push(trend);
    }
  }
  hits.push(...peerLagHits(input, values));
  return group(input, hits);
}

/**
 * One value per measure: of codes measured as one in a zone, only the carrier speaks — the code with a
 * target there (the plan's commitment), else the check-up's (TD/T 1063) code, else the first — the rule
 * monitoring uses for warnings, so a loss of cropland is one finding and not one per catalog.
 */
function carriedValues(input: RuleInput): RuleValue[] {
  const present = new Set(input.values.map((v) => `${v.indicatorCode}|${v.zoneCode}`));
  return input.values.filter((v) => {
    const twins = (input.sameAs.get(v.indicatorCode) ?? []).filter((t) => present.has(`${t}|${v.zoneCode}`));
    if (!twins.length) return true;
    const all = [v.indicatorCode, ...twins].sort();
    const carrier =
      all.find((c) => input.targets.has(`${c}|${v.zoneCode}`)) ??
      all.find((c) => input.indicators.get(c)?.sourceSystem === 'tdt1063') ??
      all[0]!;
    return carrier === v.indicatorCode;
  });
}

function zoneLabel(input: RuleInput, zoneCode: string): string {
  return zoneCode === input.regionCode ? '' : (input.zoneNames.get(zoneCode) ?? zoneCode);
}

function zoneLabelEn(input: RuleInput, zoneCode: string): string {
  return zoneCode === input.regionCode ? '' : `${input.zoneNamesEn?.get(zoneCode) ?? zoneCode}: `;
}

/** > 0: how far the value is on the wrong side of `limit`. */
function adverseGap(direction: Direction, value: number, limit: number): number | null {
  if (direction === 'higher_better') return limit - value;
  if (direction === 'lower_better') return value - limit;
  return null;
}

function bottomLineHit(input: RuleInput, v: RuleValue, indicator: RuleIndicator, zone: string): Hit | null {
  const target = input.targets.get(`${v.indicatorCode}|${v.zoneCode}`);
  if (!target || !(target.binding || target.bottomLine)) return null;
  const limit = target.bottomLine
    ? periodLimit(target, input.year)
    : v.expected === null
      ? null
      : { year: input.year, value: v.expected };
  if (!limit) return null;
  const gap = adverseGap(indicator.direction, v.value!, limit.value);
  if (gap === null || gap <= TOLERANCE) return null;
  const pct = limit.value === 0 ? null : (gap / Math.abs(limit.value)) * 100;
  const what = target.bottomLine ? '底线' : '约束性目标';
  const verb = indicator.direction === 'higher_better' ? '低于' : '超出';
  return {
    kind: 'bottom_line',
    severity: target.bottomLine ? 'red' : 'orange',
    value: v,
    indicator,
    title: `${zone}${indicator.name}${verb}规划${what}${pct === null ? '' : ` ${fmt(pct)}%`}`,
    titleEn:
      `${zoneLabelEn(input, v.zoneCode)}${en(indicator)} ${pct === null ? '' : `${fmt(pct)}% `}` +
      `${indicator.direction === 'higher_better' ? 'below' : 'above'} the plan's ${target.bottomLine ? 'bottom line' : 'binding target'}`,
    detail:
      `${input.year}年${zone || '全域'}${indicator.name}为 ${fmt(v.value)} ${indicator.unit}，` +
      `规划${what}（${limit.year}年）为 ${fmt(limit.value)} ${indicator.unit}，${verb} ${fmt(gap)} ${indicator.unit}`,
    evidence: {
      limit: limit.value,
      limitYear: limit.year,
      gap,
      gapPct: pct,
      binding: target.binding,
      bottomLine: target.bottomLine,
    },
  };
}

function trendHit(input: RuleInput, v: RuleValue, indicator: RuleIndicator, zone: string): Hit | null {
  const points = [
    ...(input.history.get(`${v.indicatorCode}|${v.zoneCode}`) ?? []).filter((p) => p.x < input.year),
    { x: input.year, y: v.value! },
  ].sort((a, b) => a.x - b.x);
  if (points.length < MIN_TREND_YEARS) return null;
  const t = linearTrend(points);
  if (!t) return null;
  const ci = slopeInterval(t, 0.9);
  let adverse: boolean;
  if (indicator.direction === 'higher_better') adverse = ci.high < 0;
  else if (indicator.direction === 'lower_better') adverse = ci.low > 0;
  else if (indicator.direction === 'target' && v.target !== null) {
    const towards = Math.sign(v.target - v.value!);
    adverse = towards !== 0 && (towards > 0 ? ci.high < 0 : ci.low > 0);
  } else adverse = false;
  if (!adverse) return null;
  const missesExpected =
    v.expected !== null &&
    (adverseGap(indicator.direction, v.value!, v.expected) ?? Math.abs(v.value! - v.expected)) > 0;
  const word = t.slope < 0 ? '下降' : '上升';
  return {
    kind: 'trend',
    severity: missesExpected ? 'orange' : 'yellow',
    value: v,
    indicator,
    title: `${zone}${indicator.name}持续${word}（年均${word} ${fmt(Math.abs(t.slope))} ${indicator.unit}）`,
    titleEn: `${zoneLabelEn(input, v.zoneCode)}${en(indicator)} keeps ${t.slope < 0 ? 'falling' : 'rising'} (${fmt(Math.abs(t.slope))} ${indicator.unit} a year)`,
    detail:
      `${points[0]!.x}—${input.year}年${zone || '全域'}${indicator.name}由 ${fmt(points[0]!.y)} 变为 ${fmt(v.value)} ${indicator.unit}，` +
      `年均${word} ${fmt(Math.abs(t.slope))}（90%区间 ${fmt(ci.low)}～${fmt(ci.high)}，R²=${fmt(t.r2)}）`,
    evidence: {
      trend: { slope: t.slope, slopeLow: ci.low, slopeHigh: ci.high, r2: t.r2, n: t.n, points },
    },
  };
}

/** R type 7 quantile of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo);
}

function peerLagHits(input: RuleInput, all: RuleValue[]): Hit[] {
  const byIndicator = new Map<string, RuleValue[]>();
  for (const v of all) {
    if (v.level !== 'unit' || v.value === null || !Number.isFinite(v.value)) continue;
    const list = byIndicator.get(v.indicatorCode);
    if (list) list.push(v);
    else byIndicator.set(v.indicatorCode, [v]);
  }
  const hits: Hit[] = [];
  for (const [code, values] of byIndicator) {
    const indicator = input.indicators.get(code);
    if (!indicator || values.length < MIN_PEERS || !inFocus('unit', indicator)) continue;
    if (indicator.direction !== 'higher_better' && indicator.direction !== 'lower_better') continue;
    const sorted = values.map((v) => v.value!).sort((a, b) => a - b);
    const q1 = quantile(sorted, 0.25);
    const median = quantile(sorted, 0.5);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    const higher = indicator.direction === 'higher_better';
    const fence = higher ? q1 - 0.5 * iqr : q3 + 0.5 * iqr;
    const margin = 0.2 * Math.abs(median);
    for (const v of values) {
      const lagging = higher
        ? v.value! < fence && v.value! <= median - margin
        : v.value! > fence && v.value! >= median + margin;
      if (!lagging || iqr === 0) continue;
      hits.push({
        kind: 'peer_lag',
        severity: 'yellow',
        value: v,
        indicator,
        title: `${zoneLabel(input, v.zoneCode)}${indicator.name}明显落后于同类单元`,
        titleEn: `${zoneLabelEn(input, v.zoneCode)}${en(indicator)} lags behind peer units`,
        detail: `${zoneLabel(input, v.zoneCode)} ${fmt(v.value)}`,
        evidence: { peers: { n: values.length, q1, median, q3, fence } },
      });
    }
  }
  return hits;
}

function group(input: RuleInput, hits: Hit[]): DraftFinding[] {
  const groups = new Map<string, Hit[]>();
  for (const h of hits) {
    const perZone = h.value.level !== 'unit';
    const key = `${h.kind}:${h.value.level}:${h.indicator.code}${perZone ? `:${h.value.zoneCode}` : ''}`;
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }
  const out: DraftFinding[] = [];
  for (const [sourceKey, members] of groups) {
    members.sort((a, b) => a.value.zoneCode.localeCompare(b.value.zoneCode));
    const first = members[0]!;
    const severity = SEVERITY_ORDER.find((s) => members.some((m) => m.severity === s))!;
    const zoneCodes = members.map((m) => m.value.zoneCode);
    const single = members.length === 1 && first.value.level !== 'unit';
    const evidence = {
      snapshotId: input.snapshotId,
      runId: input.runId,
      year: input.year,
      indicator: { code: first.indicator.code, name: first.indicator.name, unit: first.indicator.unit },
      values: members.map((m) => ({
        zoneCode: m.value.zoneCode,
        zoneName: input.zoneNames.get(m.value.zoneCode) ?? null,
        value: m.value.value,
        expected: m.value.expected,
        target: m.value.target,
        grade: m.value.grade,
        ...m.evidence,
      })),
      zones: zoneCodes,
    };
    out.push({
      sourceKey,
      level: first.value.level,
      zoneCode: single || members.length === 1 ? first.value.zoneCode : null,
      zoneCodes,
      dimension: first.indicator.dimension,
      kind: first.kind,
      severity,
      title: single ? first.title : unitTitle(first, members),
      titleEn: single ? first.titleEn : unitTitleEn(first, members),
      body: single ? first.detail : unitBody(input, first, members),
      indicatorCodes: [first.indicator.code],
      evidence,
      focus: inFocus(first.value.level, first.indicator),
    });
  }
  return out.sort(
    (a, b) =>
      Number(b.focus) - Number(a.focus) ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.sourceKey.localeCompare(b.sourceKey),
  );
}

function unitTitle(first: Hit, members: Hit[]): string {
  const n = members.length;
  const name = first.indicator.name;
  if (first.kind === 'warning') {
    const counts = SEVERITY_ORDER.map((s) => [s, members.filter((m) => m.severity === s).length] as const)
      .filter(([, c]) => c > 0)
      .map(([s, c]) => `${GRADE_ZH[s] ?? s} ${c} 个`)
      .join('、');
    return `${n}个单元${name}出现预警（${counts}）`;
  }
  if (first.kind === 'bottom_line') return `${n}个单元${name}突破规划底线或约束性目标`;
  if (first.kind === 'trend') return `${n}个单元${name}持续向不利方向变化`;
  const peers = first.evidence.peers as { median: number };
  return `${n}个单元${name}明显落后于同类单元（单元中位数 ${fmt(peers.median)} ${first.indicator.unit}）`;
}

function unitTitleEn(first: Hit, members: Hit[]): string {
  const n = members.length;
  const name = en(first.indicator);
  if (first.kind === 'warning') {
    const counts = SEVERITY_ORDER.map((s) => [s, members.filter((m) => m.severity === s).length] as const)
      .filter(([, c]) => c > 0)
      .map(([s, c]) => `${s} ${c}`)
      .join(', ');
    return `${n} units: ${name} warnings (${counts})`;
  }
  if (first.kind === 'bottom_line') return `${n} units break the bottom line or binding target of ${name}`;
  if (first.kind === 'trend') return `${n} units: ${name} keeps moving the wrong way`;
  const peers = first.evidence.peers as { median: number };
  return `${n} units lag their peers in ${name} (median of units ${fmt(peers.median)} ${first.indicator.unit})`;
}

function unitBody(input: RuleInput, first: Hit, members: Hit[]): string {
  const unit = first.indicator.unit;
  const list = members
    .map((m) => {
      const name = input.zoneNames.get(m.value.zoneCode) ?? m.value.zoneCode;
      const grade = m.kind === 'warning' ? `，${GRADE_ZH[m.severity] ?? m.severity}` : '';
      return `${name}（${m.value.zoneCode}）${fmt(m.value.value)} ${unit}${grade}`;
    })
    .join('；');
  if (first.kind === 'peer_lag') {
    const p = first.evidence.peers as { n: number; q1: number; median: number };
    return `${p.n} 个单元的${first.indicator.name}中位数为 ${fmt(p.median)}、下四分位数为 ${fmt(p.q1)} ${unit}；明显落后的单元：${list}`;
  }
  const what = { warning: '出现预警', bottom_line: '突破规划底线或约束性目标', trend: '持续向不利方向变化' }[
    first.kind
  ];
  return `${input.year}年${first.indicator.name}${what}的单元：${list}`;
}
