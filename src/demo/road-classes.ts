/**
 * Road classes, the way a network acquires them: expressways are the cheapest routes across the city
 * that stay out of the built-up core; national/provincial roads (国省道) link the core with the county
 * seats and the city's edges; inside the built-up area, streets on a coarse lattice become arterials
 * (主干路, ~2.4 km apart) and collectors (次干路, halfway between), the rest local streets (支路) — the grid
 * hierarchy of a planned Chinese city; everything else is a rural road (乡村道路).
 */
import type { Point } from './layout.js';
import { MinHeap } from './min-heap.js';
import type { RoadGraph } from './road-network.js';

export const ROAD_CLASSES = ['高速公路', '国省道', '城市主干路', '城市次干路', '城市支路', '乡村道路'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const [EXPRESSWAY, TRUNK, ARTERIAL, COLLECTOR, LOCAL, RURAL] = [0, 1, 2, 3, 4, 5] as const;

export interface RoutePlan {
  /** Expressway end points (on the outline). */
  expressways: [Point, Point][];
  /** National/provincial road end points. */
  trunks: [Point, Point][];
  isUrban: (p: Point) => boolean;
}

/** Class index (into ROAD_CLASSES) per edge, and the route (index into expressways, then trunks) of each. */
export function classifyRoads(graph: RoadGraph, plan: RoutePlan): { edgeClass: Uint8Array; route: Int32Array } {
  const edgeCount = graph.edgeA.length;
  const length = Float64Array.from({ length: edgeCount }, (_, e) => edgeLength(graph, e));
  const urban = Uint8Array.from({ length: edgeCount }, (_, e) => (plan.isUrban(midpoint(graph, e)) ? 1 : 0));
  const edgeClass = new Uint8Array(edgeCount).fill(RURAL);
  const route = new Int32Array(edgeCount).fill(-1);
  const adjacency = buildAdjacency(graph);

  // Urban streets follow the quadtree's lattice (road-network.ts): segments on every 2.4 km line are
  // arterials, on the 1.2 km lines between them collectors, the rest local streets.
  for (let e = 0; e < edgeCount; e++) {
    if (!urban[e]) continue;
    edgeClass[e] = onLattice(graph, e, 2.4) ? ARTERIAL : onLattice(graph, e, 1.2) ? COLLECTOR : LOCAL;
  }
  const mark = (ends: [Point, Point][], cls: number, cost: (e: number) => number, first: number) =>
    ends.forEach(([p, q], i) => {
      const path = shortestPath(graph, adjacency, nearestNode(graph, p), nearestNode(graph, q), cost);
      for (const e of path) {
        if (edgeClass[e]! <= cls && route[e]! >= 0) continue;
        edgeClass[e] = cls;
        route[e] = first + i;
      }
    });
  mark(plan.trunks, TRUNK, (e) => length[e]! * (urban[e] ? 0.9 : 1), plan.expressways.length);
  mark(plan.expressways, EXPRESSWAY, (e) => length[e]! * (urban[e] ? 6 : 1), 0);
  return { edgeClass, route };
}

export interface Adjacency {
  start: Int32Array;
  edge: Int32Array;
}

/** Incident edges per node (CSR). */
export function buildAdjacency(graph: RoadGraph): Adjacency {
  const n = graph.nodeX.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < graph.edgeA.length; e++) {
    start[graph.edgeA[e]! + 1]!++;
    start[graph.edgeB[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const edge = new Int32Array(start[n]!);
  for (let e = 0; e < graph.edgeA.length; e++) {
    edge[fill[graph.edgeA[e]!]!++] = e;
    edge[fill[graph.edgeB[e]!]!++] = e;
  }
  return { start, edge };
}

export const otherEnd = (graph: RoadGraph, e: number, v: number) =>
  graph.edgeA[e] === v ? graph.edgeB[e]! : graph.edgeA[e]!;

/** Edges of a least-cost path from a to b (Dijkstra); empty when b is unreachable. */
function shortestPath(graph: RoadGraph, adj: Adjacency, a: number, b: number, cost: (e: number) => number): number[] {
  const n = graph.nodeX.length;
  const dist = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const heap = new MinHeap();
  dist[a] = 0;
  heap.push(0, a, -1);
  while (heap.size > 0) {
    const { node: v } = heap.pop();
    if (done[v]) continue;
    done[v] = 1;
    if (v === b) break;
    for (let k = adj.start[v]!; k < adj.start[v + 1]!; k++) {
      const e = adj.edge[k]!;
      const w = otherEnd(graph, e, v);
      const d = dist[v]! + cost(e);
      if (d < dist[w]!) {
        dist[w] = d;
        via[w] = e;
        heap.push(d, w, -1);
      }
    }
  }
  const path: number[] = [];
  for (let v = b; v !== a && via[v]! >= 0; v = otherEnd(graph, via[v]!, v)) path.push(via[v]!);
  return path;
}

export function nearestNode(graph: RoadGraph, p: Point): number {
  let best = 0;
  let bestD = Infinity;
  for (let v = 0; v < graph.nodeX.length; v++) {
    const d = (graph.nodeX[v]! - p.x) ** 2 + (graph.nodeY[v]! - p.y) ** 2;
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

export function edgeLength(graph: RoadGraph, e: number): number {
  const a = graph.edgeA[e]!;
  const b = graph.edgeB[e]!;
  return Math.hypot(graph.nodeX[a]! - graph.nodeX[b]!, graph.nodeY[a]! - graph.nodeY[b]!);
}

/** Both ends of edge e lie within 0.15 km of one line x = k·step or y = k·step. */
function onLattice(graph: RoadGraph, e: number, step: number): boolean {
  const a = graph.edgeA[e]!;
  const b = graph.edgeB[e]!;
  const near = (u: number, v: number) => {
    const k = Math.round(u / step);
    return Math.abs(u - k * step) < 0.15 && Math.abs(v - k * step) < 0.15;
  };
  return near(graph.nodeX[a]!, graph.nodeX[b]!) || near(graph.nodeY[a]!, graph.nodeY[b]!);
}

function midpoint(graph: RoadGraph, e: number): Point {
  const a = graph.edgeA[e]!;
  const b = graph.edgeB[e]!;
  return { x: (graph.nodeX[a]! + graph.nodeX[b]!) / 2, y: (graph.nodeY[a]! + graph.nodeY[b]!) / 2 };
}
