/**
 * Which cells a plan version puts inside each control line (三区三线 and others), decided from the base
 * year's survey and the growth plan, cell by cell, so every line aligns with the survey patches:
 * - 生态保护红线: the forested hill heartland and the lake, its shore and the reservoir, minus villages,
 *   quarries, special sites and roads — so in the base year nothing is built inside it;
 * - 城镇开发边界: the planned extent of every urban centre (growth.ts), minus the red line and the lake;
 *   its inner part is 集中建设区, the outer ring 弹性发展区, river, lake and green hills 特别用途区;
 * - 永久基本农田: most base-year cropland outside the two (90%); version 2 re-draws it around its larger
 *   boundary and adds replacement land (补划) far from the city;
 * - 历史文化保护线: the old town and one traditional village; 城市蓝线: water of the central urban area
 *   and a cell of bank on each side.
 * The three lines of 三区三线 never overlap (厅字〔2019〕48号).
 */
import { norm } from './frame.js';
import { HEARTLAND_HILLS, RAIL, type LandCoverModel } from './land-cover.js';
import type { Point } from './layout.js';
import { unitHash } from './random.js';
import { LOCAL } from './road-classes.js';
import { classGroup, classIndex } from './sandiao-classes.js';
import type { CellMesh } from './voronoi-mesh.js';

/** Sub-types per line, in the order of the values stored per cell (value = index + 1). */
export const LINE_SUBTYPES = {
  red: ['水源涵养', '水土保持', '生物多样性维护'],
  udb: ['城镇集中建设区', '城镇弹性发展区', '特别用途区'],
  pbf: ['永久基本农田'],
  heritage: ['历史文化街区', '传统村落'],
  blue: ['河道', '湖泊'],
} as const;

export interface PlanCells {
  red: Uint8Array;
  udb: Uint8Array;
  pbf: Uint8Array;
  heritage: Uint8Array;
  blue: Uint8Array;
}

export function planCells(
  m: LandCoverModel,
  mesh: CellMesh,
  oldTown: Point,
  base: Uint8Array,
  inCentral: Uint8Array,
  version: 0 | 1,
): PlanCells {
  const n = base.length;
  const { nature, settlements, growth, roadCell } = m;
  const red = new Uint8Array(n);
  const udb = new Uint8Array(n);
  const pbf = new Uint8Array(n);
  const heritage = new Uint8Array(n);
  const blue = new Uint8Array(n);
  const built = (c: number) =>
    settlements.village[c] ||
    settlements.site[c] ||
    (roadCell[c] && (roadCell[c]! <= LOCAL + 1 || roadCell[c] === RAIL));
  for (let c = 0; c < n; c++) {
    if (nature.protectedWater[c]) red[c] = 1;
    else if (nature.hills[c]! > HEARTLAND_HILLS && !built(c) && !nature.water[c])
      red[c] = nature.hills[c]! < 0.8 ? 2 : 3;
    const reach = growth.planReach[version][c]!;
    if (!red[c] && reach <= 1) udb[c] = nature.water[c] || nature.hills[c]! > 0.5 ? 3 : reach <= 0.85 ? 1 : 2;
    const cropland = classGroup(base[c]!) === 'cropland';
    const keep = unitHash(m.seed, c, 81);
    const compensation = version === 1 && keep < 0.93 && growth.planReach[1][c]! > 1.6;
    if (cropland && !red[c] && !udb[c] && (keep < 0.9 || compensation)) pbf[c] = 1;
  }
  const village = settlements.villages.find((v) => norm(v.x, v.y) > 8);
  for (let c = 0; c < n; c++) {
    const x = m.grid.siteX[c]!;
    const y = m.grid.siteY[c]!;
    if (norm(x - oldTown.x, y - oldTown.y) < 0.8) heritage[c] = 1;
    else if (village && norm(x - village.x, y - village.y) < 0.35) heritage[c] = 2;
  }
  const lakeLike = new Set(['1102', '1103', '1106', '1108'].map(classIndex));
  for (let c = 0; c < n; c++) {
    if (!inCentral[c] || !nature.water[c]) continue;
    const kind = lakeLike.has(nature.water[c]! - 1) ? 2 : 1;
    blue[c] = kind;
    for (let k = mesh.ringStart[c]!; k < mesh.ringStart[c + 1]!; k++) {
      const b = mesh.ringNeighbor[k]!;
      if (b >= 0 && inCentral[b] && !nature.water[b] && !blue[b]) blue[b] = kind;
    }
  }
  return { red, udb, pbf, heritage, blue };
}
