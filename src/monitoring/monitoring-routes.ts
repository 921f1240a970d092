/**
 * Monitoring over HTTP: targets and trajectories, warning rules, monitoring runs (started as jobs with
 * progress) and warnings with their lifecycle. `monitoringRoutes` also registers the catalog, value
 * and submission routes (indicator-routes.ts), so the server wires the whole capability in one line.
 */
import type { FastifyInstance } from 'fastify';
import { createJob } from '../jobs/jobs.js';
import { JobRunner } from '../jobs/job-runner.js';
import type { Store } from '../store/store.js';
import { compareRuns, type CompareQuery } from './compare-runs.js';
import { indicatorRoutes } from './indicator-routes.js';
import { WARNING_GRADES, WARNING_STATUSES } from './monitoring-tables.js';
import { reevaluateLatestRuns } from './reevaluate.js';
import { createMonitoringRun, executeMonitoringRun, getRun, listRuns, type RunRequest } from './run-monitoring.js';
import { importPlanTargets, listTargets, updateTrajectory, type TrajectoryInput } from './targets.js';
import { TRAJECTORY_SHAPES } from './trajectory.js';
import { WARNING_KINDS } from './warning-kinds.js';
import { createRule, listRules, updateRule, type RuleInput, type RulePatch } from './warning-rule-store.js';
import { USER_WARNING_EVENTS, type WarningEvent } from './warning-status.js';
import { getWarning, listWarnings, transitionWarning, type WarningQuery } from './warnings.js';

const idParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
const page = {
  limit: { type: 'integer', minimum: 1, maximum: 5000, default: 200 },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;
const ruleParams = {
  type: ['object', 'null'],
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] },
} as const;

/** One runner per store when the server does not hand one in: runs queue behind each other. */
const runners = new WeakMap<Store, JobRunner>();

