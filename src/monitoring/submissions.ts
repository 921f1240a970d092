/**
 * Values departments report (单个或批量填报) and the bureau's review. Each row is checked before anything
 * is written — known active indicator that is not computed by Lantu, a zone that exists and is in the
 * submitter's scope, a year not in the future, a period of that year, the indicator's unit (any usual
 * spelling), a number the unit can hold (a share within 0–100, no negative area) — and every problem is
 * reported with its row, field and a message in Chinese and English. With any problem nothing is
 * written, unless the caller asks to keep the valid rows (`acceptValid`).
 *
 * A department officer acts for their own department only: a row for another department's indicator
 * refuses the whole request (403), it is not a data error. Accepting a submission writes the value with
 * its provenance (the submission, the department, who and when) — also under the indicators measured
 * as one with it ('same' mappings) unless those are computed; returning needs a comment. All of it is
 * audited; submissions are never deleted, so the history is complete.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertDepartment, assertWriteRegion, canWriteRegion, regionAncestry } from '../auth/scope.js';
import { forbidden, LantuError, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, writeJson } from '../store/store.js';
import { activeSystem, indicatorsOf, sameAs, type IndicatorView } from './indicator-systems.js';
import { canonicalUnit, sameUnit, unitBounds } from './indicator-units.js';
import { nextSubmissionStatus, type SubmissionEvent, type SubmissionStatus } from './submission-status.js';
import type { SubmissionColumn, TableRow } from './submission-table.js';

export interface SubmissionInput {
  indicatorCode: string;
  zoneCode: string;
  year: number;
  period?: string;
  value: number;
  unit: string;
  source?: string | null;
  evidence?: string | null;
}

export interface RowError {
  row: number;
  field: SubmissionColumn;
  code: string;
  message: { zh: string; en: string };
}

interface ValidRow {
  row: number;
  indicator: IndicatorView;
  zone: { code: string; region_code: string };
  year: number;
  period: string;
  value: number;
  source: string | null;
  evidence: string | null;
}

/** Check rows of text (from a form or a table); nothing is written. */
export async function checkRows(
  db: Kysely<Database>,
  actor: Principal,
  rows: TableRow[],
  now = new Date(),
): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const indicators = await indicatorsOf(db, (await activeSystem(db)).id);
  const codes = [...new Set(rows.map((r) => r.fields.zone_code ?? '').filter(Boolean))];
  const zones = new Map<string, { code: string; region_code: string }>();
  for (let i = 0; i < codes.length; i += 500)
    for (const z of await db
      .selectFrom('zone')
      .select(['code', 'region_code'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute())
      zones.set(z.code, z);

  // Department scope first (auth/scope.ts assertDepartment): acting for another department refuses
  // the whole request, whatever else is wrong; the refusal names the rows.
  const foreign: { row: number; refusal: LantuError }[] = [];
  for (const r of rows) {
    const indicator = indicators.get(r.fields.indicator_code ?? '');
    if (!indicator) continue;
    try {
      assertDepartment(actor, indicator.departmentCode);
    } catch (error) {
      if (!(error instanceof LantuError)) throw error;
      foreign.push({ row: r.row, refusal: error });
    }
  }
  if (foreign.length) {
    const first = indicators.get(rows.find((r) => r.row === foreign[0]!.row)!.fields.indicator_code!)!;
    const list = foreign.map((f) => f.row).join(', ');
    throw new LantuError(
      'forbidden',
      403,
      `无权为其他部门填报：指标 ${first.code} ${first.name} ${foreign[0]!.refusal.zh}（第 ${list} 行）`,
      `no right to report for another department: ${first.code} — ${foreign[0]!.refusal.en} (rows ${list})`,
      { row: foreign[0]!.row, field: 'indicator_code' },
    );
  }

  const errors: RowError[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  const thisYear = now.getUTCFullYear();
  for (const { row, fields } of rows) {
    const before = errors.length;
    const fail = (field: SubmissionColumn, code: string, zh: string, en: string) =>
      errors.push({ row, field, code, message: { zh, en } });
    const code = fields.indicator_code ?? '';
    const indicator = indicators.get(code);
    if (!code) fail('indicator_code', 'required', '指标代码为空', 'indicator code is empty');
    else if (!indicator) fail('indicator_code', 'indicator_unknown', `未知指标 ${code}`, `unknown indicator ${code}`);
    else if (indicator.retired)
      fail(
        'indicator_code',
        'indicator_retired',
        `指标 ${code} 已退役${indicator.successorCode ? `，请改报 ${indicator.successorCode}` : ''}`,
        `indicator ${code} is retired${indicator.successorCode ? `; report ${indicator.successorCode} instead` : ''}`,
      );
    else if (indicator.method === 'computed')
      fail(
        'indicator_code',
        'indicator_computed',
        `指标 ${code} 由平台根据空间数据计算，无需填报`,
        `indicator ${code} is computed by Lantu from spatial data, not reported`,
      );

    const zoneCode = fields.zone_code ?? '';
    const zone = zones.get(zoneCode);
    if (!zoneCode) fail('zone_code', 'required', '区划代码为空', 'zone code is empty');
    else if (!zone)
      fail('zone_code', 'zone_unknown', `区划或单元 ${zoneCode} 不存在`, `zone ${zoneCode} does not exist`);
    else if (!canWriteRegion(actor, zone.region_code))
      fail(
        'zone_code',
        'zone_out_of_scope',
        `区划 ${zoneCode} 不在您的权限范围（${actor.regionCode}）内`,
        `zone ${zoneCode} is outside your scope (${actor.regionCode})`,
      );

    const yearText = fields.year ?? '';
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 2000 || year > thisYear)
      fail(
        'year',
        'year_invalid',
        `年份“${yearText}”无效：应为 2000—${thisYear} 的四位年份`,
        `year "${yearText}" is invalid: a four-digit year from 2000 to ${thisYear}`,
      );

    const period = fields.period ?? '';
    if (period && !new RegExp(`^${yearText}(Q[1-4]|-(0[1-9]|1[0-2]))$`).test(period))
      fail(
        'period',
        'period_invalid',
        `期间“${period}”无效：应为空（年度）、${yearText}Q1—Q4 或 ${yearText}-01—12`,
        `period "${period}" is invalid: empty (annual), ${yearText}Q1–Q4 or ${yearText}-01–12`,
      );

    const unit = fields.unit ?? '';
    if (!unit) fail('unit', 'required', '单位为空', 'unit is empty');
    else if (indicator && !sameUnit(unit, indicator.unit, indicator.name))
      fail(
        'unit',
        'unit_mismatch',
        `单位“${unit}”与指标 ${indicator.code} 的单位“${indicator.unit}”不符`,
        `unit "${unit}" is not ${indicator.code}'s unit "${indicator.unit}"`,
      );

    const valueText = fields.value ?? '';
    const value = parseNumber(valueText, indicator ? canonicalUnit(indicator.unit) : null);
    if (!valueText) fail('value', 'required', '数值为空', 'value is empty');
    else if (value === null)
      fail('value', 'value_not_number', `“${valueText}”不是数字`, `"${valueText}" is not a number`);
    else if (indicator) {
      const { min, max } = unitBounds(indicator.unit);
      if (min !== null && value < min)
        fail(
          'value',
          'value_implausible',
          `数值 ${value} 不合理：${indicator.unit} 不能小于 ${min}`,
          `value ${value} is implausible: ${indicator.unit} cannot be below ${min}`,
        );
      else if (max !== null && value > max)
        fail(
          'value',
          'value_implausible',
          `数值 ${value} 不合理：${indicator.unit} 不能大于 ${max}`,
          `value ${value} is implausible: ${indicator.unit} cannot exceed ${max}`,
        );
    }

    const key = `${code}|${zoneCode}|${yearText}|${period}`;
    if (seen.has(key))
      fail(
        'indicator_code',
        'duplicate_row',
        `与第 ${seen.get(key)} 行重复（同一指标、区划、年份、期间）`,
        `duplicates row ${seen.get(key)} (same indicator, zone, year and period)`,
      );
    else seen.set(key, row);

    if (errors.length === before)
      valid.push({
        row,
        indicator: indicator!,
        zone: zone!,
        year,
        period,
        value: value!,
        source: fields.source || null,
        evidence: fields.evidence || null,
      });
  }
  return { valid, errors };
}

/** A number as people type it: thousands separators allowed, a trailing % for percentages. */
function parseNumber(text: string, unit: string | null): number | null {
  let t = text.trim();
  if (unit === '%' && t.endsWith('%')) t = t.slice(0, -1).trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface SubmitResult {
  batchId: string | null;
  submitted: { id: number; row: number }[];
  errors: RowError[];
}

/**
 * Submit rows; with errors and without `acceptValid`, nothing is written and a 400 lists every row
 * error (`details.errors`).
 */
export async function submitRows(
  db: Kysely<Database>,
  actor: Principal,
  rows: TableRow[],
  options: { acceptValid?: boolean; batch?: boolean } = {},
): Promise<SubmitResult> {
  const { valid, errors } = await checkRows(db, actor, rows);
  if (errors.length && (!options.acceptValid || !valid.length)) {
    const first = errors[0]!;
    throw new LantuError(
      'submission_invalid',
      400,
      `第 ${first.row} 行 ${first.field}：${first.message.zh}${errors.length > 1 ? `（共 ${errors.length} 处错误，均未写入）` : '（未写入）'}`,
      `row ${first.row}, ${first.field}: ${first.message.en}${errors.length > 1 ? ` (${errors.length} errors in all; nothing written)` : ' (nothing written)'}`,
      { row: first.row, field: first.field },
      { errors },
    );
  }
  const batchId = options.batch ? randomUUID() : null;
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const submitted: SubmitResult['submitted'] = [];
    for (const v of valid) {
      const inserted = await trx
        .insertInto('indicator_submission')
        .values({
          batch_id: batchId,
          indicator_code: v.indicator.code,
          zone_code: v.zone.code,
          region_code: v.zone.region_code,
          year: v.year,
          period: v.period,
          value: v.value,
          unit: v.indicator.unit,
          department_code: v.indicator.departmentCode ?? actor.departmentCode ?? '',
          source: v.source,
          evidence: v.evidence,
          status: 'submitted',
          review_comment: null,
          submitted_by: actor.username,
          submitted_at: now,
          reviewed_by: null,
          reviewed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      submitted.push({ id: inserted.id, row: v.row });
      await recordAudit(trx, actor, {
        activity: 'indicator_submission.submitted',
        entityType: 'indicator_submission',
        entityId: inserted.id,
        regionCode: v.zone.region_code,
        after: {
          indicator: v.indicator.code,
          zone: v.zone.code,
          year: v.year,
          period: v.period,
          value: v.value,
          batchId,
        },
      });
    }
    return { batchId, submitted, errors };
  });
}

/** One value from a form: the same checks, reported as row 1. */
export async function submitOne(db: Kysely<Database>, actor: Principal, input: SubmissionInput) {
  const row: TableRow = {
    row: 1,
    fields: {
      indicator_code: input.indicatorCode,
      zone_code: input.zoneCode,
      year: String(input.year),
      period: input.period ?? '',
      value: String(input.value),
      unit: input.unit,
      source: input.source ?? '',
      evidence: input.evidence ?? '',
    },
  };
  const result = await submitRows(db, actor, [row]);
  return getSubmission(db, actor, result.submitted[0]!.id);
}

// ── review ───────────────────────────────────────────────────────────────

type SubmissionRow = NonNullable<Awaited<ReturnType<typeof findSubmission>>>;

function findSubmission(db: Kysely<Database>, id: number) {
  return db.selectFrom('indicator_submission').selectAll().where('id', '=', id).executeTakeFirst();
}

export function presentSubmission(s: SubmissionRow) {
  return {
    id: s.id,
    batchId: s.batch_id,
    indicatorCode: s.indicator_code,
    zoneCode: s.zone_code,
    regionCode: s.region_code,
    year: s.year,
    period: s.period,
    value: s.value,
    unit: s.unit,
    departmentCode: s.department_code,
    source: s.source,
    evidence: s.evidence,
    status: s.status as SubmissionStatus,
    reviewComment: s.review_comment,
    submittedBy: s.submitted_by,
    submittedAt: s.submitted_at,
    reviewedBy: s.reviewed_by,
    reviewedAt: s.reviewed_at,
  };
}

function assertSees(actor: Principal, s: SubmissionRow) {
  const visible =
    (s.region_code.startsWith(actor.regionCode) || regionAncestry(s.region_code).includes(actor.regionCode)) &&
    (actor.role !== 'department_officer' || actor.departmentCode === s.department_code);
  if (!visible) throw forbidden(`无权查看填报 ${s.id}`, `no access to submission ${s.id}`);
}

export async function getSubmission(db: Kysely<Database>, actor: Principal, id: number) {
  const s = await findSubmission(db, id);
  if (!s) throw notFound({ zh: '填报', en: 'submission' }, id);
  assertSees(actor, s);
  return presentSubmission(s);
}

export interface SubmissionQuery {
  status?: SubmissionStatus;
  indicator?: string;
  zone?: string;
  year?: number;
  department?: string;
  batchId?: string;
  limit: number;
  offset: number;
}

/** The history, newest first; a department officer sees their department's only. */
export async function listSubmissions(db: Kysely<Database>, actor: Principal, q: SubmissionQuery) {
  let query = db.selectFrom('indicator_submission');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.indicator) query = query.where('indicator_code', '=', q.indicator);
  if (q.zone) query = query.where('zone_code', '=', q.zone);
  if (q.year) query = query.where('year', '=', q.year);
  if (q.batchId) query = query.where('batch_id', '=', q.batchId);
  if (actor.role === 'department_officer') query = query.where('department_code', '=', actor.departmentCode ?? '');
  else if (q.department) query = query.where('department_code', '=', q.department);
  if (actor.regionCode) query = query.where('region_code', 'like', `${actor.regionCode}%`);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: Number(total.n), items: rows.map(presentSubmission) };
}

