/**
 * The web application's server half (src/http/web-app.ts) through Fastify's inject, on a build made up
 * in a temporary folder: files, the SPA fallback, the API's own 404, caching, precompressed copies,
 * paths that try to leave the folder, and the page shown before any build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webApp } from '../../src/http/web-app.js';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script></body></html>';

async function serverOn(dir: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'route_not_found' } }));
  app.get('/api/health', async () => ({ status: 'ok' }));
  await app.register(webApp, { webDir: dir });
  await app.ready();
  return app;
}

describe('with a build', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-webdist-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    const js = 'console.log("蓝图");'.repeat(200);
    fs.writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), js);
    fs.writeFileSync(path.join(dir, 'assets', 'app-1a2b.js.br'), zlib.brotliCompressSync(js));
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await serverOn(dir);
  });

  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an application path answers index.html, revalidated, with its security headers', async () => {
    for (const url of ['/', '/map', '/indicators/trend?indicator=MP-06', '/portal/map']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.body).toBe(INDEX);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test('hashed assets are cached for a year; other files are revalidated', async () => {
    const asset = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  test('a browser that accepts brotli gets the precompressed copy', async () => {
    const r = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(r.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toContain('蓝图');
  });

  test('API, tile and OGC misses are the API’s 404, never the page', async () => {
    for (const url of ['/api/nope', '/api', '/tiles/x/1/2/3.mvt', '/ogc/nope']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.json()).toEqual({ error: { code: 'route_not_found' } });
    }
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
  });

  test('a missing file is a 404, and no path leaves the build folder', async () => {
    expect((await app.inject({ url: '/assets/gone-123.js' })).statusCode).toBe(404);
    for (const url of [
      '/..%2f..%2fetc%2fpasswd',
      '/assets/..%2f..%2f..%2fetc%2fhostname',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const r = await app.inject({ url });
      expect(r.body, url).not.toMatch(/root:|localhost/);
      expect([200, 404]).toContain(r.statusCode);
    }
  });
});

test('without a build the server still runs and says how to make one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-webdist-empty-'));
  const app = await serverOn(path.join(dir, 'dist'));
  try {
    const r = await app.inject({ url: '/map' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toContain('npm run build');
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    // A build made while the server runs is picked up.
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'index.html'), INDEX);
    expect((await app.inject({ url: '/map' })).body).toBe(INDEX);
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
