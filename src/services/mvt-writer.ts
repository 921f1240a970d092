/**
 * Encode cut features as one MVT layer (vector-tile-spec 2.1) with vt-pbf. vt-pbf takes the shape of
 * a decoded vector-tile-js tile; features here carry flat grid coordinates and build the point lists
 * it reads only while it writes them.
 */
import { fromVectorTileJs, type VtFeature, type VtPoint } from 'vt-pbf';
import type { TileGeometry } from './tile-cutter.js';
import { TILE_EXTENT } from './tile-math.js';

export interface CutFeature {
  id: number;
  properties: Record<string, string | number | null>;
  geometry: TileGeometry;
}

export function encodeMvtLayer(name: string, features: CutFeature[]): Uint8Array {
  const layer = {
    version: 2,
    name,
    extent: TILE_EXTENT,
    length: features.length,
    feature: (i: number): VtFeature => {
      const f = features[i]!;
      return {
        id: f.id,
        type: f.geometry.type,
        properties: f.properties,
        loadGeometry: () => f.geometry.parts.map(toPoints),
      };
    },
  };
  return fromVectorTileJs({ layers: { [name]: layer } });
}

/** vt-pbf writes a polygon ring without its closing point but expects it in the list (MVT ClosePath). */
function toPoints(part: number[]): VtPoint[] {
  const points = new Array<VtPoint>(part.length / 2);
  for (let i = 0; i < points.length; i++) points[i] = { x: part[2 * i]!, y: part[2 * i + 1]! };
  return points;
}
