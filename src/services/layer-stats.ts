/**
 * What the services need to know about a whole layer: its extent (TileJSON bounds, OGC collection
 * extent) and the lowest zoom its tiles are cut at. Computed once per layer version — the key holds
 * the layer's `updated_at` and feature count, so an edit by any process makes it stale everywhere —
 * and kept in process (a few numbers per layer; never the features).
 */
import type { Layer } from '../onemap/onemap-tables.js';
import type { BBox } from '../store/store.js';
import type { LayerAccess } from './layer-access.js';
import type { TileBackend } from './tile-backend.js';
import { MAX_TILE_ZOOM } from './tile-math.js';

/**
 * Features a full tile may be expected to hold before the layer is not served at that zoom. 5,000
 * land-survey polygons make an MVT of ~220 KB (Mapbox advises tiles under 500 KB); a 1080p screen shows
 * 8–15 512-pixel tiles, so a view stays near 3 MB; and at 10–25 µs a feature in ST_AsMVT (measured,
 * decision 0011) a tile is cut in 50–125 ms. A million-patch layer is served from z14 (~1:35,000),
 * where real land-survey maps start drawing patches too.
 */
export const TILE_FEATURE_BUDGET = 5_000;

export interface LayerStats {
  /** EPSG:4490 degrees; null for a layer without features. */
  extent: BBox | null;
  /** The lowest zoom with tiles; below it the layer is too dense to draw and its tiles are empty. */
  minZoom: number;
}

const versionKey = (layer: Layer) => `${layer.updated_at}|${layer.feature_count}`;

/** Stats of the layers of one store, each computed once per layer version. */
export function layerStatsCache(backend: TileBackend): (access: LayerAccess) => Promise<LayerStats> {
  const cache = new Map<number, { key: string; stats: Promise<LayerStats> }>();
  return (access) => {
    const { layer } = access;
    const key = versionKey(layer);
    const hit = cache.get(layer.id);
    if (hit && hit.key === key) return hit.stats;
    const stats = backend.layerExtent(access).then((extent) => ({
      extent,
      minZoom: minZoomFor(extent, layer.feature_count),
    }));
    // A failed computation is not kept: the next request tries again.
    stats.catch(() => cache.delete(layer.id));
    cache.set(layer.id, { key, stats });
    return stats;
  };
}

/**
 * The lowest zoom at which a tile is expected to hold at most TILE_FEATURE_BUDGET features, assuming
 * the features spread evenly over the extent (a tile's share of the extent's area, in Mercator terms
 * at the extent's middle latitude).
 */
export function minZoomFor(extent: BBox | null, featureCount: number): number {
  if (!extent || featureCount <= TILE_FEATURE_BUDGET) return 0;
  const [minX, minY, maxX, maxY] = extent;
  const cos = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const area = (maxX - minX) * (maxY - minY);
  for (let z = 0; z <= MAX_TILE_ZOOM; z++) {
    const side = 360 / 2 ** z;
    const share = area > 0 ? Math.min(1, (side * side * cos) / area) : 1;
    if (featureCount * share <= TILE_FEATURE_BUDGET) return z;
  }
  return MAX_TILE_ZOOM;
}
