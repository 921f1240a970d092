/**
 * WKB readers for the kernel: GEOS hands geometries back as WKB, the stores hold them as GeoPackage
 * blobs (header + WKB) or PostGIS EWKB. Writing stays with store/wkb.ts (`encodeWkb`).
 *
 * Two readers, one grammar (OGC 06-103r4 §8.2 "Well-known Binary", with the ISO Z/M type codes
 * 1000/2000/3000 and the PostGIS EWKB flags 0x80000000 Z, 0x40000000 M, 0x20000000 SRID):
 * - `wkbToGeoJSON`: a GeoJSON geometry, for answers and evidence;
 * - `readFlatWkb`: x,y pairs in one Float64Array with ring ranges and kinds, for the hot loops of zonal
 *   statistics (no object per vertex).
 * Z and M ordinates are read past and dropped: Lantu is 2D.
 */
import type { Geometry, Position } from 'geojson';

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

interface Cursor {
  view: DataView;
  pos: number;
}

interface Header {
  le: boolean;
  type: number;
  /** Ordinates per position (2, 3 or 4); only the first two are kept. */
  dims: number;
}

function header(c: Cursor): Header {
  const le = c.view.getUint8(c.pos) === 1;
  let raw = c.view.getUint32(c.pos + 1, le);
  c.pos += 5;
  let dims = 2;
  if (raw & EWKB_Z) dims++;
  if (raw & EWKB_M) dims++;
  if (raw & EWKB_SRID) c.pos += 4;
  raw &= 0x0fffffff;
  const iso = Math.floor(raw / 1000);
  if (iso === 1 || iso === 2) dims = Math.max(dims, 3);
  if (iso === 3) dims = 4;
  return { le, type: raw % 1000, dims };
}

const count = (c: Cursor, le: boolean) => {
  const n = c.view.getUint32(c.pos, le);
  c.pos += 4;
  return n;
};

/** A GeoJSON geometry from WKB or EWKB starting at `offset`. */
export function wkbToGeoJSON(bytes: Uint8Array, offset = 0): Geometry {
  const c: Cursor = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), pos: offset };
  return readGeometry(c);
}

function readGeometry(c: Cursor): Geometry {
  const { le, type, dims } = header(c);
  const point = (): Position => {
    const p = [c.view.getFloat64(c.pos, le), c.view.getFloat64(c.pos + 8, le)];
    c.pos += dims * 8;
    return p;
  };
  const points = (): Position[] => Array.from({ length: count(c, le) }, point);
  const rings = (): Position[][] => Array.from({ length: count(c, le) }, points);
  const members = <T extends Geometry>(): T[] => Array.from({ length: count(c, le) }, () => readGeometry(c) as T);
  switch (type) {
    case 1: {
      const p = point();
      return { type: 'Point', coordinates: Number.isNaN(p[0]) ? [] : p };
    }
    case 2:
      return { type: 'LineString', coordinates: points() };
    case 3:
      return { type: 'Polygon', coordinates: rings() };
    case 4:
      return {
        type: 'MultiPoint',
        coordinates: members<{ type: 'Point'; coordinates: Position }>()
          .map((p) => p.coordinates)
          .filter((p) => p.length > 0),
      };
    case 5:
      return {
        type: 'MultiLineString',
        coordinates: members<{ type: 'LineString'; coordinates: Position[] }>().map((l) => l.coordinates),
      };
    case 6:
      return {
        type: 'MultiPolygon',
        coordinates: members<{ type: 'Polygon'; coordinates: Position[][] }>().map((p) => p.coordinates),
      };
    case 7:
      return { type: 'GeometryCollection', geometries: members() };
    default:
      throw new Error(`unsupported WKB geometry type ${type}`);
  }
}

/** Ring kinds in a FlatGeometry. */
export const RING_POINT = 0;
export const RING_LINE = 1;
export const RING_SHELL = 2;
export const RING_HOLE = 3;

