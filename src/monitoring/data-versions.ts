/**
 * Which data a computed value was read from, and whether that data has changed since. A formula
 * records each input as it reads it: a registered layer by code and `updated_at`, the population table
 * by year with a fingerprint (row count and sum — the table has no version stamp of its own). A value
 * is stale when any of its inputs is no longer what it was: the layer was re-imported (newer
 * `updated_at`) or removed, or the year's population changed.
 *
 * `markStaleValues(store)` checks every value not yet stale — once per distinct input set, not per row
 * — and is called after imports and before each monitoring run; reads check the rows they return
 * (`refreshStaleness`), so a value is never shown as fresh after its inputs changed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { readJson, writeJson, type Store } from '../store/store.js';

export type DataVersion =
  { kind: 'layer'; code: string; updatedAt: string } | { kind: 'population'; year: number; fingerprint: string };

export interface DataState {
  layers: Map<string, string>;
  population: Map<number, string>;
}

export async function currentDataState(db: Kysely<Database>): Promise<DataState> {
  const layers = await db.selectFrom('layer').select(['code', 'updated_at']).execute();
  const population = await db
    .selectFrom('population')
    .select(['year', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('resident').as('total')])
    .groupBy('year')
    .execute();
  return {
    layers: new Map(layers.map((l) => [l.code, l.updated_at])),
    population: new Map(population.map((p) => [p.year, populationFingerprint(Number(p.n), Number(p.total))])),
  };
}

export function populationFingerprint(rows: number, total: number): string {
  return `rows=${rows};resident=${total}`;
}

export function isStale(versions: readonly DataVersion[] | null, state: DataState): boolean {
  if (!versions) return false;
  return versions.some((v) =>
    v.kind === 'layer' ? state.layers.get(v.code) !== v.updatedAt : state.population.get(v.year) !== v.fingerprint,
  );
}

/** Flag every value whose inputs changed since it was computed; returns how many were flagged. */
export async function markStaleValues(store: Store): Promise<number> {
  const state = await currentDataState(store.db);
  const sets = await store.db
    .selectFrom('indicator_value')
    .select('data_versions')
    .distinct()
    .where('stale', '=', 0)
    .where('data_versions', 'is not', null)
    .execute();
  let flagged = 0;
  for (const { data_versions: raw } of sets) {
    if (!isStale(readJson<DataVersion[]>(raw), state)) continue;
    // SQLite keeps the JSON text as written, PostgreSQL compares jsonb by value: either way the stored
    // form written back as text selects exactly the rows of this input set.
    const text = typeof raw === 'string' ? raw : writeJson(raw)!;
    const result = await store.db
      .updateTable('indicator_value')
      .set({ stale: 1 })
      .where('stale', '=', 0)
      .where(sql<boolean>`${sql.ref('data_versions')} = ${text}`)
      .executeTakeFirst();
    flagged += Number(result.numUpdatedRows);
  }
  return flagged;
}

/** Check rows about to be shown; flag (and return as stale) those whose inputs changed. */
export async function refreshStaleness<T extends { id: number; stale: number; data_versions: unknown }>(
  db: Kysely<Database>,
  rows: T[],
): Promise<T[]> {
  const fresh = rows.filter((r) => r.stale === 0 && r.data_versions !== null);
  if (!fresh.length) return rows;
  const state = await currentDataState(db);
  const ids = fresh.filter((r) => isStale(readJson<DataVersion[]>(r.data_versions), state)).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('indicator_value')
      .set({ stale: 1 })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  const flagged = new Set(ids);
  return rows.map((r) => (flagged.has(r.id) ? { ...r, stale: 1 } : r));
}
