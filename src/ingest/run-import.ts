/**
 * An import, start to finish. Two phases on the GeoPackage, so that its one connection is held only
 * while rows are written:
 *
 *   1. read and check — GDAL streams the source, or for a plain Shapefile the checking threads read
 *      its records themselves (shapefile-reader.ts); every feature is checked (check-feature.ts);
 *      report rows go to import_issue as they are found, loadable rows wait in a spool; progress goes
 *      to the job. Nothing of the layer is touched yet.
 *   2. write — only if the import is to be loaded (no rejected feature, or mode `valid_part`): in one
 *      transaction the layer row is created or updated, its old features replaced by the spooled rows,
 *      the history row marked loaded and the change audited. All of it commits, or none of it does.
 *
 * On PostgreSQL the two overlap (`checkWhileWriting`): the transaction opens first and the rows are
 * copied in as they are checked; a refused import rolls it back, so the outcome is the same.
 *
 * An all-or-nothing import with any rejected feature ends with status `rejected`: the layer is
 * unchanged and the report is kept. Importing the same bytes with the same options into a layer whose
 * features came from exactly that import is refused as a no-op; anything else replaces the layer's
 * features (docs/decisions/0012-import-export.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertWriteRegion } from '../auth/scope.js';
import { listClasses } from '../catalogs/catalog-queries.js';
import { CLASSIFICATIONS, type Classification } from '../catalogs/catalog-tables.js';
import { badRequest, conflict } from '../errors.js';
import type { Layer } from '../onemap/onemap-tables.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson, type BBox, type BulkTransaction, type Store } from '../store/store.js';
import { DuplicateIds, rowColumns, type CheckerOptions } from './check-feature.js';
import type { CheckedBatch, CheckSetup } from './check-batch.js';
import { checkThreads, createCheckRunner, type CheckRunner } from './check-pool.js';
import { gdalBackend, type GdalBackend, type OgrSource, type WireFormat } from './gdal.js';
import type { FeatureIssue, IssueCode } from './issue-types.js';
import { controlLineKind, PRESET_KEYS, PRESETS, type Preset, type PresetKey } from './presets/index.js';
import { readFeatureLines, type FeatureLine } from './read-features.js';
import { readAttributeTable, type AttributeTable } from './read-table.js';
import { resolveSourceCrs, type SourceCrs } from './source-crs.js';
import { resolveSourceFile, type SourceFile, type SourceFormat } from './source-files.js';
import type { SourceLayer } from './source-info.js';
import { planShapefile, type ShapefilePlan } from './shapefile-reader.js';
import { RowFeed } from './row-feed.js';
import { keepRecords } from './row-records.js';
import { RowSpool, type RowSink } from './spool.js';
import { csvInUtf8, parseEncoding, shapefileEncoding, type EncodingChoice } from './text-encoding.js';
import { markStaleValues } from '../monitoring/data-versions.js';
import { OverviewFeatures } from '../services/overview-cells.js';
import { classColumnOf } from '../services/tile-overview.js';
import { prepareLayerTiles } from '../services/tile-prepare.js';
import { EncodedGeometry } from '../store/gpkg-blob.js';

export const IMPORT_MODES = ['all_or_nothing', 'valid_part'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface ImportRequest {
  /** A file, a folder (FileGDB, or one holding a single dataset) or a ZIP. */
  path: string;
  /** The name the history shows (an upload's original name); the path's base name otherwise. */
  fileName?: string;
  /** The layer to create or replace. */
  layerCode: string;
  /** Title of a new layer (default: the source layer's name); an existing layer's title is updated. */
  title?: string;
  /** Field mapping; guessed from the source's fields when absent (the existing layer's table first). */
  preset?: PresetKey;
  /** Attribute encoding (Shapefile, CSV); decided from .cpg or the bytes when absent. */
  encoding?: string;
  /** The source CRS when the source does not say, or says wrong: `EPSG:4527`. */
  crs?: string;
  /** Coordinates are GCJ-02 (Chinese web maps): convert to CGCS2000. */
  gcj02?: boolean;
  mode?: ImportMode;
  /** Region of a new layer (default: the importer's own, or the store's top region for the CLI). */
  regionCode?: string;
  /** Which layer of a multi-layer source (GeoPackage, FileGDB). */
  sourceLayer?: string;
  /** Control lines: the line type (STBHHX, 生态保护红线 …) when the source layer's name does not say. */
  lineType?: string;
  /** CSV: the columns holding WKT, or X and Y. */
  wktField?: string;
  xField?: string;
  yField?: string;
  /** An attribute table to join: file, the source field with the key, the table's key column. */
  attributes?: { path: string; key: string; tableKey?: string };
}

export type ImportStage = 'reading' | 'validating' | 'writing';
export type ImportProgress = (stage: ImportStage, done: number, total: number | null) => void;

