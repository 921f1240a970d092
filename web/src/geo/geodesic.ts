/**
 * Lengths and areas on the CGCS2000 ellipsoid, computed in the browser with the same library and the
 * same ellipsoid as the server (src/geo/ellipsoidal-area.ts, geodesic-length.ts): GeographicLib's
 * geodesic inverse problem and polygon area (Karney 2013). Official land areas are ellipsoidal areas
 * (椭球面积); a planar area in Web Mercator would be ~39 % too large at 32°N (sec² φ).
 */
import geodesic from 'geographiclib-geodesic';

/** CGCS2000: a = 6 378 137 m, 1/f = 298.257 222 101. */
const geod = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);

export type LonLat = [number, number];

/** Geodesic length of a path in metres. */
export function pathLength(points: LonLat[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    total += geod.Inverse(a[1], a[0], b[1], b[0], geodesic.Geodesic.DISTANCE).s12 ?? 0;
  }
  return total;
}

/** Segment lengths in metres. */
export function segmentLengths(points: LonLat[]): number[] {
  return points.slice(1).map((b, i) => pathLength([points[i]!, b]));
}

/** Ellipsoidal area (m²) and perimeter (m) of a ring (closing point optional). */
export function ringArea(points: LonLat[]): { area: number; perimeter: number } {
  const ring = points.length > 1 && samePoint(points[0]!, points[points.length - 1]!) ? points.slice(0, -1) : points;
  if (ring.length < 3) return { area: 0, perimeter: pathLength(ring) };
  const polygon = geod.Polygon(false);
  for (const [lon, lat] of ring) polygon.AddPoint(lat, lon);
  const result = polygon.Compute(false, true);
  return { area: Math.abs(result.area ?? 0), perimeter: result.perimeter ?? 0 };
}

/** Area (m²) of a GeoJSON polygonal geometry: shells minus holes. */
export function geometryArea(geometry: { type: string; coordinates?: unknown }): number {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as number[][][]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as number[][][][])
        : [];
  let area = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      const a = ringArea(ring.map((p) => [p[0]!, p[1]!] as LonLat)).area;
      area += i === 0 ? a : -a;
    });
  }
  return area;
}

const samePoint = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];
