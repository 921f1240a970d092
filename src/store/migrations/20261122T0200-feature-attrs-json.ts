/**
 * The source attributes of features (`attrs` of the feature tables, the zones and generic features)
 * become `json` on PostgreSQL instead of `jsonb` (decision 0002, "Load speed", 2026-11-22).
 *
 * jsonb parses each document into its binary form, sorting and de-duplicating keys; json checks the
 * text and keeps it. Measured with a server-side binary COPY of 300k land-survey patches (25 source
 * fields each): 3.6–4.4 s into jsonb, 2.2–2.4 s into json — the parse was the largest part of a load's
 * database time. Nothing queries inside these attributes in SQL (they are read whole, for identify,
 * OGC items and exports), so jsonb's operators and indexes buy nothing here; and json keeps the
 * source's field order, as the GeoPackage's text does. Other JSON columns stay jsonb. No-op on SQLite,
 * where JSON is text. Frozen once shipped.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

const TABLES = [
  'zone',
  'control_line',
  'planning_zone',
  'planned_land_use',
  'land_survey',
  'road',
  'facility',
  'generic_feature',
];

export async function up(db: Db, kind: StoreKind): Promise<void> {
  if (kind !== 'postgres') return;
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} alter column attrs type json using attrs::json`.execute(db);
  }
}
