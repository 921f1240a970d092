import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { encodeGpkgBlob } from '../store/gpkg-blob.js';
import { encodeEwkbHex } from '../store/wkb.js';
import { ZoneLocator } from './zone-locator.js';

const ring = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('ZoneLocator', () => {
  // A: a square with a square hole; B: two separate squares; C: overlaps A's east half (any zones may overlap).
  const zones: { code: string; g: Geometry }[] = [
    { code: 'A', g: { type: 'Polygon', coordinates: [ring(0, 0, 10, 10), ring(4, 4, 6, 6)] } },
    { code: 'B', g: { type: 'MultiPolygon', coordinates: [[ring(20, 0, 22, 2)], [ring(30, 0, 32, 2)]] } },
    { code: 'C', g: { type: 'Polygon', coordinates: [ring(5, 0, 40, 10)] } },
  ];

  it('finds every zone whose area holds the point, holes and multi-parts included, from either store', () => {
    for (const encode of [(g: Geometry) => encodeGpkgBlob(g, 4490), (g: Geometry) => encodeEwkbHex(g, 4490)]) {
      const locator = new ZoneLocator(zones.map((z) => ({ code: z.code, geom: encode(z.g) })));
      const at = (x: number, y: number) => locator.zonesAt(x, y).map((i) => locator.codes[i]);
      expect(at(1, 1)).toEqual(['A']);
      expect(at(4.5, 5)).toEqual([]); // in A's hole, west of C
      expect(at(5.5, 5)).toEqual(['C']); // in A's hole, inside C
      expect(at(7, 9)).toEqual(['A', 'C']);
      expect(at(21, 1)).toEqual(['B', 'C']);
      expect(at(31, 1)).toEqual(['B', 'C']);
      expect(at(25, 1)).toEqual(['C']);
      expect(at(50, 5)).toEqual([]);
      expect(at(1, -1)).toEqual([]);
    }
  });

  it('puts a point on a shared boundary in exactly one of the two neighbours', () => {
    const locator = new ZoneLocator([
      { code: 'W', geom: encodeGpkgBlob({ type: 'Polygon', coordinates: [ring(0, 0, 1, 1)] }, 4490) },
      { code: 'E', geom: encodeGpkgBlob({ type: 'Polygon', coordinates: [ring(1, 0, 2, 1)] }, 4490) },
    ]);
    for (const y of [0.25, 0.5, 0.999]) expect(locator.zonesAt(1, y)).toHaveLength(1);
  });

  it('gives each zone its bounding box, and ignores zones without an area', () => {
    const locator = new ZoneLocator([
      { code: 'A', geom: encodeGpkgBlob(zones[0]!.g, 4490) },
      {
        code: 'L',
        geom: encodeGpkgBlob(
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [5, 5],
            ],
          },
          4490,
        ),
      },
      { code: 'N', geom: null },
    ]);
    expect(locator.bbox(0)).toEqual([0, 0, 10, 10]);
    expect(locator.zonesAt(2, 2)).toEqual([0]);
  });
});
