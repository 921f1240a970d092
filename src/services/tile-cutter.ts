/**
 * Cut one feature for one vector tile straight from its stored WKB: project each vertex (EPSG:4490
 * degrees, taken as WGS84 — see decision 0011) to the tile's 4096 grid, clip to the tile plus its
 * buffer, snap to whole grid cells, drop repeated points and rings that collapse — what PostGIS
 * ST_AsMVTGeom does on the other store. Polygon rings come out wound as the MVT spec requires
 * (exterior rings positive area in tile coordinates, y down; holes negative).
 *
 * Written here rather than taken from geojson-vt because a request cuts one tile, not a pyramid:
 * geojson-vt builds every ancestor tile from z0 down (decision 0011 has the measurements).
 * Polygons are clipped with Sutherland–Hodgman per axis (as geojson-vt's clip.js and PostGIS's
 * rectangle clip do); lines by walking segments against the box.
 */
import { mercatorFit } from './mercator-fit.js';
import {
  SIMPLIFY_BELOW_ZOOM,
  SIMPLIFY_CELLS,
  TILE_BUFFER,
  TILE_EXTENT,
  tileBounds,
  type TileCoord,
} from './tile-math.js';

const EARTH_RADIUS = 6378137;

/** MVT geometry types (vector-tile-spec 2.1 §4.3.4). */
export const MVT_POINT = 1;
export const MVT_LINESTRING = 2;
export const MVT_POLYGON = 3;

export interface TileGeometry {
  type: typeof MVT_POINT | typeof MVT_LINESTRING | typeof MVT_POLYGON;
  /** Points: one part of all points. Lines: one part per line. Polygons: rings, closed, exterior first. */
  parts: number[][];
}

/** Projects degrees to the grid of one tile. */
export class TileProjection {
  private readonly scale: number;
  private readonly x0: number;
  private readonly y0: number;
  readonly lo = -TILE_BUFFER;
  readonly hi = TILE_EXTENT + TILE_BUFFER;
  /** Douglas–Peucker tolerance in grid cells for this zoom (0: keep every snapped vertex). */
  readonly tolerance: number;

  /** Grid y = yA + yB·lat where the tile's straight-line Mercator is within half a cell; else NaN. */
  private readonly yA: number = NaN;
  private readonly yB: number = NaN;

  constructor({ z, x, y }: TileCoord) {
    this.tolerance = z < SIMPLIFY_BELOW_ZOOM ? SIMPLIFY_CELLS : 0;
    this.scale = 2 ** z * TILE_EXTENT;
    this.x0 = x * TILE_EXTENT;
    this.y0 = y * TILE_EXTENT;
    // The same affine Mercator PostGIS uses for this tile (tile-backend-postgis.ts), so both stores
    // round the same numbers; and a multiply instead of a sine and a logarithm per vertex.
    const fit = mercatorFit(z, tileBounds({ z, x, y }, TILE_BUFFER));
    if (fit) {
      const cellsPerMetre = this.scale / (2 * Math.PI * EARTH_RADIUS);
      this.yA = (Math.PI * EARTH_RADIUS - fit.yOffset) * cellsPerMetre - this.y0;
      this.yB = -fit.yScale * cellsPerMetre;
    }
  }

  x(lon: number): number {
    return ((lon + 180) / 360) * this.scale - this.x0;
  }

