/**
 * Each kind of warning fires exactly when it should, at the grade of the rule that matched, and says
 * so with the numbers. Rules as loaded from data/indicators/warning-rules.csv (ids 1–8).
 */
import { describe, expect, it } from 'vitest';
import { evaluateValue, type TargetInfo, type ValueCase } from './evaluate-value.js';
import { fireRules, rulesFor, type RuleView, type Subject } from './warning-rules.js';

const RULES: RuleView[] = [
  rule(1, 'bottom_line_breach', 'red', null, { tolerance: 0.01, basis: 'period_limit' }),
  rule(2, 'deviation', 'red', 10),
  rule(3, 'deviation', 'orange', 5),
  rule(4, 'deviation', 'yellow', 2),
  rule(5, 'deviation', 'blue', 1),
  rule(6, 'forecast_miss', 'orange', null, { outlook: 'unlikely', tolerance: 0.01 }),
  rule(7, 'adverse_trend', 'yellow', null, { confidence: 0.9, min_points: 3 }),
  rule(8, 'outside_reasonable_range', 'blue', null, { iqr_factor: 1.5, min_zones: 5, min_years: 4 }),
];

function rule(
  id: number,
  kind: RuleView['kind'],
  grade: RuleView['grade'],
  threshold: number | null,
  params: RuleView['params'] = null,
): RuleView {
  return { id, indicatorCode: null, kind, grade, threshold, params, active: true, note: null };
}

const subject: Subject = {
  indicator: {
    code: 'MP-04',
    name: '耕地保有量',
    nameEn: 'Cultivated land retained',
    unit: 'km²',
    direction: 'higher_better',
  },
  zone: { code: '9901', name: '示范市', nameEn: 'Shifan City' },
  year: 2023,
};

// Floor 100 → 98.5 (2025) → 97.5 (2035): expected 2023 = 99.1; the 2025 floor binds 2021–2025.
const floor: TargetInfo = {
  planVersionId: 1,
  binding: true,
  bottomLine: true,
  baseYear: 2020,
  baseValue: 100,
  milestones: [{ year: 2025, value: 98.5 }],
  targetYear: 2035,
  targetValue: 97.5,
  trajectory: 'linear',
};

function value(v: number, extra: Partial<ValueCase> = {}): ValueCase {
  return {
    direction: 'higher_better',
    rangeLow: null,
    rangeHigh: null,
    bounds: { min: 0, max: null },
    year: 2023,
    value: v,
    history: [],
    peers: [],
    target: floor,
    ...extra,
  };
}

function fire(c: ValueCase, s: Subject = subject, rules = RULES) {
  return fireRules(s, c, evaluateValue(c), rules);
}

describe('bottom_line_breach', () => {
  it('is red at once for any breach of the period limit beyond the tolerance', () => {
    const [f] = fire(value(98.4)).filter((x) => x.kind === 'bottom_line_breach');
    expect(f).toMatchObject({ grade: 'red', ruleId: 1, value: 98.4, expected: 98.5 });
    expect(f!.explanationZh).toBe(
      '2023年 示范市 耕地保有量 为 98.4 km²，低于规划底线 98.5 km²（2025年控制值，突破 0.1 km²），触发红色预警规则 #1（底线指标任何突破即红色预警，容差 0.01 km²）。',
    );
    expect(f!.explanationEn).toBe(
      "耕地保有量 (Cultivated land retained) of 示范市 (Shifan City) in 2023 was 98.4 km², below the plan's bottom line of 98.5 km² (the 2025 limit; breached by 0.1 km²); red warning rule #1 fired (any breach of a bottom line, tolerance 0.01 km²).",
    );
  });

  it('does not fire within the tolerance, above the floor, or on a target that is not a bottom line', () => {
    expect(fire(value(98.495)).some((f) => f.kind === 'bottom_line_breach')).toBe(false);
    expect(fire(value(98.6)).some((f) => f.kind === 'bottom_line_breach')).toBe(false);
    expect(
      fire(value(90, { target: { ...floor, bottomLine: false } })).some((f) => f.kind === 'bottom_line_breach'),
    ).toBe(false);
  });

  it('breaks a ceiling from above for lower-is-better indicators', () => {
    const ceiling = { ...floor, baseValue: 200, milestones: [{ year: 2025, value: 209 }], targetValue: 224 };
    const s = {
      ...subject,
      indicator: { ...subject.indicator, name: '建设用地总面积', nameEn: null, direction: 'lower_better' as const },
    };
    const [f] = fire(value(210, { direction: 'lower_better', target: ceiling }), s).filter(
      (x) => x.kind === 'bottom_line_breach',
    );
    expect(f!.explanationZh).toContain('高于规划底线 209 km²');
  });
});

