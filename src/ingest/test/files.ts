import type { Principal } from '../../auth/principal.js';
/**
 * Real files for the import and export tests, written the way deliveries are: GeoJSON by hand, and
 * everything else by GDAL's own ogr2ogr from it (Shapefile with GBK attributes and a .cpg, without
 * one, in UTF-8; GeoPackage; FileGDB; Gauss-Krüger with and without the zone number; GCJ-02; CSV).
 * Parcels sit near the demo city's centre (117.25°E, 31.80°N), inside the regions `seedRegions` adds.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { wgs84ToGcj02 } from '../../geo/gcj02.js';
import type { Store } from '../../store/store.js';

/** Survey patches with Chinese names and valid 三调 codes; every one clean. */
export const PATCHES: {
  BSM: string;
  DLBM: string;
  DLMC: string;
  ZLDWDM: string;
  ZLDWMC: string;
  CZCSXM: string | null;
}[] = [
  {
    BSM: '990102000000000001',
    DLBM: '0101',
    DLMC: '水田',
    ZLDWDM: '9901021012010000000',
    ZLDWMC: '张庄村',
    CZCSXM: null,
  },
  {
    BSM: '990102000000000002',
    DLBM: '0103',
    DLMC: '旱地',
    ZLDWDM: '9901021012010000000',
    ZLDWMC: '张庄村',
    CZCSXM: null,
  },
  {
    BSM: '990102000000000003',
    DLBM: '0301',
    DLMC: '乔木林地',
    ZLDWDM: '9901021022010000000',
    ZLDWMC: '李家湾村',
    CZCSXM: null,
  },
  {
    BSM: '990102000000000004',
    DLBM: '0702',
    DLMC: '农村宅基地',
    ZLDWDM: '9901021022010000000',
    ZLDWMC: '李家湾村',
    CZCSXM: '203',
  },
  {
    BSM: '990102000000000005',
    DLBM: '1104',
    DLMC: '坑塘水面',
    ZLDWDM: '9901021032010000000',
    ZLDWMC: '王家庄村',
    CZCSXM: null,
  },
  {
    BSM: '990102000000000006',
    DLBM: '0701',
    DLMC: '城镇住宅用地',
    ZLDWDM: '9901021032010000000',
    ZLDWMC: '王家庄村',
    CZCSXM: '202',
  },
];

/** The outline of patch i: a counter-clockwise quadrilateral about 100 m × 90 m. */
export function patchRing(i: number): Position[] {
  const x = 117.25 + (i % 3) * 0.0015;
  const y = 31.8 + Math.floor(i / 3) * 0.0012;
  return [
    [x, y],
    [x + 0.001, y],
    [x + 0.001, y + 0.0008],
    [x, y + 0.0008],
    [x, y],
  ];
}

export function patchCollection(transform: (p: Position) => Position = (p) => p, name = 'DLTB'): FeatureCollection {
  return {
    type: 'FeatureCollection',
    // GDAL names the layer after this member.
    ...({ name } as object),
    features: PATCHES.map((props, i): Feature<MultiPolygon> => ({
      type: 'Feature',
      properties: { ...props, TBMJ: 8000 + i, SJNF: 2025 },
      geometry: { type: 'MultiPolygon', coordinates: [[patchRing(i).map(transform)]] },
    })),
  };
}

