/**
 * Little-endian ISO WKB writer for the GeoJSON types we store. Decoding stays with `wkx`
 * (see gpkg-blob.ts); encoding is written here because it sits on the bulk-load hot path: `wkx`
 * builds an object tree per geometry and managed ~160k polygons/s, below the 100k features/s
 * load target once SQLite's own work is added. One pass sizes the buffer, one pass fills it.
 */
import type { Geometry, Position } from 'geojson';
import wkx from 'wkx';

const TYPE_CODE = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
} as const;

/** Optional SRID makes it PostGIS EWKB (flag 0x20000000 and the SRID after the type). */
export function encodeWkb(geometry: Geometry, srid?: number): Buffer {
  if (geometry.type === 'GeometryCollection') {
    const g = wkx.Geometry.parseGeoJSON(geometry);
    if (srid === undefined) return g.toWkb();
    g.srid = srid;
    return g.toEwkb();
  }
  const size = byteSize(geometry) + (srid === undefined ? 0 : 4);
  const out = Buffer.allocUnsafe(size);
  const end = write(out, 0, geometry, srid);
  if (end !== size) throw new Error(`WKB size mismatch: ${end} != ${size}`);
  return out;
}

/** Hex EWKB, the text form PostGIS accepts for a geometry parameter. */
export function encodeEwkbHex(geometry: Geometry, srid: number): string {
  return encodeWkb(geometry, srid).toString('hex');
}

/** Hex EWKB from little-endian WKB already encoded: the SRID spliced in after the type. */
export function ewkbHexFromWkb(wkb: Buffer, srid: number): string {
  if (wkb[0] !== 1) throw new Error('ewkbHexFromWkb: expected little-endian WKB');
  const out = Buffer.allocUnsafe(wkb.length + 4);
  out.writeUInt8(1, 0);
  out.writeUInt32LE((wkb.readUInt32LE(1) | 0x20000000) >>> 0, 1);
  out.writeUInt32LE(srid, 5);
  wkb.copy(out, 9, 5);
  return out.toString('hex');
}

type Simple = Exclude<Geometry, { type: 'GeometryCollection' }>;

function byteSize(g: Simple): number {
  const head = 5;
  switch (g.type) {
    case 'Point':
      return head + 16;
    case 'LineString':
      return head + 4 + g.coordinates.length * 16;
    case 'Polygon':
      return head + ringsSize(g.coordinates);
    case 'MultiPoint':
      return head + 4 + g.coordinates.length * (head + 16);
    case 'MultiLineString':
      return head + 4 + g.coordinates.reduce((s, l) => s + head + 4 + l.length * 16, 0);
    case 'MultiPolygon':
      return head + 4 + g.coordinates.reduce((s, p) => s + head + ringsSize(p), 0);
  }
}

function ringsSize(rings: Position[][]): number {
  let n = 4;
  for (const r of rings) n += 4 + r.length * 16;
  return n;
}

function write(out: Buffer, o: number, g: Simple, srid?: number): number {
  out.writeUInt8(1, o);
  const code = TYPE_CODE[g.type];
  if (srid === undefined) {
    out.writeUInt32LE(code, o + 1);
    o += 5;
  } else {
    out.writeUInt32LE((code | 0x20000000) >>> 0, o + 1);
    out.writeUInt32LE(srid, o + 5);
    o += 9;
  }
  switch (g.type) {
    case 'Point': {
      const [x, y] = g.coordinates;
      // An empty point is written as NaN, NaN (the WKB convention GEOS and PostGIS read).
      out.writeDoubleLE(x ?? NaN, o);
      out.writeDoubleLE(y ?? NaN, o + 8);
      return o + 16;
    }
    case 'LineString':
      return writePoints(out, o, g.coordinates);
    case 'Polygon':
      return writeRings(out, o, g.coordinates);
    case 'MultiPoint':
      out.writeUInt32LE(g.coordinates.length, o);
      o += 4;
      for (const p of g.coordinates) o = write(out, o, { type: 'Point', coordinates: p });
      return o;
    case 'MultiLineString':
      out.writeUInt32LE(g.coordinates.length, o);
      o += 4;
      for (const l of g.coordinates) o = write(out, o, { type: 'LineString', coordinates: l });
      return o;
    case 'MultiPolygon':
      out.writeUInt32LE(g.coordinates.length, o);
      o += 4;
      for (const p of g.coordinates) o = write(out, o, { type: 'Polygon', coordinates: p });
      return o;
  }
}

function writeRings(out: Buffer, o: number, rings: Position[][]): number {
  out.writeUInt32LE(rings.length, o);
  o += 4;
  for (const r of rings) o = writePoints(out, o, r);
  return o;
}

function writePoints(out: Buffer, o: number, points: Position[]): number {
  out.writeUInt32LE(points.length, o);
  o += 4;
  for (const p of points) {
    out.writeDoubleLE(p[0]!, o);
    out.writeDoubleLE(p[1]!, o + 8);
    o += 16;
  }
  return o;
}
