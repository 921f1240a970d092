/**
 * Once per test run: is PostgreSQL with PostGIS usable for the store tests? Under CI=true it must be;
 * locally its absence skips the PostgreSQL half of every store suite, and says so.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEST_DATABASE_URL } from './test-database-url.js';

export default async function setup(project: TestProject) {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  let reason: string | null = null;
  try {
    await client.connect();
    await client.query('create extension if not exists postgis');
  } catch (error) {
    reason = (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason && process.env.CI === 'true') {
    throw new Error(
      `CI=true: PostgreSQL with PostGIS is required for the store tests, but ${TEST_DATABASE_URL} is unusable: ${reason}`,
    );
  }
  if (reason) {
    console.warn(`\n[lantu] PostgreSQL store tests SKIPPED — ${TEST_DATABASE_URL} unusable: ${reason}\n`);
  }
  project.provide('postgres', { usable: reason === null, reason });
}
