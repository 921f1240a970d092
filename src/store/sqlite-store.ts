/**
 * The embedded store: one SQLite file laid out as a GeoPackage (WAL, busy timeout, foreign keys on).
 */
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import type { Geometry } from 'geojson';
import { LantuError } from '../errors.js';
import type { Database } from './database.js';
import { decodeGpkgBlob, encodeGpkgBlob } from './gpkg-blob.js';
import { CANONICAL_SRID, rtreeTriggerNames, rtreeTriggers } from './spatial-schema.js';
import { registerGpkgFunctions } from './sqlite-functions.js';
import type { BulkColumns, RowSource, Store, StoreDialect } from './store.js';

export const GPKG_FILE_NAME = 'lantu.gpkg';

export function openSqliteStore(file: string): Store {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new LantuError(
      'store_unwritable',
      500,
      `无法创建数据目录 ${path.dirname(file)}：${(error as Error).message}`,
      `cannot create the data directory ${path.dirname(file)}: ${(error as Error).message}`,
    );
  }
  let sqlite: Sqlite.Database;
  try {
    sqlite = new Sqlite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    throw new LantuError(
      'store_unreadable',
      500,
      `无法打开 GeoPackage 数据文件 ${file}：${(error as Error).message}`,
      `cannot open the GeoPackage store ${file}: ${(error as Error).message}`,
    );
  }
  registerGpkgFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kind: 'sqlite',
    db,
    dialect: sqliteDialect,
    location: file,
    // One connection: Kysely's transaction and the raw bulk statements share it, so they commit together.
    bulkTransaction: (work) =>
      db
        .transaction()
        .execute((trx) =>
          work({ db: trx, bulkInsert: (table, spec, rows) => bulkInsertSqlite(sqlite, table, spec, rows) }),
        ),
    close: () => db.destroy(),
  };
}

const sqliteDialect: StoreDialect = {
  encodeGeometry: (geometry: Geometry) => encodeGpkgBlob(geometry, CANONICAL_SRID),
  decodeGeometry: (value: unknown) => (value instanceof Uint8Array ? decodeGpkgBlob(value) : null),
  bboxCondition: (table, [minX, minY, maxX, maxY]) =>
    sql<boolean>`${sql.ref(`${table}.fid`)} in (select id from ${sql.table(`rtree_${table}_geom`)}
      where minx <= ${maxX} and maxx >= ${minX} and miny <= ${maxY} and maxy >= ${minY})`,
};

/**
 * One transaction, one prepared statement. For a feature table the R*Tree triggers are dropped during
 * the load and the index filled by one INSERT … SELECT afterwards (as GDAL does for large loads), then
 * the triggers are put back — all inside a savepoint of the caller's transaction, so a failure leaves
 * the file as it was.
 */
async function bulkInsertSqlite(
  sqlite: Sqlite.Database,
  table: string,
  { columns }: BulkColumns,
  rows: RowSource,
): Promise<number> {
  const geomIndex = columns.indexOf('geom');
  const hasRtree =
    geomIndex >= 0 &&
    sqlite
      .prepare(`select 1 from gpkg_extensions where table_name = ? and extension_name = 'gpkg_rtree_index'`)
      .get(table) !== undefined;
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  const insert = sqlite.prepare(
    `insert into "${table}" (${quoted}) values (${columns.map(() => '?').join(', ')}) returning fid`,
  );
  const plainInsert = sqlite.prepare(
    `insert into "${table}" (${quoted}) values (${columns.map(() => '?').join(', ')})`,
  );
  let count = 0;
  let firstFid: number | null = null;
  sqlite.exec('savepoint bulk_insert');
  try {
    if (hasRtree) for (const name of rtreeTriggerNames(table)) sqlite.exec(`drop trigger if exists "${name}"`);
    const write = (row: unknown[]) => {
      const values = row.map((v, i) =>
        i === geomIndex && v !== null ? encodeGpkgBlob(v as Geometry, CANONICAL_SRID) : (v as unknown),
      );
      if (firstFid === null && hasRtree) firstFid = Number((insert.get(...values) as { fid: number }).fid);
      else plainInsert.run(...values);
      count++;
    };
    if (Symbol.asyncIterator in rows) for await (const row of rows) write(row);
    else for (const row of rows) write(row);
    if (hasRtree) {
      if (firstFid !== null) {
        sqlite
          .prepare(
            `insert or replace into "rtree_${table}_geom" select fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom)
             from "${table}" where fid >= ? and geom is not null and not ST_IsEmpty(geom)`,
          )
          .run(firstFid);
      }
      for (const trigger of rtreeTriggers(table)) sqlite.exec(trigger);
    }
    // Fresh statistics, or the planner may prefer a full index scan of a big layer over the R*Tree.
    // A sampled ANALYZE (analysis_limit) costs milliseconds, not a pass over a million rows.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.exec(`analyze "${table}"`);
    sqlite.exec('release bulk_insert');
  } catch (error) {
    sqlite.exec('rollback to bulk_insert');
    sqlite.exec('release bulk_insert');
    throw error;
  }
  return count;
}
