import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { CGCS2000_A, CGCS2000_F } from '../geo/ellipsoidal-area.js';
import { RoadGraphBuilder } from './road-graph.js';
import { RoadSnapper } from './road-snapper.js';

const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, CGCS2000_F);
const metres = (ax: number, ay: number, bx: number, by: number) => geod.Inverse(ay, ax, by, bx).s12!;

function graphOf(lines: number[][][]) {
  const b = new RoadGraphBuilder();
  lines.forEach((pts, i) => b.addLine(i, null, pts.flat(), 0, pts.length));
  return b.finish();
}

describe('RoadSnapper', () => {
  // An east-west road along 31°N, 117.00–117.01°E (≈ 954.6 m), and a north-south one further east.
  const graph = graphOf([
    [
      [117, 31],
      [117.005, 31],
      [117.01, 31],
    ],
    [
      [117.02, 30.99],
      [117.02, 31.01],
    ],
  ]);
  const snapper = new RoadSnapper(graph);

  it('finds the foot of the perpendicular on the nearest road, its distance and its fraction', () => {
    const s = snapper.snap(117.0025, 31.001, 500)!;
    expect(s.edge).toBe(0);
    expect(s.fraction).toBeCloseTo(0.25, 6);
    expect(s.x).toBeCloseTo(117.0025, 9);
    expect(s.y).toBe(31);
    // Within a centimetre of the geodesic distance to the foot.
    expect(Math.abs(s.distance - metres(117.0025, 31.001, s.x, s.y))).toBeLessThan(0.01);
  });

  it('reads an end vertex as fraction 0 or 1 exactly', () => {
    expect(snapper.snap(116.999, 31, 500)!.fraction).toBe(0);
    expect(snapper.snap(117.011, 31, 500)!.fraction).toBe(1);
  });

  it('grows its search until the nearest is certain, up to the limit, and says none beyond it', () => {
    // 0.004° of latitude ≈ 443 m north of the first road; the second road is ≈ 1.4 km away.
    const s = snapper.snap(117.005, 31.004, 500)!;
    expect(s.edge).toBe(0);
    expect(s.distance).toBeCloseTo(metres(117.005, 31.004, 117.005, 31), 1);
    expect(snapper.snap(117.005, 31.006, 500)).toBeNull();
  });

  it('skips roads the caller cannot use', () => {
    // 0.003° east of the first road's end (≈ 286 m), 0.007° west of the second (≈ 668 m).
    const s = snapper.snap(117.013, 31.0001, 2000, (e) => e !== 0)!;
    expect(s.edge).toBe(1);
    expect(s.fraction).toBeCloseTo(0.505, 3);
    expect(snapper.snap(117.013, 31.0001, 2000)!.edge).toBe(0);
  });

  it('answers null on an empty graph', () => {
    expect(new RoadSnapper(graphOf([])).snap(117, 31, 500)).toBeNull();
  });
});
