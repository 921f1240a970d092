/**
 * Rings from the directed boundary edges of a union (what is left after interior edges cancel, see
 * cell-union.ts), as GeoJSON MultiPolygon coordinates that follow RFC 7946 §3.1.6: outer rings
 * counter-clockwise, holes clockwise, each hole in the polygon of the shell that contains it.
 *
 * The edges keep the orientation of the cells they came from (interior on the left), so traced rings
 * come out correctly oriented: a positive signed area is a shell, a negative one a hole. Where two
 * parts of a union touch at a single vertex, the walk takes the leftmost turn, which keeps each part's
 * ring simple instead of a figure-of-eight.
 *
 * Holes find their shell by topology when the caller knows it: give each edge the id of the connected
 * piece of the union it bounds (`piece`), and a hole joins the one shell of its piece — O(edges), where
 * the geometric fallback (smallest shell containing the hole) costs a point-in-polygon test per hole
 * and candidate shell, which for a farmland layer with thousands of village holes is most of the time.
 *
 * Example: two unit squares sharing the edge (1,0)–(1,1) cancel it and leave one 2×1 ring.
 */
import { pointInRing } from '../geo/point-in-ring.js';
import type { Position } from 'geojson';

/**
 * @param from   start vertex id of each boundary edge
 * @param to     end vertex id of each boundary edge
 * @param xs, ys vertex coordinates by id, in the output frame (longitude, latitude)
 */
export function assembleRings(
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  count: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  piece?: ArrayLike<number>,
): Position[][][] {
  const firstOut = new Map<number, number>();
  const nextOut = new Int32Array(count).fill(-1);
  for (let e = count - 1; e >= 0; e--) {
    const v = from[e]!;
    const prev = firstOut.get(v);
    if (prev !== undefined) nextOut[e] = prev;
    firstOut.set(v, e);
  }
  const used = new Uint8Array(count);
  const shells: Ring[] = [];
  const holes: Ring[] = [];
  for (let start = 0; start < count; start++) {
    if (used[start]) continue;
    const ids: number[] = [];
    let e = start;
    while (e >= 0 && !used[e]) {
      used[e] = 1;
      ids.push(from[e]!);
      e = pickNext(e, start, from, to, firstOut, nextOut, used, xs, ys);
    }
    const ring = toRing(ids, xs, ys, piece ? piece[start]! : -1);
    if (ring) (ring.area > 0 ? shells : holes).push(ring);
  }
  return placeHoles(shells, holes);
}

interface Ring {
  coordinates: Position[];
  area: number;
  /** Connected piece of the union the ring bounds, -1 if unknown. */
  piece: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * The unused edge leaving `to[e]`; where there are several, the leftmost turn. The ring's first edge
 * competes too, so a ring that comes back to a pinch vertex closes there (-1) instead of running on.
 */
function pickNext(
  e: number,
  start: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  firstOut: Map<number, number>,
  nextOut: Int32Array,
  used: Uint8Array,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): number {
  const v = to[e]!;
  let best = -1;
  let bestTurn = -Infinity;
  const inAngle = Math.atan2(ys[v]! - ys[from[e]!]!, xs[v]! - xs[from[e]!]!);
  for (let c = firstOut.get(v) ?? -1; c >= 0; c = nextOut[c]!) {
    if (used[c] && c !== start) continue;
    if (best < 0 && nextOut[c]! < 0) return c === start ? -1 : c;
    const w = to[c]!;
    let turn = Math.atan2(ys[w]! - ys[v]!, xs[w]! - xs[v]!) - inAngle;
    while (turn <= -Math.PI) turn += 2 * Math.PI;
    while (turn > Math.PI) turn -= 2 * Math.PI;
    if (turn > bestTurn) [best, bestTurn] = [c, turn];
  }
  return best === start ? -1 : best;
}

/** Closed GeoJSON ring, consecutive duplicate positions dropped; null if fewer than three distinct. */
function toRing(ids: number[], xs: ArrayLike<number>, ys: ArrayLike<number>, piece: number): Ring | null {
  const coordinates: Position[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id of ids) {
    const x = xs[id]!;
    const y = ys[id]!;
    const last = coordinates[coordinates.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    coordinates.push([x, y]);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const first = coordinates[0];
  const last = coordinates[coordinates.length - 1];
  if (first && last && coordinates.length > 1 && first[0] === last[0] && first[1] === last[1]) coordinates.pop();
  if (coordinates.length < 3) return null;
  coordinates.push([first![0]!, first![1]!]);
  return { coordinates, area: signedArea(coordinates), piece, minX, minY, maxX, maxY };
}

function signedArea(ring: Position[]): number {
  const [x0, y0] = ring[0] as [number, number];
  let sum = 0;
  for (let k = 1; k < ring.length - 1; k++) {
    const a = ring[k]!;
    const b = ring[k + 1]!;
    sum += (a[0]! - x0) * (b[1]! - y0) - (b[0]! - x0) * (a[1]! - y0);
  }
  return sum / 2;
}

/**
 * Each hole goes to the shell of its piece when pieces are known and the piece has one shell, else to
 * the smallest shell containing the midpoint of its first edge.
 */
function placeHoles(shells: Ring[], holes: Ring[]): Position[][][] {
  const polygons = shells.map((s) => [s.coordinates]);
  const shellOfPiece = new Map<number, number>();
  shells.forEach((s, i) => {
    if (s.piece >= 0) shellOfPiece.set(s.piece, shellOfPiece.has(s.piece) ? -1 : i);
  });
  for (const hole of holes) {
    const own = shellOfPiece.get(hole.piece) ?? -1;
    if (own >= 0) {
      polygons[own]!.push(hole.coordinates);
      continue;
    }
    const [a, b] = hole.coordinates as [Position, Position];
    const x = (a[0]! + b[0]!) / 2;
    const y = (a[1]! + b[1]!) / 2;
    let owner = -1;
    for (let s = 0; s < shells.length; s++) {
      const shell = shells[s]!;
      if (x < shell.minX || x > shell.maxX || y < shell.minY || y > shell.maxY) continue;
      if (owner >= 0 && shell.area >= shells[owner]!.area) continue;
      if (shells.length === 1 || pointInRing(x, y, shell.coordinates)) owner = s;
    }
    if (owner < 0) throw new Error('demo union: a hole lies in no shell (the edges do not form a partition)');
    polygons[owner]!.push(hole.coordinates);
  }
  return polygons;
}
