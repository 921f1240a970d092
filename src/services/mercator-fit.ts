/**
 * Web Mercator for one tile as an affine map, where that is exact enough. Over a tile, x = R·λ is
 * linear in longitude; y = R·ln tan(π/4 + φ/2) is not, but over the few hundredths of a degree of a
 * tile at z ≥ 11 its best straight line (the minimax line: the secant moved by half its largest gap
 * to the curve) errs by under half a grid cell — less than the rounding to the 4096 grid that follows.
 * PostGIS's ST_Affine then replaces ST_Transform: ~4 µs a feature instead of ~10, and no PROJ set-up,
 * which costs each new database connection ~0.5 s on its first ST_Transform (measured; decision 0011).
 *
 * Largest error of the line, in grid cells: π·sin φ·512 / 2^z (from y'' = sec φ tan φ over the tile's
 * span) — 0.42 at z11 and 0.21 at z12 at 31.8° N; the fit is refused (null) when it would reach ½.
 */
import type { BBox } from '../store/store.js';
import { TILE_EXTENT } from './tile-math.js';

const R = 6378137;
const RAD = Math.PI / 180;

/** Mercator y, metres, of a latitude in degrees. */
const mercatorY = (lat: number) => R * Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2));

export interface MercatorFit {
  /** x = xScale · lon (metres per degree of longitude). */
  xScale: number;
  /** y = yScale · lat + yOffset. */
  yScale: number;
  yOffset: number;
  /** Largest error of the fitted y over the latitudes fitted, in grid cells of the tile. */
  errorCells: number;
}

/** The affine Mercator over `bounds` (a tile's buffered box) at zoom z; null when not within ½ cell. */
export function mercatorFit(z: number, bounds: BBox): MercatorFit | null {
  const [, lo, , hi] = bounds;
  if (hi <= lo) return null;
  const slope = (mercatorY(hi) - mercatorY(lo)) / (hi - lo);
  const secant = (lat: number) => mercatorY(lo) + slope * (lat - lo);
  // Where the curve runs parallel to the secant: dy/dlat = R·RAD·sec φ = slope.
  const cos = Math.min(1, (R * RAD) / slope);
  const tangentLat = (Math.sign(lo + hi) || 1) * (Math.acos(cos) / RAD);
  const at = Math.min(hi, Math.max(lo, tangentLat));
  const gap = secant(at) - mercatorY(at);
  const cellsPerMetre = (TILE_EXTENT * 2 ** z) / (2 * Math.PI * R);
  const errorCells = (Math.abs(gap) / 2) * cellsPerMetre;
  if (errorCells >= 0.5) return null;
  return { xScale: R * RAD, yScale: slope, yOffset: mercatorY(lo) - slope * lo - gap / 2, errorCells };
}

export { mercatorY };
