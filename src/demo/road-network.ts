/**
 * The road network's geometry: the Voronoi edges of a second, coarser set of sites whose spacing follows
 * the city — ~0.4 km blocks where the city is or is planned to be built, ~0.7 km in county towns, ~2.4 km
 * between villages. Sites come from a quadtree (a square splits while it is coarser than the spacing
 * wanted at its centre) with a little jitter, so the core reads as a slightly irregular grid and the
 * countryside as an irregular mesh. Voronoi edges meet at shared vertices, so the network is a graph
 * whose segments share exact endpoints; only edges inside the outline are kept, then the largest
 * connected piece. The faces (one per site) are the urban blocks the land-use model colours.
 */
import { Delaunay } from 'd3-delaunay';
import type { CityLayout, Point } from './layout.js';
import { unitHash } from './random.js';

export interface RoadGraph {
  nodeX: Float64Array;
  nodeY: Float64Array;
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** The block (Voronoi face) sites, for blockOf. */
  blocks: Delaunay<unknown>;
}

/**
 * Spacing of road sites at p, km: a fine grain in the old core, superblocks elsewhere in the planned
 * city, a town grid in county and township seats (`towns`), the rural mesh beyond.
 */
export function roadSpacing(layout: CityLayout, towns: { seat: Point; county: boolean }[], p: Point): number {
  const core = layout.centres[0]!;
  if (Math.hypot(p.x - core.x, p.y - core.y) < core.radius2020 * 0.55) return 0.4;
  for (const c of layout.centres) if (Math.hypot(p.x - c.x, p.y - c.y) < c.radius2035[1] + 0.3) return 0.5;
  for (const t of towns) {
    const d = Math.hypot(p.x - t.seat.x, p.y - t.seat.y);
    if (d < (t.county ? 2.8 : 0.9)) return t.county ? 0.6 : 0.8;
  }
  return 2.4;
}

export function buildRoadGraph(seed: number, layout: CityLayout, spacing: (p: Point) => number): RoadGraph {
  const sites = quadtreeSites(seed, layout, spacing);
  const blocks = new Delaunay(Float64Array.from(sites));
  const { points, triangles, halfedges } = blocks;
  const nodeOfTriangle = new Int32Array(triangles.length / 3).fill(-1);
  const nx: number[] = [];
  const ny: number[] = [];
  const ea: number[] = [];
  const eb: number[] = [];
  const node = (t: number) => {
    if (nodeOfTriangle[t]! < 0) {
      const [a, b, c] = [triangles[3 * t]!, triangles[3 * t + 1]!, triangles[3 * t + 2]!];
      const x1 = points[2 * a]!;
      const y1 = points[2 * a + 1]!;
      const dx = points[2 * b]! - x1;
      const dy = points[2 * b + 1]! - y1;
      const ex = points[2 * c]! - x1;
      const ey = points[2 * c + 1]! - y1;
      const bl = dx * dx + dy * dy;
      const cl = ex * ex + ey * ey;
      const d = (dx * ey - dy * ex) * 2;
      nodeOfTriangle[t] = nx.length;
      nx.push(x1 + (ey * bl - dy * cl) / d);
      ny.push(y1 + (dx * cl - ex * bl) / d);
    }
    return nodeOfTriangle[t]!;
  };
  for (let e = 0; e < halfedges.length; e++) {
    const h = halfedges[e]!;
    if (h < e) continue;
    const a = node((e / 3) | 0);
    const b = node((h / 3) | 0);
    const inside = layout.outline.contains(nx[a]!, ny[a]!) && layout.outline.contains(nx[b]!, ny[b]!);
    if (inside && Math.hypot(nx[a]! - nx[b]!, ny[a]! - ny[b]!) > 1e-6) {
      ea.push(a);
      eb.push(b);
    }
  }
  return { ...largestComponent(nx, ny, ea, eb), blocks };
}

/** Leaf squares of a quadtree refined until each is no coarser than the wanted spacing; one site each. */
function quadtreeSites(seed: number, layout: CityLayout, spacing: (p: Point) => number): number[] {
  const top = 2.4;
  let reach = 0;
  for (let i = 0; i < 360; i++) reach = Math.max(reach, layout.outline.radius((i / 360) * 2 * Math.PI));
  const n = Math.ceil((reach + 4) / top);
  const out: number[] = [];
  const visit = (x: number, y: number, size: number, key: number) => {
    const cx = x + size / 2;
    const cy = y + size / 2;
    const r = Math.hypot(cx, cy);
    if (r > layout.outline.radius(Math.atan2(cy, cx)) + 4) return;
    if (size > 0.41 && spacing({ x: cx, y: cy }) < size * 0.75) {
      const h = size / 2;
      for (let q = 0; q < 4; q++) visit(x + (q & 1) * h, y + (q >> 1) * h, h, key * 4 + q + 1);
      return;
    }
    const jitter = size > 1 ? 0.6 : 0.2;
    out.push(
      cx + jitter * size * (unitHash(seed, key, 11) - 0.5),
      cy + jitter * size * (unitHash(seed, key, 12) - 0.5),
    );
  };
  for (let j = -n; j < n; j++) for (let i = -n; i < n; i++) visit(i * top, j * top, top, (j + n) * 2 * n + (i + n));
  return out;
}

/** Keep the edges of the largest connected piece, nodes renumbered in first-use order. */
function largestComponent(nx: number[], ny: number[], ea: number[], eb: number[]) {
  const parent = Int32Array.from({ length: nx.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let e = 0; e < ea.length; e++) parent[find(ea[e]!)] = find(eb[e]!);
  const size = new Map<number, number>();
  for (let e = 0; e < ea.length; e++) size.set(find(ea[e]!), (size.get(find(ea[e]!)) ?? 0) + 1);
  let root = -1;
  for (const [r, s] of size) if (root < 0 || s > size.get(root)!) root = r;
  const renumber = new Int32Array(nx.length).fill(-1);
  const xs: number[] = [];
  const ys: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const id = (v: number) => {
    if (renumber[v]! < 0) {
      renumber[v] = xs.length;
      xs.push(nx[v]!);
      ys.push(ny[v]!);
    }
    return renumber[v]!;
  };
  for (let e = 0; e < ea.length; e++) {
    if (find(ea[e]!) !== root) continue;
    a.push(id(ea[e]!));
    b.push(id(eb[e]!));
  }
  return {
    nodeX: Float64Array.from(xs),
    nodeY: Float64Array.from(ys),
    edgeA: Int32Array.from(a),
    edgeB: Int32Array.from(b),
  };
}
