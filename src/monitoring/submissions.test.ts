/**
 * Departments' values over HTTP, refusals first: a department officer acting for another department
 * (403), a batch with mistakes (every error named by row and field, nothing written), then the valid
 * part on request, XLSX with Chinese headers, and the bureau's review with its history.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';

const BOUNDARY = 'lantu-test-boundary';

function multipart(filename: string, content: Buffer | string) {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([
      Buffer.from(head),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

// A department's batch with one mistake per line (the header is row 1).
const THIS_YEAR = new Date().getUTCFullYear();
const BATCH = [
  'indicator_code,zone_code,year,period,value,unit,source',
  'AQ-04,9901,2024,,3.2,亿m³,水资源公报', // 2: fine
  'ZZ-01,9901,2024,,1,个,', // 3: unknown indicator
  'AQ-11,9901,2024,,1000,km²,', // 4: computed by Lantu
  'LS-14,9901,2024,,130,%,', // 5: a share above 100
  'LS-05,9901,2024,,-5,km²,', // 6: a negative area
  'AQ-04,9901,2023,,3.1,m³,', // 7: wrong unit
  'AQ-04,9999,2024,,3.1,亿m³,', // 8: unknown zone
  `AQ-04,9901,${THIS_YEAR + 1},2024Q5,3.1,亿m³,`, // 9: future year, bad period
  'AQ-04,9901,2022,,三点一,亿m³,', // 10: not a number
  'AQ-04,9901,2024,,3.3,亿立方米,', // 11: duplicates row 2 (亿立方米 is 亿m³)
].join('\n');

describeEachStore('indicator submissions over HTTP', (ctx) => {
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const as = (user: string) => bearer(tokens[user]!);
  beforeAll(async () => {
    await seedWorld(ctx.store);
    app = await startApi(ctx.store);
    for (const u of ['admin', 'planner', 'planner_d1', 'dept', 'citizen', 'leader']) tokens[u] = await tokenFor(app, u);
  });
  afterAll(() => app?.close());

  const submissions = async () =>
    Number(
      (
        await ctx.store.db
          .selectFrom('indicator_submission')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses callers without the permission, and a department officer acting for another department', async () => {
    const one = { indicatorCode: 'AQ-04', zoneCode: '9901', year: 2024, value: 3.2, unit: '亿m³' };
    expect((await app.inject({ method: 'POST', url: '/api/indicators/submissions', payload: one })).statusCode).toBe(
      401,
    );
    expect(
      (await app.inject({ method: 'POST', url: '/api/indicators/submissions', headers: as('leader'), payload: one }))
        .statusCode,
    ).toBe(403);
    // 用水总量 is reported by 水利 (slj); the officer belongs to 教育局 (jyj).
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions',
      headers: as('dept'),
      payload: one,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toMatchObject({ code: 'forbidden', field: 'indicator_code' });
    expect(foreign.json().error.message.zh).toContain('无权为其他部门填报');
    const batch = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions/batch',
      headers: { ...as('dept'), ...multipart('jyj.csv', BATCH).headers },
      payload: multipart('jyj.csv', BATCH).payload,
    });
    expect(batch.statusCode).toBe(403);
    expect(await submissions()).toBe(0);
  });

  it('a department officer submits their own department’s indicator', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions',
      headers: as('dept'),
      payload: {
        indicatorCode: 'GX-12',
        zoneCode: '990102',
        year: 2024,
        value: 31.5,
        unit: '班',
        source: '教育事业统计',
        evidence: '2024年教育统计年报',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      indicatorCode: 'GX-12',
      departmentCode: 'jyj',
      status: 'submitted',
      submittedBy: 'dept',
      period: '',
    });
  });

  it('a batch with mistakes: every error named by row and field, nothing written', async () => {
    const before = await submissions();
    const body = multipart('2024.csv', BATCH);
    const res = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions/batch',
      headers: { ...as('planner'), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error).toMatchObject({ code: 'submission_invalid', row: 3, field: 'indicator_code' });
    expect(error.message.en).toContain('nothing written');
    const found = (
      error.details.errors as { row: number; field: string; code: string; message: { zh: string; en: string } }[]
    ).map((e) => [e.row, e.field, e.code]);
    expect(found).toEqual([
      [3, 'indicator_code', 'indicator_unknown'],
      [4, 'indicator_code', 'indicator_computed'],
      [5, 'value', 'value_implausible'],
      [6, 'value', 'value_implausible'],
      [7, 'unit', 'unit_mismatch'],
      [8, 'zone_code', 'zone_unknown'],
      [9, 'year', 'year_invalid'],
      [9, 'period', 'period_invalid'],
      [10, 'value', 'value_not_number'],
      [11, 'indicator_code', 'duplicate_row'],
    ]);
    const messages = error.details.errors as { message: { zh: string; en: string } }[];
    expect(messages[2]!.message).toEqual({
      zh: '数值 130 不合理：% 不能大于 100',
      en: 'value 130 is implausible: % cannot exceed 100',
    });
    expect(messages[3]!.message.en).toBe('value -5 is implausible: km² cannot be below 0');
    expect(messages[9]!.message.zh).toBe('与第 2 行重复（同一指标、区划、年份、期间）');
    expect(await submissions()).toBe(before);
  });

  it('with acceptValid the valid rows are written and the errors still reported', async () => {
    const body = multipart('2024.csv', BATCH);
    const res = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions/batch?acceptValid=true',
      headers: { ...as('planner'), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const result = res.json();
    expect(result.submitted).toHaveLength(1);
    expect(result.submitted[0].row).toBe(2);
    expect(result.errors).toHaveLength(10);
    expect(result.batchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a zone outside the submitter’s region is a row error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions',
      headers: as('planner_d1'),
      payload: { indicatorCode: 'AQ-04', zoneCode: '990103', year: 2024, value: 0.4, unit: '亿m³' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'submission_invalid', row: 1, field: 'zone_code' });
  });

  it('reads XLSX with Chinese headers, numbers as numbers and a trailing % for shares', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('填报');
    sheet.addRow(['指标代码', '区划代码', '年份', '数值', '单位', '数据来源']);
    sheet.addRow(['LS-14', '9901', 2024, '38.5%', '%', '环卫统计']);
    sheet.addRow(['LS-15', '990102', 2024, 99.2, '％', '']);
    const body = multipart('2024.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const res = await app.inject({
      method: 'POST',
      url: '/api/indicators/submissions/batch',
      headers: { ...as('admin'), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().submitted.map((s: { row: number }) => s.row)).toEqual([2, 3]);
    const rows = await ctx.store.db
      .selectFrom('indicator_submission')
      .select(['indicator_code', 'value', 'unit'])
      .where('indicator_code', 'in', ['LS-14', 'LS-15'])
      .orderBy('indicator_code')
      .execute();
    expect(rows).toEqual([
      { indicator_code: 'LS-14', value: 38.5, unit: '%' },
      { indicator_code: 'LS-15', value: 99.2, unit: '%' },
    ]);
  });

  it('the bureau accepts (the value is written, also under the indicator measured as one) or returns with a comment', async () => {
    const list = (
      await app.inject({
        method: 'GET',
        url: '/api/indicators/submissions?indicator=AQ-04&status=submitted',
        headers: as('planner'),
      })
    ).json();
    const id = list.items[0].id as number;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/indicators/submissions/${id}/review`,
          headers: as('dept'),
          payload: { event: 'accept' },
        })
      ).statusCode,
    ).toBe(403);
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/indicators/submissions/${id}/review`,
      headers: as('planner'),
      payload: { event: 'accept' },
    });
    expect(accepted.statusCode).toBe(200);
    // 用水总量 of the master plan (MP-02) is the same measure as the check-up's (AQ-04).
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      reviewedBy: 'planner',
      valuesWritten: ['AQ-04', 'MP-02'],
    });
    const values = (
      await app.inject({ method: 'GET', url: '/api/indicators/values?zone=9901&year=2024', headers: as('leader') })
    ).json();
    expect(values.items.map((v: { indicatorCode: string }) => v.indicatorCode)).toEqual(['AQ-04', 'MP-02']);
    expect(values.items[0]).toMatchObject({
      value: 3.2,
      method: 'reported',
      submissionId: id,
      stale: false,
      detail: { department: 'slj', submittedBy: 'planner', source: '水资源公报' },
    });
    const again = await app.inject({
      method: 'POST',
      url: `/api/indicators/submissions/${id}/review`,
      headers: as('planner'),
      payload: { event: 'return', comment: '单位有误' },
    });
    expect(again.statusCode).toBe(409);

    const own = (
      await app.inject({ method: 'GET', url: '/api/indicators/submissions?indicator=GX-12', headers: as('planner') })
    ).json().items[0];
    const noComment = await app.inject({
      method: 'POST',
      url: `/api/indicators/submissions/${own.id}/review`,
      headers: as('planner'),
      payload: { event: 'return' },
    });
    expect(noComment.json().error).toMatchObject({ code: 'comment_required', field: 'comment' });
    const returned = await app.inject({
      method: 'POST',
      url: `/api/indicators/submissions/${own.id}/review`,
      headers: as('planner'),
      payload: { event: 'return', comment: '请附教育统计年报扫描件' },
    });
    expect(returned.json()).toMatchObject({
      status: 'returned',
      reviewComment: '请附教育统计年报扫描件',
      valuesWritten: [],
    });
  });

  it('keeps the full history; a department officer sees only their department’s', async () => {
    const all = (
      await app.inject({ method: 'GET', url: '/api/indicators/submissions', headers: as('planner') })
    ).json();
    expect(all.total).toBe(4);
    const dept = (await app.inject({ method: 'GET', url: '/api/indicators/submissions', headers: as('dept') })).json();
    expect(dept.items.map((s: { indicatorCode: string; status: string }) => [s.indicatorCode, s.status])).toEqual([
      ['GX-12', 'returned'],
    ]);
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('activity')
      .where('entity_type', '=', 'indicator_submission')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.activity)).toEqual([
      'indicator_submission.submitted',
      'indicator_submission.submitted',
      'indicator_submission.submitted',
      'indicator_submission.submitted',
      'indicator_submission.accepted',
      'indicator_submission.returned',
    ]);
  });
});
