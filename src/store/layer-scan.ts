/**
 * Reading one layer of a feature table page by page in feature-id order (keyset paging) with every page
 * a range scan of the primary key — on both stores.
 *
 * A plain `where layer_id = ? and fid > ? order by fid limit n` lets SQLite's planner take the
 * (layer_id, region_code) index and then sort every matching row — geometries included — in a temporary
 * B-tree for each page: on the million-patch demo, a minute to read 86,000 residential patches. So the
 * scan is bounded by the layer's first and last fid (two index lookups), and the layer test is written
 * `+layer_id = ?`: the unary plus makes it an expression no index serves (SQLite's documented way to
 * steer its planner; PostgreSQL reads it the same way), leaving the primary key as the only path.
 * A layer's features are loaded together, so its fids are one dense range and the scan reads little else.
 *
 *   const range = await layerFidRange(store, 'road', layerId); // { first, last } or null when empty
 *   …where(onLayer(layerId)).where('fid', '>', after).where('fid', '<=', range.last).orderBy('fid')
 */
import { sql } from 'kysely';
import type { FeatureTableName } from '../onemap/onemap-tables.js';
import type { Store } from './store.js';

export async function layerFidRange(
  store: Store,
  table: FeatureTableName,
  layerId: number,
): Promise<{ first: number; last: number } | null> {
  const row = await store.db
    .selectFrom(table as 'road')
    .select((eb) => [eb.fn.min<number>('fid').as('first'), eb.fn.max<number>('fid').as('last')])
    .where('layer_id', '=', layerId)
    .executeTakeFirst();
  return row && row.first !== null && row.last !== null ? { first: Number(row.first), last: Number(row.last) } : null;
}

/** `+layer_id = id`: the layer condition that leaves the primary key to the planner. */
export const onLayer = (layerId: number) => sql<boolean>`+${sql.ref('layer_id')} = ${layerId}`;
