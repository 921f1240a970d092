/**
 * The administrative hierarchy of 示范市: 150 detailed-planning units (详细规划编制单元) made of cells
 * (unit-cells.ts), 40 townships (街道/镇/乡) grown from the units, 4 districts (区) and 2 counties (县)
 * grown from the townships. Each level is a grouping of the level below, so the boundaries nest exactly.
 * Statistical codes are unpadded (统计用区划代码 style): 99 → 9901 → 990102 → 990102001 → 99010200101;
 * hierarchy-names.ts assigns them.
 */
import type { CityCells } from './city-cells.js';
import { nearestCell } from './cell-grid.js';
import { growRegions } from './grow-regions.js';
import type { CityLayout, Point } from './layout.js';
import { nameHierarchy } from './hierarchy-names.js';
import { cellsToUnits } from './unit-cells.js';
import { placeUnitSeeds, type UnitSeed } from './unit-seeds.js';

export const UNIT_COUNT = 150;
export const TOWNSHIP_COUNT = 40;

export type TownshipKind = '街道' | '镇' | '乡';

export interface Unit extends UnitSeed {
  code: string;
  name: string;
  nameEn: string;
  township: number;
}
export interface Township {
  code: string;
  name: string;
  nameEn: string;
  kind: TownshipKind;
  district: number;
  seat: Point;
  units: number[];
}
export interface District {
  code: string;
  name: string;
  nameEn: string;
  kind: '区' | '县';
  seat: Point;
  townships: number[];
}
export interface Hierarchy {
  unitOfCell: Int32Array;
  units: Unit[];
  townships: Township[];
  districts: District[];
}

export function buildHierarchy(seed: number, cells: CityCells, layout: CityLayout): Hierarchy {
  const { mesh, grid } = cells;
  const seeds = placeUnitSeeds(seed, layout, UNIT_COUNT).filter(
    (s, i, all) => all.findIndex((o) => nearestCell(grid, o.x, o.y) === nearestCell(grid, s.x, s.y)) === i,
  );
  const unitOfCell = cellsToUnits(
    mesh,
    seeds,
    seeds.map((s) => nearestCell(grid, s.x, s.y)),
  );
  const unitGraph = adjacency(cells, unitOfCell, seeds.length);
  const apart = (a: UnitSeed, b: UnitSeed) => Math.hypot(a.x - b.x, a.y - b.y) / ((a.spacing + b.spacing) / 2);

  // Township seats spread evenly in "unit spacings", so each township gets a similar number of units.
  const seatUnits = farthestPoints(seeds, TOWNSHIP_COUNT, nearestIndex(seeds, layout.core), apart);
  const townshipOfUnit = growRegions(seeds.length, seatUnits, (u, visit) => {
    for (const v of unitGraph[u]!) visit(v, apart(seeds[u]!, seeds[v]!));
  });
  const townshipGraph = groupAdjacency(unitGraph, townshipOfUnit, seatUnits.length);
  const seats = seatUnits.map((u) => seeds[u]!);

  // Districts share the inner city in sectors around the core; the two counties split the outer ring.
  // Growing from seats with a penalty for leaving the preferred area keeps each district in one piece.
  const preferred = seats.map((s) => preferredDistrict(layout, s));
  const anchors = [...layout.districtAnchors, ...layout.countyAnchors];
  const districtSeeds = anchors.map((a, d) => nearestIndex(seats, a, (t) => preferred[t] === d));
  const districtOfTownship = growRegions(seats.length, districtSeeds, (t, visit, d) => {
    for (const o of townshipGraph[t]!) {
      const km = Math.hypot(seats[t]!.x - seats[o]!.x, seats[t]!.y - seats[o]!.y);
      visit(o, preferred[o] === d ? km : km * 8);
    }
  });
  return nameHierarchy(seed, layout, seeds, unitOfCell, townshipOfUnit, seats, districtOfTownship, districtSeeds);
}

/** Neighbouring groups of a cell labelling, as adjacency lists. */
function adjacency(cells: CityCells, labels: Int32Array, count: number): number[][] {
  const { mesh } = cells;
  const sets = Array.from({ length: count }, () => new Set<number>());
  for (let c = 0; c < mesh.cellCount; c++) {
    for (let k = mesh.ringStart[c]!; k < mesh.ringStart[c + 1]!; k++) {
      const n = mesh.ringNeighbor[k]!;
      if (n >= 0 && labels[n] !== labels[c]) sets[labels[c]!]!.add(labels[n]!);
    }
  }
  return sets.map((s) => [...s].sort((a, b) => a - b));
}

function groupAdjacency(graph: number[][], groupOf: Int32Array, count: number): number[][] {
  const sets = Array.from({ length: count }, () => new Set<number>());
  graph.forEach((nbs, u) => nbs.forEach((v) => groupOf[v] !== groupOf[u] && sets[groupOf[u]!]!.add(groupOf[v]!)));
  return sets.map((s) => [...s].sort((a, b) => a - b));
}

/** Greedy farthest-point sampling of `count` items under `dist`, starting from `first`. */
function farthestPoints<T>(items: T[], count: number, first: number, dist: (a: T, b: T) => number): number[] {
  const chosen = [first];
  const gap = items.map((it) => dist(it, items[first]!));
  while (chosen.length < Math.min(count, items.length)) {
    let best = 0;
    gap.forEach((g, i) => {
      if (g > gap[best]!) best = i;
    });
    chosen.push(best);
    items.forEach((it, i) => (gap[i] = Math.min(gap[i]!, dist(it, items[best]!))));
  }
  return chosen;
}

function nearestIndex(points: Point[], p: Point, allowed: (i: number) => boolean = () => true): number {
  let best = -1;
  let bestD = Infinity;
  points.forEach((q, i) => {
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    if (d < bestD && allowed(i)) [best, bestD] = [i, d];
  });
  return best;
}

/**
 * Where a township seat would ideally belong: inside half the outline radius, the urban district whose
 * anchor direction (seen from the core) is closest; beyond it, the hills county within ~110° of the
 * hills direction, the plains county otherwise.
 */
function preferredDistrict(layout: CityLayout, s: Point): number {
  const theta = Math.atan2(s.y, s.x);
  const angleGap = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
  if (Math.hypot(s.x, s.y) < 0.5 * layout.outline.radius(theta)) {
    const around = Math.atan2(s.y - layout.core.y, s.x - layout.core.x);
    let best = 0;
    layout.districtAnchors.forEach((a, d) => {
      const gap = angleGap(around, Math.atan2(a.y - layout.core.y, a.x - layout.core.x));
      const bestGap = angleGap(
        around,
        Math.atan2(layout.districtAnchors[best]!.y - layout.core.y, layout.districtAnchors[best]!.x - layout.core.x),
      );
      if (gap < bestGap) best = d;
    });
    return best;
  }
  return angleGap(theta, layout.hillsAngle) < 1.9 ? 4 : 5;
}
