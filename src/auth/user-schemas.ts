/** JSON schemas of user payloads, shared by the routes and the OpenAPI document. */
import { ROLES } from './roles.js';

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    regionCode: { type: 'string' },
    departmentCode: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
    lastLoginAt: { type: ['string', 'null'] },
  },
} as const;
