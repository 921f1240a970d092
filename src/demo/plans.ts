/**
 * The demo city's plans: the master plan (总体规划 2021—2035) in two versions — as approved in 2023 and as
 * modified (修改) in 2025 to let the new district grow, both kept so old versions stay readable — a
 * detailed plan (详细规划) for an old-town unit (approved) and one for a new-district unit (being drafted),
 * and a comprehensive transport plan (综合交通专项规划). Approval documents and dates are invented.
 */
import type { Hierarchy } from './hierarchy.js';
import type { DemoTarget } from './plan-targets.js';

export interface DemoPlanVersion {
  versionNo: number;
  label: string;
  changeReason: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  isCurrent: boolean;
  targets: DemoTarget[];
}

export interface DemoPlan {
  /** Stable key, used to link a plan to its parent and layers to versions. */
  key: 'master' | 'detailed-core' | 'detailed-new' | 'transport';
  name: string;
  nameEn: string;
  kind: 'master' | 'detailed' | 'special';
  level: 'city';
  status: 'approved' | 'drafting';
  regionCode: string;
  approvalAuthority: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  baseYear: number;
  nearYear: number | null;
  targetYear: number;
  parentKey: DemoPlan['key'] | null;
  versions: DemoPlanVersion[];
}

export interface PlanInput {
  hierarchy: Hierarchy;
  /** Master-plan targets of version 1 and 2. */
  masterTargets: [DemoTarget[], DemoTarget[]];
  /** Planning units for the two detailed plans: one in the old core, one in the new district. */
  coreUnit: number;
  newDistrictUnit: number;
  /** Residents of those units in the base year, and 中心城区 road density. */
  coreUnitResidents: number;
  newDistrictUnitResidents: number;
  centralRoadDensity: number;
}

export function buildPlans(input: PlanInput): DemoPlan[] {
  const { hierarchy } = input;
  const unit = (u: number) => hierarchy.units[u]!;
  const townshipCode = (u: number) => hierarchy.townships[unit(u).township]!.code;
  const unitTarget = (
    u: number,
    name: string,
    en: string,
    unitName: string,
    base: number,
    goal: number,
  ): DemoTarget => ({
    zoneCode: unit(u).code,
    regionCode: townshipCode(u),
    indicatorName: name,
    indicatorNameEn: en,
    category: '空间结构与效率',
    attribute: '预期性',
    unit: unitName,
    baseYear: 2020,
    baseValue: base,
    nearYear: 2025,
    nearValue: Math.round(((base + goal) / 2) * 100) / 100,
    targetYear: 2035,
    targetValue: goal,
    isBottomLine: false,
  });
  const pop = (n: number) => Math.round((n / 1e4) * 100) / 100;
  return [
    {
      key: 'master',
      name: '示范市国土空间总体规划（2021—2035年）',
      nameEn: 'Shifan City Territorial Spatial Master Plan (2021–2035)',
      kind: 'master',
      level: 'city',
      status: 'approved',
      regionCode: '9901',
      approvalAuthority: '示范省人民政府',
      approvalDoc: '示政复〔2023〕45号',
      approvalDate: '2023-11-20',
      baseYear: 2020,
      nearYear: 2025,
      targetYear: 2035,
      parentKey: null,
      versions: [
        {
          versionNo: 1,
          label: '2023年批复版',
          changeReason: null,
          approvalDoc: '示政复〔2023〕45号',
          approvalDate: '2023-11-20',
          isCurrent: false,
          targets: input.masterTargets[0],
        },
        {
          versionNo: 2,
          label: '2025年修改版',
          changeReason:
            '示范新区建设需要，依法修改：局部优化城镇开发边界（扩大示范新区城镇集中建设区），同步调整永久基本农田布局并在远郊补划，相应修改城镇开发边界面积、永久基本农田保护面积指标。',
          approvalDoc: '示政复〔2025〕12号',
          approvalDate: '2025-06-18',
          isCurrent: true,
          targets: input.masterTargets[1],
        },
      ],
    },
    {
      key: 'detailed-core',
      name: `${unit(input.coreUnit).name}详细规划`,
      nameEn: `Detailed Plan of ${unit(input.coreUnit).nameEn}`,
      kind: 'detailed',
      level: 'city',
      status: 'approved',
      regionCode: townshipCode(input.coreUnit),
      approvalAuthority: '示范市人民政府',
      approvalDoc: '示政复〔2024〕8号',
      approvalDate: '2024-04-12',
      baseYear: 2020,
      nearYear: 2025,
      targetYear: 2035,
      parentKey: 'master',
      versions: [
        {
          versionNo: 1,
          label: '2024年批复版',
          changeReason: null,
          approvalDoc: '示政复〔2024〕8号',
          approvalDate: '2024-04-12',
          isCurrent: true,
          targets: [
            unitTarget(
              input.coreUnit,
              '常住人口规模',
              'Resident population',
              '万人',
              pop(input.coreUnitResidents),
              pop(input.coreUnitResidents * 0.95),
            ),
          ],
        },
      ],
    },
    {
      key: 'detailed-new',
      name: `${unit(input.newDistrictUnit).name}详细规划`,
      nameEn: `Detailed Plan of ${unit(input.newDistrictUnit).nameEn}`,
      kind: 'detailed',
      level: 'city',
      status: 'drafting',
      regionCode: townshipCode(input.newDistrictUnit),
      approvalAuthority: null,
      approvalDoc: null,
      approvalDate: null,
      baseYear: 2020,
      nearYear: 2025,
      targetYear: 2035,
      parentKey: 'master',
      versions: [
        {
          versionNo: 1,
          label: '2025年草案',
          changeReason: null,
          approvalDoc: null,
          approvalDate: null,
          isCurrent: true,
          targets: [
            unitTarget(
              input.newDistrictUnit,
              '常住人口规模',
              'Resident population',
              '万人',
              pop(input.newDistrictUnitResidents),
              pop(input.newDistrictUnitResidents * 2.5 + 20000),
            ),
          ],
        },
      ],
    },
    {
      key: 'transport',
      name: '示范市综合交通专项规划（2021—2035年）',
      nameEn: 'Shifan City Comprehensive Transport Plan (2021–2035)',
      kind: 'special',
      level: 'city',
      status: 'approved',
      regionCode: '9901',
      approvalAuthority: '示范市人民政府',
      approvalDoc: '示政〔2024〕18号',
      approvalDate: '2024-03-15',
      baseYear: 2020,
      nearYear: 2025,
      targetYear: 2035,
      parentKey: 'master',
      versions: [
        {
          versionNo: 1,
          label: '2024年批复版',
          changeReason: null,
          approvalDoc: '示政〔2024〕18号',
          approvalDate: '2024-03-15',
          isCurrent: true,
          targets: [
            {
              ...unitTarget(
                0,
                '道路网密度',
                'Road network density',
                'km/km²',
                Math.round(input.centralRoadDensity * 100) / 100,
                8,
              ),
              zoneCode: '9901ZX',
              regionCode: '9901',
              attribute: '约束性',
            },
          ],
        },
      ],
    },
  ];
}
