/**
 * The Voronoi cells of chosen sites as a compact, shared-vertex mesh. Each cell is a convex ring of
 * vertex ids (the circumcentres of the Delaunay triangles around its site, counter-clockwise), and each
 * ring edge records the cell on its other side. Two neighbouring cells therefore share an edge with the
 * SAME two vertex ids in opposite directions — the property every union in the demo city rests on
 * (cell-union.ts): an edge between two cells of one group cancels, the rest is the group's boundary.
 *
 * Typed arrays throughout (a 1M-cell mesh is ~7M edges); the Delaunay triangulation is dropped after
 * the build. The walk around a site is d3-delaunay's own (Voronoi#_cell), recording neighbours as well.
 */
import { Delaunay } from 'd3-delaunay';

export interface CellMesh {
  cellCount: number;
  /** Site of each cell in the frame the points were given in. */
  siteX: Float64Array;
  siteY: Float64Array;
  /** Cell c's ring is ringVertex[ringStart[c] .. ringStart[c+1]), counter-clockwise, not closed. */
  ringStart: Int32Array;
  ringVertex: Int32Array;
  /** The cell across edge ringVertex[k] → next vertex of the ring, or -1 outside the mesh. */
  ringNeighbor: Int32Array;
  vertexX: Float64Array;
  vertexY: Float64Array;
}

/**
 * Build the mesh of the sites `i` with `inside[i]` set. The other points only shape the boundary
 * cells; every inside site must have a full ring of neighbours (none on the convex hull).
 */
export function buildCellMesh(delaunay: Delaunay<unknown>, inside: Uint8Array): CellMesh {
  const { points, triangles, halfedges, inedges } = delaunay;
  const pointCount = inside.length;
  const cellOfPoint = new Int32Array(pointCount).fill(-1);
  let cellCount = 0;
  for (let i = 0; i < pointCount; i++) if (inside[i]) cellOfPoint[i] = cellCount++;

  const vertexOfTriangle = new Int32Array(triangles.length / 3).fill(-1);
  const vx = new Float64Array(triangles.length / 3);
  const vy = new Float64Array(triangles.length / 3);
  let vertexCount = 0;
  const ringStart = new Int32Array(cellCount + 1);
  let ringVertex = new Int32Array(cellCount * 7);
  let ringNeighbor = new Int32Array(cellCount * 7);
  const siteX = new Float64Array(cellCount);
  const siteY = new Float64Array(cellCount);
  let k = 0;

  for (let i = 0; i < pointCount; i++) {
    const c = cellOfPoint[i]!;
    if (c < 0) continue;
    siteX[c] = points[2 * i]!;
    siteY[c] = points[2 * i + 1]!;
    ringStart[c] = k;
    const e0 = inedges[i]!;
    if (e0 < 0) throw new Error(`demo mesh: site ${i} coincides with another`);
    let e = e0;
    do {
      if (k + 1 >= ringVertex.length) [ringVertex, ringNeighbor] = [grow(ringVertex), grow(ringNeighbor)];
      const t = (e / 3) | 0;
      let v = vertexOfTriangle[t]!;
      if (v < 0) {
        v = vertexOfTriangle[t] = vertexCount++;
        circumcenter(points, triangles[3 * t]!, triangles[3 * t + 1]!, triangles[3 * t + 2]!, vx, vy, v);
      }
      // e ends at i; n leaves i towards the neighbour j, and the Voronoi edge dual to n separates i from j.
      const n = e % 3 === 2 ? e - 2 : e + 1;
      const j = triangles[n % 3 === 2 ? n - 2 : n + 1]!;
      ringVertex[k] = v;
      ringNeighbor[k] = cellOfPoint[j]!;
      k++;
      e = halfedges[n]!;
      if (e < 0) throw new Error(`demo mesh: inside site ${i} lies on the convex hull; widen the margin`);
    } while (e !== e0);
  }
  ringStart[cellCount] = k;
  // The walk turns counter-clockwise with y up (checked in voronoi-mesh.test.ts).
  const mesh: CellMesh = {
    cellCount,
    siteX,
    siteY,
    ringStart,
    ringVertex: ringVertex.slice(0, k),
    ringNeighbor: ringNeighbor.slice(0, k),
    vertexX: vx.slice(0, vertexCount),
    vertexY: vy.slice(0, vertexCount),
  };
  return mesh;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Circumcentre of triangle (a, b, c), as d3-delaunay computes it, stored at index v. */
function circumcenter(
  p: ArrayLike<number>,
  a: number,
  b: number,
  c: number,
  xs: Float64Array,
  ys: Float64Array,
  v: number,
) {
  const x1 = p[2 * a]!;
  const y1 = p[2 * a + 1]!;
  const dx = p[2 * b]! - x1;
  const dy = p[2 * b + 1]! - y1;
  const ex = p[2 * c]! - x1;
  const ey = p[2 * c + 1]! - y1;
  const bl = dx * dx + dy * dy;
  const cl = ex * ex + ey * ey;
  const ab = (dx * ey - dy * ex) * 2;
  xs[v] = x1 + (ey * bl - dy * cl) / ab;
  ys[v] = y1 + (dx * cl - ex * bl) / ab;
}

/** Calls fn(vertexFrom, vertexTo, neighbour) for each edge of cell c, counter-clockwise. */
export function forEachCellEdge(mesh: CellMesh, c: number, fn: (a: number, b: number, neighbor: number) => void) {
  const s = mesh.ringStart[c]!;
  const e = mesh.ringStart[c + 1]!;
  for (let k = s; k < e; k++) fn(mesh.ringVertex[k]!, mesh.ringVertex[k + 1 < e ? k + 1 : s]!, mesh.ringNeighbor[k]!);
}

/** Planar area of cell c in the mesh frame. */
export function cellArea(mesh: CellMesh, c: number): number {
  const s = mesh.ringStart[c]!;
  const e = mesh.ringStart[c + 1]!;
  const x0 = mesh.vertexX[mesh.ringVertex[s]!]!;
  const y0 = mesh.vertexY[mesh.ringVertex[s]!]!;
  let sum = 0;
  for (let k = s + 1; k < e - 1; k++) {
    const a = mesh.ringVertex[k]!;
    const b = mesh.ringVertex[k + 1]!;
    sum += (mesh.vertexX[a]! - x0) * (mesh.vertexY[b]! - y0) - (mesh.vertexX[b]! - x0) * (mesh.vertexY[a]! - y0);
  }
  return sum / 2;
}
