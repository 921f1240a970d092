/**
 * featureWkb: where the WKB of a geometry column's value starts, whichever store it came from — a
 * GeoPackage blob on SQLite (header, then WKB), hex EWKB text from PostGIS. Lets the network code read
 * coordinates straight into flat arrays (geo/wkb.ts `readFlatWkb`) without building GeoJSON per feature.
 *
 *   featureWkb(row.geom) // → { bytes, offset } or null for NULL / empty
 */
import { gpkgWkbOffset } from '../geo/wkb.js';

export function featureWkb(value: unknown): { bytes: Uint8Array; offset: number } | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length ? { bytes: Buffer.from(value, 'hex'), offset: 0 } : null;
  if (!(value instanceof Uint8Array)) throw new TypeError('a geometry column held neither a blob nor hex text');
  if (value.length >= 8 && value[0] === 0x47 && value[1] === 0x50) {
    const offset = gpkgWkbOffset(value);
    return offset < 0 ? null : { bytes: value, offset };
  }
  return { bytes: value, offset: 0 };
}