  y(lat: number): number {
    if (this.yB === this.yB) return this.yA + this.yB * lat;
    const s = Math.sin((lat * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * this.scale - this.y0;
  }
}

/**
 * Cut a WKB geometry (ISO or extended WKB, either byte order, Z/M ordinates ignored) for a tile.
 * Null when nothing of it is left in the tile.
 */
export function cutWkb(wkb: Uint8Array, offset: number, projection: TileProjection): TileGeometry | null {
  const reader = new WkbReader(wkb, offset, projection);
  const collected: Collected = { points: [], lines: [], polygons: [] };
  reader.read(collected);
  if (collected.polygons.length) return cutPolygons(collected.polygons, projection);
  if (collected.lines.length) return cutLines(collected.lines, projection);
  if (collected.points.length) return cutPoints(collected.points, projection);
  return null;
}

/** Projected coordinates, flat [x0, y0, x1, y1, …], as read from WKB. */
interface Collected {
  points: number[];
  lines: number[][];
  /** Each polygon: its rings, exterior first. */
  polygons: number[][][];
}

class WkbReader {
  private readonly view: DataView;
  private le = true;

  constructor(
    bytes: Uint8Array,
    private pos: number,
    private readonly projection: TileProjection,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(out: Collected): void {
    this.le = this.view.getUint8(this.pos) === 1;
    const raw = this.view.getUint32(this.pos + 1, this.le);
    this.pos += 5;
    // EWKB flags in the high bits (PostGIS), ISO dimension in the thousands (GeoPackage, OGC 06-103r4).
    let dims = 2 + (raw & 0x80000000 ? 1 : 0) + (raw & 0x40000000 ? 1 : 0);
    if (raw & 0x20000000) this.pos += 4; // SRID
    const iso = raw & 0x0fffffff;
    const type = iso % 1000;
    const isoDims = Math.floor(iso / 1000);
    if (isoDims === 1 || isoDims === 2) dims = 3;
    if (isoDims === 3) dims = 4;
    switch (type) {
      case 1: {
        const p = this.points(1, dims);
        if (!Number.isNaN(p[0])) out.points.push(p[0]!, p[1]!);
        return;
      }
      case 2:
        out.lines.push(this.points(this.count(), dims));
        return;
      case 3: {
        const rings: number[][] = [];
        for (let r = this.count(); r > 0; r--) rings.push(this.points(this.count(), dims));
        out.polygons.push(rings);
        return;
      }
      case 4:
      case 5:
      case 6:
      case 7:
        for (let n = this.count(); n > 0; n--) this.read(out);
        return;
      default:
        throw new Error(`unsupported WKB geometry type ${raw}`);
    }
  }

  private count(): number {
    const n = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return n;
  }

  private points(n: number, dims: number): number[] {
    const out = new Array<number>(n * 2);
    const step = dims * 8;
    for (let i = 0; i < n; i++) {
      out[2 * i] = this.projection.x(this.view.getFloat64(this.pos, this.le));
      out[2 * i + 1] = this.projection.y(this.view.getFloat64(this.pos + 8, this.le));
      this.pos += step;
    }
    return out;
  }
}

function cutPoints(points: number[], { lo, hi }: TileProjection): TileGeometry | null {
  const part: number[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (x >= lo && x <= hi && y >= lo && y <= hi) part.push(Math.round(x), Math.round(y));
  }
  return part.length ? { type: MVT_POINT, parts: [part] } : null;
}

function cutLines(lines: number[][], { lo, hi, tolerance }: TileProjection): TileGeometry | null {
  const parts: number[][] = [];
  for (const line of lines) {
    for (const piece of clipLine(line, lo, hi)) {
      const snapped = simplify(snap(piece, false), tolerance, false);
      if (snapped.length >= 4) parts.push(snapped);
    }
  }
  return parts.length ? { type: MVT_LINESTRING, parts } : null;
}

function cutPolygons(polygons: number[][][], { lo, hi, tolerance }: TileProjection): TileGeometry | null {
  const parts: number[][] = [];
  for (const rings of polygons) {
    for (let r = 0; r < rings.length; r++) {
      let ring = rings[r]!;
      if (!insideBox(ring, lo, hi)) {
        for (const axis of [0, 1] as const) {
          ring = clipRing(ring, axis, lo, true);
          ring = clipRing(ring, axis, hi, false);
        }
      }
      const snapped = simplify(snap(ring, true), tolerance, true);
      const area = snapped.length >= 8 ? signedArea(snapped) : 0;
      if (area === 0) {
        if (r === 0) break; // no exterior, no polygon: its holes go with it
        continue;
      }
      // Exterior rings positive, holes negative (y points down in tile coordinates).
      if ((r === 0) !== area > 0) reverseRing(snapped);
      parts.push(snapped);
    }
  }
  return parts.length ? { type: MVT_POLYGON, parts } : null;
}

function insideBox(coords: number[], lo: number, hi: number): boolean {
  for (const c of coords) if (c < lo || c > hi) return false;
  return true;
}

/** One Sutherland–Hodgman pass: keep the side of `axis = k` given by `keepAbove`; the ring stays closed. */
function clipRing(ring: number[], axis: 0 | 1, k: number, keepAbove: boolean): number[] {
  const out: number[] = [];
  const n = ring.length / 2;
  if (n === 0) return out;
  const inside = (i: number) => (keepAbove ? ring[2 * i + axis]! >= k : ring[2 * i + axis]! <= k);
  for (let i = 0; i < n - 1; i++) {
    const aIn = inside(i);
    const bIn = inside(i + 1);
    if (aIn) out.push(ring[2 * i]!, ring[2 * i + 1]!);
    if (aIn !== bIn) {
      const ax = ring[2 * i]!;
      const ay = ring[2 * i + 1]!;
      const bx = ring[2 * i + 2]!;
      const by = ring[2 * i + 3]!;
      const t = (k - (axis === 0 ? ax : ay)) / (axis === 0 ? bx - ax : by - ay);
      out.push(axis === 0 ? k : ax + (bx - ax) * t, axis === 0 ? ay + (by - ay) * t : k);
    }
  }
  if (out.length) out.push(out[0]!, out[1]!);
  return out;
}

/** Pieces of a line inside the square [lo, hi]², each segment clipped with Liang–Barsky. */
function clipLine(line: number[], lo: number, hi: number): number[][] {
  const pieces: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i + 3 < line.length; i += 2) {
    const seg = clipSegment(line[i]!, line[i + 1]!, line[i + 2]!, line[i + 3]!, lo, hi);
    if (!seg) {
      if (current.length) pieces.push(current);
      current = [];
      continue;
    }
    const [x0, y0, x1, y1, enteredInside, leftInside] = seg;
    if (!current.length || !enteredInside) {
      if (current.length) pieces.push(current);
      current = [x0, y0];
    }
    current.push(x1, y1);
    if (!leftInside) {
      pieces.push(current);
      current = [];
    }
  }
  if (current.length) pieces.push(current);
  return pieces;
}

function clipSegment(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  lo: number,
  hi: number,
): [number, number, number, number, boolean, boolean] | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, x0 - lo],
    [dx, hi - x0],
    [-dy, y0 - lo],
    [dy, hi - y0],
  ] as const) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy, t0 === 0, t1 === 1];
}

