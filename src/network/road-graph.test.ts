import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { CGCS2000_A, CGCS2000_F } from '../geo/ellipsoidal-area.js';
import { edgeMinutes } from './edge-minutes.js';
import { RoadGraphBuilder } from './road-graph.js';
import { DEFAULT_SPEEDS } from './travel-modes.js';

const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, CGCS2000_F);
const metres = (a: number[], b: number[]) => geod.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;

function build(lines: [string | null, number[][]][]) {
  const b = new RoadGraphBuilder();
  lines.forEach(([cls, pts], i) => b.addLine(i + 1, cls, pts.flat(), 0, pts.length));
  return b.finish();
}

describe('RoadGraphBuilder', () => {
  it('makes nodes of distinct end points and edges of lines, with geodesic lengths over all vertices', () => {
    const g = build([
      [
        '城市支路',
        [
          [117, 31],
          [117.001, 31],
          [117.001, 31.001],
        ],
      ],
      [
        '城市支路',
        [
          [117.001, 31.001],
          [117.002, 31.001],
        ],
      ],
      [
        '城市主干路',
        [
          [117.002, 31.001],
          [117, 31],
        ],
      ],
    ]);
    expect(g.nodeCount).toBe(3);
    expect(g.edgeCount).toBe(3);
    expect([...g.edgeSource]).toEqual([0, 1, 2]);
    expect([...g.edgeTarget]).toEqual([1, 2, 0]);
    const first = metres([117, 31], [117.001, 31]) + metres([117.001, 31], [117.001, 31.001]);
    expect(g.edgeLength[0]).toBeCloseTo(first, 6);
    expect(g.vertexAlong[1]).toBeCloseTo(metres([117, 31], [117.001, 31]), 6);
    expect(g.classes).toEqual(['城市支路', '城市主干路']);
    expect([...g.edgeClass]).toEqual([0, 0, 1]);
    expect([...g.edgeFid]).toEqual([1, 2, 3]);
  });

  it('builds CSR adjacency: each node lists its incident edges and the node across', () => {
    const g = build([
      [
        null,
        [
          [0, 0],
          [0.001, 0],
        ],
      ],
      [
        null,
        [
          [0.001, 0],
          [0.002, 0],
        ],
      ],
      [
        null,
        [
          [0.001, 0],
          [0.001, 0.001],
        ],
      ],
    ]);
    const around = (v: number) =>
      Array.from({ length: g.adjStart[v + 1]! - g.adjStart[v]! }, (_, i) => [
        g.adjEdge[g.adjStart[v]! + i],
        g.adjNode[g.adjStart[v]! + i],
      ]).sort();
    expect(around(1)).toEqual([
      [0, 0],
      [1, 2],
      [2, 3],
    ]);
    expect(around(3)).toEqual([[2, 1]]);
  });

  it('joins end points within 1e-9° and keeps apart those 1e-8° away, across grid-cell boundaries too', () => {
    const near = build([
      [
        null,
        [
          [117, 31],
          [117.001, 31],
        ],
      ],
      [
        null,
        [
          [117.001 + 4e-10, 31 - 3e-10],
          [117.002, 31],
        ],
      ],
      // 117.00000000045 and 117.00000000055 fall in neighbouring 1e-9 grid cells: still one node.
      [
        null,
        [
          [117.00000000045, 31.0015],
          [117.00000000045, 31.002],
        ],
      ],
      [
        null,
        [
          [117.00000000055, 31.002],
          [117.00000000055, 31.0025],
        ],
      ],
    ]);
    expect(near.nodeCount).toBe(6);
    const far = build([
      [
        null,
        [
          [117, 31],
          [117.001, 31],
        ],
      ],
      [
        null,
        [
          [117.001 + 1e-8, 31],
          [117.002, 31],
        ],
      ],
    ]);
    expect(far.nodeCount).toBe(4);
  });

  it('drops lines without length and counts them', () => {
    const g = build([
      [
        null,
        [
          [117, 31],
          [117, 31],
        ],
      ],
      [null, [[117, 31]]],
      [
        null,
        [
          [117, 31],
          [117.001, 31],
        ],
      ],
    ]);
    expect(g.edgeCount).toBe(1);
    expect(g.degenerateLines).toBe(2);
  });
});

describe('edgeMinutes', () => {
  const g = build([
    [
      '高速公路',
      [
        [117, 31],
        [117.01, 31],
      ],
    ],
    [
      '城市支路',
      [
        [117.01, 31],
        [117.02, 31],
      ],
    ],
    [
      '某专用道',
      [
        [117.02, 31],
        [117.03, 31],
      ],
    ],
  ]);

  it('closes expressways to walkers and times the rest at 80 m/min', () => {
    const walk = edgeMinutes(g, 'walk');
    expect(walk.minutes[0]).toBe(Infinity);
    expect(walk.minutes[1]).toBeCloseTo(g.edgeLength[1]! / 80, 12);
  });

  it('drives every class at its speed', () => {
    const drive = edgeMinutes(g, 'drive');
    expect(drive.minutes[0]).toBeCloseTo(g.edgeLength[0]! / 1000, 12); // 60 km/h = 1 km/min
    expect(drive.minutes[1]).toBeCloseTo(g.edgeLength[1]! / (20000 / 60), 12);
  });

  it('gives an unlisted class the fallback speed and names it', () => {
    const walk = edgeMinutes(g, 'walk');
    expect(walk.unlistedClasses).toEqual(['某专用道']);
    expect(walk.minutes[2]).toBeCloseTo(g.edgeLength[2]! / ((DEFAULT_SPEEDS.fallback.walkKmh * 1000) / 60), 12);
    expect(walk.speedsVersion).toBe(DEFAULT_SPEEDS.version);
  });
});
