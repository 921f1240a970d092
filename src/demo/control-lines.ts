/**
 * Control-line features of one plan version: per line type, sub-type and township, the union of the
 * cells plan-cells.ts put inside the line. Attribute names follow the 市级国土空间总体规划数据库规范
 * layers as summarised in /work/shared/reference/control-lines.md (STBHHX, YJJBNT, CZKFBJ with GHFQMC,
 * LSWHBHX; 城市蓝线 for the central urban area).
 */
import type { MultiPolygon } from 'geojson';
import type { CityCells } from './city-cells.js';
import type { Hierarchy } from './hierarchy.js';
import { labelledAreas, roundArea } from './labelled-areas.js';
import { LINE_SUBTYPES, type PlanCells } from './plan-cells.js';

export const CONTROL_LINE_TYPES = {
  red: '生态保护红线',
  pbf: '永久基本农田',
  udb: '城镇开发边界',
  heritage: '历史文化保护线',
  blue: '城市蓝线',
} as const;

export interface ControlLineFeature {
  lineType: string;
  subType: string | null;
  name: string;
  regionCode: string;
  attrs: Record<string, string | number | null>;
  geometry: MultiPolygon;
}

export function controlLineFeatures(
  cells: CityCells,
  hierarchy: Hierarchy,
  townshipOfCell: Int32Array,
  plan: PlanCells,
): ControlLineFeature[] {
  const townships = hierarchy.townships;
  const t = townships.length;
  const out: ControlLineFeature[] = [];
  for (const key of Object.keys(CONTROL_LINE_TYPES) as (keyof typeof CONTROL_LINE_TYPES)[]) {
    const values = plan[key];
    const subtypes = LINE_SUBTYPES[key];
    const labels = Int32Array.from(values, (v, c) => (v ? (v - 1) * t + townshipOfCell[c]! : -1));
    for (const { label, areaM2, geometry } of labelledAreas(cells, labels, subtypes.length * t)) {
      const township = townships[label % t]!;
      const sub = subtypes[Math.floor(label / t)]!;
      const lineType = CONTROL_LINE_TYPES[key];
      const name =
        key === 'pbf' || key === 'red'
          ? `${township.name}${lineType}`
          : `${township.name}${sub}${key === 'blue' ? '蓝线' : ''}`;
      out.push({
        lineType,
        subType: key === 'pbf' ? null : sub,
        name,
        regionCode: township.code,
        attrs: {
          BSM: String(out.length + 1),
          XZQDM: township.code,
          XZQMC: township.name,
          ...typeFields(key, sub),
          MJ: roundArea(areaM2),
        },
        geometry,
      });
    }
  }
  return out;
}

/** The field that carries the sub-type in each layer's database structure. */
function typeFields(key: keyof typeof CONTROL_LINE_TYPES, sub: string): Record<string, string> {
  switch (key) {
    case 'red':
      return { HXLX: sub };
    case 'udb':
      return { GHFQMC: sub };
    case 'heritage':
      return { BHLX: sub };
    case 'blue':
      return { SYLX: sub };
    case 'pbf':
      return {};
  }
}
