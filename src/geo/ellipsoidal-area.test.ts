import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CGCS2000_A, CGCS2000_F, ellipsoidalArea, ringArea } from './ellipsoidal-area.js';
import { postgisUsable, withPostgis } from './test/postgis.js';

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('ellipsoidalArea', () => {
  it('gives an eighth of the ellipsoid for the octant bounded by the equator and two meridians', () => {
    // All three edges are geodesics, so the exact answer is the surface area S / 8, with
    // S = 2πa² + (πb²/e)·ln((1+e)/(1−e)) (the ellipsoid of revolution's surface).
    const e2 = CGCS2000_F * (2 - CGCS2000_F);
    const e = Math.sqrt(e2);
    const b = CGCS2000_A * (1 - CGCS2000_F);
    const surface = 2 * Math.PI * CGCS2000_A ** 2 + ((Math.PI * b * b) / e) * Math.log((1 + e) / (1 - e));
    const octant: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [90, 0],
          [0, 90],
          [0, 0],
        ],
      ],
    };
    expect(ellipsoidalArea(octant) / (surface / 8) - 1).toBeCloseTo(0, 12);
  });

  it('subtracts holes whichever way rings turn, and adds the parts of a multipolygon', () => {
    const outer = ellipsoidalArea({ type: 'Polygon', coordinates: [square(117, 31, 0.01)] });
    const hole = ellipsoidalArea({ type: 'Polygon', coordinates: [square(117.002, 31.002, 0.003)] });
    const clockwiseOuter = square(117, 31, 0.01).reverse();
    expect(
      ellipsoidalArea({ type: 'Polygon', coordinates: [clockwiseOuter, square(117.002, 31.002, 0.003)] }),
    ).toBeCloseTo(outer - hole, 6);
    expect(
      ellipsoidalArea({
        type: 'MultiPolygon',
        coordinates: [[square(117, 31, 0.01)], [square(117.002, 31.002, 0.003)]],
      }),
    ).toBeCloseTo(outer + hole, 6);
    expect(ellipsoidalArea({ type: 'LineString', coordinates: square(117, 31, 0.01) })).toBe(0);
  });

  it('takes flat coordinate arrays for hot loops, with or without the closing position', () => {
    const ring = square(117.1, 31.5, 0.002);
    const closed = Float64Array.from(ring.flat());
    const open = Float64Array.from(ring.slice(0, -1).flat());
    const expected = ellipsoidalArea({ type: 'Polygon', coordinates: [ring] });
    expect(ringArea(closed, 0, 5)).toBe(expected);
    expect(ringArea(open, 0, 4)).toBe(expected);
  });

  it.skipIf(!postgisUsable())('equals PostGIS ST_Area(geography) on the spheroid to 1e-9', async () => {
    const cases: Geometry[] = [
      { type: 'Polygon', coordinates: [square(117.25, 31.8, 0.0007)] },
      { type: 'Polygon', coordinates: [square(117, 31, 0.5), square(117.1, 31.1, 0.2).reverse()] },
      { type: 'MultiPolygon', coordinates: [[square(75, 40, 3)], [square(120, 20, 0.00001)]] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [117.2, 31.7],
            [117.31, 31.72],
            [117.26, 31.9],
            [117.2, 31.7],
          ],
        ],
      },
    ];
    await withPostgis(async (client) => {
      for (const g of cases) {
        const { rows } = await client.query<{ a: number }>(
          `select ST_Area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490)::geography, true) as a`,
          [JSON.stringify(g)],
        );
        expect(Math.abs(ellipsoidalArea(g) / rows[0]!.a - 1)).toBeLessThan(1e-9);
      }
    });
  });
});
