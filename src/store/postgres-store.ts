/**
 * The production store: PostgreSQL with PostGIS. Connection URL from LANTU_DATABASE_URL; an optional
 * schema (`?schema=` in the URL, or LANTU_DATABASE_SCHEMA) lets several Lantu databases — or test runs —
 * share one server.
 */
import { Writable, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Geometry } from 'geojson';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import wkx from 'wkx';
import { LantuError } from '../errors.js';
import type { Database } from './database.js';
import { CANONICAL_SRID } from './spatial-schema.js';
import { rowBatches, type BulkColumns, type RowSource, type Store, type StoreDialect } from './store.js';
import { binaryCopyKinds, copyBinaryHeader, copyBinaryTrailer, encodeCopyBatch } from './copy-binary.js';
import { EncodedGeometry } from './gpkg-blob.js';
import { encodeEwkbHex, ewkbHexFromWkb } from './wkb.js';

/** Read timestamps as ISO strings and 64-bit integers / numerics as numbers, as on SQLite. */
const typeParsers: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: ids and counts stay far below 2^53
  1700: (v) => Number(v), // numeric: sums of integers
  1184: (v) => new Date(v).toISOString(), // timestamptz
};
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export function parseDatabaseUrl(url: string, schemaOverride?: string): { connectionString: string; schema: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LantuError(
      'config_invalid',
      500,
      `LANTU_DATABASE_URL 不是有效的连接地址：${redactUrl(url)}（应为 postgres://用户@主机:端口/数据库）`,
      `LANTU_DATABASE_URL is not a valid connection URL: ${redactUrl(url)} (expected postgres://user@host:port/database)`,
      { field: 'LANTU_DATABASE_URL' },
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new LantuError(
      'config_invalid',
      500,
      `LANTU_DATABASE_URL 必须以 postgres:// 开头，而不是 ${u.protocol}`,
      `LANTU_DATABASE_URL must start with postgres://, not ${u.protocol}`,
      { field: 'LANTU_DATABASE_URL' },
    );
  }
  const schema = schemaOverride ?? u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new LantuError(
      'config_invalid',
      500,
      `数据库模式名无效：${schema}（只允许小写字母、数字和下划线）`,
      `invalid database schema name: ${schema} (lower-case letters, digits and underscores only)`,
      { field: 'schema' },
    );
  }
  return { connectionString: u.toString(), schema };
}

export async function openPostgresStore(url: string, schemaOverride?: string): Promise<Store> {
  const { connectionString, schema } = parseDatabaseUrl(url, schemaOverride);
  const pool = new pg.Pool({
    connectionString,
    types,
    max: 10,
    connectionTimeoutMillis: 5000,
    // PostGIS lives in public; our tables in `schema` (public unless told otherwise).
    options: `-c search_path=${schema},public`,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new LantuError(
      'store_unreachable',
      503,
      `无法连接 PostgreSQL 数据库 ${redactUrl(url)}：${(error as Error).message}`,
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
      { field: 'LANTU_DATABASE_URL' },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    dialect: postgresDialect,
    pgSchema: schema,
    location: redactUrl(url) + (schema === 'public' ? '' : ` (schema ${schema})`),
    bulkTransaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client) }) });
        const result = await work({ db: trx, bulkInsert: (table, spec, rows) => copyInto(client, table, spec, rows) });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

const postgresDialect: StoreDialect = {
  encodeGeometry: (geometry: Geometry) => encodeEwkbHex(geometry, CANONICAL_SRID),
  decodeGeometry: (value: unknown) => {
    if (value === null || value === undefined) return null;
    const buffer = typeof value === 'string' ? Buffer.from(value, 'hex') : (value as Buffer);
    const geometry = wkx.Geometry.parse(buffer).toGeoJSON() as Geometry;
    return isEmptyGeoJSON(geometry) ? null : geometry;
  },
  bboxCondition: (table, [minX, minY, maxX, maxY]) =>
    sql<boolean>`${sql.ref(`${table}.geom`)} && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, ${sql.lit(CANONICAL_SRID)})`,
};

