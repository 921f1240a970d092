/**
 * The one way the application calls Lantu. Same origin, the session in its httpOnly cookie (no token
 * in the page's reach). Every failure becomes an ApiError carrying the server's one error shape —
 * code, message in Chinese and English, and the field or row at fault — so each screen can show the
 * message next to what caused it.
 */
import { messages } from '../i18n/messages/index.js';

export interface Bilingual {
  zh: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly field?: string,
    readonly row?: number,
    readonly details?: unknown,
  ) {
    super(text.en);
  }
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

let onUnauthorized: (() => void) | null = null;
/** Called when the session has ended (401 on a call that needed one). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(name, v));
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: fall through to the status line */
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (error && typeof error.code === 'string') {
    const message = (error.message as Bilingual | undefined) ?? messages['error.unknown'];
    return new ApiError(
      response.status,
      error.code,
      message,
      typeof error.field === 'string' ? error.field : undefined,
      typeof error.row === 'number' ? error.row : undefined,
      error.details,
    );
  }
  const status = messages['error.http'];
  return new ApiError(response.status, `http_${response.status}`, {
    zh: status.zh.replace('{status}', String(response.status)),
    en: status.en.replace('{status}', String(response.status)),
  });
}

export async function request<T>(
  method: string,
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', messages['error.network']);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !options.quiet401) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * A multipart upload with the bytes' progress (fetch cannot report upload progress; XHR can).
 * Resolves with the JSON answer; rejects with an ApiError.
 */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress?: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', messages['error.network']));
    xhr.onload = () => {
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } else {
        void errorOf(response).then((error) => {
          if (xhr.status === 401) onUnauthorized?.();
          reject(error);
        });
      }
    };
    xhr.send(form);
  });
}

/** A file the server answers as an attachment, saved under the name it gives. */
export async function download(path: string, query?: Query): Promise<{ fileName: string; bytes: number }> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', messages['error.network']);
  }
  if (!response.ok) throw await errorOf(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const fileName = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? 'download');
  saveBlob(blob, fileName);
  return { fileName, bytes: blob.size };
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
