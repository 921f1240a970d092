/**
 * Decode (E)WKB — as GDAL's PGDUMP writer prints it, hex — into a GeoJSON geometry. This sits on the
 * import's hot path (a million features), so it reads doubles straight from the buffer rather than
 * building an object tree the way `wkx` does. 2D only: the reader asks GDAL for XY (`-dim XY`).
 *
 * Empty parts are kept as GDAL wrote them (a polygon with no rings, a multipolygon with no members),
 * so the validation can report them. Format: OGC 06-103r4 §8.2; the EWKB SRID flag 0x20000000 is
 * PostGIS's (its SRID is skipped: the source CRS comes from the layer).
 *
 * @example
 * decodeWkbHex('0101000000000000000000f03f0000000000000040') // { type: 'Point', coordinates: [1, 2] }
 */
import type { Geometry, Position } from 'geojson';

const EWKB_SRID = 0x20000000;
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;

export class WkbError extends Error {
  override name = 'WkbError';
}

export function decodeWkbHex(hex: string): Geometry {
  return decodeWkb(Buffer.from(hex, 'hex'));
}

export function decodeWkb(buffer: Uint8Array): Geometry {
  const reader = new Reader(buffer);
  const geometry = reader.geometry();
  return geometry;
}

class Reader {
  private offset = 0;
  private readonly view: DataView;
  private le = true;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(): Geometry {
    if (this.offset + 5 > this.bytes.length) throw new WkbError('WKB ends inside a geometry header');
    this.le = this.bytes[this.offset] === 1;
    this.offset += 1;
    let type = this.uint32();
    if (type & EWKB_SRID) this.offset += 4;
    if (type & (EWKB_Z | EWKB_M)) throw new WkbError('WKB with Z or M values: the reader asks GDAL for XY only');
    type &= 0xffff;
    if (type > 1000) throw new WkbError(`WKB type ${type}: the reader asks GDAL for XY only`);
    switch (type) {
      case 1: {
        const p = this.position();
        // An empty point is written as NaN, NaN.
        return { type: 'Point', coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
      }
      case 2:
        return { type: 'LineString', coordinates: this.positions() };
      case 3:
        return { type: 'Polygon', coordinates: this.rings() };
      case 4:
        return { type: 'MultiPoint', coordinates: this.members((g) => (g.type === 'Point' ? g.coordinates : null)) };
      case 5:
        return {
          type: 'MultiLineString',
          coordinates: this.members((g) => (g.type === 'LineString' ? g.coordinates : null)),
        };
      case 6:
        return {
          type: 'MultiPolygon',
          coordinates: this.members((g) => (g.type === 'Polygon' ? g.coordinates : null)),
        };
      case 7: {
        const n = this.uint32();
        const geometries: Geometry[] = [];
        for (let i = 0; i < n; i++) geometries.push(this.geometry());
        return { type: 'GeometryCollection', geometries };
      }
      default:
        throw new WkbError(`unsupported WKB geometry type ${type}`);
    }
  }

  private members<T>(pick: (g: Geometry) => T | null): T[] {
    const n = this.uint32();
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const member = pick(this.geometry());
      if (member === null) throw new WkbError('a multi-geometry holds a member of another type');
      out[i] = member;
    }
    return out;
  }

  private rings(): Position[][] {
    const n = this.uint32();
    const out: Position[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.positions();
    return out;
  }

  private positions(): Position[] {
    const n = this.uint32();
    if (this.offset + n * 16 > this.bytes.length) throw new WkbError('WKB ends inside a coordinate list');
    const out: Position[] = new Array(n);
    const { view, le } = this;
    let o = this.offset;
    for (let i = 0; i < n; i++) {
      out[i] = [view.getFloat64(o, le), view.getFloat64(o + 8, le)];
      o += 16;
    }
    this.offset = o;
    return out;
  }

  private position(): Position {
    const p = [this.view.getFloat64(this.offset, this.le), this.view.getFloat64(this.offset + 8, this.le)];
    this.offset += 16;
    return p;
  }

  private uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw new WkbError('WKB ends inside a count');
    const v = this.view.getUint32(this.offset, this.le);
    this.offset += 4;
    return v;
  }
}
