/**
 * The reached parts of edges: a service area covers an edge whole when the way through it fits the
 * budget, and only its ends otherwise — from a node reached at t with cutoff T, the first (T − t)/c of an
 * edge of cost c; from a source inside the edge, (T − t₀)/c either side of it. The parts are merged per
 * edge. Times along an edge are linear in the fraction (a road's speed is its class's, end to end).
 *
 *   minutesAt(graph, area, e, 0.5)   // minutes to the middle of edge e
 *   reachedPortions(graph, area)     // { edge, from, to } fractions, the frontier's partial edges included
 *   portionLine(graph, e, 0, 0.25)   // the first quarter of edge e as lon,lat positions
 */
import type { Position } from 'geojson';
import type { RoadGraph } from './road-graph.js';
import type { ServiceArea } from './service-area.js';

/** Minutes from the nearest source to the point at `fraction` along edge `edge`; Infinity when not reached. */
export function minutesAt(graph: RoadGraph, area: ServiceArea, edge: number, fraction: number): number {
  const c = area.costs[edge]!;
  if (c === Infinity) return Infinity;
  let best = Math.min(
    area.nodeMinutes[graph.edgeSource[edge]!]! + fraction * c,
    area.nodeMinutes[graph.edgeTarget[edge]!]! + (1 - fraction) * c,
  );
  const inside = area.edgeSources.get(edge);
  if (inside)
    for (let i = 0; i < inside.length; i += 2)
      best = Math.min(best, inside[i + 1]! + Math.abs(fraction - inside[i]!) * c);
  return best;
}

export interface EdgePortions {
  edge: Int32Array;
  /** Fractions along the edge (0 at its source node): each portion runs from `from` to `to`. */
  from: Float64Array;
  to: Float64Array;
}

/** Every reached portion of every edge, edges in id order, portions along each edge in order, disjoint. */
export function reachedPortions(graph: RoadGraph, area: ServiceArea): EdgePortions {
  const { cutoff, costs, nodeMinutes } = area;
  const edge: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const parts: number[] = [];
  const push = (e: number, a: number, b: number) => {
    edge.push(e);
    from.push(a);
    to.push(b);
  };
  for (let e = 0; e < graph.edgeCount; e++) {
    const c = costs[e]!;
    if (c === Infinity) continue;
    parts.length = 0;
    const reach = (t: number) => (c > 0 ? (cutoff - t) / c : Infinity);
    const ta = nodeMinutes[graph.edgeSource[e]!]!;
    const tb = nodeMinutes[graph.edgeTarget[e]!]!;
    if (ta <= cutoff) parts.push(0, Math.min(1, reach(ta)));
    if (tb <= cutoff) parts.push(Math.max(0, 1 - reach(tb)), 1);
    const inside = area.edgeSources.get(e);
    if (inside) {
      for (let i = 0; i < inside.length; i += 2) {
        if (inside[i + 1]! > cutoff) continue;
        const r = reach(inside[i + 1]!);
        parts.push(Math.max(0, inside[i]! - r), Math.min(1, inside[i]! + r));
      }
    }
    if (parts.length === 0) continue;
    // Merge overlapping intervals (few per edge: sort pairs by start).
    const order = Array.from({ length: parts.length / 2 }, (_, i) => i).sort((i, j) => parts[2 * i]! - parts[2 * j]!);
    let lo = parts[2 * order[0]!]!;
    let hi = parts[2 * order[0]! + 1]!;
    for (let k = 1; k < order.length; k++) {
      const a = parts[2 * order[k]!]!;
      const b = parts[2 * order[k]! + 1]!;
      if (a <= hi) hi = Math.max(hi, b);
      else {
        push(e, lo, hi);
        [lo, hi] = [a, b];
      }
    }
    push(e, lo, hi);
  }
  return { edge: Int32Array.from(edge), from: Float64Array.from(from), to: Float64Array.from(to) };
}

/** The part of edge `e` between two fractions as positions, interpolated by length between vertices. */
export function portionLine(graph: RoadGraph, e: number, from: number, to: number): Position[] {
  const { vertexStart, vertexXY: xy, vertexAlong, edgeLength } = graph;
  const first = vertexStart[e]!;
  const last = vertexStart[e + 1]! - 1;
  const a = from * edgeLength[e]!;
  const b = to * edgeLength[e]!;
  const at = (m: number): Position => {
    let k = first;
    while (k < last - 1 && vertexAlong[k + 1]! < m) k++;
    const span = vertexAlong[k + 1]! - vertexAlong[k]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (m - vertexAlong[k]!) / span)) : 0;
    return [xy[2 * k]! + t * (xy[2 * k + 2]! - xy[2 * k]!), xy[2 * k + 1]! + t * (xy[2 * k + 3]! - xy[2 * k + 1]!)];
  };
  const out: Position[] = [at(a)];
  for (let k = first + 1; k < last; k++)
    if (vertexAlong[k]! > a && vertexAlong[k]! < b) out.push([xy[2 * k]!, xy[2 * k + 1]!]);
  out.push(at(b));
  return out;
}
