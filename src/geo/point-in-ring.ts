/**
 * Whether a point lies inside a ring, by even–odd ray casting (a point on the boundary may fall either
 * way). Used where holes are matched to their shells: the demo's ring assembly and the Shapefile reader.
 */
import type { Position } from 'geojson';

export function pointInRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
