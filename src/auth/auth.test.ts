import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, PASSWORD, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';

describeEachStore('accounts, sessions and audit', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
  });
  afterAll(() => app?.close());

  it('refuses a wrong password with a bilingual message naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'planner', password: 'nope-nope-nope' },
    });
    expect(res.statusCode).toBe(401);
    const body = res.json();
    expect(body.error.code).toBe('login_failed');
    expect(body.error.message.zh).toMatch(/密码/);
    expect(body.error.message.en).toMatch(/password/);
    expect(body.error.field).toBe('password');
  });

  it('names the missing field when the login body is incomplete', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'planner' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', field: 'password' });
    expect(res.json().error.message.zh).toContain('缺少必填字段 password');
  });

  it('starts a session usable both as cookie and as bearer token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'planner', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const { token, user } = res.json();
    expect(user).toMatchObject({ username: 'planner', role: 'planner', regionCode: '9901' });
    expect(user.password_hash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === 'lantu_session');
    expect(cookie?.httpOnly).toBe(true);
    const viaCookie = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { lantu_session: cookie!.value },
    });
    const viaBearer = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(viaCookie.json().username).toBe('planner');
    expect(viaBearer.json().permissions).toContain('plan.write');
  });

  it('ends the session on logout', async () => {
    const token = await tokenFor(app, 'evaluator');
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('throttles repeated failed sign-ins for a username', async () => {
    for (let i = 0; i < 5; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'leader', password: `wrong-${i}-xxxxx` },
      });
    }
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: PASSWORD },
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('login_throttled');
  });

  it('stores only Argon2id hashes', async () => {
    const row = await ctx.store.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'planner')
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('lets an administrator create, change and disable users — and a disabled user loses their session', async () => {
    const admin = await tokenFor(app, 'admin');
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(admin),
      payload: { username: 'newbie', password: PASSWORD, role: 'evaluator', regionCode: '990102' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const newbie = await tokenFor(app, 'newbie');
    const disabled = await app.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: bearer(admin),
      payload: { disabled: true },
    });
    expect(disabled.json().disabled).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(newbie) })).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'newbie', password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuses bad user input with the field at fault', async () => {
    const admin = await tokenFor(app, 'admin');
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { username: 'x', password: 'long-enough-password', role: 'evaluator', regionCode: '9901' },
        'username',
        'username_invalid',
      ],
      [
        { username: 'shorty', password: 'short', role: 'evaluator', regionCode: '9901' },
        'password',
        'password_too_short',
      ],
      [{ username: 'regionless', password: 'long-enough-password', role: 'evaluator' }, 'region', 'region_required'],
      [
        { username: 'nowhere', password: 'long-enough-password', role: 'evaluator', regionCode: '990199' },
        'region',
        'region_unknown',
      ],
      [
        { username: 'deptless', password: 'long-enough-password', role: 'department_officer', regionCode: '9901' },
        'department',
        'department_required',
      ],
      [
        { username: 'planner', password: 'long-enough-password', role: 'evaluator', regionCode: '9901' },
        'username',
        'username_taken',
      ],
      [
        { username: 'badrole', password: 'long-enough-password', role: 'king', regionCode: '9901' },
        'role',
        'validation_failed',
      ],
    ];
    for (const [payload, field, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload });
      expect(res.json().error, JSON.stringify(payload)).toMatchObject({ code, field });
      expect(res.json().error.message.zh.length).toBeGreaterThan(0);
    }
  });

  it('keeps administrators inside their region: a district admin cannot create a user in another district', async () => {
    const admin = await tokenFor(app, 'admin');
    await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(admin),
      payload: { username: 'admin_d1', password: PASSWORD, role: 'admin', regionCode: '990102' },
    });
    const districtAdmin = await tokenFor(app, 'admin_d1');
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(districtAdmin),
      payload: { username: 'intruder', password: 'long-enough-password', role: 'planner', regionCode: '990103' },
    });
    expect(res.statusCode).toBe(403);
    const list = await app.inject({ method: 'GET', url: '/api/users', headers: bearer(districtAdmin) });
    expect(list.json().every((u: { regionCode: string }) => u.regionCode.startsWith('990102'))).toBe(true);
  });

  it('records every write in the audit log, readable by administrators only', async () => {
    const admin = await tokenFor(app, 'admin');
    const log = await app.inject({
      method: 'GET',
      url: '/api/audit?entityType=user&activity=user.created&limit=100',
      headers: bearer(admin),
    });
    expect(log.statusCode).toBe(200);
    const created = log.json().items.find((r: { after: { username: string } }) => r.after?.username === 'newbie');
    expect(created).toMatchObject({ actorName: 'admin', automated: false, activity: 'user.created' });
    const disabled = await app.inject({
      method: 'GET',
      url: `/api/audit?activity=user.disabled`,
      headers: bearer(admin),
    });
    expect(disabled.json().items[0]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    const failed = await app.inject({
      method: 'GET',
      url: '/api/audit?activity=auth.login_failed',
      headers: bearer(admin),
    });
    expect(failed.json().total).toBeGreaterThan(0);
    const planner = await tokenFor(app, 'planner');
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: bearer(planner) })).statusCode).toBe(403);
  });

  it('makes the audit log append-only in the store itself', async () => {
    await expect(sql`update audit_log set actor_name = 'someone else'`.execute(ctx.store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(ctx.store.db)).rejects.toThrow(/append-only/);
  });
});
