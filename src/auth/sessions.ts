/**
 * Sign-in, sessions and login throttling. A session token is 32 random bytes; only its SHA-256 is
 * stored, so a copy of the database does not hand out live sessions. The same token works as the
 * session cookie and as a bearer token. Failed attempts are counted in the store (not in memory), so
 * throttling holds across several Lantu processes.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { LantuError } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso } from '../store/store.js';
import { recordAudit } from './audit.js';
import { decoyHash, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { isRole } from './roles.js';
import { presentUser, type UserView } from './users.js';

/** Failed attempts allowed per username, and per address, within the window before refusing. */
export const THROTTLE = { windowMinutes: 15, perUsername: 5, perIp: 30 } as const;

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function login(
  db: Kysely<Database>,
  username: string,
  password: string,
  ip: string,
  sessionHours: number,
): Promise<LoginResult> {
  await assertNotThrottled(db, username, ip);
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = user
    ? await verifyPassword(user.password_hash, password)
    : await verifyPassword(await decoyHash(), password);
  const now = new Date();
  if (!user || !ok || user.disabled === 1) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('login_attempt').values({ username, ip, at: now.toISOString(), succeeded: 0 }).execute();
      await recordAudit(trx, anonymousActor(username), {
        activity: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        regionCode: user?.region_code || null,
        comment: !user ? 'unknown username' : !ok ? 'wrong password' : 'account disabled',
        ip,
      });
    });
    throw new LantuError(
      'login_failed',
      401,
      '用户名或密码错误，或账号已停用',
      'wrong username or password, or the account is disabled',
      { field: 'password' },
    );
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionHours * 3600_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('session')
      .values({
        token_hash: hashToken(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        ip,
      })
      .execute();
    await trx.insertInto('login_attempt').values({ username, ip, at: now.toISOString(), succeeded: 1 }).execute();
    await trx.updateTable('app_user').set({ last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    await recordAudit(trx, principalOf(user), {
      activity: 'auth.logged_in',
      entityType: 'session',
      entityId: user.id,
      regionCode: user.region_code || null,
      ip,
    });
  });
  return { token, expiresAt, user: presentUser(user) };
}

/** The principal of a live session, or null when the token is unknown, expired, revoked or its user disabled. */
export async function principalForToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select(['session.expires_at', 'session.revoked_at'])
    .where('session.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled === 1 || row.expires_at <= nowIso()) return null;
  return principalOf(row);
}

export async function logout(db: Kysely<Database>, principal: Principal, token: string, ip: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('session').set({ revoked_at: nowIso() }).where('token_hash', '=', hashToken(token)).execute();
    await recordAudit(trx, principal, {
      activity: 'auth.logged_out',
      entityType: 'session',
      entityId: principal.userId,
      regionCode: principal.regionCode || null,
      ip,
    });
  });
}

async function assertNotThrottled(db: Kysely<Database>, username: string, ip: string) {
  const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000).toISOString();
  const failures = async (column: 'username' | 'ip', value: string) => {
    const lastSuccess = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.max('at').as('at'))
      .where(column, '=', value)
      .where('succeeded', '=', 1)
      .executeTakeFirst();
    // A successful sign-in resets the count for that name or address.
    const from = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
    const row = await db
      .selectFrom('login_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('succeeded', '=', 0)
      .where('at', '>', from)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  if ((await failures('username', username)) >= THROTTLE.perUsername || (await failures('ip', ip)) >= THROTTLE.perIp) {
    throw new LantuError(
      'login_throttled',
      429,
      `登录失败次数过多，请 ${THROTTLE.windowMinutes} 分钟后再试`,
      `too many failed sign-ins; try again in ${THROTTLE.windowMinutes} minutes`,
      { field: 'username' },
    );
  }
}

export function principalOf(u: {
  id: number;
  username: string;
  display_name: string;
  role: string;
  region_code: string;
  department_code: string | null;
}): Principal {
  if (!isRole(u.role)) throw new Error(`user ${u.username} has an unknown role ${u.role}`);
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCode: u.region_code,
    departmentCode: u.department_code,
  };
}

function anonymousActor(username: string): Principal {
  return {
    userId: null,
    username: `(login) ${username}`,
    displayName: username,
    role: 'public',
    regionCode: '',
    departmentCode: null,
  };
}
