/**
 * Simplification by zoom in the tile cutter: a boundary built of 100 m cells is a staircase; below
 * z16 the steps finer than a pixel go (Douglas–Peucker at SIMPLIFY_CELLS), at z16 every vertex stays,
 * and a ring that shrinks to nothing is dropped rather than sent as a sliver.
 */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { encodeWkb } from '../store/wkb.js';
import { cutWkb, TileProjection } from './tile-cutter.js';
import { tileAt, tileBounds } from './tile-math.js';

/** A closed staircase from (lon, lat) going east and north in `steps` steps of `step` degrees. */
function staircase(lon: number, lat: number, steps: number, step: number): Polygon {
  const ring: [number, number][] = [[lon, lat]];
  let [x, y] = [lon, lat];
  for (let i = 0; i < steps; i++) {
    x += step;
    ring.push([x, y]);
    y += step;
    ring.push([x, y]);
  }
  ring.push([lon, y], [lon, lat]);
  return { type: 'Polygon', coordinates: [ring] };
}

// Every shape below starts here and stays inside the z16 tile of this point (611 m a side).
const tile16 = tileBounds(tileAt(117.26, 31.79, 16));
const [LON, LAT] = [tile16[0] + 0.0005, tile16[1] + 0.0005];

const vertices = (z: number, polygon: Polygon) => {
  const tile = tileAt(LON, LAT, z);
  const cut = cutWkb(encodeWkb(polygon), 0, new TileProjection(tile));
  return cut ? cut.parts.reduce((n, p) => n + p.length / 2, 0) : 0;
};

describe('simplification by zoom', () => {
  // ~20 m steps (0.0002°) over ~400 m: 20 steps, 43 vertices as stored.
  const stairs = staircase(LON, LAT, 20, 0.0002);

  it('drops sub-pixel steps below z16 and keeps every vertex at z16', () => {
    const z16 = vertices(16, stairs);
    const z10 = vertices(10, stairs);
    expect(z16).toBe(43);
    // At z10 a 20 m step is ~2 grid cells against a tolerance of 8: the staircase becomes its triangle.
    expect(z10).toBe(4);
    // At z14 a step is ~34 cells: every vertex matters there too.
    expect(vertices(14, stairs)).toBe(43);
  });

  it('keeps a square as a square at every zoom', () => {
    const square: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [LON, LAT],
          [LON + 0.003, LAT],
          [LON + 0.003, LAT + 0.003],
          [LON, LAT + 0.003],
          [LON, LAT],
        ],
      ],
    };
    for (const z of [10, 12, 14, 16]) expect(vertices(z, square), `z${z}`).toBe(5);
  });

  it('drops a ring smaller than the tolerance instead of sending a sliver', () => {
    const tiny = staircase(LON, LAT, 1, 0.00005); // ~5 m
    expect(vertices(10, tiny)).toBe(0);
  });
});
