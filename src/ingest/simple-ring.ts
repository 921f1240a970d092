/**
 * A cheap pre-check that settles most features without GEOS: a polygon of one ring whose segments
 * provably meet nowhere but at their shared vertices is valid in the OGC sense, whatever GEOS would
 * compute — a simple closed ring of three or more distinct points bounds a connected interior. GEOS's
 * IsValid (~25 µs a feature in WebAssembly, the largest cost of an import) is then needed only for the
 * rest: holes, several parts, long rings, and anything this test cannot prove.
 *
 * The test is one-sided: `true` is a proof, `false` only means "ask GEOS". Every orientation it relies
 * on must be certain in floating point (Shewchuk's error bound for the 2×2 determinant, taken loosely);
 * a near-collinear triple, touching segments, or bounding boxes that merely meet all answer `false`.
 * So a feature this test passes is one GEOS's exact predicates would also find valid, and the report
 * cannot change (the dirty sample and random rings prove it in simple-ring.test.ts).
 */
import type { Geometry, Position } from 'geojson';

/** Rings longer than this go to GEOS: the pairwise test grows with the square of the length. */
const MAX_RING = 128;
/** Relative bound on the orientation determinant's rounding error (Shewchuk's is 3.3e-16). */
const ERR = 1e-15;

/** True only when `g` is a one-ring polygon that is provably valid; false means "not proven". */
export function provablyValidPolygon(g: Geometry): boolean {
  let ring: Position[] | undefined;
  if (g.type === 'Polygon') {
    if (g.coordinates.length !== 1) return false;
    ring = g.coordinates[0];
  } else if (g.type === 'MultiPolygon') {
    if (g.coordinates.length !== 1 || g.coordinates[0]!.length !== 1) return false;
    ring = g.coordinates[0]![0];
  } else return false;
  return ring !== undefined && provablySimpleRing(ring);
}

/** A closed ring of at least three distinct points whose segments meet only at shared vertices. */
export function provablySimpleRing(ring: Position[]): boolean {
  const n = ring.length - 1; // segments
  if (n < 3 || n > MAX_RING) return false;
  const xs = new Float64Array(n + 1);
  const ys = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const p = ring[i]!;
    const x = p[0]!;
    const y = p[1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    xs[i] = x;
    ys[i] = y;
  }
  if (xs[0] !== xs[n] || ys[0] !== ys[n]) return false;
  // Adjacent segments share a vertex; they overlap only when they are collinear and fold back.
  for (let i = 0; i < n; i++) {
    const a = i === 0 ? n - 1 : i - 1;
    const b = i;
    const c = i + 1;
    if (xs[a] === xs[b] && ys[a] === ys[b]) return false; // repeated vertex
    const o = orient(xs[a]!, ys[a]!, xs[b]!, ys[b]!, xs[c]!, ys[c]!);
    if (o === 0) {
      // Uncertain or collinear: fine only when the ring clearly goes on in the same direction.
      const tx = (xs[b]! - xs[a]!) * (xs[c]! - xs[b]!);
      const ty = (ys[b]! - ys[a]!) * (ys[c]! - ys[b]!);
      if (!(tx + ty > ERR * (Math.abs(tx) + Math.abs(ty)))) return false;
    }
  }
  // Non-adjacent segments must be provably apart.
  for (let i = 0; i < n; i++) {
    const ax = xs[i]!;
    const ay = ys[i]!;
    const bx = xs[i + 1]!;
    const by = ys[i + 1]!;
    const minX = ax < bx ? ax : bx;
    const maxX = ax < bx ? bx : ax;
    const minY = ay < by ? ay : by;
    const maxY = ay < by ? by : ay;
    // Segment i's neighbours are i-1 and i+1; the last segment's is the first.
    const last = i === 0 ? n - 1 : n;
    for (let j = i + 2; j < last; j++) {
      const cx = xs[j]!;
      const cy = ys[j]!;
      const dx = xs[j + 1]!;
      const dy = ys[j + 1]!;
      if ((cx > maxX && dx > maxX) || (cx < minX && dx < minX)) continue;
      if ((cy > maxY && dy > maxY) || (cy < minY && dy < minY)) continue;
      const o1 = orient(ax, ay, bx, by, cx, cy);
      const o2 = orient(ax, ay, bx, by, dx, dy);
      if (o1 === 0 || o2 === 0) return false;
      if (o1 === o2) continue; // both ends on one side of segment i's line
      const o3 = orient(cx, cy, dx, dy, ax, ay);
      const o4 = orient(cx, cy, dx, dy, bx, by);
      if (o3 === 0 || o4 === 0) return false;
      if (o3 === o4) continue;
      return false; // they cross
    }
  }
  return true;
}

/** Sign of the turn a→b→c: 1 left, -1 right, 0 when it is zero or rounding could flip it. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (bx - ax) * (cy - ay);
  const r = (by - ay) * (cx - ax);
  const det = l - r;
  const bound = ERR * (Math.abs(l) + Math.abs(r));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}
