/**
 * Data-quality checks on polygons that are valid in the OGC sense and so pass the kernel's repair
 * untouched, but that a planner should look at (they are the usual leftovers of overlay and editing,
 * and the faults the foundation's dirty sample carries):
 * - sliver: a polygon whose mean width 2·A/P is under 10 cm (a 1 cm × 100 m strip has 1 cm);
 * - spike: a vertex where the boundary turns back on itself, the two edges less than 1° apart.
 * Both are measured in metres: degrees are scaled by the local metres per degree (an equirectangular
 * approximation, ample for thresholds of this kind), projected coordinates are metres already.
 */
import type { Geometry, Position } from 'geojson';
import { polygonsOf } from '../geo/geometry-parts.js';

export const SLIVER_MAX_WIDTH_M = 0.1;
export const SPIKE_MAX_ANGLE_DEG = 1;
const COS_SPIKE = Math.cos((SPIKE_MAX_ANGLE_DEG * Math.PI) / 180);

/** Metres per unit along x and y at a position: [1, 1] for projected data. */
type Scale = (p: Position) => [number, number];

export function metricScale(geographic: boolean): Scale {
  if (!geographic) return () => [1, 1];
  return (p) => [111_320 * Math.cos(((p[1] ?? 0) * Math.PI) / 180), 110_574];
}

export interface SliverFinding {
  polygon: number;
  widthM: number;
}

/** The first polygon of `g` thinner than the sliver width, or null. */
export function findSliver(g: Geometry, geographic: boolean): SliverFinding | null {
  const scale = metricScale(geographic);
  const polygons = polygonsOf(g);
  for (let k = 0; k < polygons.length; k++) {
    const rings = polygons[k]!;
    const shell = rings[0];
    if (!shell || shell.length < 4) continue;
    const [sx, sy] = scale(shell[0]!);
    let area = 0;
    let perimeter = 0;
    for (const [i, ring] of rings.entries()) {
      const { a, p } = ringAreaPerimeter(ring, sx, sy);
      area += i === 0 ? Math.abs(a) : -Math.abs(a);
      perimeter += p;
    }
    if (perimeter === 0) continue;
    const width = (2 * Math.max(area, 0)) / perimeter;
    if (width < SLIVER_MAX_WIDTH_M) return { polygon: k + 1, widthM: width };
  }
  return null;
}

function ringAreaPerimeter(ring: Position[], sx: number, sy: number): { a: number; p: number } {
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  let a = 0;
  let p = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const ax = (ring[i]![0]! - x0) * sx;
    const ay = (ring[i]![1]! - y0) * sy;
    const bx = (ring[i + 1]![0]! - x0) * sx;
    const by = (ring[i + 1]![1]! - y0) * sy;
    a += ax * by - bx * ay;
    p += Math.hypot(bx - ax, by - ay);
  }
  return { a: a / 2, p };
}

export interface SpikeFinding {
  /** The tip of the spike, in the geometry's own coordinates. */
  at: Position;
  angleDeg: number;
}

/** The first vertex where a ring doubles back on itself, or null. */
export function findSpike(g: Geometry, geographic: boolean): SpikeFinding | null {
  const scale = metricScale(geographic);
  for (const rings of polygonsOf(g)) {
    for (const ring of rings) {
      // A closed ring: vertex i's neighbours are i-1 and i+1, wrapping past the repeated last position.
      const n = ring.length - 1;
      if (n < 3) continue;
      const [sx, sy] = scale(ring[0]!);
      for (let i = 0; i < n; i++) {
        const v = ring[i]!;
        const prev = ring[(i - 1 + n) % n]!;
        const next = ring[(i + 1) % n]!;
        const ax = (prev[0]! - v[0]!) * sx;
        const ay = (prev[1]! - v[1]!) * sy;
        const bx = (next[0]! - v[0]!) * sx;
        const by = (next[1]! - v[1]!) * sy;
        const la = Math.hypot(ax, ay);
        const lb = Math.hypot(bx, by);
        if (la === 0 || lb === 0) continue;
        const cos = (ax * bx + ay * by) / (la * lb);
        if (cos > COS_SPIKE) return { at: v, angleDeg: (Math.acos(Math.min(1, cos)) * 180) / Math.PI };
      }
    }
  }
  return null;
}
