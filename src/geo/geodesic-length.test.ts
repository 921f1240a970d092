import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CGCS2000_A } from './ellipsoidal-area.js';
import { geodesicLength, lineLength } from './geodesic-length.js';
import { postgisUsable, withPostgis } from './test/postgis.js';

describe('geodesicLength', () => {
  it('measures the equator as a·Δλ and the quarter meridian as GRS 80’s 10 001 965.729 m', () => {
    expect(
      geodesicLength({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 0],
        ],
      }),
    ).toBeCloseTo((CGCS2000_A * Math.PI) / 180, 6);
    // Quarter meridian of GRS 80 (Moritz, "Geodetic Reference System 1980", J. Geodesy 74 (2000), Q).
    expect(
      geodesicLength({
        type: 'LineString',
        coordinates: [
          [117, 0],
          [117, 90],
        ],
      }),
    ).toBeCloseTo(10001965.7293, 3);
  });

  it('adds the lines of a multilinestring; polygons and points have no length', () => {
    const a: Geometry = {
      type: 'LineString',
      coordinates: [
        [117, 31],
        [117.01, 31.02],
      ],
    };
    const b: Geometry = {
      type: 'LineString',
      coordinates: [
        [118, 32],
        [118, 32.5],
        [118.3, 32.5],
      ],
    };
    expect(
      geodesicLength({ type: 'MultiLineString', coordinates: [a.coordinates, b.coordinates] as number[][][] }),
    ).toBeCloseTo(geodesicLength(a) + geodesicLength(b), 6);
    expect(
      geodesicLength({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toBe(0);
    expect(geodesicLength({ type: 'Point', coordinates: [0, 0] })).toBe(0);
    expect(lineLength(Float64Array.from([118, 32, 118, 32.5, 118.3, 32.5]), 0, 3)).toBe(geodesicLength(b));
  });

  it.skipIf(!postgisUsable())('equals PostGIS ST_Length(geography) on the spheroid to 1e-9', async () => {
    const cases: Geometry[] = [
      {
        type: 'LineString',
        coordinates: [
          [117.25, 31.8],
          [117.26, 31.81],
          [117.3, 31.7],
        ],
      },
      {
        type: 'MultiLineString',
        coordinates: [
          [
            [75, 40],
            [80, 45],
          ],
          [
            [120, 20],
            [120.00001, 20.00001],
          ],
        ],
      },
    ];
    await withPostgis(async (client) => {
      for (const g of cases) {
        const { rows } = await client.query<{ l: number }>(
          `select ST_Length(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490)::geography, true) as l`,
          [JSON.stringify(g)],
        );
        expect(Math.abs(geodesicLength(g) / rows[0]!.l - 1)).toBeLessThan(1e-9);
      }
    });
  });
});
