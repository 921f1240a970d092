/**
 * equalAreaRingArea: the ellipsoidal area (m², CGCS2000) of one ring of x,y (lon,lat) pairs, through a
 * local equal-area projection — about ten times faster than GeographicLib's geodesic polygon
 * (ellipsoidal-area.ts: 1.6 µs against 15 µs for a demo patch), for the hot loop of zonal statistics,
 * where a million patches each need one.
 *
 * The ring is projected with the ellipsoidal Lambert azimuthal equal-area projection centred on its
 * first vertex (Snyder, "Map Projections — A Working Manual", USGS PP 1395 (1987), eqs. 3-11, 3-12,
 * 24-17…24-19), where areas are true, and its shoelace area taken. It differs from the geodesic
 * polygon only because geodesic edges are not quite straight in the projection: mostly through the
 * authalic sphere's shape distortion, whose change with latitude bends an edge of length L by about
 * e²·sin2φ·L²/(16R) — for 100–150 m patch edges ~1e-4 m², 2e-8 of the patch (the worst of 100,000
 * demo patches against GeographicLib), 6e-8 for 300 m patches, ~1e-7 for 1 km edges: ten times inside
 * the 1e-6 to which zonal statistics promise to match PostGIS geography. Rings with an edge longer than 0.02° (~2 km) or
 * wider than 0.5° go to GeographicLib instead, so the bound holds for any input.
 * Latitudes enter as differences from the centre's (`dq`), so a metre keeps all its digits.
 *
 *   equalAreaRingArea(Float64Array.from([117, 31, 117.001, 31, 117.001, 31.001, 117, 31.001, 117, 31]), 0, 5)
 *   // → 10 588.45… m² (GeographicLib: the same to 1e-10)
 */
import { CGCS2000_A, CGCS2000_F, ringArea } from './ellipsoidal-area.js';

const E2 = CGCS2000_F * (2 - CGCS2000_F);
const E = Math.sqrt(E2);
const RAD = Math.PI / 180;
/** q at the pole (Snyder 3-12 with φ = 90°). */
const QP = q(1);
/** Radius of the authalic sphere: same total area as the ellipsoid. */
const RQ = CGCS2000_A * Math.sqrt(QP / 2);
/** Past these, the local projection's bound is not guaranteed and GeographicLib is used. */
const MAX_EDGE_DEG = 0.02;
const MAX_EXTENT_DEG = 0.5;

/** Snyder eq. 3-12: q(φ) from sin φ. */
function q(sinPhi: number): number {
  const es = E * sinPhi;
  return (1 - E2) * (sinPhi / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/**
 * q(φ) − q(φ₀) from s = sin φ, s₀ = sin φ₀ and ds = s − s₀ (computed without cancellation): each term of
 * eq. 3-12 differenced exactly — s/(1−e²s²) by its divided difference, the logarithm as one log1p.
 */
function dq(s: number, s0: number, ds: number): number {
  const a = 1 - E2 * s * s;
  const a0 = 1 - E2 * s0 * s0;
  const first = (ds * (1 + E2 * s * s0)) / (a * a0);
  // ln((1−es)/(1+es)) − ln((1−es₀)/(1+es₀)) = ln(1 + u), u = −2e·ds / ((1+es)(1−es₀))
  const u = (-2 * E * ds) / ((1 + E * s) * (1 - E * s0));
  return (1 - E2) * (first - (1 / (2 * E)) * Math.log1p(u));
}

/** Unsigned area (m²) of the ring from point `from` to point `to` (exclusive) in `xy`. */
export function equalAreaRingArea(xy: ArrayLike<number>, from: number, to: number): number {
  if (to - from < 3) return 0;
  const lon0 = xy[2 * from]!;
  const lat0 = xy[2 * from + 1]!;
  let minX = lon0;
  let maxX = lon0;
  let minY = lat0;
  let maxY = lat0;
  for (let k = from + 1; k < to; k++) {
    const x = xy[2 * k]!;
    const y = xy[2 * k + 1]!;
    if (Math.abs(x - xy[2 * k - 2]!) > MAX_EDGE_DEG || Math.abs(y - xy[2 * k - 1]!) > MAX_EDGE_DEG)
      return ringArea(xy, from, to);
    if (x < minX) minX = x;
    else if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    else if (y > maxY) maxY = y;
  }
  if (maxX - minX > MAX_EXTENT_DEG || maxY - minY > MAX_EXTENT_DEG) return ringArea(xy, from, to);
  // Authalic latitude β of the centre (sin β = q / qp), and of each vertex as a difference from it:
  // a metre is 1e-7 of q, so q itself would keep only nine digits of it; dq keeps all sixteen.
  const phi0 = lat0 * RAD;
  const s0 = Math.sin(phi0);
  const sinB1 = q(s0) / QP;
  const cosB1 = Math.sqrt(1 - sinB1 * sinB1);
  // The projection maps the first vertex to (0, 0); the shoelace runs relative to it.
  let sum = 0;
  let px = 0;
  let py = 0;
  for (let k = from + 1; k < to; k++) {
    const phi = xy[2 * k + 1]! * RAD;
    const s = Math.sin(phi);
    const ds = 2 * Math.cos((phi + phi0) / 2) * Math.sin((phi - phi0) / 2);
    const dSinB = dq(s, s0, ds) / QP;
    const sinB = sinB1 + dSinB;
    const cosB = Math.sqrt(1 - sinB * sinB);
    const dCosB = (-dSinB * (sinB + sinB1)) / (cosB + cosB1);
    const dl = (xy[2 * k]! - lon0) * RAD;
    const half = Math.sin(dl / 2);
    // cos β₁ sin β − sin β₁ cos β cos Δλ, as differences from the centre's values (no cancellation).
    const north = cosB1 * dSinB - sinB1 * dCosB + 2 * sinB1 * cosB * half * half;
    const b = RQ * Math.sqrt(2 / (1 + sinB1 * sinB + cosB1 * cosB * Math.cos(dl)));
    const x = b * cosB * Math.sin(dl);
    const y = b * north;
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return Math.abs(sum / 2);
}
