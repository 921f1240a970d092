/** Table types of accounts, sessions, throttling and the audit log; they follow the migration. */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface DepartmentTable {
  code: string;
  name: string;
  name_en: string | null;
  region_code: string;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string;
  department_code: string | null;
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
  succeeded: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_name: string;
  automated: Generated<number>;
  activity: string;
  entity_type: string;
  entity_id: string | null;
  region_code: string | null;
  /** JSON text on SQLite, jsonb on PostgreSQL: read through `readJson`. */
  before: unknown;
  after: unknown;
  comment: string | null;
  ip: string | null;
}
