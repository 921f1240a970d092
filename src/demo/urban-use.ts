/**
 * What a built-up cell is used for. Uses come by street block (a face of the road network), so a block
 * is one use — homes, shops, a school, a factory — as on a real land-use map, and the mix depends on the
 * kind of place: offices and shops in the old centre, factories and warehouses in the high-tech zone,
 * homes and schools in the new district, a small-town mix in county and township seats. The old town
 * keeps its dense homes and temples; a park rings the lake in the core.
 */
import { norm } from './frame.js';
import type { CellGrid } from './cell-grid.js';
import type { CentreRole, Growth } from './growth.js';
import type { CityLayout } from './layout.js';
import { unitHash } from './random.js';
import type { RoadNetwork } from './roads.js';
import { classIndex } from './sandiao-classes.js';

type Mix = [code: string, share: number][];

const MIXES: Record<CentreRole | 'centre', Mix> = {
  centre: [
    ['05H1', 0.32],
    ['0701', 0.3],
    ['08H1', 0.1],
    ['08H2', 0.13],
    ['0810', 0.1],
    ['0810A', 0.03],
    ['0809', 0.02],
  ],
  core: [
    ['0701', 0.52],
    ['05H1', 0.12],
    ['0601', 0.09],
    ['08H2', 0.08],
    ['08H1', 0.03],
    ['0810', 0.08],
    ['0508', 0.04],
    ['0809', 0.02],
    ['1005', 0.01],
    ['0810A', 0.01],
  ],
  new_district: [
    ['0701', 0.42],
    ['05H1', 0.15],
    ['0601', 0.15],
    ['08H2', 0.1],
    ['08H1', 0.03],
    ['0810', 0.1],
    ['0508', 0.03],
    ['0809', 0.02],
  ],
  high_tech: [
    ['0601', 0.5],
    ['0508', 0.1],
    ['0701', 0.2],
    ['05H1', 0.07],
    ['08H2', 0.05],
    ['0810', 0.06],
    ['0809', 0.02],
  ],
  county_town: [
    ['0701', 0.55],
    ['05H1', 0.14],
    ['0601', 0.13],
    ['08H2', 0.08],
    ['08H1', 0.04],
    ['0810', 0.04],
    ['0508', 0.02],
  ],
  township_seat: [
    ['0701', 0.6],
    ['05H1', 0.15],
    ['0601', 0.1],
    ['08H2', 0.08],
    ['08H1', 0.05],
    ['0809', 0.02],
  ],
};
const OLD_TOWN: Mix = [
  ['0701', 0.62],
  ['05H1', 0.2],
  ['08H2', 0.12],
  ['0810A', 0.06],
];

/**
 * Class index of each cell's use if (or once) it is built up (255 for cells no centre reaches), and the
 * street block each cell lies in.
 */
export function urbanUse(
  seed: number,
  grid: CellGrid,
  layout: CityLayout,
  growth: Growth,
  roads: RoadNetwork,
): { use: Uint8Array; blockOf: Int32Array } {
  const n = grid.siteX.length;
  const use = new Uint8Array(n).fill(255);
  const blockOf = new Int32Array(n);
  const park = classIndex('0810');
  const lake = layout.urbanLake;
  let block = 0;
  for (let c = 0; c < n; c++) {
    const x = grid.siteX[c]!;
    const y = grid.siteY[c]!;
    block = blockOf[c] = roads.blocks.find(x, y, block);
    const k = growth.centreOf[c]!;
    if (k < 0) continue;
    if (norm(x - lake.x, y - lake.y) < lake.radius * 1.7) {
      use[c] = park;
      continue;
    }
    const centre = growth.centres[k]!;
    const inOldTown = norm(x - layout.oldTown.x, y - layout.oldTown.y) < 0.8;
    const central = centre.role === 'core' && norm(x - centre.x, y - centre.y) < 1.8;
    const mix = inOldTown ? OLD_TOWN : MIXES[central ? 'centre' : centre.role];
    use[c] = pick(mix, unitHash(seed, block, 51));
  }
  return { use, blockOf };
}

function pick(mix: Mix, u: number): number {
  let total = 0;
  for (const [, share] of mix) total += share;
  let acc = 0;
  for (const [code, share] of mix) {
    acc += share / total;
    if (u < acc) return classIndex(code);
  }
  return classIndex(mix[mix.length - 1]![0]);
}
