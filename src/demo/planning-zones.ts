/**
 * 规划分区 of one plan version, covering the whole city without gaps or overlaps: the red line is the
 * 生态保护区, permanent basic farmland the 农田保护区, the development boundary the 城镇发展区 (with its
 * three parts), quarries the 矿产能源发展区, other water and hill forest the 生态控制区, and the rest the
 * 乡村发展区 (villages, farming, forestry, grazing). First- and second-level names per 市级国土空间总体规划
 * 编制指南 as listed (UNVERIFIED) in /work/shared/reference/control-lines.md §3.
 */
import type { MultiPolygon } from 'geojson';
import type { CityCells } from './city-cells.js';
import type { Hierarchy } from './hierarchy.js';
import type { LandCoverModel } from './land-cover.js';
import { labelledAreas, roundArea } from './labelled-areas.js';
import type { PlanCells } from './plan-cells.js';
import { classGroup, isConstruction } from './sandiao-classes.js';
import { QUARRY } from './settlements.js';

export const PLANNING_ZONES: readonly (readonly [zoneType: string, zoneName: string])[] = [
  ['生态保护区', '生态保护区'],
  ['生态控制区', '生态控制区'],
  ['农田保护区', '农田保护区'],
  ['城镇发展区', '城镇集中建设区'],
  ['城镇发展区', '城镇弹性发展区'],
  ['城镇发展区', '特别用途区'],
  ['乡村发展区', '村庄建设区'],
  ['乡村发展区', '一般农业区'],
  ['乡村发展区', '林业发展区'],
  ['乡村发展区', '牧业发展区'],
  ['矿产能源发展区', '矿产能源发展区'],
];

export interface PlanningZoneFeature {
  zoneType: string;
  zoneName: string;
  regionCode: string;
  attrs: Record<string, string | number>;
  geometry: MultiPolygon;
}

export function planningZoneFeatures(
  cells: CityCells,
  hierarchy: Hierarchy,
  townshipOfCell: Int32Array,
  model: LandCoverModel,
  base: Uint8Array,
  plan: PlanCells,
): PlanningZoneFeature[] {
  const t = hierarchy.townships.length;
  const zoneOf = (c: number): number => {
    const group = classGroup(base[c]!);
    if (plan.red[c]) return 0;
    if (plan.udb[c]) return 2 + plan.udb[c]!;
    if (plan.pbf[c]) return 2;
    if (model.settlements.site[c] === QUARRY) return 10;
    if (model.nature.water[c] || (group === 'forest' && model.nature.hills[c]! > 0.5)) return 1;
    if (isConstruction(base[c]!)) return 6;
    return group === 'forest' ? 8 : group === 'grassland' ? 9 : 7;
  };
  const labels = Int32Array.from({ length: base.length }, (_, c) => zoneOf(c) * t + townshipOfCell[c]!);
  return labelledAreas(cells, labels, PLANNING_ZONES.length * t).map(({ label, areaM2, geometry }) => {
    const township = hierarchy.townships[label % t]!;
    const [zoneType, zoneName] = PLANNING_ZONES[Math.floor(label / t)]!;
    return {
      zoneType,
      zoneName,
      regionCode: township.code,
      attrs: { GHFQMC: zoneName, YJFQMC: zoneType, XZQDM: township.code, XZQMC: township.name, MJ: roundArea(areaM2) },
      geometry,
    };
  });
}
