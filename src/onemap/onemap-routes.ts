/** Plans, versions and layers over HTTP. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { getLayerView, layerFeatures, listLayers } from './layers.js';
import { PLAN_KINDS, PLAN_LEVELS, PLAN_STATUSES, type PlanKind } from './onemap-tables.js';
import { PLAN_EVENTS } from './plan-status.js';
import {
  createPlan,
  createPlanVersion,
  getPlan,
  getPlanVersion,
  listPlans,
  transitionPlan,
  type NewPlanInput,
  type NewVersionInput,
  type TransitionInput,
} from './plans.js';
import { parseLonLatBbox } from '../geo/parse-bbox.js';

const idParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
const year = { type: 'integer', minimum: 1949, maximum: 2100 } as const;

export async function onemapRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{ Querystring: { kind?: PlanKind; status?: string } }>(
    '/api/plans',
    {
      config: { access: 'plan.read' },
      schema: {
        tags: ['plans'],
        summary: '规划列表 Plans you may read',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...PLAN_KINDS] },
            status: { type: 'string', enum: [...PLAN_STATUSES] },
          },
        },
      },
    },
    async (request) => listPlans(store.db, request.principal, request.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/plans/:id',
    {
      config: { access: 'plan.read' },
      schema: { tags: ['plans'], summary: '规划详情及版本 A plan and its versions', params: idParams },
    },
    async (request) => getPlan(store.db, request.principal, request.params.id),
  );

  app.get<{ Params: { id: number; versionNo: number } }>(
    '/api/plans/:id/versions/:versionNo',
    {
      config: { access: 'plan.read' },
      schema: {
        tags: ['plans'],
        summary: '规划版本（含指标目标和图层） One version with its targets and layers',
        params: { type: 'object', properties: { id: { type: 'integer' }, versionNo: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => getPlanVersion(store.db, request.principal, request.params.id, request.params.versionNo),
  );

  app.post<{ Body: NewPlanInput }>(
    '/api/plans',
    {
      config: { access: 'plan.write' },
      schema: {
        tags: ['plans'],
        summary: '新建规划（编制中，版本 1） Create a plan (drafting, version 1)',
        body: {
          type: 'object',
          required: ['name', 'kind', 'level', 'regionCode', 'baseYear', 'targetYear'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 2, maxLength: 200 },
            nameEn: { type: ['string', 'null'], maxLength: 300 },
            kind: { type: 'string', enum: [...PLAN_KINDS] },
            level: { type: 'string', enum: [...PLAN_LEVELS] },
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            baseYear: year,
            nearYear: { type: ['integer', 'null'], minimum: 1949, maximum: 2100 },
            targetYear: year,
            parentPlanId: { type: ['integer', 'null'] },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createPlan(store.db, request.principal, request.body)),
  );

  app.post<{ Params: { id: number }; Body: NewVersionInput }>(
    '/api/plans/:id/versions',
    {
      config: { access: 'plan.write' },
      schema: {
        tags: ['plans'],
        summary: '规划修改：新建版本 A plan change: a new current version (old versions stay readable)',
        params: idParams,
        body: {
          type: 'object',
          required: ['label', 'changeReason'],
          additionalProperties: false,
          properties: {
            label: { type: 'string', minLength: 1, maxLength: 200 },
            changeReason: { type: 'string', minLength: 2, maxLength: 2000 },
            approvalDoc: { type: ['string', 'null'], maxLength: 200 },
            approvalDate: { type: ['string', 'null'], format: 'date' },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPlanVersion(store.db, request.principal, request.params.id, request.body)),
  );

  app.post<{ Params: { id: number }; Body: TransitionInput }>(
    '/api/plans/:id/transitions',
    {
      config: { access: 'plan.write' },
      schema: {
        tags: ['plans'],
        summary: '规划状态流转 Move a plan through its workflow (submit, send back, approve, amend, repeal)',
        params: idParams,
        body: {
          type: 'object',
          required: ['event'],
          additionalProperties: false,
          properties: {
            event: { type: 'string', enum: Object.keys(PLAN_EVENTS) },
            reason: { type: 'string', maxLength: 2000 },
            approvalDoc: { type: 'string', maxLength: 200 },
            approvalDate: { type: 'string', format: 'date' },
            approvalAuthority: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    async (request) => transitionPlan(store.db, request.principal, request.params.id, request.body),
  );

  app.get(
    '/api/layers',
    {
      config: { access: 'public' },
      schema: { tags: ['layers'], summary: '图层目录 Layers you may read (public ones without signing in)' },
    },
    async (request) => listLayers(store, request.principal),
  );

  app.get<{ Params: { code: string } }>(
    '/api/layers/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['layers'],
        summary: '图层信息 One layer',
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } } },
      },
    },
    async (request) => getLayerView(store, request.principal, request.params.code),
  );

  app.get<{ Params: { code: string }; Querystring: { bbox?: string; limit: number; offset: number } }>(
    '/api/layers/:code/features',
    {
      config: { access: 'public' },
      schema: {
        tags: ['layers'],
        summary: '图层要素（GeoJSON） Features of a layer as GeoJSON, optionally in a bbox',
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            bbox: { type: 'string', description: 'minLon,minLat,maxLon,maxLat (EPSG:4490)' },
            limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (request) =>
      layerFeatures(store, request.principal, request.params.code, {
        bbox: request.query.bbox === undefined ? undefined : parseLonLatBbox(request.query.bbox),
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );
}
