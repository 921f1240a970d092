/**
 * ellipsoidalArea: the area of a polygonal geometry on the CGCS2000 ellipsoid (椭球面积), in m² — the
 * area official land statistics use. Each ring is a geodesic polygon whose area GeographicLib computes
 * exactly (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87 (2013) 43–55, §6; the
 * `geographiclib-geodesic` port of PolygonArea); holes are subtracted from their shell, whichever way
 * each ring turns. PostGIS ST_Area(geography) on the spheroid runs the same algorithm, and the two
 * agree to 1e-9 relative (ellipsoidal-area.test.ts asks the local PostGIS).
 *
 *   ellipsoidalArea({ type: 'Polygon', coordinates: [[[117, 31], [117.001, 31], [117.001, 31.001], [117, 31.001], [117, 31]]] })
 *   // → 10 561.77… m²
 *
 * Input is CGCS2000 longitude/latitude (EPSG:4490). Points and lines have no area (0), as in PostGIS.
 * `ringArea` takes a flat x,y array for the hot loops of zonal statistics.
 */
import type { Geometry } from 'geojson';
import geodesic from 'geographiclib-geodesic';
import { polygonsOf } from './geometry-parts.js';

/** CGCS2000: a = 6 378 137 m, 1/f = 298.257 222 101 (GB/T 2000 national geodetic coordinate system). */
export const CGCS2000_A = 6378137;
export const CGCS2000_F = 1 / 298.257222101;

const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, CGCS2000_F);
const polygon = geod.Polygon(false);

export function ellipsoidalArea(g: Geometry): number {
  let area = 0;
  for (const rings of polygonsOf(g)) {
    rings.forEach((ring, i) => {
      polygon.Clear();
      const n = closedLength(ring);
      for (let k = 0; k < n; k++) polygon.AddPoint(ring[k]![1]!, ring[k]![0]!);
      const a = Math.abs(polygon.Compute(false, true).area ?? 0);
      area += i === 0 ? a : -a;
    });
  }
  return area;
}

/**
 * Unsigned area (m²) of one ring given as x,y (lon,lat) pairs in `xy` from point `from` to point `to`
 * (exclusive); a closing position equal to the first is allowed and skipped.
 */
export function ringArea(xy: ArrayLike<number>, from: number, to: number): number {
  if (to - from > 1 && xy[2 * from] === xy[2 * (to - 1)] && xy[2 * from + 1] === xy[2 * (to - 1) + 1]) to--;
  if (to - from < 3) return 0;
  polygon.Clear();
  for (let k = from; k < to; k++) polygon.AddPoint(xy[2 * k + 1]!, xy[2 * k]!);
  return Math.abs(polygon.Compute(false, true).area ?? 0);
}

/** Positions to feed: a closed ring's last position repeats the first and is not a vertex of its own. */
function closedLength(ring: number[][]): number {
  const n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) return n - 1;
  return n;
}
