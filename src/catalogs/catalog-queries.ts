/**
 * Typed reads of the reference catalogs for the rest of the product (db first, reads like SQL).
 * Results are sorted by code in JavaScript, so the order never depends on a database collation.
 *
 * @example
 * await getClass(db, 'ydyh2023', '1207');             // { name: '城镇村道路用地', level: 2, parent_code: '12', … }
 * await listClasses(db, 'ydyh2023', { parent: '07' }); // 0701 … 0704
 * await crosswalk(db, 'sandiao', '0204', 'ydyh2023');  // 0204 油料园地 / 0205 其他园地, needs_split: true
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/database.js';
import { readJson } from '../store/store.js';
import type { Classification, LanduseClassTable } from './catalog-tables.js';

/** One class; `properties` holds the source table's extra columns (see LanduseClassTable). */
export type LanduseClass = Omit<Selectable<LanduseClassTable>, 'properties'> & {
  properties: Record<string, string> | null;
};

export interface ClassFilter {
  /** Only classes of this level (1–3). */
  level?: number;
  /** Only the direct children of this code. */
  parent?: string;
}

/** One candidate target of a crosswalk, with the target class's name and level. */
export interface CrosswalkCandidate {
  code: string;
  name: string;
  level: number;
  /** True when the from-code has several candidates: each polygon must be assigned by hand. */
  needs_split: boolean;
  note: string | null;
  verification: string;
  source: string;
}

export async function listClasses(
  db: Kysely<Database>,
  classification: Classification,
  filter: ClassFilter = {},
): Promise<LanduseClass[]> {
  let query = db.selectFrom('landuse_class').selectAll().where('classification', '=', classification);
  if (filter.level !== undefined) query = query.where('level', '=', filter.level);
  if (filter.parent !== undefined) query = query.where('parent_code', '=', filter.parent);
  const rows = await query.execute();
  return rows.map(toClass).sort(byCode);
}

export async function getClass(
  db: Kysely<Database>,
  classification: Classification,
  code: string,
): Promise<LanduseClass | null> {
  const row = await db
    .selectFrom('landuse_class')
    .selectAll()
    .where('classification', '=', classification)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? toClass(row) : null;
}

/**
 * The candidates for `code` of `from` in classification `to`, from the recorded crosswalk of that pair
 * (no chaining through a third classification). Empty when nothing is recorded — an unknown code, a
 * code with no counterpart (e.g. CZCSXM values), or a pair without a crosswalk file.
 */
export async function crosswalk(
  db: Kysely<Database>,
  from: Classification,
  code: string,
  to: Classification,
): Promise<CrosswalkCandidate[]> {
  const rows = await db
    .selectFrom('landuse_crosswalk as x')
    .innerJoin('landuse_class as c', (join) =>
      join.onRef('c.classification', '=', 'x.to_classification').onRef('c.code', '=', 'x.to_code'),
    )
    .select(['x.to_code as code', 'c.name', 'c.level', 'x.needs_split', 'x.note', 'x.verification', 'x.source'])
    .where('x.from_classification', '=', from)
    .where('x.from_code', '=', code)
    .where('x.to_classification', '=', to)
    .execute();
  return rows.map((r) => ({ ...r, needs_split: r.needs_split === 1 })).sort(byCode);
}

function toClass(row: Selectable<LanduseClassTable>): LanduseClass {
  return { ...row, properties: readJson<Record<string, string>>(row.properties) };
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
