/**
 * Public participation over HTTP (decision 0040 API, decision 0043): staff publish check-ups and handle
 * comments and surveys; the public, without signing in, reads publications, comments on an open 公示,
 * answers surveys and downloads the published report. Public routes are rate-limited per client
 * address: reads 120 a minute, writes 5 a minute.
 */
import type { FastifyInstance } from 'fastify';
import type { LantuConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { clientHash, participationSecret } from './client-hash.js';
import {
  answerComment,
  assignComment,
  COMMENT_LIMITS,
  getPublicPublication,
  listComments,
  listPublicPublications,
  moderateComment,
  publicReportFile,
  submitComment,
  type CommentQuery,
  type ModerationInput,
} from './comments.js';
import {
  COMMENT_STATUSES,
  MODERATION_STATES,
  PUBLICATION_STAGES,
  PUBLICATION_STATUSES,
  SURVEY_STATUSES,
  type PublicationStage,
  type PublicationStatus,
  type SurveyStatus,
} from './participation-tables.js';
import {
  getPublication,
  listPublications,
  publishCheckup,
  transitionPublication,
  type PublicationEvent,
} from './publications.js';
import { QUESTION_KINDS, TEXT_ANSWER_MAX } from './survey-questions.js';
import {
  createSurvey,
  feedSurvey,
  getPublicSurvey,
  getSurvey,
  listPublicSurveys,
  listSurveys,
  submitResponse,
  surveyResults,
  updateSurvey,
  type SurveyInput,
  type SurveyPatch,
} from './surveys.js';

const idParams = { type: 'object', properties: { id: { type: 'integer' } } } as const;
const READ_LIMIT = { max: 120, timeWindow: '1 minute' };
const WRITE_LIMIT = { max: 5, timeWindow: '1 minute' };
const regionCode = { type: 'string', pattern: '^[0-9]{2,12}$' } as const;
const time = { type: ['string', 'null'], maxLength: 40 } as const;

const questionSchema = {
  type: 'object',
  required: ['key', 'textZh', 'kind'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', maxLength: 40 },
    textZh: { type: 'string', minLength: 1, maxLength: 500 },
    textEn: { type: 'string', maxLength: 500 },
    kind: { type: 'string', enum: [...QUESTION_KINDS] },
    options: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } },
    weight: { type: 'number' },
    required: { type: 'boolean' },
  },
} as const;