export async function monitoringRoutes(app: FastifyInstance, deps: { store: Store; jobs?: JobRunner }) {
  const { store } = deps;
  const runner = deps.jobs ?? runners.get(store) ?? new JobRunner(store);
  runners.set(store, runner);
  app.addHook('onClose', () => runner.idle());
  await app.register(indicatorRoutes, { store });

  app.get<{ Querystring: { planVersionId: number; indicator?: string; zone?: string } }>(
    '/api/monitoring/targets',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['monitoring'],
        summary: '指标目标与年度轨迹 Targets of a plan version with the expected value of every year',
        querystring: {
          type: 'object',
          required: ['planVersionId'],
          additionalProperties: false,
          properties: { planVersionId: { type: 'integer' }, indicator: { type: 'string' }, zone: { type: 'string' } },
        },
      },
    },
    async (request) => ({ items: await listTargets(store.db, request.principal, request.query) }),
  );

  app.post<{ Body: { planVersionId: number } }>(
    '/api/monitoring/targets/import',
    {
      config: { access: 'monitor.run' },
      schema: {
        tags: ['monitoring'],
        summary:
          '从规划指标表导入目标（按指标名称对应） Import a plan version’s indicator table as targets, by indicator name',
        body: {
          type: 'object',
          required: ['planVersionId'],
          additionalProperties: false,
          properties: { planVersionId: { type: 'integer' } },
        },
      },
    },
    async (request) => importPlanTargets(store.db, request.principal, request.body.planVersionId),
  );

  app.patch<{ Params: { id: number }; Body: TrajectoryInput }>(
    '/api/monitoring/targets/:id',
    {
      config: { access: 'plan.write' },
      schema: {
        tags: ['monitoring'],
        summary: '设置目标的轨迹形态与节点 Set a target’s trajectory shape and milestones',
        params: idParams,
        body: {
          type: 'object',
          required: ['trajectory'],
          additionalProperties: false,
          properties: {
            trajectory: { type: 'string', enum: [...TRAJECTORY_SHAPES] },
            exponent: { type: ['number', 'null'] },
            milestones: {
              type: 'array',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['year', 'value'],
                additionalProperties: false,
                properties: { year: { type: 'integer' }, value: { type: 'number' } },
              },
            },
          },
        },
      },
    },
    async (request) => updateTrajectory(store.db, request.principal, request.params.id, request.body),
  );

  app.get<{ Querystring: { indicator?: string } }>(
    '/api/monitoring/rules',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['monitoring'],
        summary: '预警规则（生效版本） Warning rules of the active version',
        querystring: { type: 'object', additionalProperties: false, properties: { indicator: { type: 'string' } } },
      },
    },
    async (request) => listRules(store.db, request.query),
  );

  app.post<{ Body: RuleInput }>(
    '/api/monitoring/rules',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '新增预警规则并重新评估 Add a warning rule (per indicator or general) and re-evaluate',
        body: {
          type: 'object',
          required: ['kind', 'grade'],
          additionalProperties: false,
          properties: {
            indicatorCode: { type: ['string', 'null'] },
            kind: { type: 'string', enum: [...WARNING_KINDS] },
            grade: { type: 'string', enum: [...WARNING_GRADES] },
            threshold: { type: ['number', 'null'] },
            params: ruleParams,
            note: { type: ['string', 'null'], maxLength: 1000 },
          },
        },
      },
    },
    async (request, reply) => {
      const rule = await createRule(store.db, request.principal, request.body);
      const reevaluated = await reevaluateLatestRuns(
        store,
        request.principal,
        `规则 #${rule.id} 新增 rule #${rule.id} added`,
      );
      return reply.status(201).send({ rule, reevaluated });
    },
  );

  app.patch<{ Params: { id: number }; Body: RulePatch }>(
    '/api/monitoring/rules/:id',
    {
      config: { access: 'indicator.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '修改预警规则并重新评估 Change a warning rule and re-evaluate',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            grade: { type: 'string', enum: [...WARNING_GRADES] },
            threshold: { type: ['number', 'null'] },
            params: ruleParams,
            active: { type: 'boolean' },
            note: { type: ['string', 'null'], maxLength: 1000 },
          },
        },
      },
    },
    async (request) => {
      const rule = await updateRule(store.db, request.principal, request.params.id, request.body);
      const reevaluated = await reevaluateLatestRuns(
        store,
        request.principal,
        `规则 #${rule.id} 已修改 rule #${rule.id} changed`,
      );
      return { rule, reevaluated };
    },
  );

  app.post<{ Body: RunRequest }>(
    '/api/monitoring/runs',
    {
      config: { access: 'monitor.run' },
      schema: {
        tags: ['monitoring'],
        summary: '发起监测运行（后台任务，返回任务号） Start a monitoring run as a job; answers at once with its ids',
        body: {
          type: 'object',
          required: ['year'],
          additionalProperties: false,
          properties: {
            year: { type: 'integer', minimum: 2000, maximum: 2100 },
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            planVersionId: { type: ['integer', 'null'] },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = request.principal;
      const runId = await createMonitoringRun(store, actor, request.body);
      const run = await getRun(store, actor, runId);
      const jobId = await createJob(store.db, actor, {
        kind: 'monitor',
        params: { ...request.body, runId },
        regionCode: run.regionCode,
      });
      await store.db.updateTable('monitoring_run').set({ job_id: jobId }).where('id', '=', runId).execute();
      void runner.submit(jobId, (progress) =>
        executeMonitoringRun(store, actor, runId, (stage, done, total) => progress.report(stage, done, total)),
      );
      return reply.status(202).send({ runId, jobId });
    },
  );

  app.get<{ Querystring: { year?: number; limit: number; offset: number } }>(
    '/api/monitoring/runs',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['monitoring'],
        summary: '监测运行记录 Monitoring runs, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { year: { type: 'integer' }, ...page },
        },
      },
    },
    async (request) => ({ items: await listRuns(store, request.principal, request.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/monitoring/runs/:id',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['monitoring'], summary: '一次监测运行及其摘要 One run and its summary', params: idParams },
    },
    async (request) => getRun(store, request.principal, request.params.id),
  );

  app.get<{ Params: { id: number; otherId: number }; Querystring: CompareQuery }>(
    '/api/monitoring/runs/:id/compare/:otherId',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['monitoring'],
        summary: '比较两次监测运行 Compare two runs value by value, and their warnings',
        params: { type: 'object', properties: { id: { type: 'integer' }, otherId: { type: 'integer' } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            indicator: { type: 'string' },
            zone: { type: 'string' },
            changedOnly: { type: 'boolean' },
            ...page,
          },
        },
      },
    },
    async (request) => compareRuns(store, request.principal, request.params.id, request.params.otherId, request.query),
  );

  app.get<{ Querystring: WarningQuery }>(
    '/api/warnings',
    {
      config: { access: 'indicator.read' },
      schema: {
        tags: ['monitoring'],
        summary: '预警列表 Warnings, most severe first (status=open: raised or acknowledged)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            year: { type: 'integer' },
            grade: { type: 'string', enum: [...WARNING_GRADES] },
            status: { type: 'string', enum: [...WARNING_STATUSES, 'open'] },
            kind: { type: 'string', enum: [...WARNING_KINDS] },
            indicator: { type: 'string' },
            zone: { type: 'string' },
            runId: { type: 'integer' },
            ...page,
          },
        },
      },
    },
    async (request) => listWarnings(store.db, request.principal, request.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/warnings/:id',
    {
      config: { access: 'indicator.read' },
      schema: { tags: ['monitoring'], summary: '一条预警 One warning', params: idParams },
    },
    async (request) => getWarning(store.db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: { event: WarningEvent; reason?: string } }>(
    '/api/warnings/:id/transitions',
    {
      config: { access: 'warning.manage' },
      schema: {
        tags: ['monitoring'],
        summary: '预警处置：确认、解决、排除（后两者须附理由） Acknowledge, resolve or dismiss a warning',
        params: idParams,
        body: {
          type: 'object',
          required: ['event'],
          additionalProperties: false,
          properties: {
            event: { type: 'string', enum: USER_WARNING_EVENTS },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) => transitionWarning(store.db, request.principal, request.params.id, request.body),
  );
}
