/**
 * Every store test runs on both stores from the same file: the embedded GeoPackage in a fresh temp
 * folder, and PostgreSQL+PostGIS in a fresh schema of the `LANTU_TEST_DATABASE_URL` database
 * (default postgres://postgres@127.0.0.1:5432/test). Locally, PostgreSQL is skipped — loudly — when
 * unreachable; under CI=true it is mandatory and an unreachable server fails the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { migrate } from '../src/store/migrate.js';
import { openPostgresStore } from '../src/store/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import type { StoreKind } from '../src/store/store-kind.js';

import { TEST_DATABASE_URL } from './test-database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { usable: boolean; reason: string | null };
  }
}

export interface StoreContext {
  /** The store under test, migrated; valid inside tests (set in beforeAll). */
  readonly store: Store;
  readonly kind: StoreKind;
  /** A fresh, empty folder for files this suite writes. */
  readonly dir: string;
}

/** Declare a suite that runs once per store. */
export function describeEachStore(name: string, body: (ctx: StoreContext) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const skip = kind === 'postgres' && !inject('postgres').usable;
    describe.skipIf(skip)(`${name} [${kind}]`, () => {
      const ctx = { kind } as { store: Store; kind: StoreKind; dir: string };
      let schema: string | undefined;
      beforeAll(async () => {
        ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), `lantu-test-${kind}-`));
        if (kind === 'sqlite') {
          ctx.store = openSqliteStore(path.join(ctx.dir, 'lantu.gpkg'));
        } else {
          schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
          ctx.store = await openPostgresStore(TEST_DATABASE_URL, schema);
        }
        await migrate(ctx.store);
      }, 60_000);
      afterAll(async () => {
        if (!ctx.store) return;
        if (schema) {
          const { sql } = await import('kysely');
          await sql`drop schema ${sql.id(schema)} cascade`.execute(ctx.store.db);
        }
        await ctx.store.close();
        fs.rmSync(ctx.dir, { recursive: true, force: true });
      });
      body(ctx);
    });
  }
}
