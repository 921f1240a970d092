/**
 * SQL functions the GeoPackage R*Tree triggers call (gpkg_rtree_index extension, Annex F.3).
 * GDAL registers the same names on the connections it opens; we register them on ours, reading the
 * envelope from the blob header so each insert costs a few byte reads, not a WKB parse.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { gpkgBlobEnvelope } from './gpkg-blob.js';

export function registerGpkgFunctions(db: BetterSqlite3.Database): void {
  const envelopeOf = (blob: unknown) => (blob instanceof Uint8Array ? gpkgBlobEnvelope(blob) : null);
  const options = { deterministic: true, directOnly: false } as const;
  db.function('ST_MinX', options, (b: unknown) => envelopeOf(b)?.minX ?? null);
  db.function('ST_MaxX', options, (b: unknown) => envelopeOf(b)?.maxX ?? null);
  db.function('ST_MinY', options, (b: unknown) => envelopeOf(b)?.minY ?? null);
  db.function('ST_MaxY', options, (b: unknown) => envelopeOf(b)?.maxY ?? null);
  db.function('ST_IsEmpty', options, (b: unknown) => (b instanceof Uint8Array && envelopeOf(b) !== null ? 0 : 1));
}
