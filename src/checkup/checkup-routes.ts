/**
 * Check-up projects over HTTP (decision 0040): projects and their workflow, runs and frozen snapshots,
 * findings (drafted, manual, merged) with their quantitative support, causes and countermeasures.
 * Tasks, the report and public participation have plugins of their own.
 */
import type { FastifyInstance } from 'fastify';
import { JobRunner } from '../jobs/job-runner.js';
import { createJob, getJob } from '../jobs/jobs.js';
import type { Store } from '../store/store.js';
import { CHECKUP_EVENT_NAMES } from './checkup-status.js';
import {
  createCheckupRun,
  executeCheckupRun,
  freezeSnapshot,
  listSnapshotValues,
  type SnapshotValueQuery,
} from './checkup-run.js';
import {
  CAUSE_CATEGORIES,
  CHECKUP_KINDS,
  CHECKUP_LEVELS,
  CHECKUP_STATUSES,
  FINDING_KINDS,
  FINDING_SEVERITIES,
  MEASURE_PATHS,
} from './checkup-tables.js';
import { addCause, deleteCause, updateCause, type CauseInput } from './causes.js';
import { draftCheckupFindings } from './finding-drafts.js';
import { findingSupport } from './finding-support.js';
import {
  addFinding,
  deleteFinding,
  editFinding,
  getFinding,
  listFindings,
  mergeFindings,
  type FindingInput,
  type FindingPatch,
  type FindingQuery,
  type MergeInput,
} from './findings.js';
import { addMeasure, deleteMeasure, updateMeasure, type MeasureInput } from './measures.js';
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
import { progressOfCheckups } from './task-rollup.js';

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

