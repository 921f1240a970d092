/**
 * Planned land use (规划用地用海, 2023 classification) of the central urban area for one plan version.
 * Inside the development boundary each street block keeps or takes a urban use — homes, shops, schools,
 * factories, parks, streets — with 留白用地 held back in some unbuilt blocks; outside it, land is shown
 * generalised at the first level (耕地, 林地, 陆地水域 …) as master plans draw it. Parcels (地块) are the
 * connected runs of one use within one planning unit.
 */
import type { MultiPolygon } from 'geojson';
import type { CityCells } from './city-cells.js';
import type { Hierarchy } from './hierarchy.js';
import { RAIL, type LandCoverModel } from './land-cover.js';
import { connectedPieces } from './cell-union.js';
import { labelledAreas, roundArea } from './labelled-areas.js';
import type { PlanCells } from './plan-cells.js';
import { unitHash } from './random.js';
import { EXPRESSWAY, RURAL } from './road-classes.js';
import { SANDIAO_CLASSES, type ClassGroup } from './sandiao-classes.js';
import { ydyhName } from './ydyh-codes.js';

export interface PlannedLandUseFeature {
  ydyhCode: string;
  ydyhName: string;
  regionCode: string;
  attrs: Record<string, string | number>;
  geometry: MultiPolygon;
}

/** Planned counterparts of built-up uses where the plan is more specific than the crosswalk. */
const URBAN_PLAN: Record<string, string> = {
  '0701': '070102',
  '0702': '070102',
  '05H1': '090101',
  '0601': '100102',
  '0809': '1303',
};
const GENERALISED: Record<ClassGroup, string> = {
  cropland: '01',
  garden: '02',
  forest: '03',
  grassland: '04',
  wetland: '05',
  water: '17',
  construction: '0703',
  agricultural_other: '06',
  unused: '23',
};

export function plannedLandUseFeatures(
  cells: CityCells,
  hierarchy: Hierarchy,
  model: LandCoverModel,
  base: Uint8Array,
  plan: PlanCells,
  inCentral: Uint8Array,
): PlannedLandUseFeature[] {
  const n = base.length;
  const codes: string[] = [];
  const codeIndex = new Map<string, number>();
  const codeOf = new Int16Array(n).fill(-1);
  for (let c = 0; c < n; c++) {
    if (!inCentral[c]) continue;
    const code = plannedCode(model, base, plan, c);
    if (!codeIndex.has(code)) codeIndex.set(code, codes.push(code) - 1);
    codeOf[c] = codeIndex.get(code)!;
  }
  const { labels, count, first } = parcels(cells, hierarchy.unitOfCell, codeOf, codes.length);
  return labelledAreas(cells, labels, count).map(({ label, areaM2, geometry }, i) => {
    const cell = first[label]!;
    const unit = hierarchy.units[hierarchy.unitOfCell[cell]!]!;
    const code = codes[codeOf[cell]!]!;
    return {
      ydyhCode: code,
      ydyhName: ydyhName(code),
      regionCode: hierarchy.townships[unit.township]!.code,
      attrs: {
        DKBH: `${unit.code}-${String(i + 1).padStart(4, '0')}`,
        YDYHFLDM: code,
        YDYHFLMC: ydyhName(code),
        GHDYBH: unit.code,
        DKMJ: roundArea(areaM2),
      },
      geometry,
    };
  });
}

function plannedCode(m: LandCoverModel, base: Uint8Array, plan: PlanCells, c: number): string {
  const water = m.nature.water[c]!;
  const cls = SANDIAO_CLASSES[base[c]!]!;
  if (!plan.udb[c]) {
    if (cls.code === '1003' || cls.code === '1001' || cls.code === '0602' || cls.code === '09') return cls.ydyh;
    return GENERALISED[cls.group];
  }
  if (water) return SANDIAO_CLASSES[water - 1]!.ydyh;
  const road = m.roadCell[c]!;
  if (road === RAIL) return '1201';
  if (road === EXPRESSWAY + 1) return '1202';
  if (road && road !== RURAL + 1) return '1207';
  if (m.nature.hills[c]! > 0.5) return '1402';
  const use = m.use[c]!;
  if (use === 255) return '16';
  const block = m.blockOf[c]!;
  if (m.growth.urbanYear[c]! > 2025 && unitHash(m.seed, block, 91) < 0.06) return '16';
  const built = SANDIAO_CLASSES[use]!;
  if (built.code === '08H2') {
    if (plan.heritage[c] === 1) return '1504';
    const u = unitHash(m.seed, block, 92);
    return u < 0.55 ? '080403' : u < 0.75 ? '0806' : u < 0.85 ? '0803' : u < 0.95 ? '0805' : '0807';
  }
  if (built.code === '0601' && m.growth.centres[m.growth.centreOf[c]!]?.role === 'high_tech') return '100101';
  return URBAN_PLAN[built.code] ?? built.ydyh;
}

/** Connected runs of cells with the same code within one unit, with the first cell of each run. */
function parcels(cells: CityCells, unitOfCell: Int32Array, codeOf: Int16Array, codeCount: number) {
  const keys = Int32Array.from(codeOf, (code, c) => (code < 0 ? -1 : unitOfCell[c]! * codeCount + code));
  const labels = connectedPieces(cells.mesh, keys);
  const first: number[] = [];
  for (let c = 0; c < labels.length; c++) if (labels[c]! >= 0 && first[labels[c]!] === undefined) first[labels[c]!] = c;
  return { labels, count: first.length, first };
}
