/** GET /api/jobs/:id — a job's state and progress, for its creator and their peers in scope (jobs.ts). */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { getJob } from './jobs.js';

export async function jobRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{ Params: { id: number } }>(
    '/api/jobs/:id',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['jobs'],
        summary: '任务状态与进度 A job: status, stage, progress, result or error',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
      },
    },
    async (request) => getJob(store.db, request.principal, request.params.id),
  );
}
