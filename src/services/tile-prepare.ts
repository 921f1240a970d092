/**
 * What a loader does for the tiles of the layers it just wrote: build the stored overview of every
 * layer too dense to cut at low zooms (tile-overview.ts), for the whole layer — the view every reader
 * whose region holds the layer shares (tile-scope.ts). Without it the first map opened after a load
 * waits for the build (15 s on the GeoPackage for a million patches) behind its first low-zoom tile.
 *
 *   await prepareLayerTiles(store, [layerId]); // after an import
 *   await prepareLayerTiles(store);            // every layer, after the demo city's load
 */
import type { Store } from '../store/store.js';
import { tableSpec } from './feature-columns.js';
import type { LayerAccess } from './layer-access.js';
import { layerStatsCache } from './layer-stats.js';
import type { OverviewFeatures } from './overview-cells.js';
import { tileBackendFor } from './tile-backend.js';
import { ensureOverview, overviewMinZoom } from './tile-overview.js';

export interface PreparedLayer {
  code: string;
  /** Whether the layer has an overview (it is dense enough to need one). */
  overview: boolean;
  seconds: number;
}

/**
 * Build the overviews of the given layers (all layers when none given); returns what was done per layer.
 * `measured`: layers whose features the writer measured as it wrote them (OverviewFeatures), whose
 * overviews are then summed from that instead of read back.
 */
export async function prepareLayerTiles(
  store: Store,
  layerIds?: readonly number[],
  measured?: ReadonlyMap<number, OverviewFeatures>,
): Promise<PreparedLayer[]> {
  if (layerIds?.length === 0) return [];
  let query = store.db.selectFrom('layer').selectAll().orderBy('id');
  if (layerIds) query = query.where('id', 'in', layerIds);
  const layers = await query.execute();
  const backend = tileBackendFor(store);
  const stats = layerStatsCache(backend);
  const out: PreparedLayer[] = [];
  for (const layer of layers) {
    const started = performance.now();
    const access: LayerAccess = { layer, spec: tableSpec(layer), regionPrefix: null };
    const s = await stats(access);
    const overview = overviewMinZoom(s) < s.minZoom;
    if (overview) await ensureOverview(store, backend, access, s, measured?.get(layer.id));
    out.push({ code: layer.code, overview, seconds: (performance.now() - started) / 1000 });
  }
  return out;
}