export interface ImportSummary {
  importId: number;
  jobId: number | null;
  status: 'loaded' | 'rejected';
  layer: { code: string; id: number | null; created: boolean };
  fileName: string;
  sha256: string;
  format: SourceFormat;
  sourceLayer: string;
  sourceCrs: string;
  preset: PresetKey;
  mode: ImportMode;
  counts: { read: number; loaded: number; repaired: number; rejected: number };
  issues: { total: number; errors: number; warnings: number; byCode: Partial<Record<IssueCode, number>> };
  /** What GDAL warned about while reading (deduplicated). */
  gdalWarnings: string[];
  /** Who read the features: Lantu's own Shapefile reader, or GDAL (its binaries or gdal3.js). */
  reader: 'shapefile' | GdalBackend['name'];
  /**
   * Indicator values computed from the replaced data, now flagged stale (they show as such until the
   * next monitoring run recomputes them). Zero for a new layer or a refused import.
   */
  staleIndicatorValues: number;
  seconds: number;
}

export interface ImportRunOptions {
  jobId?: number | null;
  onProgress?: ImportProgress;
  /** The GDAL backend (tests pin one); the process's own otherwise. */
  backend?: GdalBackend;
  /** Worker threads for the checks: one per core for big sources unless told (check-pool.ts). */
  threads?: number;
  /**
   * Who reads a Shapefile: `auto` — our own reader when it can (shapefile-reader.ts), GDAL otherwise;
   * `gdal` — always GDAL (tests compare the two). Other formats are always read by GDAL.
   */
  reader?: 'auto' | 'gdal';
  /** PostgreSQL: write rows as they are checked (`checkWhileWriting`, the default) or after. Ignored on SQLite. */
  writeWhileChecking?: boolean;
}

const LAYER_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ISSUE_BATCH = 500;
const PROGRESS_EVERY = 1000;

