/**
 * Write the contents of one indicator-system version — indicators, mappings, default rules — from the
 * files (the loader) or from another version (a new draft copies the active one). Chunked inserts: a
 * version holds about 160 indicators, 40 mappings and a handful of rules.
 */
import type { Insertable, Kysely } from 'kysely';
import { SYSTEM } from '../auth/principal.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { IndicatorCatalog } from './read-indicator-catalog.js';
import type { IndicatorMappingTable, IndicatorTable, WarningRuleTable } from './monitoring-tables.js';

const CHUNK = 100;

export interface VersionContents {
  indicators: Omit<Insertable<IndicatorTable>, 'system_id' | 'id'>[];
  mappings: Omit<Insertable<IndicatorMappingTable>, 'system_id' | 'id'>[];
  rules: Omit<Insertable<WarningRuleTable>, 'system_id' | 'id'>[];
}

export async function insertVersionContents(
  db: Kysely<Database>,
  systemId: number,
  contents: VersionContents | IndicatorCatalog,
): Promise<void> {
  const rows = 'fingerprint' in contents ? fromCatalog(contents) : contents;
  for (let i = 0; i < rows.indicators.length; i += CHUNK)
    await db
      .insertInto('indicator')
      .values(rows.indicators.slice(i, i + CHUNK).map((r) => ({ ...r, system_id: systemId })))
      .execute();
  for (let i = 0; i < rows.mappings.length; i += CHUNK)
    await db
      .insertInto('indicator_mapping')
      .values(rows.mappings.slice(i, i + CHUNK).map((r) => ({ ...r, system_id: systemId })))
      .execute();
  for (let i = 0; i < rows.rules.length; i += CHUNK)
    await db
      .insertInto('warning_rule')
      .values(rows.rules.slice(i, i + CHUNK).map((r) => ({ ...r, system_id: systemId })))
      .execute();
}

/** The rows of a stored version, ready to be written under another version. */
export async function readVersionContents(db: Kysely<Database>, systemId: number): Promise<VersionContents> {
  const indicators = await db
    .selectFrom('indicator')
    .selectAll()
    .where('system_id', '=', systemId)
    .orderBy('id')
    .execute();
  const mappings = await db
    .selectFrom('indicator_mapping')
    .selectAll()
    .where('system_id', '=', systemId)
    .orderBy('id')
    .execute();
  const rules = await db
    .selectFrom('warning_rule')
    .selectAll()
    .where('system_id', '=', systemId)
    .orderBy('id')
    .execute();
  return {
    indicators: indicators.map(({ id: _id, system_id: _s, ...r }) => ({
      ...r,
      levels: writeJson(readJson(r.levels)),
      data_layers: writeJson(readJson(r.data_layers)),
    })),
    mappings: mappings.map(({ id: _id, system_id: _s, ...r }) => r),
    rules: rules.map(({ id: _id, system_id: _s, ...r }) => ({
      ...r,
      params: writeJson(readJson(r.params)),
    })),
  };
}

function fromCatalog(catalog: IndicatorCatalog): VersionContents {
  const now = nowIso();
  return {
    indicators: catalog.indicators.map((i) => ({
      ...i,
      levels: writeJson(i.levels),
      data_layers: writeJson(i.data_layers),
      retired: 0,
      successor_code: null,
    })),
    mappings: catalog.mappings,
    rules: catalog.rules.map((r) => ({
      ...r,
      params: writeJson(r.params),
      active: 1,
      created_at: now,
      created_by: SYSTEM.username,
    })),
  };
}
