/**
 * Road names. A named road is a "stroke": a run of same-class edges that continue each other without a
 * sharp turn (Thomson & Richardson's "good continuation" street strokes). Expressways and 国省道 take their
 * route's name; urban strokes take street names (大道/路/街/巷 by class), longest strokes first; rural
 * roads get 乡道 numbers (Y001…).
 */
import { chineseOrdinal, STREET_STEMS } from './names.js';
import { ARTERIAL, COLLECTOR, LOCAL, RURAL, otherEnd, type Adjacency } from './road-classes.js';
import type { RoadGraph } from './road-network.js';

/** Largest deflection (radians) at which one edge still continues another. */
const MAX_DEFLECTION = (50 * Math.PI) / 180;

export function nameRoads(
  graph: RoadGraph,
  adjacency: Adjacency,
  edgeClass: Uint8Array,
  route: Int32Array,
  routeNames: string[],
): string[] {
  const strokes = buildStrokes(graph, adjacency, edgeClass, route);
  const names: string[] = new Array<string>(edgeClass.length);
  const byStroke = new Map<number, number[]>();
  for (let e = 0; e < edgeClass.length; e++) {
    if (route[e]! >= 0) names[e] = routeNames[route[e]!]!;
    else if (byStroke.has(strokes[e]!)) byStroke.get(strokes[e]!)!.push(e);
    else byStroke.set(strokes[e]!, [e]);
  }
  const length = (edges: number[]) =>
    edges.reduce(
      (s, e) =>
        s +
        Math.hypot(
          graph.nodeX[graph.edgeA[e]!]! - graph.nodeX[graph.edgeB[e]!]!,
          graph.nodeY[graph.edgeA[e]!]! - graph.nodeY[graph.edgeB[e]!]!,
        ),
      0,
    );
  const ordered = [...byStroke.values()].map((edges) => ({ edges, km: length(edges) }));
  ordered.sort((a, b) => b.km - a.km || a.edges[0]! - b.edges[0]!);
  const counters = new Map<number, number>();
  for (const { edges } of ordered) {
    const cls = edgeClass[edges[0]!]!;
    const n = counters.get(cls) ?? 0;
    counters.set(cls, n + 1);
    const name = streetName(cls, n);
    for (const e of edges) names[e] = name;
  }
  return names;
}

/** The n-th name of a class: stems in order, then with 东/西/南/北/中 inserted, then numbered (二, 三 …). */
function streetName(cls: number, n: number): string {
  if (cls === RURAL) return `Y${String(n + 1).padStart(3, '0')}`;
  const offset = { [ARTERIAL]: 0, [COLLECTOR]: 23, [LOCAL]: 47 }[cls] ?? 0;
  const stems = STREET_STEMS.length;
  const stem = STREET_STEMS[(n + offset) % stems]!;
  const round = Math.floor(n / stems);
  const variant = ['', '东', '西', '南', '北', '中'][round] ?? chineseOrdinal(round - 4);
  const suffix = cls === ARTERIAL ? (n < 6 ? '大道' : '路') : cls === COLLECTOR ? '路' : n % 2 ? '巷' : '街';
  return `${stem}${variant}${suffix}`;
}

/** Stroke id per edge (a union-find root): at each node, same-class edges pair up straightest first. */
function buildStrokes(graph: RoadGraph, adjacency: Adjacency, edgeClass: Uint8Array, route: Int32Array): Int32Array {
  const parent = Int32Array.from({ length: edgeClass.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let v = 0; v < graph.nodeX.length; v++) {
    const incident: number[] = [];
    for (let k = adjacency.start[v]!; k < adjacency.start[v + 1]!; k++) incident.push(adjacency.edge[k]!);
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < incident.length; i++) {
      for (let j = i + 1; j < incident.length; j++) {
        const [a, b] = [incident[i]!, incident[j]!];
        if (edgeClass[a] !== edgeClass[b] || route[a]! >= 0 || route[b]! >= 0) continue;
        const deflection = Math.PI - angleBetween(graph, v, a, b);
        if (deflection < MAX_DEFLECTION) pairs.push([deflection, a, b]);
      }
    }
    pairs.sort((p, q) => p[0] - q[0]);
    const paired = new Set<number>();
    for (const [, a, b] of pairs) {
      if (paired.has(a) || paired.has(b)) continue;
      paired.add(a).add(b);
      parent[find(a)] = find(b);
    }
  }
  return Int32Array.from({ length: edgeClass.length }, (_, e) => find(e));
}

/** Angle at node v between edges a and b (π for a straight continuation). */
function angleBetween(graph: RoadGraph, v: number, a: number, b: number): number {
  const wa = otherEnd(graph, a, v);
  const wb = otherEnd(graph, b, v);
  const ax = graph.nodeX[wa]! - graph.nodeX[v]!;
  const ay = graph.nodeY[wa]! - graph.nodeY[v]!;
  const bx = graph.nodeX[wb]! - graph.nodeX[v]!;
  const by = graph.nodeY[wb]! - graph.nodeY[v]!;
  return Math.acos(Math.max(-1, Math.min(1, (ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by)))));
}
