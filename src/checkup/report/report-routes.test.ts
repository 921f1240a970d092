/**
 * The report over HTTP on a real monitoring run of the demo city, both stores: who may read, edit and
 * generate; a generated HTML listed and downloaded with its Chinese file name and hash.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, PASSWORD, startApi, tokenFor } from '../../../test/api-fixture.js';
import { describeEachStore } from '../../../test/stores.js';
import { SYSTEM } from '../../auth/principal.js';
import type { Role } from '../../auth/roles.js';
import { createUser } from '../../auth/users.js';
import { demoCityForReport, setUpReportFixture, type ReportFixture } from './report-test-setup.js';

let city: ReturnType<typeof demoCityForReport>;
beforeAll(() => {
  city ??= demoCityForReport(1500);
});

const USERS: [string, Role, string][] = [
  ['planner', 'planner', '9901'],
  ['leader', 'leader', '9901'],
  ['district', 'planner', '990102'],
  ['citizen', 'public', ''],
];

describeEachStore('the report over HTTP', (ctx) => {
  let app: FastifyInstance;
  let fx: ReportFixture;
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  beforeAll(async () => {
    fx = await setUpReportFixture(ctx.store, city);
    for (const [username, role, regionCode] of USERS)
      await createUser(ctx.store.db, SYSTEM, { username, role, regionCode, password: PASSWORD });
    app = await startApi(ctx.store);
    for (const [username] of USERS) tokens[username] = await tokenFor(app, username);
  }, 300_000);
  afterAll(() => app?.close());

  it('refuses the anonymous, the public, readers who try to write and planners of another region', async () => {
    const sections = `/api/checkups/${fx.checkupId}/report/sections`;
    const reports = `/api/checkups/${fx.checkupId}/reports`;
    expect((await app.inject({ method: 'GET', url: sections })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: sections, headers: as('citizen') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: sections, headers: as('leader') })).statusCode).toBe(200);
    const post = (user: string, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: reports, headers: as(user), payload });
    expect((await post('leader', { format: 'html' })).statusCode).toBe(403);
    // A district planner reads the city's check-up but cannot write it.
    expect((await app.inject({ method: 'GET', url: reports, headers: as('district') })).statusCode).toBe(200);
    const district = await post('district', { format: 'html' });
    expect(district.statusCode).toBe(403);
    expect(district.json().error.message.zh).toContain('990102');
    expect((await post('planner', { format: 'odt' })).statusCode).toBe(400);
    const put = await app.inject({
      method: 'PUT',
      url: `${sections}/preface`,
      headers: as('planner'),
      payload: { text: 'x' },
    });
    expect(put.statusCode).toBe(400);
  });

  it('edits a section, generates the HTML, lists it and downloads it with its name and hash', async () => {
    const written = '经 HTTP 编辑的对策建议说明。';
    const put = await app.inject({
      method: 'PUT',
      url: `/api/checkups/${fx.checkupId}/report/sections/measures`,
      headers: as('planner'),
      payload: { text: written },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ key: 'measures', editedText: written, editedBy: 'planner', text: written });

    const made = await app.inject({
      method: 'POST',
      url: `/api/checkups/${fx.checkupId}/reports`,
      headers: as('planner'),
      payload: { format: 'html' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const report = made.json() as { id: number; sha256: string; fileName: string; byteSize: number };
    expect(report.fileName).toBe('示范市2025年国土空间规划年度体检报告（第1版快照）.html');

    const list = await app.inject({
      method: 'GET',
      url: `/api/checkups/${fx.checkupId}/reports`,
      headers: as('leader'),
    });
    expect(list.json().items[0]).toMatchObject({ id: report.id, format: 'html', generatedBy: 'planner' });

    const file = await app.inject({ method: 'GET', url: `/api/reports/${report.id}/file`, headers: as('leader') });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(report.fileName)}`);
    expect(file.rawPayload.length).toBe(report.byteSize);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(report.sha256);
    expect(file.headers['x-content-sha256']).toBe(report.sha256);
    const html = file.rawPayload.toString('utf8');
    expect(html).toContain(written);
    expect(html).toContain(fx.findingTitles[1]);
    expect(
      (await app.inject({ method: 'GET', url: `/api/reports/${report.id}/file`, headers: as('citizen') })).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/reports/999999/file', headers: as('leader') })).statusCode,
    ).toBe(404);
  });
});