describe('deviation', () => {
  const dev = (v: number) =>
    fire(value(v, { target: { ...floor, bottomLine: false } })).find((f) => f.kind === 'deviation');

  it('grades the adverse deviation from this year’s expected value by the rule thresholds', () => {
    // expected 99.1: 98.2 → −0.91% (none); 98.0 → −1.11% blue; 97.0 → −2.12% yellow; 94 → −5.15% orange; 89 → −10.2% red
    expect(dev(98.2)).toBeUndefined();
    expect(dev(98.0)?.grade).toBe('blue');
    expect(dev(97.0)?.grade).toBe('yellow');
    expect(dev(94)?.grade).toBe('orange');
    expect(dev(89)?.grade).toBe('red');
  });

  it('says how far from the expected value, with a real minus sign', () => {
    expect(dev(94)!.explanationZh).toBe(
      '2023年 示范市 耕地保有量 为 94 km²，低于本年度预期 99.1 km²（偏差 −5.1%），触发橙色预警规则 #3（不利偏差 ≥ 5%）。',
    );
    expect(dev(94)!.explanationEn).toContain(
      "below this year's expected 99.1 km² (deviation −5.1%); orange warning rule #3 fired",
    );
  });

  it('ignores a deviation in the favourable direction and values without a target', () => {
    expect(dev(110)).toBeUndefined();
    expect(fire(value(50, { target: null })).some((f) => f.kind === 'deviation')).toBe(false);
  });

  it('an indicator’s own rules replace the generic ones of the kind', () => {
    const own = { ...rule(9, 'deviation', 'red', 3), indicatorCode: 'MP-04' };
    expect(rulesFor([...RULES, own], 'MP-04', 'deviation').map((r) => r.id)).toEqual([9]);
    expect(rulesFor([...RULES, own], 'AQ-11', 'deviation').map((r) => r.id)).toEqual([2, 3, 4, 5]);
    const f = fire(value(96, { target: { ...floor, bottomLine: false } }), subject, [...RULES, own]).find(
      (x) => x.kind === 'deviation',
    );
    expect(f).toMatchObject({ grade: 'red', ruleId: 9 });
  });
});

describe('forecast_miss and adverse_trend', () => {
  // Losing 0.5 km² a year from 100 (2020) — the plan allows 0.3 a year to 2025.
  const falling = [2020, 2021, 2022].map((x, i) => ({ x, y: 100 - 0.5 * i + (i === 1 ? 0.02 : 0) }));
  const c = value(98.5, { history: falling, target: { ...floor, bottomLine: false } });

  it('forecast_miss: the 90% interval for the next horizon lies below the target', () => {
    const f = fire(c).find((x) => x.kind === 'forecast_miss');
    expect(f).toMatchObject({ grade: 'orange', ruleId: 6, expected: 98.5 });
    expect(f!.explanationZh).toMatch(
      /^按 2020—2023年 趋势（年均 −0\.5\d* km²），示范市 耕地保有量 2025年预测为 97\.\d+ km²（90%预测区间 .+～.+），低于目标 98\.5 km²，难以达标；触发橙色预警规则 #6/,
    );
  });

  it('forecast_miss: a flat series a rounding below its held target is within tolerance, a real gap is not', () => {
    // Held at 251.53 to 2035; the value never changes, so the interval has no width.
    const held: TargetInfo = { ...floor, bottomLine: false, baseValue: 251.53, milestones: [], targetValue: 251.53 };
    const flat = (y: number) =>
      value(y, { history: [2020, 2021, 2022].map((x) => ({ x, y })), target: held, bounds: { min: 0, max: null } });
    expect(fire(flat(251.529)).filter((f) => f.kind === 'forecast_miss')).toEqual([]);
    expect(fire(flat(251.5)).find((f) => f.kind === 'forecast_miss')).toMatchObject({ ruleId: 6 });
  });

  it('adverse_trend: the slope’s interval lies wholly below the planned −0.3 a year', () => {
    const f = fire(c).find((x) => x.kind === 'adverse_trend');
    expect(f).toMatchObject({ grade: 'yellow', ruleId: 7 });
    expect(f!.explanationZh).toContain('劣于规划轨迹的年均 −0.3 km²');
  });

  it('neither fires on the planned path, nor with fewer than three years', () => {
    const onPath = value(99.1, {
      history: [2020, 2021, 2022].map((x) => ({ x, y: 100 - 0.3 * (x - 2020) })),
      target: { ...floor, bottomLine: false },
    });
    expect(fire(onPath).filter((f) => f.kind === 'forecast_miss' || f.kind === 'adverse_trend')).toEqual([]);
    const short = value(98.5, { history: [{ x: 2022, y: 99 }], target: { ...floor, bottomLine: false } });
    expect(fire(short).filter((f) => f.kind === 'forecast_miss' || f.kind === 'adverse_trend')).toEqual([]);
  });

  it('adverse_trend needs a target unless the rule says to judge by direction', () => {
    const noTarget = value(98.5, { history: falling, target: null });
    expect(fire(noTarget).some((f) => f.kind === 'adverse_trend')).toBe(false);
    const byDirection = RULES.map((r) => (r.id === 7 ? { ...r, params: { ...r.params, reference: 'direction' } } : r));
    const f = fire(noTarget, subject, byDirection).find((x) => x.kind === 'adverse_trend');
    expect(f!.explanationZh).toContain('呈不利方向变化（持续下降）');
  });
});

