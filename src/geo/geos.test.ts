import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { encodeWkb } from '../store/wkb.js';
import { LantuError } from '../errors.js';
import { getGeos } from './geos.js';
import { emptyFlat, readFlatWkb, RING_HOLE, RING_LINE, RING_POINT, RING_SHELL, wkbToGeoJSON } from './wkb.js';

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

const ALL_TYPES: Geometry[] = [
  { type: 'Point', coordinates: [117.25, 31.8] },
  {
    type: 'MultiPoint',
    coordinates: [
      [1, 2],
      [3, 4],
    ],
  },
  {
    type: 'LineString',
    coordinates: [
      [1, 2],
      [3, 4],
      [5, 7],
    ],
  },
  {
    type: 'MultiLineString',
    coordinates: [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ],
  },
  { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2).reverse()] },
  { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] },
  {
    type: 'GeometryCollection',
    geometries: [
      { type: 'Point', coordinates: [1, 1] },
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    ],
  },
  { type: 'MultiPolygon', coordinates: [] },
  { type: 'Point', coordinates: [] },
];

describe('GEOS wrapper', () => {
  it('loads GEOS 3.13 once', async () => {
    const [a, b] = await Promise.all([getGeos(), getGeos()]);
    expect(a).toBe(b);
    expect(a.version).toMatch(/^3\.13/);
  });

  it.each(ALL_TYPES)('round-trips $type through GEOS unchanged', async (g) => {
    const geos = await getGeos();
    expect(geos.scope((own) => geos.toGeoJSON(own(geos.fromGeoJSON(g))))).toEqual(g);
    expect(wkbToGeoJSON(encodeWkb(g))).toEqual(g);
  });

  it('reads PostGIS EWKB with an SRID and ISO WKB with Z', () => {
    const ewkb = encodeWkb({ type: 'Point', coordinates: [117.25, 31.8] }, 4490);
    expect(wkbToGeoJSON(ewkb)).toEqual({ type: 'Point', coordinates: [117.25, 31.8] });
    const z = Buffer.alloc(1 + 4 + 24);
    z.writeUInt8(1, 0);
    z.writeUInt32LE(1001, 1);
    z.writeDoubleLE(1, 5);
    z.writeDoubleLE(2, 13);
    z.writeDoubleLE(3, 21);
    expect(wkbToGeoJSON(z)).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('flattens coordinates with ring kinds and the bounding box', () => {
    const flat = readFlatWkb(
      encodeWkb({
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] },
          {
            type: 'LineString',
            coordinates: [
              [20, 1],
              [21, 2],
            ],
          },
          { type: 'Point', coordinates: [-1, 30] },
        ],
      }),
      0,
      emptyFlat(),
    );
    expect(flat.rings).toBe(4);
    expect([...flat.ringKind.subarray(0, 4)]).toEqual([RING_SHELL, RING_HOLE, RING_LINE, RING_POINT]);
    expect([...flat.ringStart.subarray(0, 5)]).toEqual([0, 5, 10, 12, 13]);
    expect([flat.minX, flat.minY, flat.maxX, flat.maxY]).toEqual([-1, 0, 21, 30]);
  });

  it('turns GEOS errors into LantuErrors and frees what a failed scope owned', async () => {
    const geos = await getGeos();
    const before = geos.live;
    const bowTie: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    const error = (() => {
      try {
        geos.scope((own) =>
          own(
            geos.intersection(
              own(geos.fromGeoJSON(bowTie)),
              own(geos.fromGeoJSON({ type: 'Polygon', coordinates: [square(0, 0, 2)] })),
            ),
          ),
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LantuError);
    expect((error as LantuError).code).toBe('geometry_operation_failed');
    expect((error as LantuError).en).toContain('TopologyException');
    expect(geos.live).toBe(before);
  });

  it('measures planar area, length, extent and validity', async () => {
    const geos = await getGeos();
    geos.scope((own) => {
      const g = own(geos.fromGeoJSON({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] }));
      expect(geos.area(g)).toBe(96);
      expect(geos.length(g)).toBe(48);
      expect(geos.extent(g)).toEqual([0, 0, 10, 10]);
      expect(geos.isValidDetail(g)).toEqual({ valid: true });
      const clipped = own(geos.clipByRect(g, 5, 5, 20, 20));
      expect(geos.area(clipped)).toBe(25);
    });
  });

  it('tells touching from overlapping, and tests points without building them', async () => {
    const geos = await getGeos();
    geos.scope((own) => {
      const a = own.prepared(geos.prepare(own(geos.fromGeoJSON({ type: 'Polygon', coordinates: [square(0, 0, 1)] }))));
      const neighbour = own(geos.fromGeoJSON({ type: 'Polygon', coordinates: [square(1, 0, 1)] }));
      const overlapping = own(geos.fromGeoJSON({ type: 'Polygon', coordinates: [square(0.5, 0, 1)] }));
      expect(geos.preparedIntersects(a, neighbour)).toBe(true);
      expect(geos.preparedRelatePattern(a, neighbour, 'T********')).toBe(false);
      expect(geos.preparedRelatePattern(a, overlapping, 'T********')).toBe(true);
      expect(geos.preparedIntersectsXY(a, 0.5, 0.5)).toBe(true);
      expect(geos.preparedIntersectsXY(a, 1, 0.5)).toBe(true);
      expect(geos.preparedIntersectsXY(a, 1.5, 0.5)).toBe(false);
    });
  });

  it('leaks nothing over a million geometries', async () => {
    const geos = await getGeos();
    const zone = { type: 'Polygon', coordinates: [square(0, 0, 100)] } as Geometry;
    const wkbs = Array.from({ length: 1000 }, (_, i) =>
      encodeWkb({ type: 'Polygon', coordinates: [square((i % 40) * 2.6, Math.floor(i / 40) * 4.1, 3)] }),
    );
    const live = geos.live;
    const run = (n: number) =>
      geos.scope((own) => {
        const z = own(geos.fromGeoJSON(zone));
        const prepared = own.prepared(geos.prepare(z));
        let area = 0;
        for (let i = 0; i < n; i++) {
          const patch = geos.fromWkb(wkbs[i % wkbs.length]!);
          if (geos.preparedContains(prepared, patch)) area += geos.area(patch);
          else if (geos.preparedIntersects(prepared, patch)) {
            const cut = geos.intersection(z, patch);
            area += geos.area(cut);
            geos.destroy(cut);
          }
          geos.destroy(patch);
        }
        return area;
      });
    const warm = run(100_000);
    const heap = geos.heapBytes;
    const total = run(1_000_000);
    expect(total).toBeCloseTo(warm * 10, 3);
    expect(geos.live).toBe(live);
    expect(geos.heapBytes).toBe(heap);
  });
});
