/**
 * The square grid the cell sites were jittered from, kept as a spatial index: each grid square holds at
 * most one site, so "which cell contains this point" and "which cells lie near this line" are a few
 * array reads instead of a tree search. Frame: kilometres (frame.ts).
 */
import { norm } from './frame.js';

export interface CellGrid {
  /** Grid spacing, km. */
  spacing: number;
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  /** Cell index of the site in each square (row-major, y outer), -1 if none or not a city cell. */
  cellAt: Int32Array;
  siteX: Float64Array;
  siteY: Float64Array;
}

/**
 * The cell whose site is nearest to (x, y), i.e. the Voronoi cell containing it; -1 outside the city.
 * Sites are jittered within their own square, so the nearest one is at most two squares away.
 */
export function nearestCell(grid: CellGrid, x: number, y: number): number {
  const gx = Math.floor((x - grid.x0) / grid.spacing);
  const gy = Math.floor((y - grid.y0) / grid.spacing);
  let best = -1;
  let bestD = Infinity;
  let anySite = false;
  for (let j = gy - 2; j <= gy + 2; j++) {
    if (j < 0 || j >= grid.ny) continue;
    for (let i = gx - 2; i <= gx + 2; i++) {
      if (i < 0 || i >= grid.nx) continue;
      const c = grid.cellAt[j * grid.nx + i]!;
      if (c < 0) continue;
      anySite = true;
      const d = (grid.siteX[c]! - x) ** 2 + (grid.siteY[c]! - y) ** 2;
      if (d < bestD) [best, bestD] = [c, d];
    }
  }
  return anySite ? best : -1;
}

/** Calls fn(cell, distance) for each cell whose site lies within `radius` km of (x, y). */
export function forEachCellNear(
  grid: CellGrid,
  x: number,
  y: number,
  radius: number,
  fn: (cell: number, distance: number) => void,
): void {
  const { spacing, x0, y0, nx, ny, cellAt, siteX, siteY } = grid;
  const i0 = Math.max(0, Math.floor((x - radius - x0) / spacing));
  const i1 = Math.min(nx - 1, Math.floor((x + radius - x0) / spacing));
  const j0 = Math.max(0, Math.floor((y - radius - y0) / spacing));
  const j1 = Math.min(ny - 1, Math.floor((y + radius - y0) / spacing));
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const c = cellAt[j * nx + i]!;
      if (c < 0) continue;
      const d = norm(siteX[c]! - x, siteY[c]! - y);
      if (d <= radius) fn(c, d);
    }
  }
}

/** Calls fn(cell, distance) for each cell whose site lies within `radius` km of segment (ax,ay)–(bx,by). */
export function forEachCellNearSegment(
  grid: CellGrid,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
  fn: (cell: number, distance: number) => void,
): void {
  const { spacing, x0, y0, nx, ny, cellAt, siteX, siteY } = grid;
  const i0 = Math.max(0, Math.floor((Math.min(ax, bx) - radius - x0) / spacing));
  const i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx) + radius - x0) / spacing));
  const j0 = Math.max(0, Math.floor((Math.min(ay, by) - radius - y0) / spacing));
  const j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by) + radius - y0) / spacing));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const c = cellAt[j * nx + i]!;
      if (c < 0) continue;
      const px = siteX[c]!;
      const py = siteY[c]!;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
      const d = norm(px - ax - t * dx, py - ay - t * dy);
      if (d <= radius) fn(c, d);
    }
  }
}
