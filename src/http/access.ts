/**
 * Who may call what. Every route declares `config.access`: 'public' (anyone, even anonymous),
 * 'signed_in' (any live session), or a permission. The server refuses to start if an /api route
 * declares none, so no route can be added without deciding who may call it. Region and department
 * scope are checked by the capability on the rows it touches (auth/scope.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import { hasPermission, type Permission } from '../auth/roles.js';
import { principalForToken } from '../auth/sessions.js';
import { forbidden, LantuError } from '../errors.js';
import type { Store } from '../store/store.js';

export type Access = 'public' | 'signed_in' | Permission;

export const SESSION_COOKIE = 'lantu_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
    sessionToken: string | null;
  }
}

export function installAccessControl(app: FastifyInstance, store: Store): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (route.url.startsWith('/api') && !access) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const token = tokenOf(request);
    request.sessionToken = token;
    request.principal = (token && (await principalForToken(store.db, token))) || ANONYMOUS;
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (request.principal.userId === null) {
      throw new LantuError('not_signed_in', 401, '请先登录', 'please sign in first');
    }
    if (access === 'signed_in') return;
    if (!hasPermission(request.principal.role, access)) {
      throw forbidden(`当前角色无此权限：${access}`, `your role lacks the permission ${access}`);
    }
  });
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}
