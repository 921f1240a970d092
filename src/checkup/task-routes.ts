/**
 * Tasks and their tracking over HTTP (docs/decisions/0040-checkup-loop.md, 0041-task-tracking.md):
 * tasks under a countermeasure, the boards, progress reports by the responsible departments, the
 * rollup, the readback of the previous check-up and the carry-over of its unfinished tasks. Every
 * request judges "overdue" against the bureau's date of the day it is answered.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { TASK_STATUSES, type TaskStatus } from './checkup-tables.js';
import { carryOverTasks } from './task-carry-over.js';
import { checkupReadback } from './task-readback.js';
import { EVIDENCE_KINDS, reportProgress, type ProgressReportInput } from './task-reports.js';
import { checkupRollup } from './task-rollup.js';
import { bureauDate, REPORT_STATUSES } from './task-status.js';
import {
  cancelTask,
  createTask,
  editTask,
  getTask,
  listCheckupTasks,
  listMyTasks,
  type TaskInput,
  type TaskPatch,
} from './tasks.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } as const;
const tags = ['checkup-tasks'];
const department = { type: 'string', minLength: 1, maxLength: 16 } as const;

const taskProperties = {
  title: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: ['string', 'null'], maxLength: 4000 },
  departmentCode: department,
  coDepartments: { type: ['array', 'null'], items: department, maxItems: 20 },
  zoneCode: { type: ['string', 'null'], maxLength: 32 },
  deadline: { type: 'string', maxLength: 10 },
  targetIndicatorCode: { type: ['string', 'null'], maxLength: 16 },
  targetValue: { type: ['number', 'null'] },
  deliverable: { type: ['string', 'null'], maxLength: 2000 },
  weight: { type: 'number' },
} as const;

const boardQuery = {
  status: { type: 'string', enum: [...TASK_STATUSES] },
  overdue: { type: 'boolean' },
} as const;

export async function taskRoutes(app: FastifyInstance, { store }: { store: Store }) {
  const db = store.db;

  app.post<{ Params: { id: number }; Body: TaskInput }>(
    '/api/measures/:id/tasks',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags,
        summary: '为对策措施新建任务 Create a task under a countermeasure',
        params: idParams,
        body: {
          type: 'object',
          required: ['title', 'departmentCode', 'deadline'],
          additionalProperties: false,
          properties: taskProperties,
        },
      },
    },
    async (request, reply) => {
      const task = await createTask(db, request.principal, request.params.id, request.body, bureauDate());
      return reply.code(201).send(task);
    },
  );

  app.patch<{ Params: { id: number }; Body: TaskPatch & { cancel?: boolean; reason?: string } }>(
    '/api/tasks/:id',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags,
        summary: '修改或取消任务（取消须填理由） Edit a task, or cancel it with a reason',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ...taskProperties,
            cancel: { type: 'boolean' },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) => {
      const { cancel, reason, ...patch } = request.body;
      if (cancel) return cancelTask(db, request.principal, request.params.id, reason ?? '', bureauDate());
      return editTask(db, request.principal, request.params.id, patch, bureauDate());
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/tasks/:id',
    {
      config: { access: 'checkup.read' },
      schema: { tags, summary: '任务详情及进展报送 One task with its progress reports', params: idParams },
    },
    async (request) => getTask(db, request.principal, request.params.id, bureauDate()),
  );

  app.get<{ Params: { id: number }; Querystring: { department?: string; status?: TaskStatus; overdue?: boolean } }>(
    '/api/checkups/:id/tasks',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags,
        summary: '体检任务清单（可按部门、状态、逾期筛选） The check-up’s task board',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { department, ...boardQuery } },
      },
    },
    async (request) => ({
      items: await listCheckupTasks(db, request.principal, request.params.id, request.query, bureauDate()),
    }),
  );

  app.get<{ Querystring: { status?: TaskStatus; overdue?: boolean } }>(
    '/api/tasks/mine',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags,
        summary: '本部门的任务（牵头或配合） My department’s tasks across check-ups, as lead or co-department',
        querystring: { type: 'object', additionalProperties: false, properties: boardQuery },
      },
    },
    async (request) => ({ items: await listMyTasks(db, request.principal, request.query, bureauDate()) }),
  );

  app.post<{ Params: { id: number }; Body: ProgressReportInput }>(
    '/api/tasks/:id/reports',
    {
      config: { access: 'task.report' },
      schema: {
        tags,
        summary: '报送任务进展（仅本部门任务） Report progress on one of your department’s tasks',
        params: idParams,
        body: {
          type: 'object',
          required: ['progress'],
          additionalProperties: false,
          properties: {
            progress: { type: 'number', minimum: 0, maximum: 100 },
            status: { type: 'string', enum: [...REPORT_STATUSES] },
            note: { type: ['string', 'null'], maxLength: 4000 },
            evidence: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'object',
                required: ['kind', 'value'],
                additionalProperties: false,
                properties: {
                  kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
                  value: { type: 'string', minLength: 1, maxLength: 2000 },
                  name: { type: 'string', maxLength: 200 },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const task = await reportProgress(db, request.principal, request.params.id, request.body, bureauDate());
      return reply.code(201).send(task);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/checkups/:id/rollup',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags,
        summary:
          '任务进度汇总（按权重自任务至措施、问题、体检）及各部门逾期 Progress rolled up by weight; overdue by department',
        params: idParams,
      },
    },
    async (request) => checkupRollup(db, request.principal, request.params.id, bureauDate()),
  );

  app.get<{ Params: { id: number } }>(
    '/api/checkups/:id/readback',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags,
        summary: '上一轮体检任务回读：是否完成、指标是否改善 Read back the previous check-up’s tasks',
        params: idParams,
      },
    },
    async (request) => checkupReadback(db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number } }>(
    '/api/checkups/:id/carry-over',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags,
        summary: '将上一轮未完成任务转入本轮（不重复转入） Carry the previous check-up’s unfinished tasks over, once',
        params: idParams,
      },
    },
    async (request) => carryOverTasks(db, request.principal, request.params.id, bureauDate()),
  );
}
