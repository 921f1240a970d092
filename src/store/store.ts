/**
 * The store handle every capability receives. It is the same object over both databases; what differs
 * (how a geometry is written and read, how rows are bulk-loaded) sits behind `dialect`.
 */
import type { Geometry } from 'geojson';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from './database.js';
import type { StoreKind } from './store-kind.js';

export interface BulkColumns {
  /** Column names, in the order of each row's values. A column named `geom` takes GeoJSON geometries. */
  columns: string[];
}

export interface StoreDialect {
  /** Value to bind for a geometry column (GeoPackage blob on SQLite, hex EWKB on PostGIS). */
  encodeGeometry(geometry: Geometry): unknown;
  /** GeoJSON from a geometry column's value as the driver returns it; null when empty or NULL. */
  decodeGeometry(value: unknown): Geometry | null;
  /**
   * A WHERE condition selecting the rows of a feature table whose geometry's bounding box meets `bbox`
   * — through the R*Tree on SQLite, the GiST index on PostGIS.
   */
  bboxCondition(table: string, bbox: BBox): RawBuilder<boolean>;
}

/** [minLon, minLat, maxLon, maxLat] in EPSG:4490 degrees. */
export type BBox = readonly [number, number, number, number];

export type RowSource = AsyncIterable<unknown[]> | Iterable<unknown[]>;

/** A write transaction that can also bulk-load: what lands, lands together. */
export interface BulkTransaction {
  db: Kysely<Database>;
  /**
   * Insert many rows into one table fast (a prepared statement on SQLite, COPY on PostgreSQL).
   * Returns the number of rows written.
   */
  bulkInsert(table: string, spec: BulkColumns, rows: RowSource): Promise<number>;
}

export interface Store {
  kind: StoreKind;
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** Where the data lives: the GeoPackage path, or the PostgreSQL URL without its password. */
  location: string;
  /** PostgreSQL only: the schema that holds Lantu's tables. */
  pgSchema?: string;
  /** Run `work` in one transaction with bulk loading available; all of it commits or none does. */
  bulkTransaction<T>(work: (tx: BulkTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** JSON columns are text on SQLite and jsonb on PostgreSQL: write text, read either. */
export function readJson<T = unknown>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

export function writeJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Timestamps are ISO-8601 UTC strings in the application on both stores. */
export function nowIso(): string {
  return new Date().toISOString();
}
