import { describe, expect, it } from 'vitest';
import { minutesAt, portionLine, reachedPortions } from './edge-portions.js';
import { RoadGraphBuilder, type RoadGraph } from './road-graph.js';
import { reachedNodes, serviceArea, type Source } from './service-area.js';

/**
 * The hand-made graph (costs in minutes, set by hand; node ids in first-seen order):
 *
 *   A(0) ──e0: 4── B(1) ──e1: 6── C(2)
 *    │              │
 *  e2: 10         e3: 3
 *    │              │
 *   D(3) ──e4: 5── E(4) ──e5: ∞ (closed)── F(5)
 *
 * e0 A→B, e1 B→C, e2 A→D, e3 B→E, e4 E→D, e5 E→F (source→target).
 */
function handGraph(): { graph: RoadGraph; costs: Float64Array } {
  const b = new RoadGraphBuilder();
  const [A, B, C, D, E, F] = [
    [117, 31.01],
    [117.01, 31.01],
    [117.02, 31.01],
    [117, 31],
    [117.01, 31],
    [117.02, 31],
  ];
  const lines = [
    [A, B],
    [B, C],
    [A, D],
    [B, E],
    [E, D],
    [E, F],
  ];
  lines.forEach((l, i) => b.addLine(i, null, l.flat() as number[], 0, 2));
  return { graph: b.finish(), costs: Float64Array.from([4, 6, 10, 3, 5, Infinity]) };
}

const portions = (graph: RoadGraph, area: ReturnType<typeof serviceArea>) => {
  const p = reachedPortions(graph, area);
  return Array.from(p.edge, (e, i) => [e, round(p.from[i]!), round(p.to[i]!)]);
};
const round = (x: number) => Math.round(x * 1e9) / 1e9;

describe('serviceArea on a hand-made graph', () => {
  const { graph, costs } = handGraph();

  it('reaches the nodes within the cutoff, the cutoff itself included', () => {
    const area = serviceArea(graph, costs, [{ node: 0, minutes: 0 }], 10);
    expect([...area.nodeMinutes]).toEqual([0, 4, 10, 10, 7, Infinity]);
    expect([...reachedNodes(area)]).toEqual([0, 1, 2, 3, 4]);
  });

  it('cuts the frontier edges where the budget runs out', () => {
    const area = serviceArea(graph, costs, [{ node: 0, minutes: 0 }], 9);
    expect([...reachedNodes(area)]).toEqual([0, 1, 4]);
    // e1 from B at 4: 5/6 of it; e2 from A at 0: 9/10; e4 from E (its source) at 7: 2/5; e5 closed.
    expect(portions(graph, area)).toEqual([
      [0, 0, 1],
      [1, 0, round(5 / 6)],
      [2, 0, 0.9],
      [3, 0, 1],
      [4, 0, 0.4],
    ]);
  });

  it('covers an edge reached from both ends in two parts, or whole when they meet', () => {
    const area = serviceArea(graph, costs, [{ node: 0, minutes: 0 }], 8);
    // e4 E→D: E at 7 gives its first 1/5; D is beyond 8 (10); e2 from A: 8/10.
    expect(portions(graph, area).find(([e]) => e === 4)).toEqual([4, 0, 0.2]);
    const both = serviceArea(
      graph,
      costs,
      [
        { node: 0, minutes: 0 },
        { node: 3, minutes: 0 },
      ],
      6,
    );
    // e2 A→D cost 10 from both ends with 6 each: 0.6 + 0.6 > 1, whole.
    expect(portions(graph, both).find(([e]) => e === 2)).toEqual([2, 0, 1]);
    const apart = serviceArea(
      graph,
      costs,
      [
        { node: 0, minutes: 0 },
        { node: 3, minutes: 0 },
      ],
      3,
    );
    expect(portions(graph, apart).filter(([e]) => e === 2)).toEqual([
      [2, 0, 0.3],
      [2, 0.7, 1],
    ]);
  });

  it('starts a source inside an edge: both ends seeded, the interior reached around it', () => {
    // On e2 (A→D, 10 min) a quarter of the way from A, 1 minute off the road.
    const area = serviceArea(graph, costs, [{ edge: 2, fraction: 0.25, minutes: 1 }], 3);
    expect(area.nodeMinutes[0]).toBe(Infinity); // A at 1 + 2.5 = 3.5 > 3
    expect(portions(graph, area)).toEqual([[2, 0.05, 0.45]]);
    expect(minutesAt(graph, area, 2, 0.25)).toBe(1);
    expect(minutesAt(graph, area, 2, 0.05)).toBeCloseTo(3, 12);
    const wider = serviceArea(graph, costs, [{ edge: 2, fraction: 0.25, minutes: 1 }], 8);
    expect(wider.nodeMinutes[0]).toBe(3.5);
    expect(wider.nodeMinutes[1]).toBe(7.5);
    expect(wider.nodeMinutes[3]).toBe(Infinity); // D at 1 + 7.5 = 8.5 > 8
  });

  it('never enters a closed edge, even from a source on it', () => {
    const area = serviceArea(graph, costs, [{ edge: 5, fraction: 0.5, minutes: 0 }], 100);
    expect(reachedNodes(area).length).toBe(0);
    expect(minutesAt(graph, area, 5, 0.5)).toBe(Infinity);
  });

  it('draws a partial edge along its geometry', () => {
    const line = portionLine(graph, 2, 0, 0.5);
    expect(line[0]).toEqual([117, 31.01]);
    expect(line[1]![0]).toBe(117);
    expect(line[1]![1]).toBeCloseTo(31.005, 6);
  });

  it('refuses costs of another graph and negative budgets', () => {
    expect(() => serviceArea(graph, new Float64Array(2), [], 5)).toThrow(RangeError);
    expect(() => serviceArea(graph, costs, [], -1)).toThrow(RangeError);
    expect(() => serviceArea(graph, costs, [{ node: 0, minutes: -1 }], 1)).toThrow(RangeError);
  });
});

describe('multi-source search', () => {
  it('equals the union of single-source searches (node times: the minimum over sources)', () => {
    // A 30×30 lattice with pseudo-random costs, some edges closed.
    const n = 30;
    const b = new RoadGraphBuilder();
    let fid = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = 117 + i * 0.001;
        const y = 31 + j * 0.001;
        if (i + 1 < n) b.addLine(fid++, null, [x, y, x + 0.001, y], 0, 2);
        if (j + 1 < n) b.addLine(fid++, null, [x, y, x, y + 0.001], 0, 2);
      }
    }
    const graph = b.finish();
    let state = 12345;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const costs = Float64Array.from({ length: graph.edgeCount }, () =>
      random() < 0.08 ? Infinity : 0.5 + random() * 2,
    );
    const sources: Source[] = [
      { node: 17, minutes: 0 },
      { node: 455, minutes: 1.5 },
      { edge: 901, fraction: 0.3, minutes: 0.2 },
      { edge: 1500, fraction: 1, minutes: 0 },
    ];
    const cutoff = 9;
    const all = serviceArea(graph, costs, sources, cutoff);
    const singles = sources.map((s) => serviceArea(graph, costs, [s], cutoff));
    const union = new Set(singles.flatMap((a) => [...reachedNodes(a)]));
    expect(new Set(reachedNodes(all))).toEqual(union);
    for (let v = 0; v < graph.nodeCount; v++) {
      expect(all.nodeMinutes[v]).toBe(Math.min(...singles.map((a) => a.nodeMinutes[v]!)));
    }
    expect(union.size).toBeGreaterThan(100);
    expect(union.size).toBeLessThan(graph.nodeCount);
  });
});