/**
 * A geometry as flat arrays: `xy` holds x0,y0,x1,y1,…; ring r spans points [ringStart[r], ringStart[r+1]);
 * `ringKind[r]` says whether it is a point, a line, a polygon's shell or one of its holes.
 * The arrays grow and are reused between calls (pass the previous result back in).
 */
export interface FlatGeometry {
  xy: Float64Array;
  ringStart: Int32Array;
  ringKind: Uint8Array;
  rings: number;
  points: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function emptyFlat(): FlatGeometry {
  return {
    xy: new Float64Array(256),
    ringStart: new Int32Array(17),
    ringKind: new Uint8Array(16),
    rings: 0,
    points: 0,
    minX: Infinity,
    minY: Infinity,
    maxX: -Infinity,
    maxY: -Infinity,
  };
}

/** Read WKB/EWKB at `offset` into `out` (reset first); returns `out`. */
export function readFlatWkb(bytes: Uint8Array, offset: number, out: FlatGeometry): FlatGeometry {
  out.rings = 0;
  out.points = 0;
  out.minX = out.minY = Infinity;
  out.maxX = out.maxY = -Infinity;
  out.ringStart[0] = 0;
  const c: Cursor = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), pos: offset };
  readFlat(c, out);
  return out;
}

function readFlat(c: Cursor, out: FlatGeometry): void {
  const { le, type, dims } = header(c);
  switch (type) {
    case 1:
      return addRing(c, out, le, dims, 1, RING_POINT);
    case 2:
      return addRing(c, out, le, dims, count(c, le), RING_LINE);
    case 3: {
      const n = count(c, le);
      for (let r = 0; r < n; r++) addRing(c, out, le, dims, count(c, le), r === 0 ? RING_SHELL : RING_HOLE);
      return;
    }
    case 4:
    case 5:
    case 6:
    case 7: {
      const n = count(c, le);
      for (let i = 0; i < n; i++) readFlat(c, out);
      return;
    }
    default:
      throw new Error(`unsupported WKB geometry type ${type}`);
  }
}

function addRing(c: Cursor, out: FlatGeometry, le: boolean, dims: number, n: number, kind: number): void {
  const need = (out.points + n) * 2;
  if (need > out.xy.length) {
    const grown = new Float64Array(Math.max(need, out.xy.length * 2));
    grown.set(out.xy.subarray(0, out.points * 2));
    out.xy = grown;
  }
  if (out.rings + 2 > out.ringStart.length) {
    const starts = new Int32Array(out.ringStart.length * 2);
    starts.set(out.ringStart);
    out.ringStart = starts;
    const kinds = new Uint8Array(out.ringKind.length * 2);
    kinds.set(out.ringKind);
    out.ringKind = kinds;
  }
  const { view } = c;
  let p = out.points * 2;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x = view.getFloat64(c.pos, le);
    const y = view.getFloat64(c.pos + 8, le);
    c.pos += dims * 8;
    if (Number.isNaN(x)) continue; // POINT EMPTY
    out.xy[p++] = x;
    out.xy[p++] = y;
    kept++;
    if (x < out.minX) out.minX = x;
    if (x > out.maxX) out.maxX = x;
    if (y < out.minY) out.minY = y;
    if (y > out.maxY) out.maxY = y;
  }
  if (kept === 0) return;
  out.ringKind[out.rings] = kind;
  out.points += kept;
  out.rings++;
  out.ringStart[out.rings] = out.points;
}

/**
 * Where the WKB starts inside a GeoPackage geometry blob (OGC 12-128r18 §2.1.3): 8 header bytes and
 * an envelope of 0, 32, 48 or 64 bytes. Returns -1 for an empty geometry (flag bit 4).
 */
export function gpkgWkbOffset(blob: Uint8Array): number {
  const flags = blob[3] ?? 0;
  if (flags & 0b10000) return -1;
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0b111];
  if (envelope === undefined) throw new Error('invalid GeoPackage envelope indicator');
  return 8 + envelope;
}
