/**
 * Bring the catalog tables in line with data/catalogs/. Called by `migrate()` after every run, so it is
 * idempotent and cheap when nothing changed.
 *
 * The files are read and checked in full first (`readCatalogs`); a broken file throws `catalog_invalid`
 * before anything is written. Then, in one transaction, the stored rows are read and compared with the
 * files: equal → nothing is written (no churn in the WAL or dead tuples on every start); different →
 * both tables are emptied and refilled, all or nothing. About 1,100 rows: the comparison and the
 * rewrite each take milliseconds (measured in docs/decisions/0004-reference-catalogs.md).
 *
 * Inserts use ON CONFLICT DO NOTHING: when two processes migrate one PostgreSQL database at once, the
 * second one's DELETE cannot see the rows the first committed meanwhile, and would otherwise fail on
 * the primary key; both load the same files, so keeping the first one's rows is the right outcome.
 *
 * @example
 * await loadCatalogs(store);                  // the shipped catalogs
 * await loadCatalogs(store, '/tmp/fixtures'); // tests: another folder laid out the same way
 */
import type { Transaction } from 'kysely';
import type { Database } from '../store/database.js';
import { readJson, writeJson, type Store } from '../store/store.js';
import { readCatalogs, type CatalogClass, type CatalogCrosswalk, type Catalogs } from './read-catalogs.js';

const CHUNK = 200;

export async function loadCatalogs(store: Store, dir?: string): Promise<void> {
  const catalogs = await readCatalogs(dir);
  await store.db.transaction().execute(async (trx) => {
    if (await isCurrent(trx, catalogs)) return;
    await trx.deleteFrom('landuse_crosswalk').execute();
    await trx.deleteFrom('landuse_class').execute();
    for (const rows of chunks(catalogs.classes)) {
      await trx
        .insertInto('landuse_class')
        .values(rows.map((r) => ({ ...r, properties: writeJson(r.properties) })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const rows of chunks(catalogs.crosswalks)) {
      await trx
        .insertInto('landuse_crosswalk')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
}

/** Do the stored rows equal the files' rows, as sets? */
async function isCurrent(trx: Transaction<Database>, catalogs: Catalogs): Promise<boolean> {
  const classes = await trx.selectFrom('landuse_class').selectAll().execute();
  const crosswalks = await trx.selectFrom('landuse_crosswalk').selectAll().execute();
  if (classes.length !== catalogs.classes.length || crosswalks.length !== catalogs.crosswalks.length) return false;
  const stored = [
    ...classes.map((r) => classKey({ ...r, properties: readJson<Record<string, string>>(r.properties) })),
    ...crosswalks.map(crosswalkKey),
  ].sort();
  const wanted = [...catalogs.classes.map(classKey), ...catalogs.crosswalks.map(crosswalkKey)].sort();
  return stored.every((key, i) => key === wanted[i]);
}

function classKey(r: CatalogClass): string {
  const properties = r.properties ? Object.entries(r.properties).sort(([a], [b]) => (a < b ? -1 : 1)) : null;
  return JSON.stringify([
    'class',
    r.classification,
    r.code,
    r.level,
    r.name,
    r.name_en,
    r.parent_code,
    properties,
    r.verification,
    r.source,
  ]);
}

function crosswalkKey(r: Omit<CatalogCrosswalk, 'needs_split'> & { needs_split: number }): string {
  return JSON.stringify([
    'crosswalk',
    r.from_classification,
    r.from_code,
    r.to_classification,
    r.to_code,
    r.needs_split,
    r.note,
    r.verification,
    r.source,
  ]);
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
}
