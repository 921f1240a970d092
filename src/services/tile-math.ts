/**
 * The Web Mercator tile grid (XYZ, as MapLibre, OpenStreetMap and PostGIS ST_TileEnvelope number it):
 * tile bounds in degrees, the point → tile mapping, and how small a feature may be at a zoom before a
 * tile leaves it out. Formulas: OSM wiki "Slippy map tilenames"; EPSG:3857 is spherical Mercator on
 * R = 6378137 m.
 */
import type { BBox } from '../store/store.js';

/** MVT grid cells per tile side, on both stores (the MVT default, ST_AsMVT's and geojson-vt's). */
export const TILE_EXTENT = 4096;
/** Grid cells of geometry kept beyond each tile edge so strokes do not break at tile seams. */
export const TILE_BUFFER = 64;

/**
 * Lines and rings are simplified (Douglas–Peucker) to this many grid cells below SIMPLIFY_BELOW_ZOOM:
 * 8 cells are one pixel of a 512-px tile, as MapLibre draws them — invisible, yet it drops the
 * staircase vertices of cell-built boundaries that made a z10 tile of planning zones 1.4 MB.
 * Both stores use it (tile-cutter.ts; ST_Simplify in tile-backend-postgis.ts).
 */
export const SIMPLIFY_CELLS = 8;
export const SIMPLIFY_BELOW_ZOOM = 16;
/** Highest zoom served; beyond it a 4096 grid is finer than the data. */
export const MAX_TILE_ZOOM = 22;

export const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

const lonOf = (x: number, n: number) => (x / n) * 360 - 180;
const latOf = (y: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;

/**
 * The tile's bounds in degrees, widened by `buffer` grid cells on each side. Mercator keeps meridians
 * and parallels straight, so the box in degrees is exact, not an approximation of the tile.
 */
export function tileBounds({ z, x, y }: TileCoord, buffer = 0): BBox {
  const n = 2 ** z;
  const pad = buffer / TILE_EXTENT;
  const maxLat = 85.0511287798066;
  return [
    Math.max(-180, lonOf(x - pad, n)),
    Math.max(-maxLat, latOf(y + 1 + pad, n)),
    Math.min(180, lonOf(x + 1 + pad, n)),
    Math.min(maxLat, latOf(y - pad, n)),
  ];
}

/** The tile at zoom z holding a point (lon, lat in degrees). */
export function tileAt(lon: number, lat: number, z: number): TileCoord {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** Ground size, metres, of one 256-pixel-tile pixel at zoom z and latitude lat. */
export function metresPerPixel(z: number, lat: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / 256 / 2 ** z;
}

/**
 * The smallest feature, in grid cells, a tile carries: one pixel of a 256-pixel tile (two on MapLibre's
 * 512-pixel tiles). A feature whose bounding box is smaller in both directions would be drawn as a
 * speck at best; leaving it out is what keeps a tile of a dense layer at a zoom-out from carrying
 * every feature under it. (How dense a layer may be before its tiles are left empty altogether is
 * layer-stats.ts's rule.)
 */
export const MIN_FEATURE_CELLS = TILE_EXTENT / 256;

/**
 * The same bar in degrees, as a bounding box's width (longitude) and height (latitude) must reach at
 * least one of. A grid cell spans the same longitude everywhere in the tile; in latitude it shrinks by
 * cos(lat) — taken at the tile's centre, which within one tile differs by well under 1 %.
 */
export function minFeatureDegrees(tile: TileCoord): { dLon: number; dLat: number } {
  const cellLon = 360 / 2 ** tile.z / TILE_EXTENT;
  const [, minLat, , maxLat] = tileBounds(tile);
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  return { dLon: MIN_FEATURE_CELLS * cellLon, dLat: MIN_FEATURE_CELLS * cellLon * cos };
}

export function isValidTile({ z, x, y }: TileCoord): boolean {
  const n = 2 ** z;
  return Number.isInteger(z) && z >= 0 && z <= MAX_TILE_ZOOM && x >= 0 && x < n && y >= 0 && y < n;
}
