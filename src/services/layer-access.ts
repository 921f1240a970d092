/**
 * One rule for who reads which layer's features, shared by tiles, OGC API – Features and identify: the
 * layer registry's rule (onemap/layers.ts getLayer: public layers for anyone; internal ones need
 * `layer.read_internal` and a region in the reader's line), and, for internal layers, features cut to
 * the reader's region subtree — the same cut as /api/layers/:code/features.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { LantuError } from '../errors.js';
import { getLayer } from '../onemap/layers.js';
import type { Layer } from '../onemap/onemap-tables.js';
import type { Store } from '../store/store.js';
import { tableSpec, type TableSpec } from './feature-columns.js';

export interface LayerAccess {
  layer: Layer;
  spec: TableSpec;
  /** Region prefix the reader's features are cut to; null when they see the whole layer. */
  regionPrefix: string | null;
}

/**
 * The layer, if this reader may read it. An anonymous reader refused an internal layer gets 401 (sign
 * in and try again), a signed-in one 403; an unknown code is 404. All in the platform's error shape.
 */
export async function readableLayer(store: Store, viewer: Principal, code: string): Promise<LayerAccess> {
  let layer: Layer;
  try {
    layer = await getLayer(store, viewer, code);
  } catch (error) {
    if (error instanceof LantuError && error.status === 403 && viewer.userId === null) {
      throw new LantuError(
        'not_signed_in',
        401,
        `图层 ${code} 不公开，请先登录`,
        `layer ${code} is not public; please sign in`,
      );
    }
    throw error;
  }
  const regionPrefix = layer.is_public !== 1 && viewer.regionCode ? viewer.regionCode : null;
  return { layer, spec: tableSpec(layer), regionPrefix };
}

/** A string naming what this reader sees of the layer, for cache keys and ETags. */
export const scopeKey = (access: LayerAccess) => access.regionPrefix ?? '*';

/** Feature tables have different typed columns; the services address them by name, so loosely typed. */
export type FeatureRow = Record<string, unknown>;
export type LooseDb = Record<string, FeatureRow>;

/**
 * SELECT … FROM the layer's table, limited to its rows and the reader's region; no columns chosen yet.
 * With `spatial`, the caller adds a bbox condition and the layer test is written `+layer_id`: the unary
 * plus keeps a planner from using the (layer_id, region_code) index (sqlite.org/optoverview.html §
 * "Disqualifying WHERE clause terms using unary +"), so it starts from the spatial index. SQLite without
 * ANALYZE statistics otherwise walks every index entry of the layer — 1M entries for a 10-row bbox.
 */
export function layerRows(
  db: Kysely<LooseDb>,
  { layer, spec, regionPrefix }: LayerAccess,
  { spatial = false } = {},
): SelectQueryBuilder<LooseDb, string, object> {
  let query = db.selectFrom(layer.feature_table) as SelectQueryBuilder<LooseDb, string, object>;
  if (spec.layerColumn) {
    const column = spatial ? sql<number>`+${sql.ref(spec.layerColumn)}` : sql.ref<number>(spec.layerColumn);
    query = query.where(column, '=', layer.id);
  }
  if (regionPrefix) query = query.where('region_code', 'like', `${regionPrefix}%`);
  return query;
}

export const looseDb = (store: Store) => store.db as unknown as Kysely<LooseDb>;
