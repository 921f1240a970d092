import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore, type StoreContext } from '../../test/stores.js';
import { LantuError } from '../errors.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { loadCatalogs } from './load-catalogs.js';
import { CATALOG_DIR } from './read-catalogs.js';

/** Every catalog row in a store-independent form (properties parsed, sorted), to compare whole tables. */
async function snapshot(store: Store) {
  const classes = await store.db.selectFrom('landuse_class').selectAll().execute();
  const crosswalks = await store.db.selectFrom('landuse_crosswalk').selectAll().execute();
  const parse = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p);
  return [
    ...classes.map((r) => JSON.stringify({ ...r, properties: parse(r.properties) })),
    ...crosswalks.map((r) => JSON.stringify(r)),
  ].sort();
}

/** Classes per classification. */
async function classCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('landuse_class')
    .select((eb) => ['classification', eb.fn.countAll<number>().as('n')])
    .groupBy('classification')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.classification, Number(r.n)]));
}

/** Moves whenever catalog rows are written: SQLite's change counter, PostgreSQL's row versions (xmin). */
async function writeMark(ctx: StoreContext): Promise<string> {
  const query =
    ctx.kind === 'sqlite'
      ? sql<{ mark: string }>`select cast(total_changes() as text) as mark`
      : sql<{ mark: string }>`select string_agg(distinct xmin::text, ',') as mark from landuse_class`;
  return (await query.execute(ctx.store.db)).rows[0]!.mark;
}

describeEachStore('catalog loading', (ctx) => {
  it('migrate leaves every classification and crosswalk loaded', async () => {
    expect(await classCounts(ctx.store)).toEqual({
      ydyh2023: 175,
      ydyh2020: 169,
      sandiao: 81,
      czcsxm: 8,
      gbt21010: 85,
    });
    const pairs = await ctx.store.db
      .selectFrom('landuse_crosswalk')
      .select((eb) => ['from_classification', 'to_classification', eb.fn.countAll<number>().as('n')])
      .groupBy(['from_classification', 'to_classification'])
      .execute();
    expect(
      Object.fromEntries(pairs.map((p) => [`${p.from_classification}→${p.to_classification}`, Number(p.n)])),
    ).toEqual({ 'sandiao→ydyh2023': 103, 'sandiao→ydyh2020': 105, 'ydyh2020→ydyh2023': 175 });
  });

  it('is idempotent: loading again, or migrating again, leaves identical rows', async () => {
    const before = await snapshot(ctx.store);
    await loadCatalogs(ctx.store);
    expect(await snapshot(ctx.store)).toEqual(before);
    await migrate(ctx.store);
    expect(await snapshot(ctx.store)).toEqual(before);
  });

  it('writes nothing when the store already matches the files', async () => {
    const mark = await writeMark(ctx);
    await loadCatalogs(ctx.store);
    expect(await writeMark(ctx)).toBe(mark);
    // …and the probe does see a rewrite: one crosswalk row gone makes the loader rewrite both tables.
    await ctx.store.db.deleteFrom('landuse_crosswalk').where('from_code', '=', '0204').execute();
    const beforeRewrite = await writeMark(ctx);
    await loadCatalogs(ctx.store);
    expect(await writeMark(ctx)).not.toBe(beforeRewrite);
  });

  it('puts back rows that were changed, added or removed in the store', async () => {
    const before = await snapshot(ctx.store);
    await ctx.store.db
      .updateTable('landuse_class')
      .set({ name: '改过的名称' })
      .where('classification', '=', 'ydyh2023')
      .where('code', '=', '0101')
      .execute();
    await ctx.store.db.deleteFrom('landuse_crosswalk').where('from_code', '=', '0204').execute();
    await loadCatalogs(ctx.store);
    expect(await snapshot(ctx.store)).toEqual(before);
  });

  it('writes nothing when a catalog file is broken', async () => {
    const before = await snapshot(ctx.store);
    const dir = path.join(ctx.dir, 'broken-catalogs');
    fs.cpSync(CATALOG_DIR, dir, { recursive: true });
    const file = path.join(dir, 'crosswalk-sandiao-ydyh2023.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('0101,水田,0101,水田', '0101,水田,0109,水田'));
    fs.writeFileSync(path.join(dir, 'gbt21010.csv'), 'code,level,name,parent_code,verification,source\n');
    const error = await loadCatalogs(ctx.store, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LantuError);
    expect((error as LantuError).code).toBe('catalog_invalid');
    expect((error as LantuError).location).toMatchObject({ field: 'to_code' });
    expect(await snapshot(ctx.store)).toEqual(before);
  });

  it('replaces the whole catalog with another folder, then back', async () => {
    const before = await snapshot(ctx.store);
    const dir = path.join(ctx.dir, 'smaller-catalogs');
    fs.cpSync(CATALOG_DIR, dir, { recursive: true });
    const czcsxm = path.join(dir, 'czcsxm.csv');
    fs.writeFileSync(czcsxm, fs.readFileSync(czcsxm, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    await loadCatalogs(ctx.store, dir);
    expect((await classCounts(ctx.store)).czcsxm).toBe(2);
    await loadCatalogs(ctx.store);
    expect(await snapshot(ctx.store)).toEqual(before);
  });
});
