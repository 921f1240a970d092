import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { ellipsoidalArea, kmToLat, kmToLon, latToKm, lonToKm, segmentLength } from './frame.js';
import { growRegions } from './grow-regions.js';

/** CGCS2000: a = 6378137 m, 1/f = 298.257222101. */
const cgcs2000 = new geographiclib.Geodesic.Geodesic(6378137, 1 / 298.257222101);

function geodesicArea(ring: number[][]): number {
  const polygon = cgcs2000.Polygon(false);
  for (const [lon, lat] of ring.slice(0, -1)) polygon.AddPoint(lat!, lon!);
  return polygon.Compute(false, true).area ?? NaN;
}

describe('frame', () => {
  it('gives a patch its ellipsoidal area (authalic projection) within 1e-7 of GeographicLib', () => {
    // A 200 m hexagon-ish patch and a 3 km square, at the city's latitudes.
    for (const [lon, lat, size] of [
      [117.21, 31.62, 0.002],
      [117.44, 31.97, 0.03],
    ] as const) {
      const ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size * 1.3, lat + size * 0.5],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ];
      const expected = geodesicArea(ring);
      expect(Math.abs(ellipsoidalArea([[ring]]) - expected) / expected).toBeLessThan(1e-7);
    }
  });

  it('measures short segments within 1e-5 of the geodesic distance', () => {
    const [lon1, lat1, lon2, lat2] = [117.1, 31.7, 117.13, 31.72];
    const { s12 } = cgcs2000.Inverse(lat1, lon1, lat2, lon2);
    expect(Math.abs(segmentLength(lon1, lat1, lon2, lat2) - s12!) / s12!).toBeLessThan(1e-5);
  });

  it('converts the kilometre frame to degrees and back', () => {
    expect(lonToKm(kmToLon(12.5))).toBeCloseTo(12.5, 9);
    expect(latToKm(kmToLat(-7.25))).toBeCloseTo(-7.25, 9);
    expect(kmToLon(0)).toBe(117.25);
  });
});

describe('growRegions', () => {
  it('splits a path between two seeds, ties going to the earlier seed', () => {
    const path = (node: number, visit: (n: number, cost: number) => void) => {
      if (node > 0) visit(node - 1, 1);
      if (node < 4) visit(node + 1, 1);
    };
    expect(Array.from(growRegions(5, [0, 4], path))).toEqual([0, 0, 0, 1, 1]);
  });

  it('lets the cost depend on the region: a cheap region reaches further', () => {
    const path = (node: number, visit: (n: number, cost: number) => void, region: number) => {
      const cost = region === 1 ? 0.25 : 1;
      if (node > 0) visit(node - 1, cost);
      if (node < 9) visit(node + 1, cost);
    };
    expect(Array.from(growRegions(10, [0, 9], path)).filter((r) => r === 1).length).toBe(8);
  });
});
