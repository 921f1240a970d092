/** Liveness and what the server runs on: the store kind and the schema version applied. */
import type { FastifyInstance } from 'fastify';
import { appliedSchemaVersion, currentSchemaVersion } from '../store/migrate.js';
import type { Store } from '../store/store.js';

export async function healthRoutes(app: FastifyInstance, { store, version }: { store: Store; version: string }) {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: '运行状态 Health: store kind and schema version',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              version: { type: 'string' },
              store: { type: 'string', enum: ['sqlite', 'postgres'] },
              schemaVersion: { type: ['string', 'null'] },
              schemaCurrent: { type: 'boolean' },
            },
          },
        },
      },
    },
    async () => {
      const applied = await appliedSchemaVersion(store);
      return {
        status: 'ok',
        version,
        store: store.kind,
        schemaVersion: applied,
        schemaCurrent: applied === currentSchemaVersion(),
      };
    },
  );

  app.get(
    '/api/departments',
    { config: { access: 'signed_in' }, schema: { tags: ['system'], summary: '部门列表 Departments' } },
    async () => store.db.selectFrom('department').selectAll().orderBy('code').execute(),
  );
}
