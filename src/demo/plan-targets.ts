/**
 * Targets of the master plan's indicators (市级国土空间总体规划编制指南 indicator table, names as in
 * /work/shared/reference/master-plan-indicators-UNVERIFIED.csv), derived from the generated base year so
 * they are plausible: bottom lines hold the plan's own areas; the growth allowances are set tighter
 * than the city actually grows, so by 2025 construction land overshoots its near-term ceiling and
 * cropland falls below its floor — the warnings then have something true to say. District targets
 * decompose the city's in proportion to the base year (指标分解), the way plans pass them down.
 */
import type { PlanAreaStats, YearStats } from './stats.js';

export interface DemoTarget {
  zoneCode: string;
  regionCode: string;
  indicatorName: string;
  indicatorNameEn: string;
  category: string;
  attribute: '约束性' | '预期性' | '建议性';
  unit: string;
  baseYear: number;
  baseValue: number;
  nearYear: number;
  nearValue: number;
  targetYear: number;
  targetValue: number;
  isBottomLine: boolean;
}

export interface TargetInput {
  base: YearStats;
  plan: PlanAreaStats;
  /** 中心城区: road network density (km/km²) and park green space per resident (m²) in the base year. */
  central: { roadDensity: number; parkPerCapita: number };
  districtCodes: string[];
}

type Row = [
  name: string,
  en: string,
  category: string,
  attribute: DemoTarget['attribute'],
  unit: string,
  base: number,
  near: number,
  target: number,
  bottom: boolean,
];

export function masterPlanTargets(input: TargetInput): DemoTarget[] {
  const { base, plan, central } = input;
  const g = base.groups;
  const perCapita = (base.urbanConstruction * 1e6) / base.urbanResidents;
  const urbanisation = (100 * base.urbanResidents) / base.residents;
  const urbanised = Math.min(90, urbanisation + 8);
  const city: Row[] = [
    [
      '生态保护红线面积',
      'Ecological protection red line area',
      '空间底线',
      '约束性',
      'km²',
      plan.redLine,
      plan.redLine,
      plan.redLine,
      true,
    ],
    [
      '永久基本农田保护面积',
      'Permanent basic farmland area',
      '空间底线',
      '约束性',
      'km²',
      plan.pbf,
      plan.pbf,
      plan.pbf,
      true,
    ],
    [
      '耕地保有量',
      'Cultivated land retained',
      '空间底线',
      '约束性',
      'km²',
      g.cropland,
      g.cropland * 0.985,
      Math.max(plan.pbf, g.cropland * 0.975),
      true,
    ],
    [
      '城镇开发边界面积',
      'Urban development boundary area',
      '空间底线',
      '约束性',
      'km²',
      plan.udb,
      plan.udb,
      plan.udb,
      false,
    ],
    [
      '建设用地总面积',
      'Total construction land',
      '空间底线',
      '约束性',
      'km²',
      g.construction,
      g.construction * 1.05,
      g.construction * 1.14,
      false,
    ],
    [
      '城乡建设用地面积',
      'Urban & rural construction land',
      '空间底线',
      '约束性',
      'km²',
      base.urbanRuralConstruction,
      base.urbanRuralConstruction * 1.045,
      base.urbanRuralConstruction * 1.12,
      false,
    ],
    ['林地保有量', 'Forest land retained', '空间底线', '约束性', 'km²', g.forest, g.forest, g.forest * 1.01, false],
    ['湿地面积', 'Wetland area', '空间底线', '约束性', 'km²', g.wetland, g.wetland, g.wetland, false],
    [
      '常住人口规模',
      'Resident population',
      '空间结构与效率',
      '预期性',
      '万人',
      base.residents / 1e4,
      (base.residents / 1e4) * 1.08,
      (base.residents / 1e4) * 1.25,
      false,
    ],
    [
      '常住人口城镇化率',
      'Urbanisation rate',
      '空间结构与效率',
      '预期性',
      '%',
      urbanisation,
      (2 * urbanisation + urbanised) / 3,
      urbanised,
      false,
    ],
    [
      '人均城镇建设用地面积',
      'Urban construction land per capita',
      '空间结构与效率',
      '约束性',
      'm²',
      perCapita,
      perCapita + (115 - perCapita) / 3,
      Math.min(perCapita, 115),
      false,
    ],
  ];
  const centralRows: Row[] = [
    [
      '道路网密度',
      'Road network density',
      '空间结构与效率',
      '约束性',
      'km/km²',
      central.roadDensity,
      Math.max(7, central.roadDensity),
      8,
      false,
    ],
    [
      '人均公园绿地面积',
      'Park green space per capita',
      '空间品质',
      '预期性',
      'm²',
      central.parkPerCapita,
      Math.max(12, central.parkPerCapita),
      15,
      false,
    ],
  ];
  const out = [...city.map((r) => target('9901', '9901', r)), ...centralRows.map((r) => target('9901ZX', '9901', r))];
  const decomposed = new Set([
    '生态保护红线面积',
    '永久基本农田保护面积',
    '耕地保有量',
    '城镇开发边界面积',
    '建设用地总面积',
  ]);
  input.districtCodes.forEach((code, d) => {
    const share: Record<string, number> = {
      生态保护红线面积: plan.byDistrict[d]!.redLine / plan.redLine,
      永久基本农田保护面积: plan.byDistrict[d]!.pbf / plan.pbf,
      耕地保有量: base.byDistrict[d]!.groups.cropland / g.cropland,
      城镇开发边界面积: plan.byDistrict[d]!.udb / plan.udb,
      建设用地总面积: base.byDistrict[d]!.groups.construction / g.construction,
    };
    for (const r of city.filter(([name]) => decomposed.has(name))) {
      const s = share[r[0]]!;
      out.push(target(code, code, [r[0], r[1], r[2], r[3], r[4], r[5] * s, r[6] * s, r[7] * s, r[8]]));
    }
  });
  return out;
}

function target(
  zoneCode: string,
  regionCode: string,
  [name, en, category, attribute, unit, base, near, goal, bottom]: Row,
): DemoTarget {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    zoneCode,
    regionCode,
    indicatorName: name,
    indicatorNameEn: en,
    category,
    attribute,
    unit,
    baseYear: 2020,
    baseValue: round(base),
    nearYear: 2025,
    nearValue: round(near),
    targetYear: 2035,
    targetValue: round(goal),
    isBottomLine: bottom,
  };
}
