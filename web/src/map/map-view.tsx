/**
 * One MapLibre map showing a set of Lantu layers from their vector tiles, in draw order. Layers are
 * added once and hidden rather than removed, so switching a layer off and on again does not refetch
 * its tiles. Overlays (highlights, measurements, conflict evidence) are added by their own hooks and
 * always stay above the data layers.
 */
import type { Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { LayerView } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { drawOrder, styleLayers, tileSource } from './layer-styles.js';
import { baseStyle, maplibregl } from './maplibre.js';
import type { Bounds } from './home-bounds.js';

export const OVERLAY_PREFIX = 'overlay:';
const SOURCE_PREFIX = 'lantu:';

export interface MapViewProps {
  layers: LayerView[];
  bounds: Bounds;
  opacity?: Record<string, number>;
  onMap?(map: MlMap | null): void;
  onClick?(event: MapMouseEvent, map: MlMap): void;
  className?: string;
  label?: string;
  /** Keep the drawing buffer so the view can be exported as an image. */
  exportable?: boolean;
  interactive?: boolean;
  /** Called after the layers are in place, to add what sits among them (a choropleth under the boundaries). */
  afterSync?(map: MlMap): void;
}

export function MapView({
  layers,
  bounds,
  opacity,
  onMap,
  onClick,
  className,
  label,
  exportable,
  interactive = true,
  afterSync,
}: MapViewProps) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MlMap | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!container.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: baseStyle(),
      bounds,
      fitBoundsOptions: { padding: 24 },
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 0,
      interactive,
      canvasContextAttributes: exportable ? { preserveDrawingBuffer: true } : undefined,
      // MapLibre's own controls speak the reader's language too.
      locale: {
        'NavigationControl.ZoomIn': t('map.zoomIn'),
        'NavigationControl.ZoomOut': t('map.zoomOut'),
        'NavigationControl.ResetBearing': t('map.resetBearing'),
        'Map.Title': t('map.canvasLabel'),
      },
    });
    m.touchZoomRotate.disableRotation();
    if (interactive) {
      m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    }
    m.on('click', (event) => clickRef.current?.(event, m));
    m.on('load', () => setMap(m));
    (window as unknown as { __maps?: MlMap[] }).__maps = [
      ...((window as unknown as { __maps?: MlMap[] }).__maps ?? []),
      m,
    ];
    return () => {
      setMap(null);
      m.remove();
    };
    // The map is made once; bounds and flags are initial values.
  }, []);

  useEffect(() => {
    onMap?.(map);
  }, [map, onMap]);

  useEffect(() => {
    if (!map) return;
    syncLayers(map, layers, opacity ?? {});
    afterSync?.(map);
  }, [map, layers, opacity, afterSync]);

  return (
    <div
      className={className ?? 'map-view'}
      role="region"
      aria-label={label ?? t('map.ariaLabel')}
      data-map-ready={map ? 'true' : 'false'}
    >
      {/* MapLibre makes its container position: relative; the inline style keeps it filling the frame. */}
      <div ref={container} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}

function syncLayers(map: MlMap, layers: LayerView[], opacity: Record<string, number>) {
  const wanted = new Map(layers.map((l) => [SOURCE_PREFIX + l.code, l]));
  const style = map.getStyle();
  // Hide what is no longer wanted.
  for (const layer of style.layers) {
    const source = 'source' in layer ? layer.source : undefined;
    if (!source?.startsWith(SOURCE_PREFIX)) continue;
    const visible = wanted.has(source);
    map.setLayoutProperty(layer.id, 'visibility', visible ? 'visible' : 'none');
  }
  const sorted = [...layers].sort((a, b) => drawOrder(a.category) - drawOrder(b.category));
  for (const layer of sorted) {
    const sourceId = SOURCE_PREFIX + layer.code;
    if (!map.getSource(sourceId)) map.addSource(sourceId, tileSource(layer));
    const specs = styleLayers(layer, sourceId, opacity[layer.code] ?? 1);
    for (const spec of specs) {
      if (map.getLayer(spec.id)) {
        // Opacity may have changed: reapply paint properties.
        for (const [name, value] of Object.entries(spec.paint ?? {})) {
          if (name.endsWith('opacity')) map.setPaintProperty(spec.id, name as 'fill-opacity', value);
        }
        continue;
      }
      map.addLayer({ ...spec, metadata: { order: drawOrder(layer.category) } }, beforeIdFor(map, layer));
    }
  }
}

/** The first layer that must stay above this one: a higher data layer, or an overlay. */
function beforeIdFor(map: MlMap, layer: LayerView): string | undefined {
  const order = drawOrder(layer.category);
  for (const existing of map.getStyle().layers) {
    if (existing.id.startsWith(OVERLAY_PREFIX)) return existing.id;
    const meta = (existing.metadata ?? null) as { order?: number } | null;
    if (meta?.order !== undefined && meta.order > order) return existing.id;
  }
  return undefined;
}
