/**
 * Fastify validates every input against its JSON schema (Ajv). Its messages are English and name the
 * field by JSON pointer; users get them in Chinese and English with the field named plainly.
 */
import type { FastifySchemaValidationError } from 'fastify';
import { LantuError } from '../errors.js';

export function validationError(errors: FastifySchemaValidationError[], context: string): LantuError {
  const first = errors[0]!;
  const params = first.params as Record<string, unknown>;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field =
    first.keyword === 'required'
      ? [path, String(params.missingProperty)].filter(Boolean).join('.')
      : first.keyword === 'additionalProperties'
        ? [path, String(params.additionalProperty)].filter(Boolean).join('.')
        : path || context;
  const [zh, en] = describe(first.keyword, field, params, first.message ?? '');
  const where = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' }[context] ?? context;
  return new LantuError('validation_failed', 400, `${where}有误：${zh}`, `invalid ${context}: ${en}`, { field });
}

function describe(keyword: string, field: string, p: Record<string, unknown>, fallback: string): [string, string] {
  switch (keyword) {
    case 'required':
      return [`缺少必填字段 ${field}`, `missing required field ${field}`];
    case 'additionalProperties':
      return [`不允许的字段 ${field}`, `field ${field} is not allowed`];
    case 'type':
      return [`字段 ${field} 的类型应为 ${String(p.type)}`, `field ${field} must be of type ${String(p.type)}`];
    case 'minLength':
      return [
        `字段 ${field} 至少需要 ${String(p.limit)} 个字符`,
        `field ${field} needs at least ${String(p.limit)} characters`,
      ];
    case 'maxLength':
      return [
        `字段 ${field} 不能超过 ${String(p.limit)} 个字符`,
        `field ${field} must not exceed ${String(p.limit)} characters`,
      ];
    case 'minimum':
      return [`字段 ${field} 不能小于 ${String(p.limit)}`, `field ${field} must be at least ${String(p.limit)}`];
    case 'maximum':
      return [`字段 ${field} 不能大于 ${String(p.limit)}`, `field ${field} must be at most ${String(p.limit)}`];
    case 'enum':
      return [
        `字段 ${field} 应为以下之一：${(p.allowedValues as unknown[]).join('、')}`,
        `field ${field} must be one of: ${(p.allowedValues as unknown[]).join(', ')}`,
      ];
    case 'pattern':
      return [`字段 ${field} 的格式不正确`, `field ${field} has the wrong format (${String(p.pattern)})`];
    case 'format':
      return [`字段 ${field} 应为 ${String(p.format)} 格式`, `field ${field} must be a valid ${String(p.format)}`];
    default:
      return [`字段 ${field} 无效（${fallback}）`, `field ${field} is invalid (${fallback})`];
  }
}
