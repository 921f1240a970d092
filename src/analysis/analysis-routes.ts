/** Zonal statistics and conflict checks over HTTP (permission `analysis.run`; read scope applies). */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { ZONE_KINDS } from '../zones/zone-table.js';
import { checkConflicts, type ConflictRequest } from './conflict-check.js';
import { zonalStatistics, type ZonalRequest } from './zonal.js';

const code = { type: 'string', minLength: 1, maxLength: 100 } as const;

const zoneSet = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    kinds: { type: 'array', minItems: 1, items: { type: 'string', enum: [...ZONE_KINDS] } },
    level: { type: 'string', maxLength: 32 },
    codes: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'string', maxLength: 32 } },
    layer: code,
    groupBy: { type: 'string', maxLength: 64 },
    values: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'string', maxLength: 200 } },
  },
} as const;

export async function analysisRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.post<{ Body: ZonalRequest }>(
    '/api/analysis/zonal',
    {
      config: { access: 'analysis.run' },
      schema: {
        tags: ['analysis'],
        summary: '分区统计 Zonal statistics: area, length or count of a layer per zone and class',
        body: {
          type: 'object',
          required: ['zones', 'layer'],
          additionalProperties: false,
          properties: {
            zones: zoneSet,
            within: zoneSet,
            layer: code,
            classField: { type: ['string', 'null'], maxLength: 64 },
            classes: {
              type: 'array',
              minItems: 1,
              maxItems: 1000,
              items: { type: 'string', minLength: 1, maxLength: 64 },
            },
            planarEpsg: { type: ['integer', 'null'] },
            ellipsoidal: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => zonalStatistics(store, request.principal, request.body),
  );

  app.post<{ Body: ConflictRequest }>(
    '/api/analysis/conflicts',
    {
      config: { access: 'analysis.run' },
      schema: {
        tags: ['analysis'],
        summary: '冲突检测 Conflict check of a parcel or a line against control lines and planned land use in force',
        body: {
          type: 'object',
          required: ['geometry'],
          additionalProperties: false,
          properties: {
            geometry: { type: 'object' },
            crs: { anyOf: [{ type: 'integer' }, { type: 'string', enum: ['gcj02'] }] },
            layers: { type: 'array', minItems: 1, maxItems: 100, items: code },
          },
        },
      },
    },
    async (request) => checkConflicts(store, request.principal, request.body),
  );
}
