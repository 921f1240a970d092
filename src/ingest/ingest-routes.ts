/**
 * Imports and exports over HTTP.
 *
 *   POST /api/imports                 multipart upload → 202 { jobId, … }; the import runs in the background
 *   GET  /api/imports                 the history (your region subtree)
 *   GET  /api/imports/:id             one import: counts and its report rows, paged
 *   GET  /api/layers/:code/export     the layer as a GeoPackage, zipped Shapefile, GeoJSON or CSV
 *
 * An upload is checked before a job is made — who may import into which region, the options, that a
 * file came — so mistakes are answered at once (400 naming the field, 403), not in a failed job.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { assertWriteRegion } from '../auth/scope.js';
import { badRequest, forbidden } from '../errors.js';
import { createJob } from '../jobs/jobs.js';
import { JobRunner } from '../jobs/job-runner.js';
import type { Store } from '../store/store.js';
import { EXPORT_FORMATS, exportLayer, type ExportFormat } from './export-layer.js';
import { getImportReport, listImports } from './import-queries.js';
import { ISSUE_CODES } from './issue-types.js';
import { controlLineKind, PRESET_KEYS, type PresetKey } from './presets/index.js';
import { IMPORT_MODES, runImport, type ImportMode, type ImportRequest } from './run-import.js';
import { parseEpsg } from './source-crs.js';
import { parseEncoding } from './text-encoding.js';
import { parseLonLatBbox } from '../geo/parse-bbox.js';

/** The largest upload taken (a zipped Shapefile of a few million patches). */
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