export async function reviewSubmission(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: { event: SubmissionEvent; comment?: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const s = await findSubmission(trx, id);
    if (!s) throw notFound({ zh: '填报', en: 'submission' }, id);
    assertWriteRegion(actor, s.region_code);
    const status = nextSubmissionStatus(s.status, input.event, input.comment);
    const now = nowIso();
    const after = await trx
      .updateTable('indicator_submission')
      .set({ status, review_comment: input.comment?.trim() || null, reviewed_by: actor.username, reviewed_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const written: string[] = [];
    if (status === 'accepted') {
      const system = await activeSystem(trx);
      const indicators = await indicatorsOf(trx, system.id);
      const partners = (await sameAs(trx, system.id)).get(s.indicator_code) ?? [];
      const codes = [
        s.indicator_code,
        ...partners.filter((p) => indicators.get(p) && indicators.get(p)!.method !== 'computed'),
      ];
      for (const code of codes) {
        const indicator = indicators.get(code);
        if (!indicator) continue;
        await trx
          .deleteFrom('indicator_value')
          .where('indicator_code', '=', code)
          .where('zone_code', '=', s.zone_code)
          .where('year', '=', s.year)
          .where('period', '=', s.period)
          .execute();
        await trx
          .insertInto('indicator_value')
          .values({
            indicator_code: code,
            zone_code: s.zone_code,
            region_code: s.region_code,
            year: s.year,
            period: s.period,
            value: s.value,
            unit: indicator.unit,
            method: indicator.method === 'computed' ? 'reported' : indicator.method,
            run_id: null,
            submission_id: s.id,
            data_versions: null,
            detail: writeJson({
              department: s.department_code,
              submittedBy: s.submitted_by,
              submittedAt: s.submitted_at,
              acceptedBy: actor.username,
              source: s.source,
              evidence: s.evidence,
              ...(code !== s.indicator_code ? { sameAs: s.indicator_code } : {}),
            }),
            stale: 0,
            computed_at: now,
          })
          .execute();
        written.push(code);
      }
    }
    await recordAudit(trx, actor, {
      activity: `indicator_submission.${status}`,
      entityType: 'indicator_submission',
      entityId: id,
      regionCode: s.region_code,
      before: { status: s.status },
      after: { status, values: written },
      comment: input.comment ?? null,
    });
    return { ...presentSubmission(after), valuesWritten: written };
  });
}
