/** User administration (user.manage), scoped to the administrator's region subtree. */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { ROLES } from './roles.js';
import { assertReadRegion } from './scope.js';
import { userSchema } from './user-schemas.js';
import { createUser, findUser, listUsers, presentUser, updateUser, type UserChanges } from './users.js';

const REGION = { type: 'string', pattern: '^(\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?)?$' } as const;

export async function userRoutes(app: FastifyInstance, { store }: { store: Store }) {
  app.get<{ Querystring: { role?: string; includeDisabled?: boolean } }>(
    '/api/users',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: '用户列表 Users in your region subtree',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { role: { type: 'string', enum: [...ROLES] }, includeDisabled: { type: 'boolean' } },
        },
        response: { 200: { type: 'array', items: userSchema } },
      },
    },
    async (request) => listUsers(store.db, { ...request.query, regionCode: request.principal.regionCode }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/users/:id',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: '用户详情 One user',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const user = await findUser(store.db, request.params.id);
      assertReadRegion(request.principal, user.region_code);
      return presentUser(user);
    },
  );

  app.post<{
    Body: {
      username: string;
      password: string;
      role: string;
      displayName?: string;
      regionCode?: string;
      departmentCode?: string;
    };
  }>(
    '/api/users',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: '新建用户 Create a user',
        body: {
          type: 'object',
          required: ['username', 'password', 'role'],
          additionalProperties: false,
          properties: {
            username: { type: 'string' },
            password: { type: 'string' },
            role: { type: 'string', enum: [...ROLES] },
            displayName: { type: 'string', maxLength: 100 },
            regionCode: REGION,
            departmentCode: { type: 'string', maxLength: 32 },
          },
        },
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const user = await createUser(store.db, request.principal, request.body);
      return reply.status(201).send(user);
    },
  );

  app.patch<{ Params: { id: number }; Body: UserChanges }>(
    '/api/users/:id',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['users'],
        summary: '修改用户 Change role, scope, name, password; disable or enable',
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            displayName: { type: 'string', maxLength: 100 },
            role: { type: 'string', enum: [...ROLES] },
            regionCode: REGION,
            departmentCode: { type: ['string', 'null'], maxLength: 32 },
            disabled: { type: 'boolean' },
            password: { type: 'string' },
          },
        },
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(store.db, request.principal, request.params.id, request.body),
  );
}
