/**
 * Export a layer — all of it, or what a bbox and column filters select — as GeoPackage, Shapefile,
 * GeoJSON or CSV, in EPSG:4490 or another CRS. The store's features are streamed in pages into a
 * GeoJSONSeq file and GDAL converts that file (reprojecting on the way): one writer per format that
 * desktops already trust, and no format code of our own.
 *
 * What a feature carries out: the attributes it came in with (`attrs`, original field names) plus the
 * table's typed columns that are not already among them (line_type of a control line, say), and its
 * region code. A Shapefile is written as its users expect in China: GBK attributes with a .cpg saying
 * so (936), field names cut to the DBF's 10 bytes — the full names listed in a `<layer>_fields.csv`
 * beside it — and the set zipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Principal } from '../auth/principal.js';
import { badRequest, notFound } from '../errors.js';
import { assertSupportedCrs } from '../geo/crs.js';
import { getLayer } from '../onemap/layers.js';
import type { FeatureTableName, Layer } from '../onemap/onemap-tables.js';
import { readJson, type BBox, type Store } from '../store/store.js';
import { gdalBackend, type GdalBackend } from './gdal.js';
import { parseEpsg } from './source-crs.js';
import { writeZip } from './zip.js';
import { layerFidRange, onLayer } from '../store/layer-scan.js';

export const EXPORT_FORMATS = ['gpkg', 'shp', 'geojson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  layerCode: string;
  format: ExportFormat;
  /** `EPSG:4527`; EPSG:4490 when absent. */
  crs?: string;
  bbox?: BBox;
  /** Typed columns of the layer's table that must equal a value, e.g. { dlbm: '0101' }. */
  filter?: Record<string, string>;
}

export interface ExportResult {
  /** The file written (a .zip for Shapefile). */
  file: string;
  /** A name to offer for download. */
  fileName: string;
  contentType: string;
  count: number;
  crs: string;
  /** Shapefile: short DBF name → full attribute name, for the renamed fields. */
  fieldNames?: Record<string, string>;
  /** Remove the export's work folder (when it is not the caller's). */
  cleanup(): void;
}

const DRIVERS: Record<ExportFormat, { driver: string; ext: string; type: string }> = {
  gpkg: { driver: 'GPKG', ext: '.gpkg', type: 'application/geopackage+sqlite3' },
  shp: { driver: 'ESRI Shapefile', ext: '.zip', type: 'application/zip' },
  geojson: { driver: 'GeoJSON', ext: '.geojson', type: 'application/geo+json' },
  csv: { driver: 'CSV', ext: '.csv', type: 'text/csv; charset=utf-8' },
};

/** Typed columns a filter may name, per table (the base columns are always allowed). */
const FILTER_COLUMNS: Record<FeatureTableName, string[]> = {
  control_line: ['line_type', 'sub_type', 'name'],
  planning_zone: ['zone_type', 'zone_name'],
  planned_land_use: ['ydyh_code', 'ydyh_name'],
  land_survey: ['bsm', 'dlbm', 'dlmc', 'czcsxm'],
  road: ['road_class', 'name'],
  facility: ['facility_type', 'name'],
  generic_feature: ['name', 'class_code'],
};

const PAGE = 5000;