/** Round to grid cells and drop repeated points; a ring stays closed. */
function snap(coords: number[], closed: boolean): number[] {
  const out: number[] = [];
  let px = NaN;
  let py = NaN;
  for (let i = 0; i < coords.length; i += 2) {
    const x = Math.round(coords[i]!);
    const y = Math.round(coords[i + 1]!);
    if (x === px && y === py) continue;
    out.push(x, y);
    px = x;
    py = y;
  }
  if (closed && out.length >= 2 && (out[0] !== px || out[1] !== py)) out.push(out[0]!, out[1]!);
  return out;
}

/**
 * Douglas–Peucker on flat grid coordinates (Douglas & Peucker 1973; as PostGIS ST_Simplify): keep the
 * ends, then recursively the vertex farthest from the chord while it is farther than `tolerance`. A
 * closed ring is split at the vertex farthest from its first, so both halves have a real chord. A ring
 * that collapses comes back with under four vertices and the caller drops it, as ST_AsMVTGeom does.
 */
function simplify(coords: number[], tolerance: number, closed: boolean): number[] {
  const n = coords.length / 2;
  if (tolerance <= 0 || n < (closed ? 5 : 3)) return coords;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: number[] = [];
  if (closed) {
    let far = 1;
    let best = -1;
    for (let i = 1; i < n - 1; i++) {
      const d = (coords[2 * i]! - coords[0]!) ** 2 + (coords[2 * i + 1]! - coords[1]!) ** 2;
      if (d > best) [best, far] = [d, i];
    }
    keep[far] = 1;
    stack.push(0, far, far, n - 1);
  } else stack.push(0, n - 1);
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let index = -1;
    let max = tol2;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(coords, i, first, last);
      if (d > max) [max, index] = [d, i];
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(coords[2 * i]!, coords[2 * i + 1]!);
  return out;
}

