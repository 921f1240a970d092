/**
 * The local PostGIS as the reference the kernel's figures are checked against (the same server the
 * store tests use). Tests that need it are skipped, loudly, when it is unreachable — except under
 * CI=true, where test/global-setup.ts makes it mandatory.
 */
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The same server and database as test/test-database-url.ts; repeated here because this folder is part
 * of the compiled sources, which may not import from test/.
 */
const TEST_DATABASE_URL = process.env.LANTU_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** test/global-setup.ts provides whether PostgreSQL is usable (typed in test/stores.ts, not part of the build). */
export const postgisUsable = () => (inject as unknown as (key: string) => { usable: boolean })('postgres').usable;

/** Run `work` with a connected client, closing it afterwards. */
export async function withPostgis<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
