/**
 * Drawing on the map with the mouse or the keyboard: click to add a vertex, double-click or Enter to
 * finish, Backspace to take back the last vertex, Escape to cancel. Used by measuring and by drawing a
 * parcel for the conflict check.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { LonLat } from '../geo/geodesic.js';

export type SketchKind = 'line' | 'polygon';

export interface Sketch {
  points: LonLat[];
  cursor: LonLat | null;
  finished: boolean;
  reset(): void;
}

export function useSketch(map: MlMap | null, kind: SketchKind | null, onFinish?: (points: LonLat[]) => void): Sketch {
  const [points, setPoints] = useState<LonLat[]>([]);
  const [cursor, setCursor] = useState<LonLat | null>(null);
  const [finished, setFinished] = useState(false);
  const finishRef = useRef(onFinish);
  finishRef.current = onFinish;
  const pointsRef = useRef(points);
  pointsRef.current = points;
  const finishedRef = useRef(false);

  useEffect(() => {
    setPoints([]);
    setCursor(null);
    setFinished(false);
    finishedRef.current = false;
    if (!map || !kind) return;
    const canvas = map.getCanvasContainer();
    canvas.style.cursor = 'crosshair';
    map.doubleClickZoom.disable();
    const min = kind === 'polygon' ? 3 : 2;
    const finish = () => {
      const current = pointsRef.current;
      if (current.length < min) return;
      finishedRef.current = true;
      setFinished(true);
      setCursor(null);
      finishRef.current?.(current);
    };
    const click = (e: MapMouseEvent) => {
      const point: LonLat = [e.lngLat.lng, e.lngLat.lat];
      if (finishedRef.current) {
        // A click after finishing starts a new drawing.
        finishedRef.current = false;
        setFinished(false);
        setPoints([point]);
      } else {
        setPoints((p) => [...p, point]);
      }
    };
    const move = (e: MapMouseEvent) => setCursor([e.lngLat.lng, e.lngLat.lat]);
    const dblclick = (e: MapMouseEvent) => {
      e.preventDefault();
      // The double-click's two clicks added the same vertex twice: drop the repeat.
      setPoints((p) => (p.length > 1 && same(p[p.length - 1]!, p[p.length - 2]!) ? p.slice(0, -1) : p));
      setTimeout(finish, 0);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setPoints([]);
        finishedRef.current = false;
        setFinished(false);
      } else if (e.key === 'Backspace') {
        setPoints((p) => p.slice(0, -1));
      } else if (e.key === 'Enter') {
        finish();
      } else if (e.key === ' ') {
        // Keyboard users add the vertex at the map's centre.
        const c = map.getCenter();
        setPoints((p) => [...p, [c.lng, c.lat]]);
        e.preventDefault();
      }
    };
    map.on('click', click);
    map.on('mousemove', move);
    map.on('dblclick', dblclick);
    canvas.addEventListener('keydown', key);
    return () => {
      canvas.style.cursor = '';
      map.off('click', click);
      map.off('mousemove', move);
      map.off('dblclick', dblclick);
      canvas.removeEventListener('keydown', key);
      map.doubleClickZoom.enable();
    };
  }, [map, kind]);

  return {
    points,
    cursor,
    finished,
    reset: () => {
      setPoints([]);
      finishedRef.current = false;
      setFinished(false);
    },
  };
}

const same = (a: LonLat, b: LonLat) => Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12;

/** The sketch as GeoJSON for an overlay: the vertices, the path, and the polygon when closed. */
export function sketchFeatures(sketch: Sketch, kind: SketchKind): FeatureCollection {
  const path = sketch.finished || !sketch.cursor ? sketch.points : [...sketch.points, sketch.cursor];
  const features: Feature[] = sketch.points.map((p) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'Point', coordinates: p },
  }));
  if (kind === 'polygon' && path.length >= 3) {
    features.push({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [[...path, path[0]!]] },
    });
  } else if (path.length >= 2) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: path } });
  }
  return { type: 'FeatureCollection', features };
}

/** The path being measured, including the cursor while drawing. */
export function sketchPath(sketch: Sketch): LonLat[] {
  return sketch.finished || !sketch.cursor ? sketch.points : [...sketch.points, sketch.cursor];
}