export async function exportLayer(
  store: Store,
  viewer: Principal,
  req: ExportRequest,
  opts: { backend?: GdalBackend } = {},
): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(req.format)) {
    throw badRequest(
      'format_invalid',
      `导出格式 “${req.format}” 无效：可选 ${EXPORT_FORMATS.join('、')}`,
      `export format "${req.format}" is invalid: choose one of ${EXPORT_FORMATS.join(', ')}`,
      { field: 'format' },
    );
  }
  const epsg = req.crs ? parseEpsg(req.crs) : 4490;
  assertSupportedCrs({ epsg }, 'crs');
  const layer = await readableLayer(store, viewer, req.layerCode);
  if ((layer.feature_table as string) === 'zone') {
    throw badRequest('layer_not_exportable', `图层 ${layer.code} 不能导出`, `layer ${layer.code} cannot be exported`, {
      field: 'layer',
    });
  }
  const table = layer.feature_table;
  for (const column of Object.keys(req.filter ?? {})) {
    if (!FILTER_COLUMNS[table].includes(column) && column !== 'region_code') {
      throw badRequest(
        'filter_invalid',
        `不能按 ${column} 筛选：可用 ${['region_code', ...FILTER_COLUMNS[table]].join('、')}`,
        `cannot filter on ${column}: use ${['region_code', ...FILTER_COLUMNS[table]].join(', ')}`,
        { field: 'filter' },
      );
    }
  }
  const backend = opts.backend ?? (await gdalBackend());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-export-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const seq = path.join(dir, 'features.geojsonl');
    const names = req.format === 'shp' ? new ShapefileNames() : null;
    const count = await writeFeatures(store, viewer, { layer, table, req, names }, seq);
    const base = safeBaseName(layer.code);
    const { driver, ext, type } = DRIVERS[req.format];
    const out = path.join(dir, req.format === 'shp' ? `${base}.shp` : `${base}${ext}`);
    const srs = epsg === 4490 ? ['-a_srs', 'EPSG:4490'] : ['-s_srs', 'EPSG:4490', '-t_srs', `EPSG:${epsg}`];
    const lco =
      req.format === 'shp'
        ? ['-lco', 'ENCODING=CP936', '-nlt', table === 'generic_feature' ? 'PROMOTE_TO_MULTI' : shapeType(table)]
        : req.format === 'csv'
          ? ['-lco', 'GEOMETRY=AS_WKT', '-lco', 'WRITE_BOM=YES']
          : req.format === 'geojson'
            ? ['-lco', 'RFC7946=NO', '-lco', 'WRITE_BBOX=YES']
            : ['-nlt', table === 'generic_feature' ? 'GEOMETRY' : shapeType(table)];
    // GDAL does not open an empty GeoJSONSeq file; an empty FeatureCollection gives an empty layer.
    let input = `GeoJSONSeq:${seq}`;
    if (count === 0) {
      input = path.join(dir, 'empty.geojson');
      fs.writeFileSync(input, '{"type":"FeatureCollection","features":[]}');
    }
    await backend.convert(['-f', driver, out, input, ...srs, '-nln', base, ...lco]);
    fs.rmSync(seq, { force: true });
    fs.rmSync(path.join(dir, 'empty.geojson'), { force: true });
    if (req.format !== 'shp') {
      return { file: out, fileName: path.basename(out), contentType: type, count, crs: `EPSG:${epsg}`, cleanup };
    }
    // GDAL writes "CP936"; ArcGIS, QGIS and GDAL all read the code page number.
    fs.writeFileSync(path.join(dir, `${base}.cpg`), '936');
    const mapping = path.join(dir, `${base}_fields.csv`);
    const entries = Object.entries(names!.mapping());
    fs.writeFileSync(
      mapping,
      '\ufeffshapefile_field,full_name\r\n' +
        entries.map(([s, f]) => `${csvCell(s)},${csvCell(f)}`).join('\r\n') +
        '\r\n',
    );
    const parts = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(`${base}.`) || f === path.basename(mapping))
      .map((f) => path.join(dir, f));
    const zip = path.join(dir, `${base}.zip`);
    writeZip(zip, parts);
    return {
      file: zip,
      fileName: `${base}.zip`,
      contentType: type,
      count,
      crs: `EPSG:${epsg}`,
      fieldNames: Object.fromEntries(entries),
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * The layer, if the viewer may read it (onemap/layers.ts decides); Lantu itself — the command line,
 * scheduled work, audited as automated — reads every layer.
 */
async function readableLayer(store: Store, viewer: Principal, code: string): Promise<Layer> {
  if (!viewer.automated) return getLayer(store, viewer, code);
  const layer = await store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirst();
  if (!layer) throw notFound({ zh: '图层', en: 'layer' }, code);
  return layer;
}

function shapeType(table: FeatureTableName): string {
  return table === 'road' ? 'MULTILINESTRING' : table === 'facility' ? 'POINT' : 'MULTIPOLYGON';
}

function safeBaseName(code: string): string {
  return code.replace(/[^A-Za-z0-9_.-]/g, '_') || 'layer';
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Page through the layer by fid (keyset), writing one GeoJSON feature per line. */
async function writeFeatures(
  store: Store,
  viewer: Principal,
  q: {
    layer: { id: number; is_public: number };
    table: FeatureTableName;
    req: ExportRequest;
    names: ShapefileNames | null;
  },
  file: string,
): Promise<number> {
  const fd = fs.openSync(file, 'w');
  let count = 0;
  try {
    // Unfiltered by place, page through the layer's fid range on the primary key (store/layer-scan.ts);
    // with a bbox, the R*Tree/GiST condition leads and the layer test may use its index.
    const range = await layerFidRange(store, q.table, q.layer.id);
    if (!range) return 0;
    let after = range.first - 1;
    for (;;) {
      let query = store.db
        .selectFrom(q.table as 'land_survey')
        .selectAll()
        .where('fid', '>', after)
        .where('fid', '<=', range.last);
      query = q.req.bbox ? query.where('layer_id', '=', q.layer.id) : query.where(onLayer(q.layer.id));
      if (q.layer.is_public !== 1 && viewer.regionCode) {
        query = query.where('region_code', 'like', `${viewer.regionCode}%`);
      }
      if (q.req.bbox) query = query.where(store.dialect.bboxCondition(q.table, q.req.bbox));
      for (const [column, value] of Object.entries(q.req.filter ?? {})) {
        query = query.where(column as 'region_code', '=', value);
      }
      const rows = await query.orderBy('fid').limit(PAGE).execute();
      if (rows.length === 0) break;
      const lines: string[] = [];
      for (const row of rows) {
        const {
          fid,
          geom,
          attrs,
          layer_id: _layer,
          ...columns
        } = row as Record<string, unknown> & {
          fid: number;
          geom: unknown;
          attrs: unknown;
        };
        const properties = exportProperties(columns, readJson<Record<string, unknown>>(attrs));
        const geometry = store.dialect.decodeGeometry(geom);
        lines.push(
          JSON.stringify({
            type: 'Feature',
            properties: q.names ? q.names.rename(properties) : properties,
            geometry,
          }),
        );
        after = fid;
      }
      fs.writeSync(fd, lines.join('\n') + '\n');
      count += rows.length;
      if (rows.length < PAGE) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/** The source attributes first (original names), then typed columns they do not already hold. */
export function exportProperties(
  columns: Record<string, unknown>,
  attrs: Record<string, unknown> | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(attrs ?? {}) };
  const taken = new Set(Object.keys(out).map((k) => k.toUpperCase()));
  for (const [k, v] of Object.entries(columns)) {
    if (taken.has(k.toUpperCase())) continue;
    out[k] = v;
  }
  return out;
}

/**
 * DBF field names: at most 10 bytes in the file's encoding (GBK: a Chinese character is 2), unique
 * regardless of case. A name that fits stays; one that does not is cut at a character boundary and,
 * when the cut collides, numbered (…_1, …_2).
 */
export class ShapefileNames {
  private readonly short = new Map<string, string>();
  private readonly used = new Set<string>();

  rename(properties: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(properties)) out[this.nameFor(k)] = v;
    return out;
  }

  nameFor(full: string): string {
    const known = this.short.get(full);
    if (known !== undefined) return known;
    let name = cutToBytes(full, 10);
    for (let n = 1; this.used.has(name.toUpperCase()); n++) name = cutToBytes(full, 10 - `_${n}`.length) + `_${n}`;
    this.short.set(full, name);
    this.used.add(name.toUpperCase());
    return name;
  }

  /** Short name → full name, for the names that changed. */
  mapping(): Record<string, string> {
    return Object.fromEntries([...this.short.entries()].filter(([f, s]) => f !== s).map(([f, s]) => [s, f]));
  }
}

function cutToBytes(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (iconv.encode(out + ch, 'gbk').length > max) break;
    out += ch;
  }
  return out;
}
