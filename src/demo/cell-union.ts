/**
 * Exact unions of groups of mesh cells by edge cancellation. Neighbouring cells share each edge with
 * the same two vertex ids in opposite directions (voronoi-mesh.ts), so an edge whose two cells are in
 * the same group cancels and every other edge is on the group's boundary. Nothing is intersected or
 * snapped: a district's outline is made of the very vertices of its townships' and units' outlines,
 * which is what lets the hierarchy nest exactly and the land-survey patches tile the city.
 *
 * The cancellation test is a label comparison across the edge (the mesh knows each edge's neighbour),
 * which does for a whole labelling in one pass what a hash of directed edges would do per group.
 */
import type { Position } from 'geojson';
import { assembleRings } from './ring-assembly.js';
import type { CellMesh } from './voronoi-mesh.js';

/** The part of a mesh that outlines cells: rings of vertex ids and the neighbour across each edge. */
export type MeshRings = Pick<CellMesh, 'ringStart' | 'ringVertex' | 'ringNeighbor'>;

/** Output coordinates of the mesh vertices (longitude and latitude arrays). */
export interface VertexCoordinates {
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * MultiPolygon coordinates of every group of `labels` (label per cell, -1 for none), indexed by label.
 * A label with no cells gets an empty array.
 */
export function unionByLabel(
  mesh: CellMesh,
  labels: Int32Array,
  labelCount: number,
  coords: VertexCoordinates,
): Position[][][][] {
  const { ringStart, ringVertex, ringNeighbor, cellCount } = mesh;
  const offset = new Int32Array(labelCount + 1);
  const isBoundary = (k: number, label: number) => {
    const n = ringNeighbor[k]!;
    return n < 0 || labels[n] !== label;
  };
  for (let c = 0; c < cellCount; c++) {
    const label = labels[c]!;
    if (label < 0) continue;
    for (let k = ringStart[c]!; k < ringStart[c + 1]!; k++) if (isBoundary(k, label)) offset[label + 1]!++;
  }
  for (let l = 0; l < labelCount; l++) offset[l + 1]! += offset[l]!;
  const from = new Int32Array(offset[labelCount]!);
  const to = new Int32Array(offset[labelCount]!);
  const piece = new Int32Array(offset[labelCount]!);
  const pieceOfCell = connectedPieces(mesh, labels);
  const fill = offset.slice(0, labelCount);
  for (let c = 0; c < cellCount; c++) {
    const label = labels[c]!;
    if (label < 0) continue;
    const s = ringStart[c]!;
    const e = ringStart[c + 1]!;
    for (let k = s; k < e; k++) {
      if (!isBoundary(k, label)) continue;
      const at = fill[label]!++;
      from[at] = ringVertex[k]!;
      to[at] = ringVertex[k + 1 < e ? k + 1 : s]!;
      piece[at] = pieceOfCell[c]!;
    }
  }
  const out: Position[][][][] = [];
  for (let l = 0; l < labelCount; l++) {
    const s = offset[l]!;
    const n = offset[l + 1]! - s;
    out.push(n ? assembleRings(from.subarray(s), to.subarray(s), n, coords.xs, coords.ys, piece.subarray(s)) : []);
  }
  return out;
}

/**
 * Connected pieces of each label (cells joined across shared edges), numbered over the whole mesh.
 * A piece has one outer ring, and every hole ring is bounded by cells of a single piece — which lets
 * ring-assembly.ts place holes without geometry tests.
 */
export function connectedPieces(mesh: CellMesh, labels: Int32Array): Int32Array {
  const { ringStart, ringNeighbor, cellCount } = mesh;
  const piece = new Int32Array(cellCount).fill(-1);
  const queue = new Int32Array(cellCount);
  let next = 0;
  for (let c = 0; c < cellCount; c++) {
    if (piece[c]! >= 0 || labels[c]! < 0) continue;
    const id = next++;
    piece[c] = id;
    let head = 0;
    let tail = 0;
    queue[tail++] = c;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = ringStart[v]!; k < ringStart[v + 1]!; k++) {
        const w = ringNeighbor[k]!;
        if (w >= 0 && piece[w]! < 0 && labels[w] === labels[v]) {
          piece[w] = id;
          queue[tail++] = w;
        }
      }
    }
  }
  return piece;
}

/** MultiPolygon coordinates of the union of a few cells (a merged land-survey patch). */
export function unionCells(mesh: MeshRings, cells: ArrayLike<number>, coords: VertexCoordinates): Position[][][] {
  const { ringStart, ringVertex, ringNeighbor } = mesh;
  const members = new Set<number>();
  for (let i = 0; i < cells.length; i++) members.add(cells[i]!);
  const from: number[] = [];
  const to: number[] = [];
  for (const c of members) {
    const s = ringStart[c]!;
    const e = ringStart[c + 1]!;
    for (let k = s; k < e; k++) {
      const n = ringNeighbor[k]!;
      if (n >= 0 && members.has(n)) continue;
      from.push(ringVertex[k]!);
      to.push(ringVertex[k + 1 < e ? k + 1 : s]!);
    }
  }
  return assembleRings(from, to, from.length, coords.xs, coords.ys);
}

/** One cell's ring as a closed GeoJSON ring (consecutive coincident vertices dropped). */
export function cellRing(mesh: MeshRings, c: number, coords: VertexCoordinates): Position[] {
  const ring: Position[] = [];
  let lastX = NaN;
  let lastY = NaN;
  for (let k = mesh.ringStart[c]!; k < mesh.ringStart[c + 1]!; k++) {
    const v = mesh.ringVertex[k]!;
    const x = coords.xs[v]!;
    const y = coords.ys[v]!;
    if (x === lastX && y === lastY) continue;
    ring.push([x, y]);
    lastX = x;
    lastY = y;
  }
  const first = ring[0]!;
  if (ring.length > 1 && first[0] === lastX && first[1] === lastY) ring.pop();
  ring.push([first[0]!, first[1]!]);
  return ring;
}
