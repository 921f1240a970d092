/** Where a map opens: the reader's region when they have one, else the extent of the zones layer. */
import type { Geometry, Position } from 'geojson';
import { api } from '../api/client.js';
import type { Me, Zone } from '../api/types.js';
import { CHINA_BOUNDS } from './maplibre.js';

export type Bounds = [number, number, number, number];

let zonesBounds: Promise<Bounds> | null = null;

export function geometryBounds(geometry: Geometry): Bounds | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as Position;
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (geometry.type === 'GeometryCollection')
    geometry.geometries.forEach((g) => visit('coordinates' in g ? g.coordinates : []));
  else visit(geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

export async function homeBounds(me: Me | null): Promise<Bounds> {
  if (me?.regionCode && me.permissions.includes('zone.read')) {
    try {
      const zone = await api.get<Zone>(`/api/zones/${encodeURIComponent(me.regionCode)}`);
      const b = zone.geometry ? geometryBounds(zone.geometry) : null;
      if (b) return b;
    } catch {
      /* fall back to the zones layer */
    }
  }
  zonesBounds ??= api
    .get<{ bounds?: Bounds }>('/tiles/zones.json')
    .then((tj) => tj.bounds ?? CHINA_BOUNDS)
    .catch(() => {
      zonesBounds = null;
      return CHINA_BOUNDS;
    });
  return zonesBounds;
}