export function ogr2ogr(args: string[]): void {
  execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function ogrinfo(args: string[]): string {
  return execFileSync('ogrinfo', args, { encoding: 'utf8' });
}

export interface TestFiles {
  geojson: string;
  shpGbk: string;
  shpNoCpg: string;
  shpUtf8NoCpg: string;
  gpkgTwoLayers: string;
  gdb: string | null;
  gkPrefixed: string;
  gkPrefixedNoPrj: string;
  gkUnprefixedNoPrj: string;
  gcj02: string;
  csvXy: string;
  redline: string;
  xlsx: string;
}

/** Write every test file into `dir` (GDAL must be installed). */
export async function writeTestFiles(dir: string): Promise<TestFiles> {
  fs.mkdirSync(dir, { recursive: true });
  const geojson = path.join(dir, 'dltb.geojson');
  fs.writeFileSync(geojson, JSON.stringify(patchCollection()));
  const sub = (name: string) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };

  const shpGbk = path.join(sub('shp-gbk'), 'DLTB.shp');
  ogr2ogr(['-f', 'ESRI Shapefile', shpGbk, geojson, '-lco', 'ENCODING=GBK', '-a_srs', 'EPSG:4490', '-nln', 'DLTB']);

  // ArcGIS on Chinese Windows: GBK bytes, no .cpg, language driver 0x57 ("ANSI").
  const shpNoCpg = path.join(sub('shp-nocpg'), 'DLTB.shp');
  for (const ext of ['.shp', '.shx', '.dbf', '.prj'])
    fs.copyFileSync(shpGbk.replace('.shp', ext), shpNoCpg.replace('.shp', ext));
  const dbf = fs.readFileSync(shpNoCpg.replace('.shp', '.dbf'));
  dbf[29] = 0x57;
  fs.writeFileSync(shpNoCpg.replace('.shp', '.dbf'), dbf);

  const shpUtf8NoCpg = path.join(sub('shp-utf8'), 'DLTB.shp');
  ogr2ogr([
    '-f',
    'ESRI Shapefile',
    shpUtf8NoCpg,
    geojson,
    '-lco',
    'ENCODING=UTF-8',
    '-a_srs',
    'EPSG:4490',
    '-nln',
    'DLTB',
  ]);
  fs.rmSync(shpUtf8NoCpg.replace('.shp', '.cpg'));
  const utf8Dbf = fs.readFileSync(shpUtf8NoCpg.replace('.shp', '.dbf'));
  utf8Dbf[29] = 0;
  fs.writeFileSync(shpUtf8NoCpg.replace('.shp', '.dbf'), utf8Dbf);

  const gpkgTwoLayers = path.join(dir, 'two-layers.gpkg');
  ogr2ogr(['-f', 'GPKG', gpkgTwoLayers, geojson, '-nln', 'DLTB', '-a_srs', 'EPSG:4490', '-nlt', 'MULTIPOLYGON']);
  ogr2ogr([
    '-f',
    'GPKG',
    '-update',
    gpkgTwoLayers,
    geojson,
    '-nln',
    'DLTB_2024',
    '-a_srs',
    'EPSG:4490',
    '-nlt',
    'MULTIPOLYGON',
  ]);

  let gdb: string | null = path.join(dir, 'survey.gdb');
  try {
    ogr2ogr(['-f', 'OpenFileGDB', gdb, geojson, '-nln', 'DLTB', '-a_srs', 'EPSG:4490', '-nlt', 'MULTIPOLYGON']);
  } catch {
    gdb = null; // GDAL before 3.6 cannot write FileGDB
  }

  const gkPrefixed = path.join(sub('gk-prefixed'), 'DLTB.shp');
  ogr2ogr([
    '-f',
    'ESRI Shapefile',
    gkPrefixed,
    geojson,
    '-s_srs',
    'EPSG:4490',
    '-t_srs',
    'EPSG:4527',
    '-lco',
    'ENCODING=UTF-8',
  ]);
  const gkPrefixedNoPrj = path.join(sub('gk-noprj'), 'DLTB.shp');
  for (const ext of ['.shp', '.shx', '.dbf', '.cpg']) {
    fs.copyFileSync(gkPrefixed.replace('.shp', ext), gkPrefixedNoPrj.replace('.shp', ext));
  }
  const gkUnprefixedNoPrj = path.join(sub('gk-unprefixed'), 'DLTB.shp');
  ogr2ogr([
    '-f',
    'ESRI Shapefile',
    gkUnprefixedNoPrj,
    geojson,
    '-s_srs',
    'EPSG:4490',
    '-t_srs',
    'EPSG:4548',
    '-lco',
    'ENCODING=UTF-8',
  ]);
  fs.rmSync(gkUnprefixedNoPrj.replace('.shp', '.prj'));

  const gcj02 = path.join(dir, 'web-map.geojson');
  fs.writeFileSync(gcj02, JSON.stringify(patchCollection(([x, y]) => wgs84ToGcj02(x!, y!))));

  const csvXy = path.join(dir, 'wells.csv');
  fs.writeFileSync(csvXy, '编号,名称,X,Y\r\nW1,一号井,117.2501,31.8001\r\nW2,二号井,117.2512,31.8013\r\n');

  const redline = path.join(dir, 'STBHHX.geojson');
  const red = patchCollection(undefined, 'STBHHX');
  red.features = red.features.slice(0, 2).map((f, i) => ({
    ...f,
    properties: { BSM: String(i + 1), HXLX: '水源涵养', MC: `红线${i + 1}`, XZQDM: '990102101' },
  }));
  fs.writeFileSync(redline, JSON.stringify(red));

  const xlsx = path.join(dir, 'attributes.xlsx');
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('属性');
  sheet.addRow(['BSM', 'GDDB', '备注']);
  for (const p of PATCHES.slice(0, 5)) sheet.addRow([p.BSM, '2', `核查 ${p.DLMC}`]);
  await book.xlsx.writeFile(xlsx);

  return {
    geojson,
    shpGbk,
    shpNoCpg,
    shpUtf8NoCpg,
    gpkgTwoLayers,
    gdb,
    gkPrefixed,
    gkPrefixedNoPrj,
    gkUnprefixedNoPrj,
    gcj02,
    csvXy,
    redline,
    xlsx,
  };
}

const box = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  ],
});

/** The province, city, district and a township around the test parcels (and the dirty sample). */
/** The city planner every import test imports as (region 9901, no department). */
export const planner: Principal = {
  userId: 1,
  username: 'planner',
  displayName: 'planner',
  role: 'planner',
  regionCode: '9901',
  departmentCode: null,
};

export async function seedRegions(store: Store): Promise<void> {
  const rows: [string, string, string | null, MultiPolygon][] = [
    ['99', 'province', null, box(116.5, 31.0, 118.0, 32.5)],
    ['9901', 'city', '99', box(116.9, 31.4, 117.6, 32.1)],
    ['990102', 'county', '9901', box(117.1, 31.6, 117.4, 31.95)],
    ['990103', 'county', '9901', box(117.4, 31.6, 117.6, 31.95)],
    ['990102101', 'township', '990102', box(117.2, 31.75, 117.3, 31.85)],
  ];
  for (const [code, level, parent, geom] of rows) {
    await store.db
      .insertInto('zone')
      .values({
        code,
        kind: 'region',
        level,
        name: `区划${code}`,
        name_en: null,
        parent_code: parent,
        region_code: code,
        attrs: null,
        geom: store.dialect.encodeGeometry(geom),
      })
      .execute();
  }
}

/** The first vertex of a stored polygon. */
export function firstVertex(g: Polygon | MultiPolygon): Position {
  return g.type === 'Polygon' ? g.coordinates[0]![0]! : g.coordinates[0]![0]![0]!;
}