const findingFields = {
  level: { type: 'string', enum: [...CHECKUP_LEVELS] },
  title: { type: 'string', minLength: 1, maxLength: 300 },
  body: { type: ['string', 'null'], maxLength: 20000 },
  severity: { type: 'string', enum: [...FINDING_SEVERITIES] },
  zoneCodes: { type: 'array', maxItems: 5000, items: { type: 'string', maxLength: 40 } },
  dimension: { type: ['string', 'null'], maxLength: 100 },
  indicatorCodes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 40 } },
  sortOrder: { type: 'integer' },
} as const;
const causeFields = {
  category: { type: 'string', enum: [...CAUSE_CATEGORIES] },
  description: { type: 'string', minLength: 1, maxLength: 20000 },
  evidence: {},
  support: {},
} as const;
const measureFields = {
  path: { type: 'string', enum: [...MEASURE_PATHS] },
  description: { type: 'string', minLength: 1, maxLength: 20000 },
  departmentCode: { type: ['string', 'null'], maxLength: 40 },
  weight: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
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
    async (request) => {
      // Each project with its tasks' progress rolled up (null before any task), for the list's bars.
      const listed = await listCheckups(store.db, request.principal, request.query);
      const progress = await progressOfCheckups(
        store.db,
        listed.map((c) => c.id),
      );
      const items = listed.map((c) => ({ ...c, progress: progress.get(c.id) ?? null }));
      return { items };
    },
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
  app.post<{ Params: { id: number }; Querystring: { wait?: boolean } }>(
    '/api/checkups/:id/run',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary:
          '运行体检：按体检年度与区划进行监测运行（后台任务），完成后冻结新快照；wait=true 时等待完成 Run the check-up: a monitoring run as a job, then a new snapshot; wait=true answers when done',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { wait: { type: 'boolean' } } },
      },
    },
    async (request, reply) => {
      const actor = request.principal;
      const checkupId = request.params.id;
      const { checkup, runId } = await createCheckupRun(store, actor, checkupId);
      const jobId = await createJob(store.db, actor, {
        kind: 'checkup_run',
        params: { checkupId, runId, year: checkup.year },
        regionCode: checkup.region_code,
      });
      await store.db.updateTable('monitoring_run').set({ job_id: jobId }).where('id', '=', runId).execute();
      const done = runner.submit(jobId, async (progress) => {
        const result = await executeCheckupRun(store, actor, checkupId, runId, (stage, d, total) =>
          progress.report(stage, d, total),
        );
        return { runId, snapshot: result.snapshot };
      });
      if (!request.query.wait) return reply.status(202).send({ runId, jobId });
      await done;
      return reply.status(200).send({ runId, jobId, job: await getJob(store.db, actor, jobId) });
    },
  );

  app.post<{ Params: { id: number }; Body: { note?: string } }>(
    '/api/checkups/:id/snapshots',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '以当前指标值冻结新快照（不重新计算） Freeze the current values as a new snapshot, without a run',
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { note: { type: 'string', maxLength: 2000 } },
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await freezeSnapshot(store.db, request.principal, request.params.id, { note: request.body?.note ?? null }),
        ),
  );

  app.get<{ Params: { id: number }; Querystring: SnapshotValueQuery }>(
    '/api/checkups/:id/values',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary:
          '体检冻结的指标值表（默认当前快照） The frozen indicator table of a snapshot (default: the current one)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            snapshot: { type: 'integer' },
            seq: { type: 'integer' },
            level: { type: 'string', enum: [...CHECKUP_LEVELS] },
            indicator: { type: 'string' },
            zone: { type: 'string' },
          },
        },
      },
    },
    async (request) => listSnapshotValues(store.db, request.principal, request.params.id, request.query),
  );

  app.post<{ Params: { id: number } }>(
    '/api/checkups/:id/findings/draft',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary:
          '根据当前快照起草问题清单（可重复执行，不覆盖人工修改） Draft findings from the current snapshot; idempotent, keeps what people edited',
        params: idParams,
      },
    },
    async (request) => draftCheckupFindings(store.db, request.principal, request.params.id),
  );

  app.get<{ Params: { id: number }; Querystring: FindingQuery }>(
    '/api/checkups/:id/findings',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '问题清单（含原因与对策） Findings with their causes and measures, by level',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            level: { type: 'string', enum: [...CHECKUP_LEVELS] },
            kind: { type: 'string', enum: [...FINDING_KINDS] },
            includeMerged: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => ({ items: await listFindings(store.db, request.principal, request.params.id, request.query) }),
  );

  app.post<{ Params: { id: number }; Body: FindingInput }>(
    '/api/checkups/:id/findings',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '人工补充问题 Add a finding by hand',
        params: idParams,
        body: {
          type: 'object',
          required: ['level', 'title'],
          additionalProperties: false,
          properties: { ...findingFields, evidence: {} },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addFinding(store.db, request.principal, request.params.id, request.body)),
  );

  app.post<{ Params: { id: number }; Body: MergeInput }>(
    '/api/checkups/:id/findings/merge',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '合并问题（原因与对策随之转移） Merge findings; their causes and measures move to the merged one',
        params: idParams,
        body: {
          type: 'object',
          required: ['ids', 'title'],
          additionalProperties: false,
          properties: {
            ids: { type: 'array', minItems: 2, maxItems: 200, items: { type: 'integer' } },
            title: { type: 'string', minLength: 1, maxLength: 300 },
            body: { type: ['string', 'null'], maxLength: 20000 },
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await mergeFindings(store.db, request.principal, request.params.id, request.body)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/findings/:id',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '一个问题及其原因与对策 A finding with its causes and measures',
        params: idParams,
      },
    },
    async (request) => getFinding(store.db, request.principal, request.params.id),
  );

  app.patch<{ Params: { id: number }; Body: FindingPatch }>(
    '/api/findings/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '修改问题（起草的问题改为“已编辑”，重新起草不再覆盖） Edit a finding; a drafted one becomes edited',
        params: idParams,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: findingFields },
      },
    },
    async (request) => editFinding(store.db, request.principal, request.params.id, request.body),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/findings/:id',
    {
      config: { access: 'checkup.manage' },
      schema: { tags: ['checkup'], summary: '删除人工补充的问题 Delete a finding added by hand', params: idParams },
    },
    async (request, reply) => {
      await deleteFinding(store.db, request.principal, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/findings/:id/support',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary:
          '原因诊断的量化支撑：同向变化的指标与问题集中的区域 Co-moving indicators and the zones where the problem concentrates',
        params: idParams,
      },
    },
    async (request) => findingSupport(store.db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: CauseInput }>(
    '/api/findings/:id/causes',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '添加原因 Add a cause to a finding',
        params: idParams,
        body: {
          type: 'object',
          required: ['category', 'description'],
          additionalProperties: false,
          properties: causeFields,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addCause(store.db, request.principal, request.params.id, request.body)),
  );

  app.patch<{ Params: { id: number }; Body: Partial<CauseInput> }>(
    '/api/causes/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '修改原因 Change a cause',
        params: idParams,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: causeFields },
      },
    },
    async (request) => updateCause(store.db, request.principal, request.params.id, request.body),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/causes/:id',
    {
      config: { access: 'checkup.manage' },
      schema: { tags: ['checkup'], summary: '删除原因 Delete a cause', params: idParams },
    },
    async (request, reply) => {
      await deleteCause(store.db, request.principal, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: MeasureInput }>(
    '/api/findings/:id/measures',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '添加对策（五类反馈路径之一） Add a countermeasure on one of the five feedback paths',
        params: idParams,
        body: {
          type: 'object',
          required: ['path', 'description'],
          additionalProperties: false,
          properties: measureFields,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMeasure(store.db, request.principal, request.params.id, request.body)),
  );

  app.patch<{ Params: { id: number }; Body: Partial<MeasureInput> }>(
    '/api/measures/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '修改对策 Change a countermeasure',
        params: idParams,
        body: { type: 'object', minProperties: 1, additionalProperties: false, properties: measureFields },
      },
    },
    async (request) => updateMeasure(store.db, request.principal, request.params.id, request.body),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/measures/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '删除对策（已下达任务的不能删除） Delete a countermeasure without tasks',
        params: idParams,
      },
    },
    async (request, reply) => {
      await deleteMeasure(store.db, request.principal, request.params.id);
      return reply.status(204).send();
    },
  );
}
