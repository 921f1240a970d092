import { Delaunay } from 'd3-delaunay';
import { describe, expect, it } from 'vitest';
import { cellRing, unionByLabel, unionCells, type VertexCoordinates } from './cell-union.js';
import { multiPolygonArea, ringArea } from './frame.js';
import { assembleRings } from './ring-assembly.js';
import { buildCellMesh, cellArea, forEachCellEdge, type CellMesh } from './voronoi-mesh.js';

/** A mesh of nx × ny unit squares; cell (i, j) is i + j·nx, vertex (i, j) is i + j·(nx+1). */
function squareMesh(nx: number, ny: number): { mesh: CellMesh; coords: VertexCoordinates } {
  const v = (i: number, j: number) => i + j * (nx + 1);
  const cell = (i: number, j: number) => (i < 0 || j < 0 || i >= nx || j >= ny ? -1 : i + j * nx);
  const ringStart = new Int32Array(nx * ny + 1);
  const ringVertex: number[] = [];
  const ringNeighbor: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      ringStart[cell(i, j)] = ringVertex.length;
      ringVertex.push(v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1));
      ringNeighbor.push(cell(i, j - 1), cell(i + 1, j), cell(i, j + 1), cell(i - 1, j));
    }
  }
  ringStart[nx * ny] = ringVertex.length;
  const xs = Float64Array.from({ length: (nx + 1) * (ny + 1) }, (_, k) => k % (nx + 1));
  const ys = Float64Array.from({ length: (nx + 1) * (ny + 1) }, (_, k) => Math.floor(k / (nx + 1)));
  const mesh: CellMesh = {
    cellCount: nx * ny,
    siteX: new Float64Array(nx * ny),
    siteY: new Float64Array(nx * ny),
    ringStart,
    ringVertex: Int32Array.from(ringVertex),
    ringNeighbor: Int32Array.from(ringNeighbor),
    vertexX: xs,
    vertexY: ys,
  };
  return { mesh, coords: { xs, ys } };
}

describe('assembleRings', () => {
  it('cancels nothing itself: two squares given only their outer edges make one 2×1 ring', () => {
    const xs = [0, 1, 2, 2, 1, 0];
    const ys = [0, 0, 0, 1, 1, 1];
    const polygons = assembleRings([0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0], 6, xs, ys);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(1);
    expect(ringArea(polygons[0]![0]!)).toBe(2);
  });

  it('places a hole by geometry when pieces are unknown', () => {
    // Outer square 0..3 (counter-clockwise), inner square 1..2 (clockwise).
    const xs = [0, 3, 3, 0, 1, 1, 2, 2];
    const ys = [0, 0, 3, 3, 1, 2, 2, 1];
    const polygons = assembleRings([0, 1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 0, 5, 6, 7, 4], 8, xs, ys);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(2);
    expect(ringArea(polygons[0]![0]!)).toBe(9);
    expect(ringArea(polygons[0]![1]!)).toBe(-1);
  });
});

describe('unionCells and unionByLabel on a square grid', () => {
  const { mesh, coords } = squareMesh(5, 5);
  const at = (i: number, j: number) => i + j * 5;

  it('unions a 2×2 block into one counter-clockwise square of area 4', () => {
    const polygons = unionCells(mesh, [at(1, 1), at(2, 1), at(1, 2), at(2, 2)], coords);
    expect(polygons).toEqual([
      [
        [
          [1, 1],
          [2, 1],
          [3, 1],
          [3, 2],
          [3, 3],
          [2, 3],
          [1, 3],
          [1, 2],
          [1, 1],
        ],
      ],
    ]);
  });

  it('makes a ring of cells a polygon with a clockwise hole', () => {
    const ring = [at(1, 1), at(2, 1), at(3, 1), at(3, 2), at(3, 3), at(2, 3), at(1, 3), at(1, 2)];
    const polygons = unionCells(mesh, ring, coords);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(2);
    expect(ringArea(polygons[0]![0]!)).toBe(9);
    expect(ringArea(polygons[0]![1]!)).toBe(-1);
  });

  it('keeps cells that touch only at a corner as two polygons, not a figure-of-eight', () => {
    const polygons = unionCells(mesh, [at(1, 1), at(2, 2)], coords);
    expect(polygons).toHaveLength(2);
    for (const p of polygons) expect(p[0]).toHaveLength(5);
  });

  it('gives every label its union and conserves area', () => {
    const labels = Int32Array.from({ length: 25 }, (_, c) => ((c % 5) + Math.floor(c / 5)) % 3);
    const unions = unionByLabel(mesh, labels, 3, coords);
    const total = unions.reduce((s, mp) => s + multiPolygonArea(mp), 0);
    expect(total).toBe(25);
    // Label 0 on a diagonal pattern: pieces touch only at corners.
    expect(unions[0]!.length).toBeGreaterThan(1);
  });

  it('places holes of several pieces in the right shells by topology', () => {
    const big = squareMesh(9, 3);
    const cells: number[] = [];
    for (const left of [0, 6]) {
      for (let j = 0; j < 3; j++)
        for (let i = left; i < left + 3; i++) if (!(i === left + 1 && j === 1)) cells.push(i + j * 9);
    }
    const labels = new Int32Array(27).fill(-1);
    for (const c of cells) labels[c] = 0;
    const [polygons] = unionByLabel(big.mesh, labels, 1, big.coords);
    expect(polygons).toHaveLength(2);
    for (const p of polygons!) {
      expect(p).toHaveLength(2);
      const minX = Math.min(...p[0]!.map((q) => q[0]!));
      expect(p[1]!.every((q) => q[0]! > minX && q[0]! < minX + 3)).toBe(true);
    }
  });
});

describe('Voronoi mesh', () => {
  const n = 20;
  const points = new Float64Array(n * n * 2);
  const inside = new Uint8Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const k = j * n + i;
      points[2 * k] = i + 0.4 * Math.sin(k * 12.9898);
      points[2 * k + 1] = j + 0.4 * Math.cos(k * 78.233);
      inside[k] = i > 3 && i < n - 4 && j > 3 && j < n - 4 ? 1 : 0;
    }
  }
  const mesh = buildCellMesh(new Delaunay(points), inside);
  const coords = { xs: mesh.vertexX, ys: mesh.vertexY };

  it('turns every cell counter-clockwise and shares each inner edge with its neighbour, reversed', () => {
    const owner = new Map<string, number>();
    for (let c = 0; c < mesh.cellCount; c++) {
      expect(cellArea(mesh, c)).toBeGreaterThan(0);
      forEachCellEdge(mesh, c, (a, b) => owner.set(`${a}>${b}`, c));
    }
    for (let c = 0; c < mesh.cellCount; c++) {
      forEachCellEdge(mesh, c, (a, b, neighbor) => {
        expect(owner.get(`${b}>${a}`) ?? -1).toBe(neighbor);
      });
    }
  });

  it('unions all cells into one ring whose area is the sum of the cells', () => {
    const labels = new Int32Array(mesh.cellCount);
    const [all] = unionByLabel(mesh, labels, 1, coords);
    let sum = 0;
    for (let c = 0; c < mesh.cellCount; c++) sum += ringArea(cellRing(mesh, c, coords));
    expect(all).toHaveLength(1);
    expect(all![0]).toHaveLength(1);
    expect(Math.abs(multiPolygonArea(all!) - sum) / sum).toBeLessThan(1e-12);
  });
});
