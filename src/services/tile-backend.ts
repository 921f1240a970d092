/**
 * Where the two stores differ for layer services, behind one small interface: finding a tile's rows
 * (GiST index on PostgreSQL, R*Tree on the GeoPackage; both then cut by tile-features.ts), the extent
 * of a layer (ST_Extent vs the R*Tree's boxes) and the per-cell sums an overview is built from.
 * Everything else — permission, cache, overviews, HTTP, OGC API — is one code path over Kysely.
 */
import type { BBox, Store } from '../store/store.js';
import type { LayerAccess } from './layer-access.js';
import type { BaseCell } from './tile-overview.js';
import { postgisTileBackend } from './tile-backend-postgis.js';
import { sqliteTileBackend } from './tile-backend-sqlite.js';
import type { TileCoord } from './tile-math.js';

export interface TileQuery {
  access: LayerAccess;
  tile: TileCoord;
  /** The tile's bounds widened by its buffer, EPSG:4490 degrees. */
  bounds: BBox;
  /**
   * Leave out features whose bounding box is narrower than dLon and lower than dLat (degrees); null to
   * keep every feature (points have no size).
   */
  minSize: { dLon: number; dLat: number } | null;
}

export interface TileBackend {
  /** The tile as MVT bytes — one layer, named by the layer code — or null when no feature is in it. */
  renderTile(query: TileQuery): Promise<Uint8Array | null>;
  /** Bounding box of all of a layer's features (EPSG:4490 degrees); null when it has none. */
  layerExtent(access: LayerAccess): Promise<BBox | null>;
  /**
   * The layer's features (cut to the reader's region) summed per cell of the Web Mercator grid at
   * `level` — the cell under the centre of each feature's box — and per class group: the first two
   * characters of `classColumn` ('' without one). Area is planar in square degrees.
   */
  overviewCells(access: LayerAccess, level: number, classColumn: string | null): Promise<BaseCell[]>;
}

export function tileBackendFor(store: Store): TileBackend {
  return store.kind === 'postgres' ? postgisTileBackend(store) : sqliteTileBackend(store);
}
