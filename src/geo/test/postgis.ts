/**
 * The local PostGIS as the reference the kernel's figures are checked against (the same server the
 * store tests use). Tests that need it are skipped, loudly, when it is unreachable — except under
 * CI=true, where test/global-setup.ts makes it mandatory.
 */
import pg from 'pg';
import { inject } from 'vitest';
import { TEST_DATABASE_URL } from '../../../test/test-database-url.js';

export const postgisUsable = () => inject('postgres').usable;

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
