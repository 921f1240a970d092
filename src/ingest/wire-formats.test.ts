/** The parsers between GDAL and the import: hex EWKB, COPY text, ogrinfo's text, GeoJSON lines. */
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { encodeWkb } from '../store/wkb.js';
import { copyColumns, splitCopyLine, unescapeCopy } from './copy-text.js';
import { WIRE_GEOMETRY_COLUMN } from './gdal.js';
import { parseOgrinfoText } from './ogrinfo-text.js';
import { parseCopyLines, parseGeoJsonLines } from './read-features.js';
import { decodeWkbHex, WkbError } from './wkb-decode.js';

async function* linesOf(text: string) {
  for (const line of text.split('\n')) yield line;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('decodeWkbHex', () => {
  const geometries: Geometry[] = [
    { type: 'Point', coordinates: [117.25, 31.8] },
    {
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    },
    {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
        [
          [0.2, 0.1],
          [0.8, 0.1],
          [0.8, 0.7],
          [0.2, 0.1],
        ],
      ],
    },
    {
      type: 'MultiPoint',
      coordinates: [
        [1, 1],
        [2, 2],
      ],
    },
    {
      type: 'MultiLineString',
      coordinates: [
        [
          [0, 0],
          [1, 1],
        ],
        [
          [2, 2],
          [3, 3],
        ],
      ],
    },
    {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
        [
          [
            [5, 5],
            [6, 5],
            [6, 6],
            [5, 5],
          ],
        ],
      ],
    },
    {
      type: 'GeometryCollection',
      geometries: [
        { type: 'Point', coordinates: [1, 2] },
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    },
  ];
  for (const g of geometries) {
    it(`reads back a ${g.type} written as WKB and as EWKB with an SRID`, () => {
      expect(decodeWkbHex(encodeWkb(g).toString('hex'))).toEqual(g);
      if (g.type !== 'GeometryCollection') expect(decodeWkbHex(encodeWkb(g, 4490).toString('hex'))).toEqual(g);
    });
  }

  it('keeps what GDAL writes for an unclosed ring and an empty multipolygon', () => {
    const open: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(decodeWkbHex(encodeWkb(open).toString('hex'))).toEqual(open);
    expect(decodeWkbHex('010600000000000000')).toEqual({ type: 'MultiPolygon', coordinates: [] });
  });

  it('reads big-endian WKB', () => {
    expect(decodeWkbHex('00000000013ff00000000000004000000000000000')).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('refuses truncated WKB and Z coordinates with a WkbError', () => {
    const hex = encodeWkb({
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    }).toString('hex');
    expect(() => decodeWkbHex(hex.slice(0, 30))).toThrow(WkbError);
    expect(() => decodeWkbHex('01e9030000000000000000f03f00000000000000400000000000000840')).toThrow(WkbError);
  });
});

describe('COPY text', () => {
  it('splits on tabs, reads \\N as NULL and undoes the escapes', () => {
    expect(splitCopyLine('a\t\\N\tx\\ty\\\\z\t\\n')).toEqual(['a', null, 'x\ty\\z', '\n']);
  });

  it('reads octal and hex byte escapes as UTF-8', () => {
    expect(unescapeCopy('\\346\\260\\264\\xe7\\x94\\xb0')).toBe('水田');
  });

  it('names the columns of the COPY header, quoted or not', () => {
    expect(copyColumns(`COPY "public"."dltb" ("${WIRE_GEOMETRY_COLUMN}", "BSM", "名称", "a""b") FROM STDIN;`)).toEqual([
      WIRE_GEOMETRY_COLUMN,
      'BSM',
      '名称',
      'a"b',
    ]);
    expect(copyColumns('INSERT INTO x VALUES (1);')).toBeNull();
  });

  it('turns a COPY block into features with typed attributes', async () => {
    const hex = encodeWkb({ type: 'Point', coordinates: [117, 31] }, 4490).toString('hex');
    const text = [
      'SET standard_conforming_strings = OFF;',
      'BEGIN;',
      `COPY "public"."t" ("${WIRE_GEOMETRY_COLUMN}", "BSM", "TBMJ", "SJNF", "ZLDWDM", "D", "OK") FROM STDIN;`,
      `${hex}\t0001\t12.5\t2025\t9901021012010000000\t2025/01/31\tt`,
      `\\N\t0002\t\\N\t2024\t99\t\\N\tf`,
      '\\.',
      'END;',
    ].join('\n');
    const fields = [
      { name: 'BSM', type: 'String' as const, subType: null },
      { name: 'TBMJ', type: 'Real' as const, subType: null },
      { name: 'SJNF', type: 'Integer' as const, subType: null },
      { name: 'ZLDWDM', type: 'Integer64' as const, subType: null },
      { name: 'D', type: 'Date' as const, subType: null },
      { name: 'OK', type: 'Integer' as const, subType: 'Boolean' },
    ];
    const features = await collect(parseCopyLines(linesOf(text), fields));
    expect(features).toEqual([
      {
        row: 1,
        sourceId: null,
        properties: { BSM: '0001', TBMJ: 12.5, SJNF: 2025, ZLDWDM: '9901021012010000000', D: '2025-01-31', OK: true },
        geometry: { type: 'Point', coordinates: [117, 31] },
      },
      {
        row: 2,
        sourceId: null,
        properties: { BSM: '0002', TBMJ: null, SJNF: 2024, ZLDWDM: 99, D: null, OK: false },
        geometry: null,
      },
    ]);
  });
});

describe('GeoJSON lines', () => {
  it('reads one feature per line, with and without the trailing comma, keeping the source id', async () => {
    const text = [
      '{',
      '"type": "FeatureCollection",',
      '"features": [',
      '{ "type": "Feature", "id": "F001", "properties": { "DLBM": "0101" }, "geometry": null },',
      '{ "type": "Feature", "properties": { "DLBM": "0103" }, "geometry": { "type": "Point", "coordinates": [ 1.0, 2.0 ] } }',
      ']',
      '}',
    ].join('\n');
    expect(await collect(parseGeoJsonLines(linesOf(text)))).toEqual([
      { row: 1, sourceId: 'F001', properties: { DLBM: '0101' }, geometry: null },
      { row: 2, sourceId: null, properties: { DLBM: '0103' }, geometry: { type: 'Point', coordinates: [1, 2] } },
    ]);
  });
});

describe('parseOgrinfoText', () => {
  it('reads layers, counts, extents, CRS and fields from `ogrinfo -so -al`', () => {
    const text = `INFO: Open of \`x.gpkg'
      using driver \`GPKG' successful.

Layer name: DLTB
Metadata:
  DBF_DATE_LAST_UPDATE=2026-11-21
Geometry: Multi Polygon
Feature Count: 100000
Extent: (117.017969, 31.523625) - (117.497426, 32.052015)
Layer SRS WKT:
GEOGCRS["China Geodetic Coordinate System 2000",
    DATUM["China 2000",
        ELLIPSOID["CGCS2000",6378137,298.257222101,
            LENGTHUNIT["metre",1]]],
    ID["EPSG",4490]]
Data axis to CRS axis mapping: 2,1
FID Column = fid
Geometry Column = geom
BSM: String (18.0)
TBMJ: Real (0.0)
FLAG: Integer(Boolean) (1.0)
名称: String (0.0) NOT NULL

Layer name: notes
Geometry: None
Feature Count: 3
Layer SRS WKT:
(unknown)
text: String (0.0)
`;
    const info = parseOgrinfoText(text);
    expect(info.driver).toBe('GPKG');
    expect(info.layers).toHaveLength(2);
    const [dltb, notes] = info.layers;
    expect(dltb).toMatchObject({
      name: 'DLTB',
      geometryType: 'Multi Polygon',
      featureCount: 100000,
      extent: [117.017969, 31.523625, 117.497426, 32.052015],
    });
    expect(dltb!.srsWkt).toMatch(/^GEOGCRS\[.*ID\["EPSG",4490\]\]$/s);
    expect(dltb!.fields).toEqual([
      { name: 'BSM', type: 'String', subType: null },
      { name: 'TBMJ', type: 'Real', subType: null },
      { name: 'FLAG', type: 'Integer', subType: 'Boolean' },
      { name: '名称', type: 'String', subType: null },
    ]);
    expect(notes).toMatchObject({ name: 'notes', geometryType: 'None', srsWkt: null, extent: null });
  });
});
