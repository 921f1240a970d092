/**
 * The check-up report over HTTP (decision 0040): the editable sections, generating a document
 * (docx | html | pdf) and downloading stored ones. Reading needs checkup.read within the region's
 * reach; generating and editing need checkup.manage inside the region.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';
import { REPORT_FORMATS } from '../checkup-tables.js';
import { generateReport, listReports, reportFile } from './generate-report.js';
import { SECTION_KEYS, editSection, listSections } from './report-sections.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer' } },
} as const;

export async function reportRoutes(app: FastifyInstance, deps: { store: Store }) {
  const { store } = deps;
  const { db } = store;

  app.get<{ Params: { id: number } }>(
    '/api/checkups/:id/report/sections',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '报告章节（生成文字与人工编辑文字） Report sections: generated text and what people wrote',
        params: idParams,
      },
    },
    async (request) => ({ items: await listSections(db, request.principal, request.params.id) }),
  );

  app.put<{ Params: { id: number; key: string }; Body: { text: string | null } }>(
    '/api/checkups/:id/report/sections/:key',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary:
          '编辑报告章节（重新生成不覆盖；空文字恢复生成内容） Edit a section; regeneration keeps it, empty text restores the generated one',
        params: {
          type: 'object',
          required: ['id', 'key'],
          properties: { id: { type: 'integer' }, key: { type: 'string', enum: [...SECTION_KEYS] } },
        },
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: ['string', 'null'], maxLength: 100_000 } },
        },
      },
    },
    async (request) => editSection(db, request.principal, request.params.id, request.params.key, request.body.text),
  );

  app.post<{ Params: { id: number }; Body: { format: string } }>(
    '/api/checkups/:id/reports',
    {
      config: { access: 'checkup.manage' },
      schema: {
        tags: ['checkup'],
        summary: '生成体检评估报告（docx、html 或 pdf）并存档 Generate and store the report as docx, html or pdf',
        params: idParams,
        body: {
          type: 'object',
          required: ['format'],
          additionalProperties: false,
          properties: { format: { type: 'string', enum: [...REPORT_FORMATS] } },
        },
      },
    },
    async (request, reply) => {
      const { timings: _timings, ...report } = await generateReport(
        store,
        request.principal,
        request.params.id,
        request.body.format,
      );
      return reply.status(201).send(report);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/checkups/:id/reports',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '已生成的报告文件 Stored report documents of a check-up, newest first',
        params: idParams,
      },
    },
    async (request) => ({ items: await listReports(db, request.principal, request.params.id) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/reports/:id/file',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['checkup'],
        summary: '下载报告文件 Download a stored report document',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await reportFile(db, request.principal, request.params.id);
      // Browsers take filename*; the ASCII fallback keeps old clients from choking on the Chinese name.
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('x-content-sha256', file.sha256)
        .send(file.content);
    },
  );
}
