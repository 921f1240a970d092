/**
 * One error type for the whole platform. Every failure a user can cause carries a stable machine code,
 * a message in Chinese and in English, and — where one is at fault — the field, row or feature.
 * The HTTP layer renders it as the one error shape; the CLI prints it as one line.
 */
export interface ErrorLocation {
  /** The input field at fault, e.g. `password` or `geometry`. */
  field?: string;
  /** 1-based row (CSV/XLSX) or feature index (GeoJSON) at fault. */
  row?: number;
  /** Feature id in the source, when one is known. */
  feature?: string;
}

export class LantuError extends Error {
  readonly code: string;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly location: ErrorLocation;
  readonly details?: unknown;

  constructor(code: string, status: number, zh: string, en: string, location: ErrorLocation = {}, details?: unknown) {
    super(`${en} / ${zh}`);
    this.name = 'LantuError';
    this.code = code;
    this.status = status;
    this.zh = zh;
    this.en = en;
    this.location = location;
    this.details = details;
  }
}

export const badRequest = (code: string, zh: string, en: string, location?: ErrorLocation, details?: unknown) =>
  new LantuError(code, 400, zh, en, location, details);

export const notFound = (what: { zh: string; en: string }, id: string | number) =>
  new LantuError('not_found', 404, `${what.zh}不存在：${id}`, `${what.en} not found: ${id}`);

export const forbidden = (zh: string, en: string) => new LantuError('forbidden', 403, zh, en);

export const conflict = (code: string, zh: string, en: string, location?: ErrorLocation) =>
  new LantuError(code, 409, zh, en, location);