/** Run an import in the foreground; the job runner and the CLI both call this. */
export async function runImport(
  store: Store,
  actor: Principal,
  request: ImportRequest,
  options: ImportRunOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const progress: ImportProgress = options.onProgress ?? (() => undefined);
  const mode: ImportMode = request.mode ?? 'all_or_nothing';
  checkRequest(request);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-import-'));
  try {
    progress('reading', 0, null);
    const backend = options.backend ?? (await gdalBackend());
    const file = await resolveSourceFile(request.path, workDir);
    const fileName = request.fileName ?? file.fileName;
    const encodingOption = request.encoding ? parseEncoding(request.encoding, 'encoding') : null;
    const { source, encoding } = await openSource(file, request, encodingOption, workDir);
    const info = await backend.inspect(source);
    const layer = pickLayer(info.layers, request.sourceLayer);

    const existing = await store.db
      .selectFrom('layer')
      .selectAll()
      .where('code', '=', request.layerCode)
      .executeTakeFirst();
    const regionCode = existing?.region_code ?? (await layerRegion(store.db, actor, request.regionCode));
    assertWriteRegion(actor, regionCode);
    const preset = PRESETS[request.preset ?? guessPreset(existing, layer)];
    if (existing && existing.feature_table !== preset.table) {
      throw conflict(
        'layer_table_mismatch',
        `图层 ${existing.code} 存放在 ${existing.feature_table} 中，不能用预设 ${preset.key}（${preset.table}）导入`,
        `layer ${existing.code} lives in ${existing.feature_table}; it cannot take preset ${preset.key} (${preset.table})`,
        { field: 'preset' },
      );
    }
    const lineType = preset.key === 'control-line' ? resolveLineType(request, layer, file) : null;
    const extent = await regionExtent(store, regionCode);
    const crs = resolveSourceCrs({
      option: request.crs ?? null,
      gcj02: request.gcj02 ?? false,
      srsWkt: layer.srsWkt,
      extent: layer.extent,
      hintLongitude: extent ? (extent[0] + extent[2]) / 2 : null,
    });
    const attributes = request.attributes
      ? await readAttributeTable(request.attributes.path, request.attributes.tableKey ?? request.attributes.key, {
          backend,
          encoding: encodingOption,
          workDir,
        })
      : null;
    const recorded = {
      preset: preset.key,
      sourceLayer: layer.name,
      crs: crs.label,
      crsDecidedBy: crs.how,
      ...(crs.swapAxes ? { axesSwapped: true } : {}),
      gcj02: request.gcj02 ?? false,
      encoding: encoding.encoding,
      encodingDecidedBy: encoding.source,
      ...(lineType ? { lineType } : {}),
      ...(attributes ? { attributes: { file: attributes.fileName, key: request.attributes!.key } } : {}),
      gdal: backend.name,
    };
    if (existing) await refuseUnchanged(store.db, existing, file.sha256, recorded, mode);

    const importId = await createRun(store.db, actor, {
      jobId: options.jobId ?? null,
      layerId: existing?.id ?? null,
      fileName,
      file,
      crs,
      options: recorded,
      mode,
      regionCode,
    });
    try {
      // Our own reader for a plain Shapefile, GDAL for everything else (shapefile-reader.ts).
      const shapefile =
        file.format === 'shapefile' && options.reader !== 'gdal'
          ? planShapefile(file.datasetPath, layer, encoding.encoding)
          : null;
      const checker: CheckerOptions = {
        preset,
        sourceFields: [...layer.fields.map((f) => f.name), ...(attributes?.columns ?? [])],
        crs,
        orientationIsFault: file.format === 'geojson' || file.format === 'csv',
        regionCode,
        regionExtent: extent,
        lineType,
        catalogCodes: await catalogCodes(store.db, preset),
      };
      const check = (rows: RowSink) =>
        checkAll({
          store,
          backend,
          source,
          layer,
          importId,
          checker,
          attributes: attributes ? { table: attributes, key: request.attributes!.key } : null,
          mode,
          spool: rows,
          progress,
          wire: file.format === 'geojson' || file.format === 'csv' ? 'geojson' : 'pgdump',
          shapefile,
          threads: options.threads,
        });
      const target: WriteTarget = {
        existing,
        request,
        preset,
        regionCode,
        importId,
        fileName,
        file,
        layerTitle: request.title ?? existing?.title ?? layer.name,
      };
      let outcome: CheckOutcome;
      let written: Written | null = null;
      if (writesWhileChecking(store, options)) {
        ({ outcome, written } = await checkWhileWriting(store, actor, target, mode, check, progress));
      } else {
        outcome = await check(new RowSpool(path.join(workDir, 'rows.bin')));
        if (!refused(outcome, mode)) {
          progress('writing', 0, outcome.spool.count);
          written = await writeLayer(store, actor, {
            ...target,
            spool: outcome.spool as RowSpool,
            counts: outcome.counts,
          });
        }
      }
      const summaryBase = {
        importId,
        jobId: options.jobId ?? null,
        fileName,
        sha256: file.sha256,
        format: file.format,
        sourceLayer: layer.name,
        sourceCrs: crs.label,
        preset: preset.key,
        mode,
        issues: outcome.issues,
        gdalWarnings: outcome.warnings,
        reader: shapefile ? ('shapefile' as const) : backend.name,
      };
      if (!written) {
        outcome.spool.discard();
        await finishRun(store.db, importId, 'rejected', { ...outcome.counts, loaded: 0 }, existing?.id ?? null);
        await recordAudit(store.db, actor, {
          activity: 'import.rejected',
          entityType: 'import',
          entityId: importId,
          regionCode,
          after: { layer: request.layerCode, fileName, sha256: file.sha256, counts: outcome.counts },
          comment:
            outcome.spool.count === 0
              ? `no feature could be loaded (${outcome.counts.read} read, ${outcome.counts.rejected} rejected)`
              : `${outcome.counts.rejected} feature(s) rejected; nothing loaded (all or nothing)`,
        });
        return {
          ...summaryBase,
          status: 'rejected',
          layer: { code: request.layerCode, id: existing?.id ?? null, created: false },
          counts: { ...outcome.counts, loaded: 0 },
          staleIndicatorValues: 0,
          seconds: (performance.now() - started) / 1000,
        };
      }
      progress('writing', written.loaded, outcome.spool.count);
      // The layer is loaded whatever happens here; a failed overview build is retried by the first tile.
      const measured = written.measured ? new Map([[written.layerId, written.measured]]) : undefined;
      await prepareLayerTiles(store, [written.layerId], measured).catch(() => undefined);
      // Values read from the layer this import replaced no longer describe the data: say so now rather
      // than at the next monitoring run, so no screen shows them as current in between.
      const staleIndicatorValues = await markStaleValues(store);
      return {
        ...summaryBase,
        status: 'loaded',
        layer: { code: request.layerCode, id: written.layerId, created: !existing },
        counts: { ...outcome.counts, loaded: written.loaded },
        staleIndicatorValues,
        seconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      await failRun(store.db, importId).catch(() => undefined);
      throw error;
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function checkRequest(r: ImportRequest): void {
  if (!LAYER_CODE.test(r.layerCode)) {
    throw badRequest(
      'layer_code_invalid',
      `图层代码 “${r.layerCode}” 无效：用字母、数字、点、下划线或连字符，不超过 64 个字符`,
      `layer code "${r.layerCode}" is invalid: use letters, digits, dots, underscores or hyphens, at most 64`,
      { field: 'layer' },
    );
  }
  if (r.preset !== undefined && !PRESET_KEYS.includes(r.preset)) {
    throw badRequest(
      'preset_invalid',
      `预设 “${r.preset}” 无效：可选 ${PRESET_KEYS.join('、')}`,
      `preset "${r.preset}" is invalid: choose one of ${PRESET_KEYS.join(', ')}`,
      { field: 'preset' },
    );
  }
  if (r.mode !== undefined && !IMPORT_MODES.includes(r.mode)) {
    throw badRequest(
      'mode_invalid',
      `导入方式 “${r.mode}” 无效：可选 ${IMPORT_MODES.join('、')}`,
      `mode "${r.mode}" is invalid: choose one of ${IMPORT_MODES.join(', ')}`,
      { field: 'mode' },
    );
  }
}

/** The GDAL source for a file: encodings decided, CSV geometry columns named. */
async function openSource(
  file: SourceFile,
  request: ImportRequest,
  encodingOption: ReturnType<typeof parseEncoding> | null,
  workDir: string,
): Promise<{ source: OgrSource; encoding: EncodingChoice }> {
  if (file.format === 'shapefile') {
    const encoding = shapefileEncoding(file.datasetPath, encodingOption);
    return {
      source: { path: file.datasetPath, openOptions: encoding.openOption ? [encoding.openOption] : [] },
      encoding,
    };
  }
  if (file.format === 'csv') {
    const { path: utf8, choice } = await csvInUtf8(file.datasetPath, encodingOption, workDir);
    const openOptions = [
      `GEOM_POSSIBLE_NAMES=${request.wktField ?? 'WKT,GEOM,GEOMETRY,SHAPE,WKT_GEOM,几何'}`,
      `X_POSSIBLE_NAMES=${request.xField ?? 'X,LON,LNG,LONGITUDE,XZB,经度,X坐标'}`,
      `Y_POSSIBLE_NAMES=${request.yField ?? 'Y,LAT,LATITUDE,YZB,纬度,Y坐标'}`,
      'KEEP_GEOM_COLUMNS=NO',
    ];
    return { source: { path: utf8, openOptions }, encoding: choice };
  }
  return {
    source: { path: file.datasetPath, openOptions: [] },
    encoding: { encoding: null, source: 'not_applicable', openOption: null },
  };
}

function pickLayer(layers: SourceLayer[], wanted: string | undefined): SourceLayer {
  const withGeometry = layers.filter((l) => l.geometryType !== 'None');
  if (wanted) {
    const hit =
      layers.find((l) => l.name === wanted) ?? layers.find((l) => l.name.toUpperCase() === wanted.toUpperCase());
    if (!hit) {
      throw badRequest(
        'source_layer_not_found',
        `数据中没有图层 “${wanted}”（有：${layers.map((l) => l.name).join('、')}）`,
        `the data has no layer "${wanted}" (it has: ${layers.map((l) => l.name).join(', ')})`,
        { field: 'sourceLayer' },
      );
    }
    return hit;
  }
  if (withGeometry.length === 1) return withGeometry[0]!;
  if (withGeometry.length === 0) {
    throw badRequest('source_without_geometry', '数据中没有带几何的图层', 'the data holds no layer with geometry', {
      field: 'file',
    });
  }
  throw badRequest(
    'source_layer_required',
    `数据中有多个图层（${withGeometry.map((l) => l.name).join('、')}）：请用 sourceLayer（--source-layer）选一个`,
    `the data holds several layers (${withGeometry.map((l) => l.name).join(', ')}): choose one with sourceLayer (--source-layer)`,
    { field: 'sourceLayer' },
    { layers: withGeometry.map((l) => ({ name: l.name, featureCount: l.featureCount })) },
  );
}

/** The preset of an existing layer's table, else one recognised from the source's field names. */
function guessPreset(existing: Layer | undefined, layer: SourceLayer): PresetKey {
  if (existing) {
    const byTable = PRESET_KEYS.find((k) => PRESETS[k].table === existing.feature_table);
    if (byTable && existing.feature_table !== 'generic_feature') return byTable;
    if (existing.feature_table === 'generic_feature') return 'generic';
  }
  const names = new Set(layer.fields.map((f) => f.name.toUpperCase()));
  if (names.has('DLBM') && names.has('BSM')) return 'dltb';
  if (names.has('YDYHFLDM')) return 'ydyh';
  if (controlLineKind(layer.name)) return 'control-line';
  if (names.has('GHFQDM')) return 'ghfq';
  return 'generic';
}

function resolveLineType(request: ImportRequest, layer: SourceLayer, file: SourceFile): string {
  if (request.lineType) {
    const kind = controlLineKind(request.lineType);
    if (!kind) {
      throw badRequest(
        'line_type_invalid',
        `控制线类型 “${request.lineType}” 无法识别（例如 STBHHX、YJJBNT、CZKFBJ）`,
        `control-line type "${request.lineType}" is not recognised (e.g. STBHHX, YJJBNT, CZKFBJ)`,
        { field: 'lineType' },
      );
    }
    return kind.name;
  }
  const kind = controlLineKind(layer.name) ?? controlLineKind(path.parse(file.fileName).name);
  if (kind) return kind.name;
  throw badRequest(
    'line_type_required',
    `无法从图层名 “${layer.name}” 判断控制线类型：请用 lineType（--line-type）注明，例如 STBHHX`,
    `the layer name "${layer.name}" does not tell the control-line type: give it with lineType (--line-type), e.g. STBHHX`,
    { field: 'lineType' },
  );
}

/** A new layer's region: asked for, else the importer's, else (the CLI's system user) the store's top region. */
async function layerRegion(db: Kysely<Database>, actor: Principal, asked: string | undefined): Promise<string> {
  if (asked) {
    // A store without regions yet (no demo, no boundaries loaded) takes any well-formed code.
    const known = await db.selectFrom('zone').select('code').where('kind', '=', 'region').limit(1).executeTakeFirst();
    const zone = await db
      .selectFrom('zone')
      .select('code')
      .where('code', '=', asked)
      .where('kind', '=', 'region')
      .executeTakeFirst();
    if (zone || (!known && /^\d{2}(\d{2}){0,2}(\d{3}){0,2}$/.test(asked))) return asked;
    throw badRequest('region_unknown', `没有行政区 ${asked}`, `there is no region ${asked}`, { field: 'region' });
  }
  if (actor.regionCode) return actor.regionCode;
  const tops = await db
    .selectFrom('zone')
    .select('code')
    .where('kind', '=', 'region')
    .where('parent_code', 'is', null)
    .execute();
  if (tops.length === 1) {
    // The province itself is rarely what a layer belongs to; its only city is.
    const children = await db
      .selectFrom('zone')
      .select('code')
      .where('kind', '=', 'region')
      .where('parent_code', '=', tops[0]!.code)
      .execute();
    return children.length === 1 ? children[0]!.code : tops[0]!.code;
  }
  throw badRequest(
    'region_required',
    '请用 region（--region）注明新图层所属的行政区代码',
    'name the region a new layer belongs to with region (--region)',
    { field: 'region' },
  );
}

/** The bounding box of the region's boundary, when the store has one. */
async function regionExtent(store: Store, regionCode: string): Promise<BBox | null> {
  const zone = await store.db
    .selectFrom('zone')
    .select('geom')
    .where('code', '=', regionCode)
    .where('kind', '=', 'region')
    .executeTakeFirst();
  const g = zone ? store.dialect.decodeGeometry(zone.geom) : null;
  if (!g) return null;
  let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === 'number') {
      const [x, y] = node as number[];
      box = [Math.min(box[0], x!), Math.min(box[1], y!), Math.max(box[2], x!), Math.max(box[3], y!)];
    } else node.forEach(walk);
  };
  if (g.type !== 'GeometryCollection') walk(g.coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

async function catalogCodes(db: Kysely<Database>, preset: Preset): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const check of preset.classCodes) {
    for (const c of check.classifications) {
      if (out.has(c) || !CLASSIFICATIONS.includes(c as Classification)) continue;
      out.set(c, new Set((await listClasses(db, c)).map((k) => k.code)));
    }
  }
  return out;
}

/** Refuse a re-import that would change nothing: same bytes, same options, and the layer holds that import. */
async function refuseUnchanged(
  db: Kysely<Database>,
  layer: Layer,
  sha256: string,
  options: Record<string, unknown>,
  mode: ImportMode,
): Promise<void> {
  const last = await db
    .selectFrom('import_run')
    .select(['id', 'file_sha256', 'options', 'mode'])
    .where('layer_id', '=', layer.id)
    .where('status', '=', 'loaded')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!last || last.file_sha256 !== sha256 || last.mode !== mode) return;
  const before = readJson<Record<string, unknown>>(last.options) ?? {};
  // jsonb reorders keys: compare key by key. Which GDAL backend read the file does not matter.
  const keys = new Set([...Object.keys(before), ...Object.keys(options)]);
  keys.delete('gdal');
  for (const k of keys) if (JSON.stringify(before[k]) !== JSON.stringify(options[k])) return;
  throw conflict(
    'import_unchanged',
    `图层 ${layer.code} 的要素正是第 ${last.id} 次导入的同一文件（SHA-256 相同、选项相同），无需重复导入`,
    `layer ${layer.code} already holds exactly this file with these options (import ${last.id}, same SHA-256): nothing to do`,
    { field: 'file' },
  );
}

async function createRun(
  db: Kysely<Database>,
  actor: Principal,
  r: {
    jobId: number | null;
    layerId: number | null;
    fileName: string;
    file: SourceFile;
    crs: SourceCrs;
    options: Record<string, unknown>;
    mode: ImportMode;
    regionCode: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('import_run')
    .values({
      job_id: r.jobId,
      layer_id: r.layerId,
      file_name: r.fileName,
      file_sha256: r.file.sha256,
      format: r.file.format,
      source_crs: r.crs.label,
      options: writeJson(r.options),
      mode: r.mode,
      status: 'running',
      read_count: 0,
      loaded_count: 0,
      repaired_count: 0,
      rejected_count: 0,
      region_code: r.regionCode,
      created_by: actor.username,
      created_at: nowIso(),
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Counts = ImportSummary['counts'];

async function finishRun(db: Kysely<Database>, id: number, status: string, c: Counts, layerId: number | null) {
  await db
    .updateTable('import_run')
    .set({
      status,
      layer_id: layerId,
      read_count: c.read,
      loaded_count: c.loaded,
      repaired_count: c.repaired,
      rejected_count: c.rejected,
      finished_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

async function failRun(db: Kysely<Database>, id: number) {
  await db.updateTable('import_run').set({ status: 'failed', finished_at: nowIso() }).where('id', '=', id).execute();
}

interface CheckAllInput {
  store: Store;
  backend: GdalBackend;
  source: OgrSource;
  layer: SourceLayer;
  importId: number;
  checker: CheckerOptions;
  attributes: { table: AttributeTable; key: string } | null;
  mode: ImportMode;
  spool: RowSink;
  progress: ImportProgress;
  wire: WireFormat;
  /** Read the Shapefile's records in the checking threads instead of through GDAL (shapefile-reader.ts). */
  shapefile: ShapefilePlan | null;
  threads: number | undefined;
}

/** Source lines per batch handed to a checking thread (fewer for small sources, so all threads work). */
const CHECK_BATCH = 256;
const batchSize = (threads: number, total: number | null) =>
  threads > 0 && total ? Math.min(CHECK_BATCH, Math.max(8, Math.ceil(total / (threads * 8)))) : CHECK_BATCH;

/**
 * Phase 1: read every feature, check it (in worker threads for big sources), keep the report, spool
 * what may be written. Results are taken in source order, so duplicates are found as in one pass.
 */
async function checkAll(input: CheckAllInput) {
  const { store, importId, spool, mode, progress, attributes } = input;
  const counts = { read: 0, loaded: 0, repaired: 0, rejected: 0 };
  const byCode: Partial<Record<IssueCode, number>> = {};
  let errors = 0;
  let warnings = 0;
  let pending: FeatureIssue[] = [];
  let gdalWarnings: string[] = [];
  const duplicates = new DuplicateIds();
  const flushIssues = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    await store.db
      .insertInto('import_issue')
      .values(
        batch.map((i) => ({
          import_id: importId,
          source_row: i.sourceRow,
          source_id: i.sourceId,
          issue: i.issue,
          severity: i.severity,
          action: i.action,
          field: i.field,
          value: i.value,
          message_zh: i.messageZh,
          message_en: i.messageEn,
        })),
      )
      .execute();
  };
  const take = async (batch: CheckedBatch) => {
    // Which of the batch's rows are written: all, unless the duplicate check rejects one, or an
    // all-or-nothing import has rejected something (then nothing more is spooled).
    const keep: boolean[] = [];
    let dropped = 0;
    for (const r of batch.lines) {
      counts.read++;
      const extra = duplicates.track({
        row: r.row,
        id: r.id,
        idField: r.idField,
        rejected: r.outcome === 'rejected',
      });
      const issues = extra.length ? [...r.issues, ...extra] : r.issues;
      const rejected = issues.some((i) => i.action === 'rejected' && i.sourceRow === r.row);
      for (const issue of issues) {
        pending.push(issue);
        byCode[issue.issue] = (byCode[issue.issue] ?? 0) + 1;
        if (issue.severity === 'error') errors++;
        else warnings++;
      }
      if (rejected) counts.rejected++;
      else if (r.outcome === 'repaired') counts.repaired++;
      if (r.spooled) {
        const written = !rejected && (mode === 'valid_part' || counts.rejected === 0);
        keep.push(written);
        if (!written) dropped++;
      }
      if (counts.read % PROGRESS_EVERY === 0) progress('validating', counts.read, total);
    }
    if (dropped === 0) spool.pushRecords(batch.spool, keep.length);
    else if (dropped < keep.length) spool.pushRecords(keepRecords(batch.spool, keep), keep.length - dropped);
    await spool.ready();
    if (pending.length >= ISSUE_BATCH) await flushIssues();
  };
  const total = input.layer.featureCount;
  progress('validating', 0, total);
  const joinKey = attributes
    ? (input.layer.fields.find((f) => f.name.toUpperCase() === attributes.key.toUpperCase())?.name ?? attributes.key)
    : null;
  const join = attributes ? { rows: attributes.table.rows, key: joinKey!, fileName: attributes.table.fileName } : null;
  let runner: CheckRunner | null = null;
  let size = CHECK_BATCH;
  const queue: Promise<CheckedBatch>[] = [];
  let batch: FeatureLine[] = [];
  try {
    if (input.shapefile) {
      // No GDAL process and no lines: the checking threads read record ranges from the files themselves.
      const plan = input.shapefile;
      const threads = input.threads ?? checkThreads(plan.count);
      size = batchSize(threads, plan.count);
      const r = await createCheckRunner({ checker: input.checker, parser: null, shapefile: plan, join }, threads);
      runner = r;
      for (let first = 1; first <= plan.count; first += size) {
        queue.push(r.check({ first, count: Math.min(size, plan.count - first + 1) }));
        while (queue.length > r.capacity) await take(await queue.shift()!);
      }
    } else {
      await readThroughGdal();
    }
    while (queue.length) await take(await queue.shift()!);
  } finally {
    // Settle what is still in flight before the threads go (a failure leaves some behind).
    await Promise.allSettled(queue);
    await (runner as CheckRunner | null)?.close();
  }
  await flushIssues();
  progress('validating', counts.read, counts.read);
  return {
    counts,
    spool,
    issues: { total: errors + warnings, errors, warnings, byCode },
    warnings: gdalWarnings,
  };

  async function readThroughGdal() {
    for await (const line of readFeatureLines(
      {
        backend: input.backend,
        source: input.source,
        layer: input.layer,
        wire: input.wire,
        onWarnings: (w) => (gdalWarnings = w),
      },
      (parser) => {
        const setup: CheckSetup = { checker: input.checker, parser, join };
        const threads = input.threads ?? checkThreads(total);
        size = batchSize(threads, total);
        queue.push(
          createCheckRunner(setup, threads).then((r) => ((runner = r), { lines: [], spool: new Uint8Array(0) })),
        );
      },
    )) {
      batch.push(line);
      if (batch.length < size) continue;
      await dispatch();
    }
    if (batch.length) await dispatch();
  }

  async function dispatch() {
    // The runner is made from the parser's setup, which the first line brings; wait for it once.
    while (!runner && queue.length) await take(await queue.shift()!);
    const r = runner as CheckRunner | null;
    if (!r) throw new Error('import: no check runner');
    queue.push(r.check(batch));
    batch = [];
    while (queue.length > r.capacity) await take(await queue.shift()!);
  }
}

/** What a write needs to know besides the rows. */
interface WriteTarget {
  existing: Layer | undefined;
  request: ImportRequest;
  preset: Preset;
  regionCode: string;
  importId: number;
  fileName: string;
  file: SourceFile;
  layerTitle: string;
}

type CheckOutcome = Awaited<ReturnType<typeof checkAll>>;

/**
 * Refused: all or nothing with a rejected feature — or nothing loadable at all, which must not empty an
 * existing layer even in valid-part mode.
 */
const refused = (o: CheckOutcome, mode: ImportMode) =>
  (o.counts.rejected > 0 && mode === 'all_or_nothing') || o.spool.count === 0;

/**
 * Whether rows are written as they are checked, inside the import's transaction (`checkWhileWriting`),
 * rather than after: on PostgreSQL, where the transaction holds one connection of the pool and other
 * sessions keep reading the layer's old rows; not on the GeoPackage, whose one connection would be
 * held for the whole import and every other request of the server wait on it
 * (docs/decisions/0012-import-export.md, addendum of 2026-11-22). LANTU_IMPORT_OVERLAP=0 turns it off.
 */
function writesWhileChecking(store: Store, options: ImportRunOptions): boolean {
  if (store.kind !== 'postgres') return false;
  return options.writeWhileChecking ?? process.env.LANTU_IMPORT_OVERLAP !== '0';
}

const REFUSED = new Error('import refused: roll the rows back');

/**
 * Check and write at once: the layer row is made (or its old features deleted) first, then the store's
 * bulk insert takes the checked rows from a feed as the checking threads hand them over, all in one
 * transaction. If the import ends refused, or fails, the transaction is rolled back: the layer is as it
 * was. The report goes to import_issue outside the transaction, as in the two-phase import.
 */
async function checkWhileWriting(
  store: Store,
  actor: Principal,
  target: WriteTarget,
  mode: ImportMode,
  check: (rows: RowSink) => Promise<CheckOutcome>,
  progress: ImportProgress,
): Promise<{ outcome: CheckOutcome; written: { layerId: number; loaded: number } | null }> {
  const feed = new RowFeed();
  let outcome: CheckOutcome | null = null;
  try {
    const written = await store.bulkTransaction(async (tx) => {
      const opened = await openLayer(tx, actor, target);
      const inserting = tx.bulkInsert(
        target.preset.table,
        { columns: ['layer_id', ...rowColumns(target.preset)] },
        { batches: feed.batches([opened.layerId]) },
      );
      // A write that fails early fails the feed, which stops the checking (it waits on the feed); the
      // promise itself is settled below on every path.
      inserting.catch((error: unknown) => feed.fail(error as Error));
      try {
        outcome = await check(feed);
      } catch (error) {
        feed.fail(error as Error);
        await inserting.catch(() => undefined);
        throw error;
      }
      if (refused(outcome, mode)) {
        feed.fail(REFUSED);
        await inserting.catch(() => undefined);
        throw REFUSED;
      }
      progress('writing', 0, feed.count);
      feed.end();
      const loaded = await inserting;
      await closeLayer(tx, actor, target, opened, loaded, outcome.counts);
      return { layerId: opened.layerId, loaded };
    });
    return { outcome: outcome!, written };
  } catch (error) {
    if (error === REFUSED && outcome) return { outcome, written: null };
    throw error;
  }
}

interface WriteInput extends WriteTarget {
  spool: RowSpool;
  counts: Counts;
}

interface Written {
  layerId: number;
  loaded: number;
  /** The written features as the tile overview sums them, when measured while writing (below). */
  measured?: OverviewFeatures;
}

/** Phase 2: one transaction — the layer row, its features replaced, the history row, the audit. */
async function writeLayer(store: Store, actor: Principal, w: WriteInput): Promise<Written> {
  const columns = ['layer_id', ...rowColumns(w.preset)];
  // On the GeoPackage the overview is summed from the rows as they go by rather than read back after
  // the commit, which costs a pass over every geometry (PostgreSQL's is one SQL statement).
  const measured = store.kind === 'sqlite' ? new OverviewFeatures() : undefined;
  return store.bulkTransaction(async (tx) => {
    const opened = await openLayer(tx, actor, w);
    let batches = w.spool.batches([opened.layerId]);
    if (measured) batches = measuring(batches, measured, columns.indexOf(classColumnOf(w.preset.table) ?? ''));
    const loaded = await tx.bulkInsert(w.preset.table, { columns }, { batches });
    await closeLayer(tx, actor, w, opened, loaded, w.counts);
    return { layerId: opened.layerId, loaded, measured };
  });
}

/** The batches as they are, each row's geometry (the last column) measured first, before the store encodes it. */
async function* measuring(
  batches: AsyncIterable<unknown[][]>,
  features: OverviewFeatures,
  classAt: number,
): AsyncGenerator<unknown[][]> {
  for await (const batch of batches) {
    for (const row of batch) {
      const geometry = row[row.length - 1];
      if (geometry instanceof EncodedGeometry) features.addWkb(geometry.wkb, 0, classAt >= 0 ? row[classAt] : null);
    }
    yield batch;
  }
}

interface OpenedLayer {
  layerId: number;
  /** The replaced layer's feature count. */
  before: number | null;
  now: string;
  source: string;
}

/** A new layer's row, or an existing layer's features deleted: the start of the write. */
async function openLayer(tx: BulkTransaction, actor: Principal, w: WriteTarget): Promise<OpenedLayer> {
  const now = nowIso();
  const source = `${w.fileName}（SHA-256 ${w.file.sha256.slice(0, 12)}…，导入 import #${w.importId}）`;
  if (w.existing) {
    await tx.db
      .deleteFrom(w.preset.table as 'land_survey')
      .where('layer_id', '=', w.existing.id)
      .execute();
    return { layerId: w.existing.id, before: w.existing.feature_count, now, source };
  }
  const created = await tx.db
    .insertInto('layer')
    .values({
      code: w.request.layerCode,
      title: w.layerTitle,
      title_en: null,
      category: w.preset.category,
      feature_table: w.preset.table,
      plan_version_id: null,
      status_year: null,
      classification: w.preset.classification,
      is_public: 0,
      region_code: w.regionCode,
      source,
      feature_count: 0,
      created_at: now,
      updated_at: now,
      created_by: actor.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { layerId: created.id, before: null, now, source };
}

/** The end of the write: the layer's count and source, the history row marked loaded, the audit. */
async function closeLayer(
  tx: BulkTransaction,
  actor: Principal,
  w: WriteTarget,
  opened: OpenedLayer,
  loaded: number,
  counts: Counts,
): Promise<void> {
  await tx.db
    .updateTable('layer')
    .set({
      feature_count: loaded,
      updated_at: opened.now,
      source: opened.source,
      ...(w.existing && w.request.title ? { title: w.request.title } : {}),
    })
    .where('id', '=', opened.layerId)
    .execute();
  await finishRun(tx.db, w.importId, 'loaded', { ...counts, loaded }, opened.layerId);
  await recordAudit(tx.db, actor, {
    activity: w.existing ? 'layer.reimported' : 'layer.imported',
    entityType: 'layer',
    entityId: w.request.layerCode,
    regionCode: w.regionCode,
    before: w.existing ? { featureCount: opened.before } : null,
    after: {
      importId: w.importId,
      fileName: w.fileName,
      sha256: w.file.sha256,
      featureCount: loaded,
      repaired: counts.repaired,
      rejected: counts.rejected,
    },
  });
}
