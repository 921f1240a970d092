/**
 * The features of one tile from rows of the GeoPackage: each row's WKB cut for the tile
 * (tile-cutter.ts), its tile columns as properties, its fid as the feature id; then one MVT layer.
 * PostgreSQL cuts its layer tiles with ST_AsMVT instead (tile-backend-postgis.ts; decision 0011).
 */
import type { LayerAccess } from './layer-access.js';
import { encodeMvtLayer, type CutFeature } from './mvt-writer.js';
import { cutWkb, TileProjection } from './tile-cutter.js';
import type { TileCoord } from './tile-math.js';

/** Where a row's WKB is: the bytes and the offset it starts at, or null when the row has none. */
export type WkbOf = (row: Record<string, unknown>) => { bytes: Uint8Array; offset: number } | null;

export function encodeTileRows(
  access: LayerAccess,
  tile: TileCoord,
  rows: Record<string, unknown>[],
  wkbOf: WkbOf,
): Uint8Array | null {
  const columns = access.spec.tileColumns;
  const projection = new TileProjection(tile);
  const features: CutFeature[] = [];
  for (const row of rows) {
    const wkb = wkbOf(row);
    if (!wkb) continue;
    const geometry = cutWkb(wkb.bytes, wkb.offset, projection);
    if (!geometry) continue;
    const properties: CutFeature['properties'] = {};
    for (const c of columns) properties[c] = (row[c] as string | null) ?? null;
    features.push({ id: Number(row.fid), properties, geometry });
  }
  return features.length ? encodeMvtLayer(access.layer.code, features) : null;
}
