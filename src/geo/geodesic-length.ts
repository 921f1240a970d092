/**
 * geodesicLength: the length of a lineal geometry on the CGCS2000 ellipsoid, in metres — each segment a
 * geodesic, solved by GeographicLib's inverse problem (Karney 2013, "Algorithms for geodesics", §4–5).
 * PostGIS ST_Length(geography) on the spheroid gives the same figure to 1e-9 relative
 * (geodesic-length.test.ts asks the local PostGIS).
 *
 *   geodesicLength({ type: 'LineString', coordinates: [[117, 31], [117.01, 31]] }) // → 954.59… m
 *
 * Input is CGCS2000 longitude/latitude. Polygons and points have no length (0), as ST_Length in
 * PostGIS — a polygon's boundary is its perimeter, a different question.
 * `lineLength` takes a flat x,y array for the hot loops of zonal statistics.
 */
import type { Geometry } from 'geojson';
import geodesic from 'geographiclib-geodesic';
import { CGCS2000_A, CGCS2000_F } from './ellipsoidal-area.js';
import { linesOf } from './geometry-parts.js';

const geod = new geodesic.Geodesic.Geodesic(CGCS2000_A, CGCS2000_F);
const DISTANCE = geodesic.Geodesic.DISTANCE;

export function geodesicLength(g: Geometry): number {
  let length = 0;
  for (const line of linesOf(g)) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      length += geod.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, DISTANCE).s12 ?? 0;
    }
  }
  return length;
}

/** Length (m) of the line given as x,y (lon,lat) pairs in `xy` from point `from` to point `to` (exclusive). */
export function lineLength(xy: ArrayLike<number>, from: number, to: number): number {
  let length = 0;
  for (let k = from + 1; k < to; k++) {
    length += geod.Inverse(xy[2 * k - 1]!, xy[2 * k - 2]!, xy[2 * k + 1]!, xy[2 * k]!, DISTANCE).s12 ?? 0;
  }
  return length;
}
