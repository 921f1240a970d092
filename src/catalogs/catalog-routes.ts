/** Reference catalogs over HTTP: public, read-only (standards are public documents). */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { crosswalk, listClasses } from './catalog-queries.js';
import { CLASSIFICATIONS, type Classification } from './catalog-tables.js';

const classification = { type: 'string', enum: [...CLASSIFICATIONS] } as const;

export async function catalogRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{ Params: { classification: Classification }; Querystring: { level?: number; parent?: string } }>(
    '/api/catalogs/:classification',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogs'],
        summary: '用地分类目录 Land-use classification codes (ydyh2023, ydyh2020, sandiao, gbt21010)',
        params: { type: 'object', properties: { classification } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { level: { type: 'integer', minimum: 1, maximum: 3 }, parent: { type: 'string', maxLength: 16 } },
        },
      },
    },
    async (request) => listClasses(store.db, request.params.classification, request.query),
  );

  app.get<{ Querystring: { from: Classification; code: string; to: Classification } }>(
    '/api/catalogs/crosswalk',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogs'],
        summary: '分类衔接 Crosswalk candidates for a code (e.g. 三调 → 用地用海 2023)',
        querystring: {
          type: 'object',
          required: ['from', 'code', 'to'],
          additionalProperties: false,
          properties: { from: classification, code: { type: 'string', maxLength: 16 }, to: classification },
        },
      },
    },
    async (request) => crosswalk(store.db, request.query.from, request.query.code, request.query.to),
  );
}
