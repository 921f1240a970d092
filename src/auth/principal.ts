/** Who is asking: a signed-in user, or an anonymous visitor of the public portal. */
import type { Role } from './roles.js';

export interface Principal {
  userId: number | null;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentCode: string | null;
  /** True for work Lantu does by itself; the audit log marks such rows as automated. */
  automated?: boolean;
}

/** Anonymous visitors act as the public, scoped to the whole country (they see only public data). */
export const ANONYMOUS: Principal = Object.freeze({
  userId: null,
  username: 'anonymous',
  displayName: '访客 Visitor',
  role: 'public',
  regionCode: '',
  departmentCode: null,
});

/** Work done by Lantu itself (migrations, the demo loader, scheduled runs) is audited as automated. */
export const SYSTEM: Principal = Object.freeze({
  userId: null,
  username: 'lantu',
  displayName: 'Lantu 系统',
  role: 'admin',
  regionCode: '',
  departmentCode: null,
  automated: true,
});