export async function participationRoutes(
  app: FastifyInstance,
  { store, config }: { store: Store; config: LantuConfig },
) {
  const db = store.db;
  const secret = participationSecret(config.dataDir);
  const hashOf = (ip: string) => clientHash(secret, ip);

  // ── staff: publications ────────────────────────────────────────────────

  app.post<{
    Body: {
      entityType: 'checkup';
      entityId: number;
      stage: PublicationStage;
      opensAt?: string;
      closesAt?: string | null;
      title?: string;
      summary?: string | null;
    };
  }>(
    '/api/publications',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary:
          '公示或发布体检评估成果（冻结公开内容） Publish a check-up as a notice or result; freezes the public content',
        body: {
          type: 'object',
          required: ['entityType', 'entityId', 'stage'],
          additionalProperties: false,
          properties: {
            entityType: { type: 'string', enum: ['checkup'] },
            entityId: { type: 'integer' },
            stage: { type: 'string', enum: [...PUBLICATION_STAGES] },
            opensAt: { type: 'string', maxLength: 40 },
            closesAt: time,
            title: { type: 'string', maxLength: 200 },
            summary: { type: ['string', 'null'], maxLength: 4000 },
          },
        },
      },
    },
    async (request, reply) => {
      const { entityId, stage, entityType: _entityType, ...options } = request.body;
      return reply.status(201).send(await publishCheckup(db, request.principal, entityId, stage, options));
    },
  );

  app.get<{ Querystring: { entityId?: number; status?: PublicationStatus; regionCode?: string } }>(
    '/api/publications',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['participation'],
        summary: '公示与发布列表 Publications in your scope',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entityId: { type: 'integer' },
            status: { type: 'string', enum: [...PUBLICATION_STATUSES] },
            regionCode,
          },
        },
      },
    },
    async (request) => ({ items: await listPublications(db, request.principal, request.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/publications/:id',
    {
      config: { access: 'checkup.read' },
      schema: {
        tags: ['participation'],
        summary: '公示/发布详情（含冻结内容） A publication with its frozen content',
        params: idParams,
      },
    },
    async (request) => getPublication(db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: { event: PublicationEvent; reason?: string } }>(
    '/api/publications/:id/transition',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '关闭或撤回公示/发布 Close (no more comments) or withdraw (off the public site; needs a reason)',
        params: idParams,
        body: {
          type: 'object',
          required: ['event'],
          additionalProperties: false,
          properties: {
            event: { type: 'string', enum: ['close', 'withdraw'] },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request) =>
      transitionPublication(db, request.principal, request.params.id, request.body.event, request.body.reason),
  );

  // ── staff: comments ────────────────────────────────────────────────────

  app.get<{ Querystring: CommentQuery }>(
    '/api/comments',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '公众意见（含姓名、联系方式，仅内部） Public comments with author and contact, staff only',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            publication: { type: 'integer' },
            moderation: { type: 'string', enum: [...MODERATION_STATES] },
            status: { type: 'string', enum: [...COMMENT_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (request) => listComments(db, request.principal, request.query),
  );

  app.post<{ Params: { id: number }; Body: ModerationInput }>(
    '/api/comments/:id/moderate',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary:
          '审核意见：通过或驳回，可改写公开内容 Moderate a comment: approve or reject, optionally rewrite its public text',
        params: idParams,
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: ['approve', 'reject'] },
            flags: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[a-z_]{1,30}$' } },
            publicBody: { type: ['string', 'null'], maxLength: COMMENT_LIMITS.body },
          },
        },
      },
    },
    async (request) => moderateComment(db, request.principal, request.params.id, request.body),
  );

  app.post<{ Params: { id: number }; Body: { departmentCode: string } }>(
    '/api/comments/:id/assign',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '分办意见至承办部门 Assign a comment to the department that answers it',
        params: idParams,
        body: {
          type: 'object',
          required: ['departmentCode'],
          additionalProperties: false,
          properties: { departmentCode: { type: 'string', minLength: 1, maxLength: 20 } },
        },
      },
    },
    async (request) => assignComment(db, request.principal, request.params.id, request.body.departmentCode),
  );

  app.post<{ Params: { id: number }; Body: { answer: string; publish: boolean } }>(
    '/api/comments/:id/answer',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '答复意见，可公开答复 Answer a comment; publish shows the answer publicly',
        params: idParams,
        body: {
          type: 'object',
          required: ['answer', 'publish'],
          additionalProperties: false,
          properties: {
            answer: { type: 'string', minLength: 1, maxLength: COMMENT_LIMITS.body },
            publish: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => answerComment(db, request.principal, request.params.id, request.body),
  );

  // ── staff: surveys ─────────────────────────────────────────────────────

  app.post<{ Body: SurveyInput }>(
    '/api/surveys',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '新建满意度调查问卷（草稿） Define a satisfaction survey (as a draft)',
        body: {
          type: 'object',
          required: ['regionCode', 'title', 'questions'],
          additionalProperties: false,
          properties: {
            regionCode,
            title: { type: 'string', minLength: 1, maxLength: 200 },
            description: { type: ['string', 'null'], maxLength: 4000 },
            questions: { type: 'array', minItems: 1, maxItems: 50, items: questionSchema },
            checkupId: { type: ['integer', 'null'] },
            indicatorCode: { type: ['string', 'null'], maxLength: 40 },
            opensAt: time,
            closesAt: time,
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createSurvey(db, request.principal, request.body)),
  );

  app.get<{ Querystring: { status?: SurveyStatus } }>(
    '/api/surveys',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '满意度调查问卷列表 Surveys in your region',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...SURVEY_STATUSES] } },
        },
      },
    },
    async (request) => ({ items: await listSurveys(db, request.principal, request.query) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/surveys/:id',
    {
      config: { access: 'participation.manage' },
      schema: { tags: ['participation'], summary: '问卷详情 A survey', params: idParams },
    },
    async (request) => getSurvey(db, request.principal, request.params.id),
  );

  app.patch<{ Params: { id: number }; Body: SurveyPatch }>(
    '/api/surveys/:id',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '开放、关闭或修改问卷（题目仅草稿可改） Open, close or edit a survey (questions only as a draft)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...SURVEY_STATUSES] },
            title: { type: 'string', maxLength: 200 },
            description: { type: ['string', 'null'], maxLength: 4000 },
            questions: { type: 'array', minItems: 1, maxItems: 50, items: questionSchema },
            opensAt: time,
            closesAt: time,
          },
        },
      },
    },
    async (request) => updateSurvey(db, request.principal, request.params.id, request.body as SurveyPatch),
  );

  app.get<{ Params: { id: number } }>(
    '/api/surveys/:id/results',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary: '问卷结果：分单元与总体的样本数、平均得分与各题分布 Results per unit and overall',
        params: idParams,
      },
    },
    async (request) => surveyResults(db, request.principal, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: { year: number } }>(
    '/api/surveys/:id/feed',
    {
      config: { access: 'participation.manage' },
      schema: {
        tags: ['participation'],
        summary:
          '将各单元平均得分作为指标填报值提交审核 Submit each unit’s mean score as a reported value of the survey’s indicator, for review',
        params: idParams,
        body: {
          type: 'object',
          required: ['year'],
          additionalProperties: false,
          properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedSurvey(db, request.principal, request.params.id, request.body.year)),
  );

  // ── public ─────────────────────────────────────────────────────────────

  app.get<{ Querystring: { regionCode?: string } }>(
    '/api/public/publications',
    {
      config: { access: 'public', rateLimit: READ_LIMIT },
      schema: {
        tags: ['public'],
        summary: '公示与发布（公众） Open notices and published results, for the public',
        querystring: { type: 'object', additionalProperties: false, properties: { regionCode } },
      },
    },
    async (request) => ({ items: await listPublicPublications(db, request.query.regionCode) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/public/publications/:id',
    {
      config: { access: 'public', rateLimit: READ_LIMIT },
      schema: {
        tags: ['public'],
        summary: '公示/发布内容及已审核意见与公开答复 A publication with approved comments and published answers',
        params: idParams,
      },
    },
    async (request) => getPublicPublication(db, request.params.id),
  );

  app.get<{ Params: { id: number } }>(
    '/api/public/publications/:id/report',
    {
      config: { access: 'public', rateLimit: READ_LIMIT },
      schema: {
        tags: ['public'],
        summary: '下载公开的体检评估报告 Download the published report file',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await publicReportFile(db, request.params.id);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      return reply
        .header('content-type', CONTENT_TYPES[file.format] ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('x-content-sha256', file.sha256)
        .send(file.content);
    },
  );

  app.post<{ Params: { id: number }; Body: { body: string; zoneCode?: string; name?: string; contact?: string } }>(
    '/api/public/publications/:id/comments',
    {
      config: { access: 'public', rateLimit: WRITE_LIMIT },
      schema: {
        tags: ['public'],
        summary: '对公示提出意见（姓名与联系方式不公开） Comment on an open notice; name and contact are never shown',
        params: idParams,
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: {
            body: { type: 'string', minLength: 1, maxLength: COMMENT_LIMITS.body },
            zoneCode: { type: 'string', maxLength: 20 },
            name: { type: 'string', maxLength: COMMENT_LIMITS.name },
            contact: { type: 'string', maxLength: COMMENT_LIMITS.contact },
          },
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await submitComment(db, request.principal, request.params.id, request.body, hashOf(request.ip))),
  );

  app.get<{ Querystring: { regionCode?: string } }>(
    '/api/public/surveys',
    {
      config: { access: 'public', rateLimit: READ_LIMIT },
      schema: {
        tags: ['public'],
        summary: '正在进行的满意度调查 Open satisfaction surveys',
        querystring: { type: 'object', additionalProperties: false, properties: { regionCode } },
      },
    },
    async (request) => ({ items: await listPublicSurveys(db, request.query.regionCode) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/public/surveys/:id',
    {
      config: { access: 'public', rateLimit: READ_LIMIT },
      schema: { tags: ['public'], summary: '满意度调查问卷 A survey’s questions', params: idParams },
    },
    async (request) => getPublicSurvey(db, request.params.id),
  );

  app.post<{ Params: { id: number }; Body: { zoneCode: string; answers: Record<string, unknown> } }>(
    '/api/public/surveys/:id/responses',
    {
      config: { access: 'public', rateLimit: WRITE_LIMIT },
      schema: {
        tags: ['public'],
        summary: '填写满意度调查（每人每天一次） Answer a survey (once a day per client)',
        params: idParams,
        body: {
          type: 'object',
          required: ['zoneCode', 'answers'],
          additionalProperties: false,
          properties: {
            zoneCode: { type: 'string', minLength: 1, maxLength: 20 },
            answers: {
              type: 'object',
              maxProperties: 50,
              additionalProperties: {
                anyOf: [{ type: 'integer' }, { type: 'string', maxLength: TEXT_ANSWER_MAX }, { type: 'null' }],
              },
            },
          },
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await submitResponse(db, request.principal, request.params.id, request.body, hashOf(request.ip))),
  );
}

const CONTENT_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};
