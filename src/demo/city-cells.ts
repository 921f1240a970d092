/**
 * The fine tessellation the whole demo city is built from: an irregular city outline, jittered-grid
 * sites, their Voronoi cells (the cells whose site lies inside the outline are the city), vertices in
 * CGCS2000 lon/lat and each cell's ellipsoidal area. Every boundary in every layer is a chain of these
 * cells' edges.
 */
import { Delaunay } from 'd3-delaunay';
import type { VertexCoordinates } from './cell-union.js';
import type { CellGrid } from './cell-grid.js';
import { equalAreaX, equalAreaY, indexedRingArea, kmToLat, kmToLon, norm } from './frame.js';
import { Rng, unitHash } from './random.js';
import { buildCellMesh, type CellMesh } from './voronoi-mesh.js';

export interface CityOutline {
  /** Outline radius (km) at angle theta (radians) from the city centre. */
  radius(theta: number): number;
  contains(x: number, y: number): boolean;
}

export interface CityCells {
  mesh: CellMesh;
  grid: CellGrid;
  /** Vertex longitude/latitude. */
  coords: VertexCoordinates;
  /** Ellipsoidal area of each cell, m². */
  cellAreaM2: Float64Array;
}

/**
 * A star-shaped outline r(θ) = r0·(1 + Σ a_k cos(kθ + φ_k)) scaled to enclose `areaKm2`: a few strong
 * low harmonics give bays and lobes, many weak high ones the kilometre-scale wiggle of a border that
 * follows ridges and streams. Whatever the wiggle, the selected cells are made one piece (makeOnePiece).
 */
export function makeOutline(seed: number, areaKm2: number): CityOutline {
  const rng = new Rng(seed ^ 0x0a11);
  const terms = Array.from({ length: 47 }, (_, i) => {
    const k = i + 2;
    const a = k <= 6 ? 0.32 * k ** -1.1 * rng.range(0.3, 1) : 0.11 * k ** -1 * rng.range(0.2, 1);
    return { k, a, phase: rng.range(0, 2 * Math.PI) };
  });
  const shape = (theta: number) => 1 + terms.reduce((s, t) => s + t.a * Math.cos(t.k * theta + t.phase), 0);
  let integral = 0;
  const steps = 1440;
  for (let i = 0; i < steps; i++) integral += shape((i / steps) * 2 * Math.PI) ** 2 * ((2 * Math.PI) / steps);
  const r0 = Math.sqrt((2 * areaKm2) / integral);
  // Sampled every ~0.09° and interpolated: a million-cell city asks for the radius millions of times.
  const samples = 4096;
  const table = Float64Array.from({ length: samples + 1 }, (_, i) => r0 * shape((i / samples) * 2 * Math.PI));
  const radius = (theta: number) => {
    const t = ((((theta / (2 * Math.PI)) % 1) + 1) % 1) * samples;
    const i = Math.floor(t);
    return table[i]! + (table[i + 1]! - table[i]!) * (t - i);
  };
  return { radius, contains: (x, y) => norm(x, y) < radius(Math.atan2(y, x)) };
}

/** Sites on a grid of `cellTarget` squares over the outline area, each jittered within its square. */
export function buildCityCells(seed: number, outline: CityOutline, areaKm2: number, cellTarget: number): CityCells {
  const spacing = Math.sqrt(areaKm2 / cellTarget);
  let maxR = 0;
  for (let i = 0; i < 720; i++) maxR = Math.max(maxR, outline.radius((i / 720) * 2 * Math.PI));
  const margin = 6 * spacing;
  const n = Math.ceil((2 * (maxR + margin)) / spacing);
  const x0 = -(n * spacing) / 2;
  const squareOf: number[] = [];
  const xy: number[] = [];
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const sq = gy * n + gx;
      const cx = x0 + (gx + 0.5) * spacing;
      const cy = x0 + (gy + 0.5) * spacing;
      if (norm(cx, cy) > outline.radius(Math.atan2(cy, cx)) + margin) continue;
      squareOf.push(sq);
      xy.push(cx + 0.9 * spacing * (unitHash(seed, sq, 1) - 0.5), cy + 0.9 * spacing * (unitHash(seed, sq, 2) - 0.5));
    }
  }
  const points = Float64Array.from(xy);
  const delaunay = new Delaunay(points);
  const inside = new Uint8Array(squareOf.length);
  for (let i = 0; i < inside.length; i++) inside[i] = outline.contains(points[2 * i]!, points[2 * i + 1]!) ? 1 : 0;
  makeOnePiece(delaunay, inside);
  const mesh = buildCellMesh(delaunay, inside);

  const cellAt = new Int32Array(n * n).fill(-1);
  for (let i = 0, c = 0; i < inside.length; i++) if (inside[i]) cellAt[squareOf[i]!] = c++;
  const grid: CellGrid = { spacing, x0, y0: x0, nx: n, ny: n, cellAt, siteX: mesh.siteX, siteY: mesh.siteY };

  const xs = mesh.vertexX.map(kmToLon);
  const ys = mesh.vertexY.map(kmToLat);
  const ex = xs.map(equalAreaX);
  const ey = ys.map(equalAreaY);
  const cellAreaM2 = new Float64Array(mesh.cellCount);
  for (let c = 0; c < mesh.cellCount; c++)
    cellAreaM2[c] = indexedRingArea(ex, ey, mesh.ringVertex, mesh.ringStart[c]!, mesh.ringStart[c + 1]!);
  return { mesh, grid, coords: { xs, ys }, cellAreaM2 };
}

/**
 * The outline is smooth, but a site just outside it can still be ringed by inside sites (or the reverse)
 * where the jitter is unlucky. Fill such holes and drop such islands, so the city is one polygon without
 * holes whatever the seed: flood the outside from the convex hull, then the inside from the centre.
 */
function makeOnePiece(delaunay: Delaunay<unknown>, inside: Uint8Array): void {
  const outsideReached = flood(delaunay, Array.from(delaunay.hull), (i) => inside[i] === 0);
  for (let i = 0; i < inside.length; i++) if (!inside[i] && !outsideReached[i]) inside[i] = 1;
  const centre = delaunay.find(0, 0);
  const insideReached = flood(delaunay, [centre], (i) => inside[i] === 1);
  for (let i = 0; i < inside.length; i++) if (inside[i] && !insideReached[i]) inside[i] = 0;
}

function flood(delaunay: Delaunay<unknown>, starts: number[], passable: (i: number) => boolean): Uint8Array {
  const { triangles, halfedges, inedges } = delaunay;
  const reached = new Uint8Array(inedges.length);
  const queue = new Int32Array(inedges.length);
  let head = 0;
  let tail = 0;
  for (const s of starts) {
    if (passable(s) && !reached[s]) {
      reached[s] = 1;
      queue[tail++] = s;
    }
  }
  const visit = (j: number) => {
    if (!reached[j] && passable(j)) {
      reached[j] = 1;
      queue[tail++] = j;
    }
  };
  while (head < tail) {
    const i = queue[head++]!;
    const e0 = inedges[i]!;
    if (e0 < 0) continue;
    let e = e0;
    do {
      visit(triangles[e]!);
      const n = e % 3 === 2 ? e - 2 : e + 1;
      e = halfedges[n]!;
      if (e < 0) visit(triangles[n % 3 === 2 ? n - 2 : n + 1]!);
    } while (e >= 0 && e !== e0);
  }
  return reached;
}
