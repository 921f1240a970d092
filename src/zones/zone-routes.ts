/** The spatial hierarchy over HTTP. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { ZONE_KINDS, type ZoneKind } from './zone-table.js';
import { createZone, getZone, listZones, updateZone, type NewZoneInput, type ZoneChanges } from './zones.js';

const geometrySchema = {
  type: 'object',
  required: ['type', 'coordinates'],
  properties: { type: { type: 'string' }, coordinates: { type: 'array' } },
} as const;

export async function zoneRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{ Querystring: { kind?: ZoneKind; parent?: string; level?: string; geometry?: boolean } }>(
    '/api/zones',
    {
      config: { access: 'zone.read' },
      schema: {
        tags: ['zones'],
        summary: '区划与单元 Zones: regions, central urban area, planning units, governance zones',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...ZONE_KINDS] },
            parent: { type: 'string', maxLength: 32 },
            level: { type: 'string', maxLength: 32 },
            geometry: { type: 'boolean', default: false },
          },
        },
      },
    },
    async (request) => listZones(store, { ...request.query, viewer: request.principal }, request.query.geometry),
  );

  app.get<{ Params: { code: string } }>(
    '/api/zones/:code',
    {
      config: { access: 'zone.read' },
      schema: {
        tags: ['zones'],
        summary: '区划或单元详情 One zone with its geometry',
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 32 } } },
      },
    },
    async (request) => getZone(store, request.principal, request.params.code),
  );

  app.post<{ Body: NewZoneInput }>(
    '/api/zones',
    {
      config: { access: 'zone.write' },
      schema: {
        tags: ['zones'],
        summary: '新建治理分区或单元 Create a governance zone, planning unit or central urban area',
        body: {
          type: 'object',
          required: ['code', 'kind', 'name', 'regionCode', 'geometry'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' },
            kind: { type: 'string', enum: ['central_urban', 'planning_unit', 'governance'] },
            level: { type: ['string', 'null'], maxLength: 32 },
            name: { type: 'string', minLength: 1, maxLength: 100 },
            nameEn: { type: ['string', 'null'], maxLength: 200 },
            parentCode: { type: ['string', 'null'], maxLength: 32 },
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            attrs: { type: 'object' },
            geometry: geometrySchema,
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createZone(store, request.principal, request.body)),
  );

  app.patch<{ Params: { code: string }; Body: ZoneChanges }>(
    '/api/zones/:code',
    {
      config: { access: 'zone.write' },
      schema: {
        tags: ['zones'],
        summary: '修改区划或单元 Change a zone’s name, attributes or geometry',
        params: { type: 'object', properties: { code: { type: 'string', maxLength: 32 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            nameEn: { type: ['string', 'null'], maxLength: 200 },
            attrs: { type: 'object' },
            geometry: geometrySchema,
          },
        },
      },
    },
    async (request) => updateZone(store, request.principal, request.params.code, request.body),
  );
}