const TEXT_FIELDS = [
  'layer',
  'title',
  'preset',
  'encoding',
  'crs',
  'gcj02',
  'mode',
  'region',
  'sourceLayer',
  'lineType',
  'wktField',
  'xField',
  'yField',
  'attributesKey',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export async function ingestRoutes(app: FastifyInstance, { store }: { store: Store }) {
  // Imports run in the background of this server process, one at a time (jobs/job-runner.ts).
  const runner = new JobRunner(store);
  app.addHook('onClose', () => runner.idle());
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 50, fields: 40, fieldSize: 4096 },
    throwFileSizeLimit: true,
  });

  app.post(
    '/api/imports',
    {
      config: { access: 'data.import' },
      schema: {
        tags: ['imports'],
        summary: '导入数据（multipart 上传，后台运行） Import a file (multipart upload; runs in the background)',
        description:
          'Parts: `file` (one or more: a ZIP, a GeoPackage, GeoJSON, CSV, or the parts of a Shapefile), optional `attributes` ' +
          '(an .xlsx/.csv table joined by `attributesKey`), and the fields layer (required), title, preset ' +
          `(${PRESET_KEYS.join('|')}), encoding, crs, gcj02, mode (${IMPORT_MODES.join('|')}), region, sourceLayer, ` +
          'lineType, wktField, xField, yField. Answers 202 with the job to poll at /api/jobs/{jobId}.',
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw badRequest(
          'multipart_required',
          '请以 multipart/form-data 上传文件',
          'upload the file as multipart/form-data',
          {
            field: 'file',
          },
        );
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-upload-'));
      let handedOver = false;
      try {
        const upload = await receiveUpload(request.parts(), dir);
        const importRequest = checkUpload(upload, dir);
        const regionCode = await importRegion(store, request.principal, importRequest);
        const jobId = await createJob(store.db, request.principal, {
          kind: 'import',
          regionCode,
          params: { ...importRequest, path: undefined, attributes: undefined, files: upload.files.map((f) => f.name) },
        });
        const actor = request.principal;
        void runner.submit(
          jobId,
          (progress) =>
            runImport(store, actor, importRequest, {
              jobId,
              onProgress: (stage, done, total) => progress.report(stage, done, total),
            }),
          () => fs.rmSync(dir, { recursive: true, force: true }),
        );
        handedOver = true;
        return reply.status(202).send({ jobId, status: 'queued', job: `/api/jobs/${jobId}` });
      } finally {
        if (!handedOver) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.get<{ Querystring: { layer?: string; status?: string; limit: number; offset: number } }>(
    '/api/imports',
    {
      config: { access: 'data.import' },
      schema: {
        tags: ['imports'],
        summary: '导入记录 Import history (your region subtree), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            layer: { type: 'string', maxLength: 64 },
            status: { type: 'string', enum: ['running', 'loaded', 'rejected', 'failed'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (request) => listImports(store.db, request.principal, request.query),
  );

  app.get<{
    Params: { id: number };
    Querystring: { issue?: string; severity?: string; row?: number; limit: number; offset: number };
  }>(
    '/api/imports/:id',
    {
      config: { access: 'data.import' },
      schema: {
        tags: ['imports'],
        summary: '一次导入及其检查报告 One import: counts and its validation report, paged',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            issue: { type: 'string', enum: ISSUE_CODES },
            severity: { type: 'string', enum: ['error', 'warning'] },
            row: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (request) => getImportReport(store.db, request.principal, request.params.id, request.query),
  );

  app.get<{
    Params: { code: string };
    Querystring: { format: ExportFormat; crs?: string; bbox?: string; filter?: string | string[] };
  }>(
    '/api/layers/:code/export',
    {
      config: { access: 'data.export' },
      schema: {
        tags: ['layers'],
        summary: '导出图层 Export a layer (GeoPackage, zipped GBK Shapefile, GeoJSON, CSV with WKT)',
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'gpkg' },
            crs: { type: 'string', description: 'EPSG:4490 (default) or another supported EPSG code' },
            bbox: { type: 'string', description: 'minLon,minLat,maxLon,maxLat (EPSG:4490)' },
            filter: {
              anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
              description: 'column=value, repeatable (e.g. dlbm=0101)',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await exportLayer(store, request.principal, {
        layerCode: request.params.code,
        format: q.format,
        crs: q.crs,
        bbox: q.bbox === undefined ? undefined : parseLonLatBbox(q.bbox),
        filter: parseFilters(q.filter),
      });
      return sendFile(reply, result);
    },
  );
}

interface Upload {
  files: { name: string; path: string }[];
  attributes: { name: string; path: string } | null;
  fields: Partial<Record<TextField, string>>;
}

async function receiveUpload(
  parts: AsyncIterable<import('@fastify/multipart').Multipart>,
  dir: string,
): Promise<Upload> {
  const upload: Upload = { files: [], attributes: null, fields: {} };
  fs.mkdirSync(path.join(dir, 'data'));
  fs.mkdirSync(path.join(dir, 'attributes'));
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' && part.fieldname !== 'attributes') {
        part.file.resume();
        throw badRequest(
          'upload_field_unknown',
          `未知的文件字段 ${part.fieldname}：数据用 file，属性表用 attributes`,
          `unknown file field ${part.fieldname}: send data as file and an attribute table as attributes`,
          { field: part.fieldname },
        );
      }
      const name = safeFileName(part.filename);
      const target = path.join(dir, part.fieldname === 'file' ? 'data' : 'attributes', name);
      await pipeline(part.file, fs.createWriteStream(target));
      if (part.fieldname === 'file') upload.files.push({ name, path: target });
      else upload.attributes = { name, path: target };
    } else if ((TEXT_FIELDS as readonly string[]).includes(part.fieldname)) {
      upload.fields[part.fieldname as TextField] = String(part.value ?? '').trim();
    } else {
      throw badRequest(
        'upload_field_unknown',
        `未知字段 ${part.fieldname}（可用：${TEXT_FIELDS.join('、')}）`,
        `unknown field ${part.fieldname} (known: ${TEXT_FIELDS.join(', ')})`,
        { field: part.fieldname },
      );
    }
  }
  return upload;
}

/** Keep the user's name (Chinese included) but nothing that could leave the folder. */
function safeFileName(name: string): string {
  const base = [...path.basename(name.replace(/\\/g, '/'))]
    .map((c) => (c.charCodeAt(0) < 0x20 || '<>:"|?*'.includes(c) ? '_' : c))
    .join('');
  return base && base !== '.' && base !== '..' ? base : 'upload';
}

/** Every option checked before a job exists: the answer names the field at fault. */
function checkUpload(upload: Upload, dir: string): ImportRequest {
  const f = upload.fields;
  if (upload.files.length === 0) {
    throw badRequest('file_required', '请上传要导入的文件（字段 file）', 'upload the file to import (field file)', {
      field: 'file',
    });
  }
  if (!f.layer) {
    throw badRequest('layer_required', '请给出目标图层代码（字段 layer）', 'give the target layer code (field layer)', {
      field: 'layer',
    });
  }
  if (f.preset && !(PRESET_KEYS as readonly string[]).includes(f.preset)) {
    throw badRequest(
      'preset_invalid',
      `预设 “${f.preset}” 无效：可选 ${PRESET_KEYS.join('、')}`,
      `preset "${f.preset}" is invalid: choose one of ${PRESET_KEYS.join(', ')}`,
      { field: 'preset' },
    );
  }
  if (f.mode && !(IMPORT_MODES as readonly string[]).includes(f.mode)) {
    throw badRequest(
      'mode_invalid',
      `导入方式 “${f.mode}” 无效：可选 ${IMPORT_MODES.join('、')}`,
      `mode "${f.mode}" is invalid: choose one of ${IMPORT_MODES.join(', ')}`,
      { field: 'mode' },
    );
  }
  if (f.encoding) parseEncoding(f.encoding, 'encoding');
  if (f.crs) parseEpsg(f.crs);
  if (f.lineType && !controlLineKind(f.lineType)) {
    throw badRequest(
      'line_type_invalid',
      `控制线类型 “${f.lineType}” 无法识别（例如 STBHHX、YJJBNT、CZKFBJ）`,
      `control-line type "${f.lineType}" is not recognised (e.g. STBHHX, YJJBNT, CZKFBJ)`,
      { field: 'lineType' },
    );
  }
  if (f.gcj02 && !['true', 'false', '1', '0', 'yes', 'no'].includes(f.gcj02.toLowerCase())) {
    throw badRequest('gcj02_invalid', 'gcj02 应为 true 或 false', 'gcj02 must be true or false', { field: 'gcj02' });
  }
  if (upload.attributes && !f.attributesKey) {
    throw badRequest(
      'attributes_key_required',
      '上传了属性表，请用 attributesKey 给出连接字段',
      'an attribute table came with the upload: name the join field with attributesKey',
      { field: 'attributesKey' },
    );
  }
  const data = path.join(dir, 'data');
  return {
    // One file: that file (a ZIP, a GeoPackage …); several: the folder (the parts of a Shapefile).
    path: upload.files.length === 1 ? upload.files[0]!.path : data,
    fileName: upload.files.length === 1 ? upload.files[0]!.name : shapefileName(upload.files),
    layerCode: f.layer,
    title: f.title || undefined,
    preset: (f.preset || undefined) as PresetKey | undefined,
    encoding: f.encoding || undefined,
    crs: f.crs || undefined,
    gcj02: ['true', '1', 'yes'].includes((f.gcj02 ?? '').toLowerCase()),
    mode: (f.mode || undefined) as ImportMode | undefined,
    regionCode: f.region || undefined,
    sourceLayer: f.sourceLayer || undefined,
    lineType: f.lineType || undefined,
    wktField: f.wktField || undefined,
    xField: f.xField || undefined,
    yField: f.yField || undefined,
    attributes: upload.attributes ? { path: upload.attributes.path, key: f.attributesKey! } : undefined,
  };
}

function shapefileName(files: { name: string }[]): string {
  return files.find((f) => f.name.toLowerCase().endsWith('.shp'))?.name ?? files.map((f) => f.name).join(', ');
}

/** The region the import writes: the existing layer's, or the one asked for, or the importer's; checked now. */
async function importRegion(store: Store, actor: Principal, r: ImportRequest): Promise<string> {
  const layer = await store.db
    .selectFrom('layer')
    .select('region_code')
    .where('code', '=', r.layerCode)
    .executeTakeFirst();
  if (!layer && r.regionCode) {
    const zone = await store.db
      .selectFrom('zone')
      .select('code')
      .where('code', '=', r.regionCode)
      .where('kind', '=', 'region')
      .executeTakeFirst();
    if (!zone)
      throw badRequest('region_unknown', `没有行政区 ${r.regionCode}`, `there is no region ${r.regionCode}`, {
        field: 'region',
      });
  }
  const region = layer?.region_code ?? r.regionCode ?? actor.regionCode;
  if (!region) throw forbidden('您的账号没有所属行政区，不能导入', 'your account has no region and cannot import');
  assertWriteRegion(actor, region);
  return region;
}

export function parseFilters(raw: string | string[] | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const item of Array.isArray(raw) ? raw : [raw]) {
    const m = /^([a-z_]+)=(.*)$/.exec(item.trim());
    if (!m) {
      throw badRequest(
        'filter_invalid',
        `筛选条件 “${item}” 应写作 字段=值`,
        `filter "${item}" must read column=value`,
        {
          field: 'filter',
        },
      );
    }
    out[m[1]!] = m[2]!;
  }
  return out;
}

async function sendFile(
  reply: FastifyReply,
  result: { file: string; fileName: string; contentType: string; count: number; crs: string; cleanup(): void },
) {
  const stream = fs.createReadStream(result.file);
  stream.on('close', () => result.cleanup());
  stream.on('error', () => result.cleanup());
  const ascii = result.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .header('content-type', result.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
    )
    .header('x-feature-count', String(result.count))
    .header('x-crs', result.crs)
    .send(stream);
}
