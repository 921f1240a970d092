/**
 * The one error shape of the API:
 *   { "error": { "code": "…", "message": { "zh": "…", "en": "…" }, "field"?: "…", "row"?: n, "feature"?: "…", "details"?: … } }
 * Known failures are LantuErrors; anything else is logged and answered as an internal error without
 * leaking its text.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LantuError } from '../errors.js';

export interface ErrorBody {
  error: {
    code: string;
    message: { zh: string; en: string };
    field?: string;
    row?: number;
    feature?: string;
    details?: unknown;
  };
}

export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
        field: { type: 'string' },
        row: { type: 'integer' },
        feature: { type: 'string' },
        details: {},
      },
    },
  },
} as const;

export function renderError(error: LantuError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: { zh: error.zh, en: error.en },
      ...error.location,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LantuError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof LantuError) return reply.status(error.status).send(renderError(error));
    const fe = error as FastifyError;
    if (fe.statusCode === 429) {
      return reply
        .status(429)
        .send(
          renderError(
            new LantuError('rate_limited', 429, '请求过于频繁，请稍后再试', 'too many requests; try again later'),
          ),
        );
    }
    if (
      fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      fe.statusCode === 400
    ) {
      return reply
        .status(400)
        .send(renderError(new LantuError('bad_request', 400, `请求无效：${fe.message}`, `bad request: ${fe.message}`)));
    }
    if (fe.statusCode === 413) {
      return reply
        .status(413)
        .send(renderError(new LantuError('payload_too_large', 413, '请求体过大', 'request body too large')));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(
        renderError(
          new LantuError(
            'internal_error',
            500,
            '服务器内部错误，已记录日志',
            'internal server error; it has been logged',
          ),
        ),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        renderError(
          new LantuError(
            'route_not_found',
            404,
            `没有这个接口：${request.method} ${request.url}`,
            `no such route: ${request.method} ${request.url}`,
          ),
        ),
      ),
  );
}
