/**
 * The browser application, served by Lantu itself: one process, one port. The production build in
 * web/dist (`npm run build:web`) is served as static files; any other GET path that is not an API,
 * tile or OGC path answers index.html, so the application's own routes (/map, /indicators/…) survive a
 * reload. Hashed assets are cached for a year; index.html is revalidated every time, so a new build is
 * picked up at once. Without a build the server still runs, and the page says how to make one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** web/dist beside src/ (from dist/http/ as from src/http/). */
export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Paths that belong to the server: a miss there is the API's 404, never the application's page. */
const SERVER_PATHS = /^\/(api|tiles|ogc)(\/|$)/;

/**
 * The page's own rules: scripts, styles and data from this origin only; MapLibre runs its worker from a
 * blob and draws tiles into blob/data images; Ant Design injects its styles at run time.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface WebAppOptions {
  /** Folder of the production build; default web/dist. */
  webDir?: string;
}

export async function webApp(app: FastifyInstance, { webDir = DEFAULT_WEB_DIR }: WebAppOptions = {}) {
  const root = path.resolve(webDir);
  // Registered even before a build exists (a warning, not an error): whether index.html is there is
  // asked per request, so a build made while the server runs is picked up without a restart.
  // serve: false — only reply.sendFile; the one route below decides what each path gets. The build
  // writes .br and .gz beside each text file; preCompressed sends the one the browser accepts.
  await app.register(fastifyStatic, {
    root,
    serve: false,
    cacheControl: false,
    etag: true,
    lastModified: true,
    preCompressed: true,
  });

  app.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const urlPath = `/${request.params['*'] ?? ''}`;
      if (SERVER_PATHS.test(urlPath)) return reply.callNotFound();
      if (!fs.existsSync(path.join(root, 'index.html'))) return notBuilt(reply);
      const file = staticFile(root, urlPath);
      if (file) {
        const immutable = file.startsWith('assets/');
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.sendFile(file);
      }
      // A path with an extension that is not there is a missing file, not a page of the application.
      if (path.extname(urlPath)) return reply.callNotFound();
      return sendIndex(reply);
    },
  );
}

/** The file under root that the path names, relative to root, or null (never outside root). */
function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded.includes('\0')) return null;
  const full = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    if (!fs.statSync(full).isFile()) return null;
  } catch {
    return null;
  }
  const relative = path.relative(root, full).split(path.sep).join('/');
  return relative === 'index.html' ? null : relative;
}

function sendIndex(reply: FastifyReply) {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .sendFile('index.html');
}

function notBuilt(reply: FastifyReply) {
  return reply
    .status(503)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(
      '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>蓝图 Lantu</title>' +
        '<body style="font-family:sans-serif;margin:3em">' +
        '<h1>网页应用尚未构建</h1><p>请在安装目录运行 <code>npm run build</code>（或 <code>npm run build:web</code>），然后刷新本页。API 仍可使用：<a href="/api/openapi.json">/api/openapi.json</a>。</p>' +
        '<h1>The web application is not built</h1><p>Run <code>npm run build</code> (or <code>npm run build:web</code>) where Lantu is installed, then reload this page. The API works meanwhile: <a href="/api/openapi.json">/api/openapi.json</a>.</p>' +
        '</body></html>',
    );
}
