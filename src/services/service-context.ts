/** What the layer services share per store: the store, its tile backend, layer stats and the tile cache. */
import type { Store } from '../store/store.js';
import type { LayerAccess } from './layer-access.js';
import { layerStatsCache, type LayerStats } from './layer-stats.js';
import { tileBackendFor, type TileBackend } from './tile-backend.js';
import { TileCache, tileCacheBytesFromEnv } from './tile-cache.js';

export interface ServiceContext {
  store: Store;
  backend: TileBackend;
  stats: (access: LayerAccess) => Promise<LayerStats>;
  tiles: TileCache;
}

export function createServiceContext(store: Store, tileCacheBytes = tileCacheBytesFromEnv()): ServiceContext {
  const backend = tileBackendFor(store);
  return { store, backend, stats: layerStatsCache(backend), tiles: new TileCache(tileCacheBytes) };
}
