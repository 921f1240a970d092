/**
 * A reader's region cut that cuts nothing is no cut. A city planner reading an internal layer of their
 * own city is cut to the city's region prefix; when every feature of the layer lies in that region,
 * their tiles and overview are the whole layer's — the same bytes a loader prepared ahead
 * (tile-prepare.ts) and the same cache entries every such reader shares. Without this, each region
 * would build its own copy of a million-patch overview on its first low-zoom tile.
 *
 * Whether the cut removes anything is one count over the layer's (layer_id, region_code) index, once
 * per layer version and region prefix per process (~0.1 s for a million features).
 */
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { looseDb, type LayerAccess } from './layer-access.js';

const known = new WeakMap<Store, Map<string, Promise<boolean>>>();

/** The access with its region cut dropped when the cut leaves out none of the layer's features. */
export async function tileAccess(store: Store, access: LayerAccess): Promise<LayerAccess> {
  const { layer, spec, regionPrefix } = access;
  if (regionPrefix === null || spec.layerColumn === null) return access;
  let byKey = known.get(store);
  if (!byKey) known.set(store, (byKey = new Map()));
  const key = `${layer.id}|${layer.updated_at}|${layer.feature_count}|${regionPrefix}`;
  let whole = byKey.get(key);
  if (!whole) {
    whole = cutKeepsAll(store, access);
    // A failed count is not kept: the next request asks again.
    whole.catch(() => byKey.delete(key));
    byKey.set(key, whole);
  }
  return (await whole) ? { ...access, regionPrefix: null } : access;
}

async function cutKeepsAll(store: Store, { layer, regionPrefix }: LayerAccess): Promise<boolean> {
  const { rows } = await sql<{ outside: number | string }>`
    select count(*) as outside from ${sql.table(layer.feature_table)}
    where layer_id = ${layer.id} and (region_code is null or region_code not like ${`${regionPrefix}%`})`.execute(
    looseDb(store),
  );
  return Number(rows[0]?.outside ?? 1) === 0;
}
