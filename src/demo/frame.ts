/**
 * Coordinates of the demo city. The generator works in a local planar frame in kilometres (x east, y
 * north, origin at the city centre) because distances and densities are easier to reason about there;
 * every vertex is converted to CGCS2000 longitude/latitude (EPSG:4490) exactly once, so shared vertices
 * stay bit-identical in every layer.
 *
 * Areas in square metres use the authalic (equal-area) cylindrical projection of the CGCS2000
 * ellipsoid: x = a·λ, y = a·q(φ)/2, whose Jacobian equals the ellipsoid's area element
 * a²(1−e²)cosφ/(1−e²sin²φ)² (Snyder, "Map Projections — A Working Manual", USGS PP 1395, eq. 3-12
 * and §10). A polygon's shoelace area there is its ellipsoidal area (椭球面积) up to the difference
 * between straight edges in that projection and geodesic edges: ~1e-9 relative for a patch of a few
 * hundred metres, ~5e-7 for a 30 km square (against GeographicLib, frame.test.ts).
 */

/** CGCS2000 ellipsoid (2000 国家大地坐标系): a = 6378137 m, 1/f = 298.257222101. */
const A = 6378137;
const F = 1 / 298.257222101;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;

/** The city centre, in degrees. */
export const CENTER_LON = 117.25;
export const CENTER_LAT = 31.8;

const sinC = Math.sin(CENTER_LAT * RAD);
const w = Math.sqrt(1 - E2 * sinC * sinC);
/** Kilometres per degree of longitude and latitude at the centre (prime-vertical and meridian radii). */
const KM_PER_DEG_LON = ((A / w) * Math.cos(CENTER_LAT * RAD) * RAD) / 1000;
const KM_PER_DEG_LAT = ((A * (1 - E2)) / (w * w * w)) * RAD * 0.001;

export const kmToLon = (x: number) => CENTER_LON + x / KM_PER_DEG_LON;
export const kmToLat = (y: number) => CENTER_LAT + y / KM_PER_DEG_LAT;
export const lonToKm = (lon: number) => (lon - CENTER_LON) * KM_PER_DEG_LON;
export const latToKm = (lat: number) => (lat - CENTER_LAT) * KM_PER_DEG_LAT;

/** Authalic northing in metres: a·q(φ)/2. */
export function equalAreaY(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  const q = (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
  return (A * q) / 2;
}

/** Authalic easting in metres: a·λ. */
export const equalAreaX = (lonDeg: number) => A * lonDeg * RAD;

/**
 * Signed shoelace area of the ring ring[start..end) of vertex indices into coordinate arrays
 * (counter-clockwise positive). Coordinates are taken relative to the first vertex so large eastings
 * lose no precision.
 */
export function indexedRingArea(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  ring: ArrayLike<number>,
  start = 0,
  end = ring.length,
): number {
  if (end - start < 3) return 0;
  const x0 = xs[ring[start]!]!;
  const y0 = ys[ring[start]!]!;
  let sum = 0;
  for (let k = start + 1; k < end - 1; k++) {
    const a = ring[k]!;
    const b = ring[k + 1]!;
    sum += (xs[a]! - x0) * (ys[b]! - y0) - (xs[b]! - x0) * (ys[a]! - y0);
  }
  return sum / 2;
}

/** Signed shoelace area of a GeoJSON ring (closed or not), counter-clockwise positive. */
export function ringArea(ring: number[][]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const [x0, y0] = ring[0] as [number, number];
  let sum = 0;
  for (let k = 1; k < n - 1; k++) {
    const [ax, ay] = ring[k] as [number, number];
    const [bx, by] = ring[k + 1] as [number, number];
    sum += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
  }
  return sum / 2;
}

/** Planar area of a MultiPolygon in its own units (square degrees for lon/lat): shells minus holes. */
export function multiPolygonArea(coordinates: number[][][][]): number {
  let sum = 0;
  for (const polygon of coordinates) for (const ring of polygon) sum += ringArea(ring);
  return sum;
}

/** Ellipsoidal area in m² of a lon/lat MultiPolygon (authalic projection, see above). */
export function ellipsoidalArea(coordinates: number[][][][]): number {
  let sum = 0;
  for (const polygon of coordinates) {
    for (const ring of polygon) sum += ringArea(ring.map(([lon, lat]) => [equalAreaX(lon!), equalAreaY(lat!)]));
  }
  return sum;
}

/**
 * Length in metres of a short segment between two lon/lat points, with the ellipsoid's meridian and
 * prime-vertical radii at its mid-latitude (exact to ~1e-6 for segments of a few km).
 */
export function segmentLength(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const s = Math.sin(((lat1 + lat2) / 2) * RAD);
  const w2 = 1 - E2 * s * s;
  const meridian = (A * (1 - E2)) / (w2 * Math.sqrt(w2));
  const primeVertical = A / Math.sqrt(w2);
  const dy = (lat2 - lat1) * RAD * meridian;
  const dx = (lon2 - lon1) * RAD * primeVertical * Math.cos(((lat1 + lat2) / 2) * RAD);
  return Math.hypot(dx, dy);
}

/** √(dx² + dy²). Math.hypot guards against overflow we cannot have and is several times slower in V8. */
export const norm = (dx: number, dy: number) => Math.sqrt(dx * dx + dy * dy);
