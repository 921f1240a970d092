/** GeoJSON drawn over the data layers: highlights, measurements, a parcel, conflict overlaps. */
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, Map as MlMap, GeoJSONSource } from 'maplibre-gl';
import { useEffect } from 'react';
import { OVERLAY_PREFIX } from './map-view.js';

export type OverlayKind = 'highlight' | 'measure' | 'parcel' | 'conflict' | 'zone';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function overlayLayers(kind: OverlayKind, source: string): LayerSpecification[] {
  const id = (part: string) => `${source}:${part}`;
  const polygons = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false] as never;
  const lines = [
    'match',
    ['geometry-type'],
    ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
    true,
    false,
  ] as never;
  const points = ['==', ['geometry-type'], 'Point'] as never;
  switch (kind) {
    case 'highlight':
      return [
        {
          id: id('fill'),
          source,
          type: 'fill',
          filter: polygons,
          paint: { 'fill-color': '#ffd400', 'fill-opacity': 0.28 },
        },
        { id: id('line'), source, type: 'line', filter: lines, paint: { 'line-color': '#fa8c16', 'line-width': 3 } },
        {
          id: id('point'),
          source,
          type: 'circle',
          filter: points,
          paint: {
            'circle-color': '#fa8c16',
            'circle-radius': 8,
            'circle-stroke-color': '#fff',
            'circle-stroke-width': 2,
          },
        },
      ];
    case 'zone':
      return [
        { id: id('line'), source, type: 'line', filter: lines, paint: { 'line-color': '#fa541c', 'line-width': 3.5 } },
      ];
    case 'measure':
      return [
        {
          id: id('fill'),
          source,
          type: 'fill',
          filter: polygons,
          paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.12 },
        },
        {
          id: id('line'),
          source,
          type: 'line',
          filter: lines,
          paint: { 'line-color': '#1677ff', 'line-width': 2.5, 'line-dasharray': [2, 1] },
        },
        {
          id: id('point'),
          source,
          type: 'circle',
          filter: points,
          paint: {
            'circle-color': '#ffffff',
            'circle-radius': 4.5,
            'circle-stroke-color': '#1677ff',
            'circle-stroke-width': 2,
          },
        },
      ];
    case 'parcel':
      return [
        {
          id: id('fill'),
          source,
          type: 'fill',
          filter: polygons,
          paint: { 'fill-color': '#2f54eb', 'fill-opacity': 0.12 },
        },
        { id: id('line'), source, type: 'line', filter: lines, paint: { 'line-color': '#1d39c4', 'line-width': 3 } },
        {
          id: id('point'),
          source,
          type: 'circle',
          filter: points,
          paint: {
            'circle-color': '#ffffff',
            'circle-radius': 4.5,
            'circle-stroke-color': '#1d39c4',
            'circle-stroke-width': 2,
          },
        },
      ];
    case 'conflict':
      return [
        {
          id: id('fill'),
          source,
          type: 'fill',
          filter: polygons,
          paint: { 'fill-color': '#f5222d', 'fill-opacity': 0.6 },
        },
        { id: id('line'), source, type: 'line', filter: lines, paint: { 'line-color': '#a8071a', 'line-width': 2 } },
      ];
  }
}

export function setOverlay(map: MlMap, name: string, data: FeatureCollection | null, kind: OverlayKind): void {
  const source = `${OVERLAY_PREFIX}${name}`;
  const existing = map.getSource(source) as GeoJSONSource | undefined;
  if (existing) {
    existing.setData(data ?? EMPTY);
    return;
  }
  map.addSource(source, { type: 'geojson', data: data ?? EMPTY });
  for (const layer of overlayLayers(kind, source)) map.addLayer(layer);
}

export function useOverlay(map: MlMap | null, name: string, data: FeatureCollection | null, kind: OverlayKind): void {
  useEffect(() => {
    if (!map) return;
    setOverlay(map, name, data, kind);
  }, [map, name, data, kind]);
}
