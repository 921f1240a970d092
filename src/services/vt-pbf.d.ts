/** The part of vt-pbf (no published types) Lantu uses: encoding a vector-tile-js-shaped tile. */
declare module 'vt-pbf' {
  export interface VtPoint {
    x: number;
    y: number;
  }
  export interface VtFeature {
    id?: number;
    type: number;
    properties: Record<string, string | number | boolean | null>;
    loadGeometry(): VtPoint[][];
  }
  export interface VtLayer {
    version: number;
    name: string;
    extent: number;
    length: number;
    feature(i: number): VtFeature;
  }
  export function fromVectorTileJs(tile: { layers: Record<string, VtLayer> }): Uint8Array;
}
