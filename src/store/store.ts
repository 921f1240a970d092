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

export type RowSource = AsyncIterable<unknown[]> | Iterable<unknown[]> | RowBatches;

/**
 * Rows already grouped, as a worker thread hands them over: one await per batch instead of one per
 * row (0.3 s of a million-row load when per row, measured).
 */
export interface RowBatches {
  batches: AsyncIterable<unknown[][]>;
}

/** A row source whose rows pass through `fn` (add a column, count progress), in the source's own form. */
export function mapRows(rows: RowSource, fn: (row: unknown[]) => unknown[]): RowSource {
  if ('batches' in rows) {
    const { batches } = rows;
    return {
      batches: (async function* () {
        for await (const batch of batches) yield batch.map(fn);
      })(),
    };
  }
  if (Symbol.iterator in rows) {
    const sync = rows;
    return (function* () {
      for (const row of sync) yield fn(row);
    })();
  }
  return (async function* () {
    for await (const row of rows) yield fn(row);
  })();
}

/** Any row source as batches of at most `size` rows (or the source's own batches): one writing loop. */
export async function* rowBatches(rows: RowSource, size = 2000): AsyncGenerator<unknown[][]> {
  if ('batches' in rows) {
    yield* rows.batches;
    return;
  }
  let batch: unknown[][] = [];
  const each = Symbol.asyncIterator in rows ? rows : (rows as Iterable<unknown[]>);
  for await (const row of each) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** A write transaction that can also bulk-load: what lands, lands together. */
export interface BulkTransaction {
  db: Kysely<Database>;
  /**
   * Insert many rows into one table fast (a prepared statement on SQLite, COPY on PostgreSQL).
   * The row arrays are handed over: the store may replace a row's geometry by its encoding in place.
   * Returns the number of rows written.
   */
  bulkInsert(table: string, spec: BulkColumns, rows: RowSource): Promise<number>;
}

export interface BulkOptions {
  /**
   * The load may keep the store to itself until it commits (`lantu demo`, a first load): on SQLite
   * it then writes through a rollback journal instead of the WAL, so each new page is written once
   * instead of twice, and other connections wait. Ignored when another connection has the file open,
   * and on PostgreSQL.
   */
  exclusive?: boolean;
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
  bulkTransaction<T>(work: (tx: BulkTransaction) => Promise<T>, options?: BulkOptions): Promise<T>;
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
