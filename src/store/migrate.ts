/**
 * Bring a store to the current schema: PostGIS and the schema on PostgreSQL, the migration list, then the
 * reference catalogs. Idempotent: running it on a current store changes nothing.
 */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { LantuError } from '../errors.js';
import { loadCatalogs } from '../catalogs/load-catalogs.js';
import { loadIndicatorCatalog } from '../monitoring/load-indicator-catalog.js';
import { migrations } from './migrations/index.js';
import type { Store } from './store.js';

export interface MigrateResult {
  applied: string[];
  schemaVersion: string;
}

export async function migrate(store: Store): Promise<MigrateResult> {
  if (store.kind === 'postgres') await preparePostgres(store);
  const kind = store.kind;
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, m]): [string, Migration] => [name, { up: (db) => m.up(db, kind) }]),
      ),
  };
  const migrator = new Migrator({ db: store.db, provider, ...migrationTableLocation(store) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new LantuError(
      'migration_failed',
      500,
      `数据库迁移 ${failed} 失败：${(error as Error).message}（数据库保持迁移前的状态）`,
      `migration ${failed} failed: ${(error as Error).message} (the store was left as it was before)`,
    );
  }
  await loadCatalogs(store);
  await loadIndicatorCatalog(store);
  return { applied: (results ?? []).map((r) => r.migrationName), schemaVersion: currentSchemaVersion() };
}

/** The newest migration's name is the schema version reported by /api/health and `lantu migrate`. */
export function currentSchemaVersion(): string {
  return Object.keys(migrations).at(-1)!;
}

export async function appliedSchemaVersion(store: Store): Promise<string | null> {
  const known: MigrationProvider = {
    getMigrations: async () => Object.fromEntries(Object.keys(migrations).map((n) => [n, { up: async () => {} }])),
  };
  const all = await new Migrator({ db: store.db, provider: known, ...migrationTableLocation(store) }).getMigrations();
  return all.filter((m) => m.executedAt).at(-1)?.name ?? null;
}

/**
 * On PostgreSQL the migration log lives in Lantu's schema, named explicitly: unqualified, Kysely takes
 * any schema's `kysely_migration` for its own and skips creating one — wrong when several Lantu
 * databases (or test runs) share a server.
 */
function migrationTableLocation(store: Store): { migrationTableSchema?: string } {
  return store.kind === 'postgres' && store.pgSchema ? { migrationTableSchema: store.pgSchema } : {};
}

async function preparePostgres(store: Store) {
  try {
    await sql`create extension if not exists postgis`.execute(store.db);
  } catch (error) {
    throw new LantuError(
      'postgis_missing',
      500,
      `PostgreSQL 中没有可用的 PostGIS 扩展：${(error as Error).message}。请安装（Debian：apt-get install postgresql-15-postgis-3）或请数据库管理员执行 CREATE EXTENSION postgis`,
      `PostGIS is not available in PostgreSQL: ${(error as Error).message}. Install it (Debian: apt-get install postgresql-15-postgis-3) or ask the DBA to run CREATE EXTENSION postgis`,
    );
  }
  if (store.pgSchema && store.pgSchema !== 'public')
    await sql`create schema if not exists ${sql.id(store.pgSchema)}`.execute(store.db);
}
