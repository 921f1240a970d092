/** Sign-in, sign-out, and who am I. */
import type { FastifyInstance } from 'fastify';
import type { LantuConfig } from '../config.js';
import { SESSION_COOKIE } from '../http/access.js';
import type { Store } from '../store/store.js';
import { ROLE_LABELS, ROLE_PERMISSIONS } from './roles.js';
import { login, logout } from './sessions.js';
import { userSchema } from './user-schemas.js';

export async function authRoutes(app: FastifyInstance, { store, config }: { store: Store; config: LantuConfig }) {
  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录 Sign in: starts a session (cookie) and returns a bearer token',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { token: { type: 'string' }, expiresAt: { type: 'string' }, user: userSchema },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await login(
        store.db,
        request.body.username,
        request.body.password,
        request.ip,
        config.sessionHours,
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      return result;
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: '退出登录 Sign out (revokes the session)' } },
    async (request, reply) => {
      await logout(store.db, request.principal, request.sessionToken!, request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['auth'], summary: '当前用户 The signed-in user, role and permissions' },
    },
    async (request) => {
      const p = request.principal;
      return {
        id: p.userId,
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        roleLabel: ROLE_LABELS[p.role],
        regionCode: p.regionCode,
        departmentCode: p.departmentCode,
        permissions: ROLE_PERMISSIONS[p.role],
      };
    },
  );
}