describe('outside_reasonable_range', () => {
  const peers = [10, 11, 12, 12, 13, 13, 14, 15];

  it('fires outside the same-level range (Tukey fences, the value included)', () => {
    // with 30, n = 9: Q1 = x₃ = 12, Q3 = x₇ = 14, IQR = 2 → [9, 17]
    const all = [...peers, 30];
    const f = fire(value(30, { target: null, peers: all })).find((x) => x.kind === 'outside_reasonable_range');
    expect(f).toMatchObject({ grade: 'blue', ruleId: 8 });
    expect(f!.explanationZh).toBe(
      '2023年 示范市 耕地保有量 为 30 km²，超出同级 9 个分区的合理区间 9～17 km²（四分位距 1.5 倍），触发蓝色预警规则 #8（超出由数据得出的合理区间）。',
    );
    expect(
      fire(value(13, { target: null, peers: [...peers, 13] })).some((x) => x.kind === 'outside_reasonable_range'),
    ).toBe(false);
  });

  it('fires when this year’s change is outside the zone’s past annual changes', () => {
    // changes 1, 1.2, 0.8, 1.1, 0.9 → Q1 0.9, Q3 1.1 → change range [0.6, 1.4]; last year 105 → [105.6, 106.4]
    const history = [100, 101, 102.2, 103, 104.1, 105].map((y, i) => ({ x: 2017 + i, y }));
    const c = value(108, { target: null, history });
    const f = fire(c).find((x) => x.kind === 'outside_reasonable_range');
    expect(f!.explanationZh).toContain(
      '按本分区历年年际变化推得的合理区间 105.6～106.4 km²（上年 105，年际变化 0.6～1.4）',
    );
    expect(fire(value(106, { target: null, history })).some((x) => x.kind === 'outside_reasonable_range')).toBe(false);
  });

  it('fires outside the catalog’s standard range of a range indicator', () => {
    const c = value(130, { direction: 'range', rangeLow: 65, rangeHigh: 115, target: null });
    const f = fire(c).find((x) => x.kind === 'outside_reasonable_range');
    expect(f!.explanationEn).toContain('the standard range 65～115 km²');
  });
});

describe('one warning per kind', () => {
  it('raises only the most severe grade that fires, and each kind once', () => {
    const found = fire(value(89, { target: { ...floor, bottomLine: true } }));
    expect(found.filter((f) => f.kind === 'deviation')).toHaveLength(1);
    expect(found.map((f) => [f.kind, f.grade])).toEqual([
      ['bottom_line_breach', 'red'],
      ['deviation', 'red'],
    ]);
  });

  it('inactive rules do not fire', () => {
    const off = RULES.map((r) => (r.kind === 'bottom_line_breach' ? { ...r, active: false } : r));
    expect(fire(value(98.4), subject, off).some((f) => f.kind === 'bottom_line_breach')).toBe(false);
  });
});
