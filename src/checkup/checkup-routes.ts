/**
 * Check-up projects over HTTP (decision 0040): projects and their workflow, runs and frozen snapshots,
 * findings (drafted, manual, merged) with their quantitative support, causes and countermeasures.
 * Tasks, the report and public participation have plugins of their own.
 */
import type { FastifyInstance } from 'fastify';
import { JobRunner } from '../jobs/job-runner.js';
import type { Store } from '../store/store.js';
import { CHECKUP_EVENT_NAMES } from './checkup-status.js';
import { CHECKUP_KINDS, CHECKUP_LEVELS, CHECKUP_STATUSES } from './checkup-tables.js';
import {
  createCheckup,
  getCheckup,
  listCheckups,
  transitionCheckup,
  updateCheckup,
  type CheckupPatch,
  type CheckupQuery,
  type NewCheckup,
} from './checkups.js';

export const idParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
const team = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    required: ['username', 'duty'],
    additionalProperties: false,
    properties: { username: { type: 'string', minLength: 1 }, duty: { type: 'string', maxLength: 200 } },
  },
} as const;

/** One runner per store when the server does not hand one in: check-up runs queue behind each other. */
const runners = new WeakMap<Store, JobRunner>();

export async function checkupRoutes(app: FastifyInstance, deps: { store: Store; jobs?: JobRunner }) {
  const { store } = deps;
  const runner = deps.jobs ?? runners.get(store) ?? new JobRunner(store);
  runners.set(store, runner);
  app.addHook('onClose', () => runner.idle());

  app.post<{ Body: NewCheckup }>(
    '/api/checkups',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '新建体检评估项目 Create a check-up (defaults: title, levels, indicator system, plan, previous)',
        body: {
          type: 'object',
          required: ['kind', 'regionCode', 'year'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...CHECKUP_KINDS] },
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            levels: { type: 'array', minItems: 1, items: { type: 'string', enum: [...CHECKUP_LEVELS] } },
            title: { type: 'string', maxLength: 200 },
            systemId: { type: 'integer' },
            planVersionId: { type: ['integer', 'null'] },
            previousId: { type: ['integer', 'null'] },
            team,
            note: { type: ['string', 'null'], maxLength: 4000 },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createCheckup(store.db, request.principal, request.body)),
  );

  app.get<{ Querystring: CheckupQuery }>(
    '/api/checkups',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '体检评估项目列表 Check-ups of your region and the regions above it',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            year: { type: 'integer' },
            status: { type: 'string', enum: [...CHECKUP_STATUSES] },
            kind: { type: 'string', enum: [...CHECKUP_KINDS] },
          },
        },
      },
    },
    async (request) => ({ items: await listCheckups(store.db, request.principal, request.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/checkups/:id',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '体检评估项目（含流程记录、快照与数量） A check-up with its transitions, snapshots and counts',
        params: idParams,
      },
    },
    async (request) => getCheckup(store.db, request.principal, request.params.id),
  );

  app.patch<{ Params: { id: number }; Body: CheckupPatch }>(
    '/api/checkups/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '修改体检标题、工作组与备注 Change a check-up’s title, team or note',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            title: { type: 'string', maxLength: 200 },
            team,
            note: { type: ['string', 'null'], maxLength: 4000 },
          },
        },
      },
    },
    async (request) => updateCheckup(store.db, request.principal, request.params.id, request.body),
  );

  app.post<{ Params: { id: number }; Body: { event: string; reason?: string } }>(
    '/api/checkups/:id/transition',
    {
      // Review decisions need checkup.review; transitionCheckup checks the event's own permission.
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '体检流程流转（退回需填写理由） Move a check-up through its workflow; sending back needs a reason',
        params: idParams,
        body: {
          type: 'object',
          required: ['event'],
          additionalProperties: false,
          properties: {
            event: { type: 'string', enum: CHECKUP_EVENT_NAMES },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) => transitionCheckup(store.db, request.principal, request.params.id, request.body),
  );
}
