/**
 * Competitive region growing: a multi-source Dijkstra in which every node joins the source that reaches
 * it at least cost; a step's cost may depend on the region taking it (a district pays more to leave the
 * area it is meant to cover). Each node is claimed through a neighbour of the same region, so every
 * region is connected — which is why the demo city groups units into townships and townships into
 * districts this way rather than by nearest seed, whose regions can break into pieces.
 *
 * Example: on a path 0–1–2–3–4 with seeds [0, 4] and unit costs, nodes 0–2 join region 0 (ties go to
 * the earlier seed) and nodes 3–4 region 1.
 */
import { MinHeap } from './min-heap.js';

/** Calls visit(neighbor, cost) for each neighbour of `node`, as seen by region `region`. */
export type NeighborVisitor = (node: number, visit: (neighbor: number, cost: number) => void, region: number) => void;

/** Region index per node (the index of its seed in `seeds`), -1 where no seed reaches. */
export function growRegions(nodeCount: number, seeds: number[], forEachNeighbor: NeighborVisitor): Int32Array {
  const region = new Int32Array(nodeCount).fill(-1);
  const best = new Float64Array(nodeCount).fill(Infinity);
  const heap = new MinHeap();
  seeds.forEach((node, r) => {
    if (best[node]! > 0) {
      best[node] = 0;
      heap.push(0, node, r);
    }
  });
  while (heap.size > 0) {
    const { key, node, label } = heap.pop();
    if (region[node]! >= 0) continue;
    region[node] = label;
    forEachNeighbor(
      node,
      (neighbor, cost) => {
        if (region[neighbor]! >= 0) return;
        const k = key + cost;
        if (k < best[neighbor]!) {
          best[neighbor] = k;
          heap.push(k, neighbor, label);
        }
      },
      label,
    );
  }
  return region;
}