/** Squared distance from vertex i to the segment from vertex a to vertex b. */
function segmentDistance2(c: number[], i: number, a: number, b: number): number {
  const [px, py, ax, ay, bx, by] = [c[2 * i]!, c[2 * i + 1]!, c[2 * a]!, c[2 * a + 1]!, c[2 * b]!, c[2 * b + 1]!];
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

/** Shoelace area of a closed ring in tile coordinates (positive = clockwise on screen, y down). */
function signedArea(ring: number[]): number {
  let sum = 0;
  for (let i = 0; i + 3 < ring.length; i += 2) sum += ring[i]! * ring[i + 3]! - ring[i + 2]! * ring[i + 1]!;
  return sum / 2;
}

function reverseRing(ring: number[]): void {
  for (let i = 0, j = ring.length - 2; i < j; i += 2, j -= 2) {
    const x = ring[i]!;
    const y = ring[i + 1]!;
    ring[i] = ring[j]!;
    ring[i + 1] = ring[j + 1]!;
    ring[j] = x;
    ring[j + 1] = y;
  }
}

/**
 * Bounding box and planar area (square degrees; exterior rings minus holes, as PostGIS ST_Area on
 * EPSG:4490) of a WKB geometry, for the overviews. Null for an empty geometry.
 */
export function wkbBoxArea(
  wkb: Uint8Array,
  offset: number,
): { minX: number; minY: number; maxX: number; maxY: number; area: number } | null {
  const m = new WkbBoxArea(wkb, offset);
  m.geometry();
  return m.minX <= m.maxX ? { minX: m.minX, minY: m.minY, maxX: m.maxX, maxY: m.maxY, area: m.area } : null;
}

/**
 * wkbBoxArea's reader: methods rather than closures made per call — the overview build reads every
 * geometry of a layer, and a million calls' worth of closures showed in its profile.
 */
class WkbBoxArea {
  private readonly view: DataView;
  private le = true;
  private dims = 2;
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  area = 0;

  constructor(
    wkb: Uint8Array,
    private pos: number,
  ) {
    this.view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  }

  geometry(): void {
    const view = this.view;
    this.le = view.getUint8(this.pos) === 1;
    const raw = view.getUint32(this.pos + 1, this.le);
    this.pos += 5;
    let dims = 2 + (raw & 0x80000000 ? 1 : 0) + (raw & 0x40000000 ? 1 : 0);
    if (raw & 0x20000000) this.pos += 4;
    const iso = raw & 0x0fffffff;
    const isoDims = Math.floor(iso / 1000);
    if (isoDims === 1 || isoDims === 2) dims = 3;
    if (isoDims === 3) dims = 4;
    this.dims = dims;
    switch (iso % 1000) {
      case 1:
        this.points(1);
        return;
      case 2:
        this.points(this.count());
        return;
      case 3:
        for (let r = 0, rings = this.count(); r < rings; r++) {
          const a = Math.abs(this.points(this.count()));
          this.area += r === 0 ? a : -a;
        }
        return;
      case 4:
      case 5:
      case 6:
      case 7:
        for (let n = this.count(); n > 0; n--) this.geometry();
        return;
      default:
        throw new Error(`unsupported WKB geometry type ${raw}`);
    }
  }

  private count(): number {
    const n = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return n;
  }

  /** Reads n points into the box; returns the shoelace sum of the ring they form. */
  private points(n: number): number {
    const { view, le } = this;
    const step = this.dims * 8;
    let pos = this.pos;
    let sum = 0;
    let px = 0;
    let py = 0;
    for (let i = 0; i < n; i++) {
      const x = view.getFloat64(pos, le);
      const y = view.getFloat64(pos + 8, le);
      pos += step;
      if (Number.isNaN(x)) continue;
      if (x < this.minX) this.minX = x;
      if (x > this.maxX) this.maxX = x;
      if (y < this.minY) this.minY = y;
      if (y > this.maxY) this.maxY = y;
      if (i > 0) sum += px * y - x * py;
      px = x;
      py = y;
    }
    this.pos = pos;
    return sum / 2;
  }
}