function isEmptyGeoJSON(g: Geometry): boolean {
  return g.type === 'GeometryCollection' ? g.geometries.length === 0 : g.coordinates.length === 0;
}

/** A pool of one: lets a Kysely instance run on the client that holds the open transaction. */
function singleClientPool(client: pg.PoolClient) {
  return {
    connect: async () => ({
      query: client.query.bind(client) as pg.PoolClient['query'],
      release: () => undefined,
    }),
    end: async () => undefined,
  };
}

/**
 * COPY … FROM STDIN: in the binary format when every column has a binary writer (copy-binary.ts), else
 * in text with geometries as hex EWKB, which PostGIS's input function reads.
 */
async function copyInto(client: pg.PoolClient, table: string, { columns }: BulkColumns, rows: RowSource) {
  const rebuild = await setAsideIfEmpty(client, table);
  const kinds = await binaryCopyKinds(client, table, columns);
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  const stream = client.query(
    copyFrom(`copy "${table}" (${columnList}) from stdin${kinds ? ' with (format binary)' : ''}`),
  );
  let count = 0;
  const encode = kinds
    ? (batch: unknown[][]) => encodeCopyBatch(batch, kinds, CANONICAL_SRID, { table, columns, firstRow: count })
    : (batch: unknown[][]) => copyTextBatch(batch, columns.indexOf('geom'));
  async function* chunks() {
    if (kinds) yield copyBinaryHeader();
    for await (const batch of rowBatches(rows)) {
      const chunk = encode(batch);
      count += batch.length;
      yield chunk;
    }
    if (kinds) yield copyBinaryTrailer();
  }
  await pipeline(Readable.from(chunks()), stream as unknown as Writable);
  for (const definition of rebuild) await client.query(definition);
  // Without statistics the planner scans a whole layer index for a small bbox (seen: 43 ms for a
  // 156-feature tile). ANALYZE samples, so it stays cheap on a million rows, and may run in the transaction.
  await client.query(`analyze "${table}"`);
  return count;
}

/**
 * A table that is empty before a bulk load gets its secondary indexes (the GiST on `geom`, the
 * layer/region B-tree) and its foreign keys set aside, and put back after the COPY: one sorted index
 * build instead of a million insertions, one anti-join instead of a million key lookups — what
 * ogr2ogr does for indexes and a DBA does for keys. Measured on 312k patches: the COPY took 15.6 s
 * with them in place, 3.7 s without, 1.5 s more to build the indexes after. The drop and the rebuild
 * are in the load's transaction, so a failure leaves the table as it was, and a key the rows break
 * fails the load when it is put back. The table is locked for the load, which an empty table can
 * afford. Unique and primary-key indexes stay: they are constraints, not just access paths.
 * Returns the statements that put everything back.
 */
async function setAsideIfEmpty(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows: any } = await client.query(`select 1 from "${table}" limit 1`);
  if (any.length > 0) return [];
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as definition
       from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = $1::regclass and not x.indisunique and not x.indisprimary`,
    [table],
  );
  const { rows: keys } = await client.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition
       from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
    [table],
  );
  for (const { name } of indexes) await client.query(`drop index "${name}"`);
  for (const { name } of keys) await client.query(`alter table "${table}" drop constraint "${name}"`);
  return [
    ...indexes.map((i) => i.definition),
    ...keys.map((k) => `alter table "${table}" add constraint "${k.name}" ${k.definition}`),
  ];
}

function copyTextBatch(batch: unknown[][], geomIndex: number): string {
  return (
    batch
      .map((row) => row.map((v, i) => copyField(i === geomIndex && v !== null ? ewkbHex(v) : v)).join('\t'))
      .join('\n') + '\n'
  );
}

function ewkbHex(v: unknown): string {
  if (v instanceof EncodedGeometry) return ewkbHexFromWkb(v.wkb, CANONICAL_SRID);
  return encodeEwkbHex(v as Geometry, CANONICAL_SRID);
}

function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
}
