/**
 * The natural ground of the demo city per cell: how hilly it is and which cells are water. Hills rise
 * towards one side of the city (a ramp along the hills direction, roughened by fractal noise) with a few
 * isolated knolls elsewhere. The river, its tributary, the lake with its marshy shore, the reservoir with
 * its dam and a small lake in the core are stamped onto the cells under them; a channel is never
 * narrower than about one cell, so it stays connected at any patch count.
 */
import { forEachCellNear, forEachCellNearSegment, type CellGrid } from './cell-grid.js';
import type { CityLayout, Point } from './layout.js';
import { fractalNoise, unitHash } from './random.js';
import { classIndex } from './sandiao-classes.js';

export interface Nature {
  /** 0 (plain) … 1 (ridge). */
  hills: Float32Array;
  /** 三调 class index + 1 of the water or wetland on the cell, 0 for dry land. */
  water: Uint8Array;
  /** 1 where the water belongs to the lake, its shore or the reservoir (the red line's water heartland). */
  protectedWater: Uint8Array;
  /** Distance to the main river's centre line, km (Infinity beyond 2 km). */
  riverDistance: Float32Array;
}

export function buildNature(seed: number, grid: CellGrid, layout: CityLayout): Nature {
  const n = grid.siteX.length;
  const hills = new Float32Array(n);
  const { hillsAngle, outline } = layout;
  const reach = outline.radius(hillsAngle);
  const [cx, cy] = [Math.cos(hillsAngle), Math.sin(hillsAngle)];
  for (let c = 0; c < n; c++) {
    const x = grid.siteX[c]!;
    const y = grid.siteY[c]!;
    const along = (x * cx + y * cy) / reach + 0.35 * (fractalNoise(seed ^ 0x4111, x / 5, y / 5) - 0.5);
    const ramp = smoothstep(0.2, 0.85, along);
    const knoll = Math.max(0, fractalNoise(seed ^ 0x4112, x / 7, y / 7, 3) - 0.68) * 2.6;
    hills[c] = Math.min(1, Math.max(ramp, knoll));
  }
  const water = new Uint8Array(n);
  const protectedWater = new Uint8Array(n);
  const riverDistance = new Float32Array(n).fill(Infinity);
  const put =
    (code: string, isProtected = false) =>
    (c: number) => {
      water[c] = classIndex(code) + 1;
      protectedWater[c] = isProtected ? 1 : 0;
    };
  const s = grid.spacing;
  stampLine(grid, layout.river, 2, (c, d) => (riverDistance[c] = Math.min(riverDistance[c]!, d)));
  stampLine(grid, layout.river, Math.max(0.12, 0.6 * s), put('1101'));
  stampLine(grid, layout.tributary, Math.max(0.05, 0.55 * s), put('1101'));
  const shore = (c: number) => (unitHash(seed, c, 31) < 0.55 ? '1106' : '1108');
  stampBlob(seed, grid, layout.lake, 1.15, (c, r) => put(r < 1 ? '1102' : shore(c), true)(c));
  stampBlob(seed, grid, layout.reservoir, 1, put('1103', true));
  // The dam: the reservoir's cells nearest the tributary's outflow.
  const outflow = layout.tributary[Math.min(6, layout.tributary.length - 1)]!;
  forEachCellNear(grid, outflow.x, outflow.y, Math.max(0.12, s), (c) => {
    if (water[c] && protectedWater[c]) put('1109')(c);
  });
  stampBlob(seed, grid, layout.urbanLake, 1, put('1102'));
  return { hills, water, protectedWater, riverDistance };
}

function smoothstep(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

function stampLine(grid: CellGrid, line: Point[], radius: number, fn: (cell: number, distance: number) => void) {
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1]!, line[i]!];
    forEachCellNearSegment(grid, a.x, a.y, b.x, b.y, radius, fn);
  }
}

/** Cells within a noisy circle; fn gets the distance relative to the local radius (< `extent`). */
function stampBlob(
  seed: number,
  grid: CellGrid,
  blob: Point & { radius: number },
  extent: number,
  fn: (cell: number, relative: number) => void,
) {
  forEachCellNear(grid, blob.x, blob.y, blob.radius * 1.3 * extent, (c, d) => {
    const angle = Math.atan2(grid.siteY[c]! - blob.y, grid.siteX[c]! - blob.x);
    const wobble =
      0.8 + 0.45 * fractalNoise(seed ^ 0x1a4e, Math.cos(angle) * 2 + blob.x, Math.sin(angle) * 2 + blob.y, 3);
    const relative = d / (blob.radius * wobble);
    if (relative < extent) fn(c, relative);
  });
}
