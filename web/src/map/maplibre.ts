/**
 * MapLibre for this application: the worker file bundled beside the code (the library looks for its
 * worker next to its own module, which a bundle moves), and a plain background instead of an internet
 * basemap — the map shows our own layers only, and no fonts or glyphs are fetched.
 */
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };

export const BACKGROUND = '#eef1f4';

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
  };
}

/** China, for the moment before a layer's extent is known. */
export const CHINA_BOUNDS: [number, number, number, number] = [73.5, 18, 135, 53.6];
