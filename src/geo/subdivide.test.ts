import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { getGeos } from './geos.js';
import { subdivide } from './subdivide.js';

/** A wavy 2,000-vertex ring with a hole: big enough to be cut many times. */
function wavyPolygon(): Polygon {
  const ring = (r0: number, n: number, clockwise: boolean) => {
    const pts = Array.from({ length: n }, (_, i) => {
      const a = ((clockwise ? -1 : 1) * i * 2 * Math.PI) / n;
      const r = r0 * (1 + 0.2 * Math.sin(9 * a));
      return [117 + r * Math.cos(a), 31 + r * Math.sin(a)];
    });
    return [...pts, pts[0]!];
  };
  return { type: 'Polygon', coordinates: [ring(0.1, 2000, false), ring(0.03, 300, true)] };
}

describe('subdivide', () => {
  it('cuts into valid polygons of at most maxVertices that tile the input', async () => {
    const geos = await getGeos();
    const live = geos.live;
    geos.scope((own) => {
      const g = own(geos.fromGeoJSON(wavyPolygon()));
      const pieces = subdivide(geos, g, 128).map(own);
      expect(pieces.length).toBeGreaterThan(16);
      let area = 0;
      for (const p of pieces) {
        expect(geos.numCoordinates(p)).toBeLessThanOrEqual(128);
        expect(geos.isValid(p)).toBe(true);
        area += geos.area(p);
      }
      expect(area / geos.area(g) - 1).toBeCloseTo(0, 13);
      // Disjoint interiors: the union has the same area as the sum.
      const union = own(
        geos.unaryUnion(
          own(
            geos.collect(
              7,
              pieces.map((p) => geos.clone(p)),
            ),
          ),
        ),
      );
      expect(geos.area(union) / area - 1).toBeCloseTo(0, 13);
    });
    expect(geos.live).toBe(live);
  });

  it('leaves a small polygon whole and drops what has no area', async () => {
    const geos = await getGeos();
    geos.scope((own) => {
      const square = own(
        geos.fromGeoJSON({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
          ],
        }),
      );
      const pieces = subdivide(geos, square, 256).map(own);
      expect(pieces).toHaveLength(1);
      expect(geos.area(pieces[0]!)).toBe(1);
      const line = own(
        geos.fromGeoJSON({
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
      );
      expect(subdivide(geos, line, 256)).toEqual([]);
    });
  });
});
