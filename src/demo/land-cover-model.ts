/**
 * Assembles the static per-cell facts land-cover.ts classifies from: nature, growth, settlements, the
 * roads and railway burnt onto the cells they cross, built-up uses, the natural mosaic, and the years
 * the red-line breaches appear.
 */
import type { CityCells } from './city-cells.js';
import { forEachCellNearSegment } from './cell-grid.js';
import { computeGrowth, urbanCentres } from './growth.js';
import type { Hierarchy } from './hierarchy.js';
import { HEARTLAND_HILLS, naturalCover, RAIL, type LandCoverModel } from './land-cover.js';
import type { CityLayout } from './layout.js';
import { buildNature } from './nature.js';
import { unitHash } from './random.js';
import type { RoadNetwork } from './roads.js';
import { buildSettlements } from './settlements.js';
import { urbanUse } from './urban-use.js';

/** Half-widths of the road classes (ROAD_CLASSES order), km: a 70 m expressway … a 8 m farm road. */
const HALF_WIDTH = [0.035, 0.025, 0.03, 0.02, 0.012, 0.004];

export function buildLandCoverModel(
  seed: number,
  cells: CityCells,
  layout: CityLayout,
  hierarchy: Hierarchy,
  roads: RoadNetwork,
): LandCoverModel {
  const { grid } = cells;
  const nature = buildNature(seed, grid, layout);
  const growth = computeGrowth(
    seed,
    grid.siteX,
    grid.siteY,
    urbanCentres(layout, hierarchy),
    (c) => nature.water[c]! > 0 || nature.hills[c]! > 0.62,
  );
  const settlements = buildSettlements(seed, grid, layout, nature, growth);
  const roadCell = burnRoads(cells, layout, roads);
  const { use, blockOf } = urbanUse(seed, grid, layout, growth, roads);
  const natural = naturalCover(seed, grid, nature);
  const model: LandCoverModel = {
    seed,
    grid,
    nature,
    growth,
    settlements,
    roadCell,
    use,
    blockOf,
    natural,
    breachYear: new Int16Array(0),
  };
  model.breachYear = breachYears(model);
  return model;
}

/**
 * A cell is road where its site lies within the road's half-width — widened by a quarter cell for the
 * major classes, so arterials show as continuous bands in the survey even when cells are coarse.
 */
function burnRoads(cells: CityCells, layout: CityLayout, roads: RoadNetwork): Uint8Array {
  const { grid } = cells;
  const out = new Uint8Array(grid.siteX.length);
  const s = grid.spacing;
  for (let e = 0; e < roads.edgeA.length; e++) {
    const cls = roads.edgeClass[e]!;
    const radius = HALF_WIDTH[cls]! + (cls <= 2 ? 0.25 * s : 0);
    const [a, b] = [roads.edgeA[e]!, roads.edgeB[e]!];
    forEachCellNearSegment(grid, roads.nodeX[a]!, roads.nodeY[a]!, roads.nodeX[b]!, roads.nodeY[b]!, radius, (c) => {
      if (!out[c] || out[c]! > cls + 1) out[c] = cls + 1;
    });
  }
  const rail = layout.railway;
  for (let i = 1; i < rail.length; i++) {
    const [p, q] = [rail[i - 1]!, rail[i]!];
    forEachCellNearSegment(grid, p.x, p.y, q.x, q.y, 0.02 + 0.25 * s, (c) => (out[c] = RAIL));
  }
  return out;
}

/**
 * Red-line breaches: heartland cells in the order of a per-cell hash; by year y the first
 * max(2·(y−2021), 0.06%·(y−2021)·candidates) of them carry a building — a handful at any patch count.
 */
function breachYears(m: LandCoverModel): Int16Array {
  const n = m.grid.siteX.length;
  const candidates: number[] = [];
  for (let c = 0; c < n; c++) {
    const free = !m.nature.water[c] && !m.settlements.village[c] && !m.settlements.site[c] && !m.roadCell[c];
    if (free && m.nature.hills[c]! > HEARTLAND_HILLS) candidates.push(c);
  }
  candidates.sort((a, b) => unitHash(m.seed, a, 48) - unitHash(m.seed, b, 48));
  const out = new Int16Array(n);
  let rank = 0;
  for (let year = 2022; year <= 2035; year++) {
    const due = Math.max(2 * (year - 2021), Math.floor(0.0006 * (year - 2021) * candidates.length));
    for (; rank < Math.min(due, candidates.length); rank++) out[candidates[rank]!] = year;
  }
  return out;
}
