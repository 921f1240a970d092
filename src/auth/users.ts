/**
 * User accounts: creation, listing, changes, disabling. Every write records its audit row in the same
 * transaction. Password hashes never leave this module.
 */
import type { Kysely } from 'kysely';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso } from '../store/store.js';
import { recordAudit } from './audit.js';
import type { AppUser } from './auth-tables.js';
import { assertPasswordStrength, hashPassword } from './password.js';
import type { Principal } from './principal.js';
import { isRole, ROLES, type Role } from './roles.js';
import { assertWriteRegion } from './scope.js';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentCode: string | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export function presentUser(u: AppUser): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    regionCode: u.region_code,
    departmentCode: u.department_code,
    disabled: u.disabled === 1,
    createdAt: u.created_at,
    lastLoginAt: u.last_login_at,
  };
}

export interface NewUserInput {
  username: string;
  password: string;
  role: string;
  displayName?: string;
  regionCode?: string | null;
  departmentCode?: string | null;
}

const USERNAME = /^[A-Za-z0-9_.-]{3,64}$/;
/** Roles that may be unbound to a region (nationwide scope): administrators and the public. */
const UNSCOPED_ROLES: Role[] = ['admin', 'public'];

export async function createUser(db: Kysely<Database>, actor: Principal, input: NewUserInput): Promise<UserView> {
  if (!USERNAME.test(input.username)) {
    throw badRequest(
      'username_invalid',
      `用户名 “${input.username}” 无效：应为 3–64 个字母、数字、下划线、点或连字符`,
      `username "${input.username}" is invalid: use 3–64 letters, digits, underscores, dots or hyphens`,
      { field: 'username' },
    );
  }
  const role = checkRole(input.role);
  assertPasswordStrength(input.password);
  const regionCode = input.regionCode ?? '';
  await checkScope(db, role, regionCode, input.departmentCode ?? null);
  assertWriteRegion(actor, regionCode);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (existing) {
      throw conflict('username_taken', `用户名 ${input.username} 已存在`, `username ${input.username} already exists`, {
        field: 'username',
      });
    }
    const now = nowIso();
    const row = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName?.trim() || input.username,
        password_hash: passwordHash,
        role,
        region_code: regionCode,
        department_code: input.departmentCode ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentUser(row);
    await recordAudit(trx, actor, {
      activity: 'user.created',
      entityType: 'user',
      entityId: row.id,
      regionCode: regionCode || null,
      after: view,
    });
    return view;
  });
}

export interface UserListQuery {
  regionCode?: string;
  role?: string;
  includeDisabled?: boolean;
}

export async function listUsers(db: Kysely<Database>, q: UserListQuery = {}): Promise<UserView[]> {
  let query = db.selectFrom('app_user').selectAll().orderBy('username');
  if (q.regionCode) query = query.where('region_code', 'like', `${q.regionCode}%`);
  if (q.role) query = query.where('role', '=', q.role);
  if (!q.includeDisabled) query = query.where('disabled', '=', 0);
  return (await query.execute()).map(presentUser);
}

export async function findUser(db: Kysely<Database>, idOrName: number | string): Promise<AppUser> {
  const query = db.selectFrom('app_user').selectAll();
  const row = await (
    typeof idOrName === 'number' ? query.where('id', '=', idOrName) : query.where('username', '=', idOrName)
  ).executeTakeFirst();
  if (!row) throw notFound({ zh: '用户', en: 'user' }, idOrName);
  return row;
}

export interface UserChanges {
  displayName?: string;
  role?: string;
  regionCode?: string;
  departmentCode?: string | null;
  disabled?: boolean;
  password?: string;
}

export async function updateUser(
  db: Kysely<Database>,
  actor: Principal,
  idOrName: number | string,
  changes: UserChanges,
): Promise<UserView> {
  const current = await findUser(db, idOrName);
  assertWriteRegion(actor, current.region_code);
  const role = changes.role === undefined ? (current.role as Role) : checkRole(changes.role);
  const regionCode = changes.regionCode ?? current.region_code;
  const departmentCode = changes.departmentCode === undefined ? current.department_code : changes.departmentCode;
  await checkScope(db, role, regionCode, departmentCode);
  assertWriteRegion(actor, regionCode);
  if (changes.password !== undefined) assertPasswordStrength(changes.password);
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('app_user')
      .set({
        display_name: changes.displayName?.trim() || current.display_name,
        role,
        region_code: regionCode,
        department_code: departmentCode,
        disabled: changes.disabled === undefined ? current.disabled : changes.disabled ? 1 : 0,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (changes.disabled === true) {
      await trx.updateTable('session').set({ revoked_at: nowIso() }).where('user_id', '=', current.id).execute();
    }
    const before = presentUser(current);
    const after = presentUser(row);
    const activity =
      changes.disabled === true && !before.disabled
        ? 'user.disabled'
        : changes.disabled === false && before.disabled
          ? 'user.enabled'
          : passwordHash && Object.keys(changes).length === 1
            ? 'user.password_changed'
            : 'user.updated';
    await recordAudit(trx, actor, {
      activity,
      entityType: 'user',
      entityId: row.id,
      regionCode: row.region_code || null,
      before,
      after,
    });
    return after;
  });
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw badRequest(
      'role_invalid',
      `角色 “${role}” 无效，应为：${ROLES.join('、')}`,
      `role "${role}" is invalid; expected one of: ${ROLES.join(', ')}`,
      { field: 'role' },
    );
  }
  return role;
}

/** A scoped role needs a known region; a department officer needs a known department. */
async function checkScope(db: Kysely<Database>, role: Role, regionCode: string, departmentCode: string | null) {
  if (regionCode === '' && !UNSCOPED_ROLES.includes(role)) {
    throw badRequest(
      'region_required',
      `角色 ${role} 必须指定所属行政区划（--region）`,
      `role ${role} needs a region (--region)`,
      { field: 'region' },
    );
  }
  if (regionCode !== '') {
    if (!/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/.test(regionCode)) {
      throw badRequest(
        'region_invalid',
        `区划代码 “${regionCode}” 无效：应为 2、4、6、9 或 12 位数字`,
        `region code "${regionCode}" is invalid: expected 2, 4, 6, 9 or 12 digits`,
        { field: 'region' },
      );
    }
    const anyRegion = await db
      .selectFrom('zone')
      .select('code')
      .where('kind', '=', 'region')
      .limit(1)
      .executeTakeFirst();
    const region = await db
      .selectFrom('zone')
      .select('code')
      .where('kind', '=', 'region')
      .where('code', '=', regionCode)
      .executeTakeFirst();
    // On a fresh install no regions are loaded yet; the code's shape is all we can check then.
    if (anyRegion && !region) {
      throw badRequest('region_unknown', `行政区划 ${regionCode} 不存在`, `region ${regionCode} does not exist`, {
        field: 'region',
      });
    }
  }
  if (role === 'department_officer' && !departmentCode) {
    throw badRequest(
      'department_required',
      '部门人员必须指定所属部门（--department）',
      'a department officer needs a department (--department)',
      {
        field: 'department',
      },
    );
  }
  if (departmentCode) {
    const dept = await db.selectFrom('department').select('code').where('code', '=', departmentCode).executeTakeFirst();
    if (!dept) {
      throw badRequest(
        'department_unknown',
        `部门 ${departmentCode} 不存在`,
        `department ${departmentCode} does not exist`,
        {
          field: 'department',
        },
      );
    }
  }
}
