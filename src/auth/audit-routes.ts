/** The audit log viewer's API (audit.read), scoped to the reader's region subtree. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { listAudit } from './audit.js';

export async function auditRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{
    Querystring: {
      entityType?: string;
      entityId?: string;
      actor?: string;
      activity?: string;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    };
  }>(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit log, newest first, with filters',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entityType: { type: 'string' },
            entityId: { type: 'string' },
            actor: { type: 'string' },
            activity: { type: 'string' },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (request) => listAudit(store.db, { ...request.query, regionCode: request.principal.regionCode || undefined }),
  );
}
