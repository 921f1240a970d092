/**
 * serviceArea: what can be reached within `cutoff` minutes from any of several sources along the road
 * network — one multi-source Dijkstra (Dijkstra 1959; binary heap with lazy deletion, min-heap.ts) seeded
 * with every source at once, which gives each node its time from the nearest source: the union of the
 * single-source service areas, in one search. Edges whose cost is Infinity (closed to the mode) are absent.
 *
 * A source sits on a node, or at a fraction along an edge (a facility's entrance snapped to its road):
 * then both ends of that edge are seeded with the source's own minutes plus the way along the edge, and
 * the edge's interior is reached from the source directly (`minutesAt`, edge-portions.ts).
 * Nodes are kept when their time is ≤ cutoff — the rule of pgRouting's `pgr_drivingDistance`, which this
 * search reproduces node for node (network.test.ts, bench/network.ts).
 *
 *   const area = serviceArea(graph, edgeMinutes(graph, 'walk').minutes, [{ node: 0, minutes: 0 }], 15);
 *   area.nodeMinutes[v] // minutes to node v, Infinity when beyond 15
 */
import { MinHeap } from './min-heap.js';
import type { RoadGraph } from './road-graph.js';

export type Source =
  | { node: number; minutes: number }
  /** On edge `edge` at `fraction` (0 at its source node, 1 at its target). */
  | { edge: number; fraction: number; minutes: number };

export interface ServiceArea {
  cutoff: number;
  /** The per-edge minutes searched with. */
  costs: Float64Array;
  /** Minutes from the nearest source to each node; Infinity when more than `cutoff`. */
  nodeMinutes: Float64Array;
  /** Sources that sit inside an edge, by edge: [fraction, minutes] pairs. */
  edgeSources: Map<number, number[]>;
}

export function serviceArea(
  graph: RoadGraph,
  costs: Float64Array,
  sources: readonly Source[],
  cutoff: number,
): ServiceArea {
  if (costs.length !== graph.edgeCount)
    throw new RangeError(`costs has ${costs.length} edges, the graph ${graph.edgeCount}`);
  if (!(cutoff >= 0)) throw new RangeError(`cutoff must be a number of minutes ≥ 0, not ${cutoff}`);
  const { adjStart, adjEdge, adjNode } = graph;
  const time = new Float64Array(graph.nodeCount).fill(Infinity);
  const heap = new MinHeap(Math.max(1024, sources.length * 2));
  const edgeSources = new Map<number, number[]>();
  const seed = (v: number, t: number) => {
    if (t <= cutoff && t < time[v]!) {
      time[v] = t;
      heap.push(t, v);
    }
  };
  for (const s of sources) {
    if (!(s.minutes >= 0)) throw new RangeError(`a source's minutes must be ≥ 0, not ${s.minutes}`);
    if ('node' in s) {
      seed(s.node, s.minutes);
      continue;
    }
    const c = costs[s.edge]!;
    if (c === Infinity) continue;
    seed(graph.edgeSource[s.edge]!, s.minutes + s.fraction * c);
    seed(graph.edgeTarget[s.edge]!, s.minutes + (1 - s.fraction) * c);
    const list = edgeSources.get(s.edge);
    if (list) list.push(s.fraction, s.minutes);
    else edgeSources.set(s.edge, [s.fraction, s.minutes]);
  }
  while (heap.size > 0) {
    const t = heap.peekKey();
    const v = heap.pop();
    if (t > time[v]!) continue; // stale entry
    for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) {
      const u = adjNode[k]!;
      const tu = t + costs[adjEdge[k]!]!;
      if (tu <= cutoff && tu < time[u]!) {
        time[u] = tu;
        heap.push(tu, u);
      }
    }
  }
  return { cutoff, costs, nodeMinutes: time, edgeSources };
}

/** The nodes reached, in id order. */
export function reachedNodes(area: ServiceArea): Int32Array {
  const out: number[] = [];
  area.nodeMinutes.forEach((t, v) => {
    if (t <= area.cutoff) out.push(v);
  });
  return Int32Array.from(out);
}
