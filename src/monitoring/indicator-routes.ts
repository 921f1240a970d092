/**
 * The indicator catalog, values and departments' submissions over HTTP. Each route: schema, access
 * rule, the capability call (which checks region and department scope and writes in a transaction),
 * the presenter's fields out.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.js';
import type { Store } from '../store/store.js';
import { listFormulas } from './formula-registry.js';
import { indicatorSeries, listValues, type ValueQuery } from './indicator-values.js';
import {
  activateVersion,
  addIndicator,
  getIndicator,
  listIndicators,
  listSystemVersions,
  retireIndicator,
  type IndicatorQuery,
  type NewIndicatorInput,
} from './indicator-systems.js';
import { DIRECTIONS, VALUE_METHODS } from './monitoring-tables.js';
import { INDICATOR_LEVELS, PLAN_ATTRIBUTES, TIERS } from './read-indicator-catalog.js';
import { SUBMISSION_EVENTS, SUBMISSION_STATUSES, type SubmissionEvent } from './submission-status.js';
import { readSubmissionTable } from './submission-table.js';
import {
  getSubmission,
  listSubmissions,
  reviewSubmission,
  submitOne,
  submitRows,
  type SubmissionInput,
  type SubmissionQuery,
} from './submissions.js';
import './register-formulas.js';

const code = { type: 'string', pattern: '^[A-Z]{2,3}-\\d{2}$' } as const;
const codeParams = { type: 'object', properties: { code } } as const;
const idParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
const page = {
  limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;
const MAX_BATCH_BYTES = 10 * 1024 * 1024;

export async function indicatorRoutes(app: FastifyInstance, { store }: { store: Store }) {
  // Batches arrive as multipart uploads; registered here unless a parent context already did.
  if (!app.hasContentTypeParser('multipart/form-data'))
    await app.register(multipart, { limits: { fileSize: MAX_BATCH_BYTES, files: 1 } });

  app.get<{ Querystring: IndicatorQuery }>(
    '/api/indicators',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['indicators'],
        summary: '指标目录（生效版本） Browse the indicator catalog (the active version unless versionNo is given)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            versionNo: { type: 'integer', minimum: 1 },
            dimension: { type: 'string', maxLength: 40 },
            tier: { type: 'string', enum: [...TIERS] },
            planAttribute: { type: 'string', enum: [...PLAN_ATTRIBUTES] },
            method: { type: 'string', enum: [...VALUE_METHODS] },
            sourceSystem: { type: 'string', enum: ['tdt1063', 'master_plan', 'local'] },
            level: { type: 'string', enum: [...INDICATOR_LEVELS] },
            department: { type: 'string', maxLength: 16 },
            q: { type: 'string', maxLength: 100 },
            includeRetired: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => listIndicators(store.db, request.query),
  );

  app.get(
    '/api/indicators/formulas',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['indicators'], summary: '已注册的计算公式 Registered formulas of computed indicators' },
    },
    async () => ({ items: listFormulas() }),
  );

  app.get<{ Params: { code: string } }>(
    '/api/indicators/:code',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['indicators'], summary: '指标详情 One indicator of the active version', params: codeParams },
    },
    async (request) => getIndicator(store.db, request.params.code),
  );

  app.get<{ Params: { code: string }; Querystring: { zone: string; planVersionId?: number } }>(
    '/api/indicators/:code/series',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['indicators'],
        summary: '指标趋势序列 Values by year in a zone, with target, trajectory, trend and forecast',
        params: codeParams,
        querystring: {
          type: 'object',
          required: ['zone'],
          additionalProperties: false,
          properties: { zone: { type: 'string', maxLength: 32 }, planVersionId: { type: 'integer' } },
        },
      },
    },
    async (request) =>
      indicatorSeries(
        store.db,
        request.principal,
        request.params.code,
        request.query.zone,
        request.query.planVersionId,
      ),
  );

  app.get(
    '/api/indicator-systems',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['indicators'], summary: '指标体系版本 Versions of the indicator system' },
    },
    async () => ({ items: await listSystemVersions(store.db) }),
  );

  app.post<{ Body: NewIndicatorInput }>(
    '/api/indicator-systems/draft/indicators',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags: ['indicators'],
        summary: '新增地方指标（写入草稿版本，无草稿时自生效版本复制） Add a local indicator to the draft version',
        body: {
          type: 'object',
          required: ['code', 'name', 'unit', 'direction', 'levels', 'method', 'source'],
          additionalProperties: false,
          properties: {
            code,
            name: { type: 'string', minLength: 2, maxLength: 100 },
            nameEn: { type: ['string', 'null'], maxLength: 200 },
            dimension: { type: ['string', 'null'], maxLength: 40 },
            subdimension: { type: ['string', 'null'], maxLength: 40 },
            planAttribute: { type: ['string', 'null'], enum: [...PLAN_ATTRIBUTES, null] },
            unit: { type: 'string', minLength: 1, maxLength: 30 },
            direction: { type: 'string', enum: [...DIRECTIONS] },
            rangeLow: { type: ['number', 'null'] },
            rangeHigh: { type: ['number', 'null'] },
            levels: { type: 'array', minItems: 1, items: { type: 'string', enum: [...INDICATOR_LEVELS] } },
            method: { type: 'string', enum: [...VALUE_METHODS] },
            formulaKey: { type: ['string', 'null'], pattern: '^[a-z][a-z0-9_]*$' },
            definition: { type: ['string', 'null'], maxLength: 2000 },
            dataLayers: { type: 'array', items: { type: 'string', maxLength: 100 } },
            departmentCode: { type: ['string', 'null'], pattern: '^[a-z]{2,8}$' },
            source: { type: 'string', minLength: 2, maxLength: 500 },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await addIndicator(store.db, request.principal, request.body)),
  );

  app.post<{ Params: { code: string }; Body: { successorCode?: string | null; reason: string } }>(
    '/api/indicator-systems/draft/indicators/:code/retire',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags: ['indicators'],
        summary: '退役指标（可指定接替指标） Retire an indicator in the draft, naming its successor',
        params: codeParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: {
            successorCode: { ...code, type: ['string', 'null'] },
            reason: { type: 'string', minLength: 2, maxLength: 2000 },
          },
        },
      },
    },
    async (request) => retireIndicator(store.db, request.principal, request.params.code, request.body),
  );

  app.post<{ Params: { versionNo: number } }>(
    '/api/indicator-systems/versions/:versionNo/activate',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags: ['indicators'],
        summary: '启用草稿版本（原生效版本退役） Activate a draft; the version active before is retired',
        params: { type: 'object', properties: { versionNo: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => activateVersion(store.db, request.principal, request.params.versionNo),
  );

  app.get<{ Querystring: ValueQuery }>(
    '/api/indicators/values',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['indicators'],
        summary: '指标值（含来源、数据版本、是否过期、评估） Values with provenance and evaluation',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            indicator: { type: 'string', maxLength: 16 },
            zone: { type: 'string', maxLength: 32 },
            year: { type: 'integer', minimum: 1949, maximum: 2100 },
            period: { type: 'string', maxLength: 10 },
            method: { type: 'string', enum: [...VALUE_METHODS] },
            stale: { type: 'boolean' },
            ...page,
          },
        },
      },
    },
    async (request) => listValues(store.db, request.principal, request.query),
  );

  app.post<{ Body: SubmissionInput }>(
    '/api/indicators/submissions',
    {
      config: { access: 'indicator.submit' },
      schema: {
        tags: ['indicators'],
        summary: '填报一个指标值 Submit one value (departments: their own indicators only)',
        body: {
          type: 'object',
          required: ['indicatorCode', 'zoneCode', 'year', 'value', 'unit'],
          additionalProperties: false,
          properties: {
            indicatorCode: { type: 'string', maxLength: 16 },
            zoneCode: { type: 'string', maxLength: 32 },
            year: { type: 'integer' },
            period: { type: 'string', maxLength: 10 },
            value: { type: 'number' },
            unit: { type: 'string', maxLength: 30 },
            source: { type: ['string', 'null'], maxLength: 500 },
            evidence: { type: ['string', 'null'], maxLength: 2000 },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await submitOne(store.db, request.principal, request.body)),
  );

  app.post<{ Querystring: { acceptValid?: boolean } }>(
    '/api/indicators/submissions/batch',
    {
      config: { access: 'indicator.submit' },
      schema: {
        tags: ['indicators'],
        summary:
          '批量填报（CSV/XLSX，multipart 字段 file） Submit a batch (CSV or XLSX in field "file"); any row error writes nothing unless acceptValid',
        querystring: { type: 'object', additionalProperties: false, properties: { acceptValid: { type: 'boolean' } } },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw badRequest(
          'file_required',
          '请以 multipart/form-data 上传文件（字段 file）',
          'upload the file as multipart/form-data (field "file")',
          {
            field: 'file',
          },
        );
      }
      const file = await request.file();
      if (!file)
        throw badRequest('file_required', '缺少文件（字段 file）', 'no file (field "file")', { field: 'file' });
      const rows = await readSubmissionTable(file.filename, await file.toBuffer());
      if (!rows.length)
        throw badRequest('submission_empty', '文件中没有数据行', 'the file has no data rows', { field: 'file' });
      const result = await submitRows(store.db, request.principal, rows, {
        acceptValid: request.query.acceptValid,
        batch: true,
      });
      return reply.status(201).send(result);
    },
  );

  app.get<{ Querystring: SubmissionQuery }>(
    '/api/indicators/submissions',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['indicators'],
        summary: '填报记录 Submissions and their review history',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...SUBMISSION_STATUSES] },
            indicator: { type: 'string', maxLength: 16 },
            zone: { type: 'string', maxLength: 32 },
            year: { type: 'integer' },
            department: { type: 'string', maxLength: 16 },
            batchId: { type: 'string', maxLength: 64 },
            ...page,
          },
        },
      },
    },
    async (request) => listSubmissions(store.db, request.principal, request.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/indicators/submissions/:id',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['indicators'], summary: '一条填报 One submission', params: idParams },
    },
    async (request) => getSubmission(store.db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: { event: SubmissionEvent; comment?: string } }>(
    '/api/indicators/submissions/:id/review',
    {
      config: { access: 'indicator.review' },
      schema: {
        tags: ['indicators'],
        summary: '审核填报：采纳或退回（退回须附意见） Review: accept (writes the value) or return with a comment',
        params: idParams,
        body: {
          type: 'object',
          required: ['event'],
          additionalProperties: false,
          properties: {
            event: { type: 'string', enum: Object.keys(SUBMISSION_EVENTS) },
            comment: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) => reviewSubmission(store.db, request.principal, request.params.id, request.body),
  );
}
