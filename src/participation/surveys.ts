/**
 * Satisfaction surveys (满意度调查): defined by staff, answered by the public per unit, aggregated per
 * unit and overall, and fed into the indicator system.
 *
 * Feeding goes through the department submission path (monitoring/submissions.ts): the per-unit mean
 * score becomes a submitted value of the survey's indicator that a reviewer accepts or returns like any
 * reported value, so a survey never writes an indicator value nobody looked at.
 *
 * One response per client per survey per day (China time): the client hash (client-hash.ts) is checked
 * in the response's transaction. Free-text answers stay internal: the public never sees any results,
 * and staff results give only how many answered a text question.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, subtreePattern } from '../auth/scope.js';
import { assertPermission } from '../auth/roles.js';
import { badRequest, conflict, LantuError, notFound } from '../errors.js';
import { activeSystem, indicatorsOf } from '../monitoring/indicator-systems.js';
import { submitRows } from '../monitoring/submissions.js';
import type { TableRow } from '../monitoring/submission-table.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { SurveyStatus } from './participation-tables.js';
import {
  scoreAnswers,
  validateAnswers,
  validateQuestions,
  type QuestionInput,
  type SurveyQuestion,
} from './survey-questions.js';

const SURVEY = { zh: '问卷', en: 'survey' };

type SurveyRow = NonNullable<Awaited<ReturnType<typeof findSurvey>>>;

function findSurvey(db: Kysely<Database>, id: number) {
  return db.selectFrom('survey').selectAll().where('id', '=', id).executeTakeFirst();
}

export function presentSurvey(s: SurveyRow) {
  return {
    id: s.id,
    regionCode: s.region_code,
    title: s.title,
    description: s.description,
    questions: (readJson<SurveyQuestion[]>(s.questions) ?? []).map((q) => ({
      key: q.key,
      textZh: q.text_zh,
      textEn: q.text_en,
      kind: q.kind,
      ...(q.options ? { options: q.options } : {}),
      ...(q.weight !== undefined ? { weight: q.weight } : {}),
      required: q.required ?? false,
    })),
    checkupId: s.checkup_id,
    indicatorCode: s.indicator_code,
    status: s.status,
    opensAt: s.opens_at,
    closesAt: s.closes_at,
    createdBy: s.created_by,
    createdAt: s.created_at,
  };
}

function publicSurvey(s: SurveyRow) {
  const { createdBy: _createdBy, indicatorCode: _indicatorCode, checkupId: _checkupId, ...view } = presentSurvey(s);
  return view;
}

function iso(value: string | null | undefined, field: string): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw badRequest('time_invalid', `${field} “${value}”不是有效时间`, `${field} "${value}" is not a valid time`, {
      field,
    });
  return new Date(t).toISOString();
}

/** The indicator a survey feeds must be one people report, not one Lantu computes. */
async function checkIndicator(db: Kysely<Database>, code: string) {
  const indicator = (await indicatorsOf(db, (await activeSystem(db)).id)).get(code);
  if (!indicator || indicator.retired)
    throw badRequest(
      'indicator_unknown',
      `指标 ${code} 不在生效的指标体系中`,
      `indicator ${code} is not in the active indicator system`,
      {
        field: 'indicatorCode',
      },
    );
  if (indicator.method === 'computed')
    throw badRequest(
      'indicator_computed',
      `指标 ${code} 由平台计算，不能由问卷填报`,
      `indicator ${code} is computed by Lantu; a survey cannot report it`,
      { field: 'indicatorCode' },
    );
}

export interface SurveyInput {
  regionCode: string;
  title: string;
  description?: string | null;
  questions: QuestionInput[];
  checkupId?: number | null;
  indicatorCode?: string | null;
  opensAt?: string | null;
  closesAt?: string | null;
}

export async function createSurvey(db: Kysely<Database>, actor: Principal, input: SurveyInput) {
  assertPermission(actor, 'participation.manage');
  assertWriteRegion(actor, input.regionCode);
  const questions = validateQuestions(input.questions);
  const title = input.title?.trim();
  if (!title) throw badRequest('title_required', '问卷标题不能为空', 'the survey title is empty', { field: 'title' });
  if (input.indicatorCode) {
    await checkIndicator(db, input.indicatorCode);
    if (!questions.some((q) => q.kind === 'rating'))
      throw badRequest(
        'rating_required',
        '问卷要填报指标，至少需要一道评分题',
        'a survey that feeds an indicator needs at least one rating question',
        { field: 'questions' },
      );
  }
  return db.transaction().execute(async (trx) => {
    const region = await trx.selectFrom('zone').select('code').where('code', '=', input.regionCode).executeTakeFirst();
    if (!region)
      throw badRequest(
        'region_unknown',
        `区划 ${input.regionCode} 不存在`,
        `region ${input.regionCode} does not exist`,
        { field: 'regionCode' },
      );
    if (input.checkupId) {
      const c = await trx
        .selectFrom('checkup')
        .select('region_code')
        .where('id', '=', input.checkupId)
        .executeTakeFirst();
      if (!c) throw notFound({ zh: '体检评估项目', en: 'check-up' }, input.checkupId);
    }
    const row = await trx
      .insertInto('survey')
      .values({
        region_code: input.regionCode,
        title,
        description: input.description?.trim() || null,
        questions: writeJson(questions)!,
        checkup_id: input.checkupId ?? null,
        indicator_code: input.indicatorCode || null,
        status: 'draft',
        opens_at: iso(input.opensAt, 'opensAt'),
        closes_at: iso(input.closesAt, 'closesAt'),
        created_by: actor.username,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'survey.created',
      entityType: 'survey',
      entityId: row.id,
      regionCode: row.region_code,
      after: presentSurvey(row),
    });
    return presentSurvey(row);
  });
}

const SURVEY_MOVES: Record<SurveyStatus, readonly SurveyStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open'],
};

export interface SurveyPatch {
  status?: SurveyStatus;
  title?: string;
  description?: string | null;
  questions?: QuestionInput[];
  opensAt?: string | null;
  closesAt?: string | null;
}

/** Open, close or edit; the questions can change only while a draft (answers must mean one thing). */
export async function updateSurvey(db: Kysely<Database>, actor: Principal, id: number, patch: SurveyPatch) {
  assertPermission(actor, 'participation.manage');
  return db.transaction().execute(async (trx) => {
    const s = await findSurvey(trx, id);
    if (!s) throw notFound(SURVEY, id);
    assertWriteRegion(actor, s.region_code);
    const set: Partial<SurveyRow> = {};
    if (patch.status && patch.status !== s.status) {
      if (!SURVEY_MOVES[s.status].includes(patch.status))
        throw conflict(
          'survey_transition_refused',
          `问卷 ${id} 当前为 ${s.status}，不能改为 ${patch.status}`,
          `survey ${id} is ${s.status}; it cannot become ${patch.status}`,
          { field: 'status' },
        );
      set.status = patch.status;
    }
    if (patch.questions) {
      if (s.status !== 'draft')
        throw conflict(
          'survey_not_draft',
          `问卷 ${id} 已开放过，题目不能再改`,
          `survey ${id} has been opened; its questions can no longer change`,
          { field: 'questions' },
        );
      set.questions = writeJson(validateQuestions(patch.questions));
    }
    if (patch.title !== undefined) {
      if (!patch.title.trim())
        throw badRequest('title_required', '问卷标题不能为空', 'the survey title is empty', { field: 'title' });
      set.title = patch.title.trim();
    }
    if (patch.description !== undefined) set.description = patch.description?.trim() || null;
    if (patch.opensAt !== undefined) set.opens_at = iso(patch.opensAt, 'opensAt');
    if (patch.closesAt !== undefined) set.closes_at = iso(patch.closesAt, 'closesAt');
    if (!Object.keys(set).length) return presentSurvey(s);
    const after = await trx
      .updateTable('survey')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: set.status ? `survey.${set.status === 'open' ? 'opened' : 'closed'}` : 'survey.updated',
      entityType: 'survey',
      entityId: id,
      regionCode: s.region_code,
      before: presentSurvey(s),
      after: presentSurvey(after),
    });
    return presentSurvey(after);
  });
}

export async function getSurvey(db: Kysely<Database>, actor: Principal, id: number) {
  assertPermission(actor, 'participation.manage');
  const s = await findSurvey(db, id);
  if (!s) throw notFound(SURVEY, id);
  assertReadRegion(actor, s.region_code);
  return presentSurvey(s);
}

export async function listSurveys(db: Kysely<Database>, actor: Principal, q: { status?: SurveyStatus }) {
  assertPermission(actor, 'participation.manage');
  let query = db.selectFrom('survey').selectAll().where('region_code', 'like', subtreePattern(actor.regionCode));
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.orderBy('id', 'desc').execute()).map(presentSurvey);
}

/** Whether a survey takes responses now. */
function takesResponses(s: SurveyRow, now = nowIso()) {
  return s.status === 'open' && (!s.opens_at || s.opens_at <= now) && (!s.closes_at || s.closes_at > now);
}

export async function listPublicSurveys(db: Kysely<Database>, regionCode?: string) {
  let query = db.selectFrom('survey').selectAll().where('status', '=', 'open');
  if (regionCode) query = query.where('region_code', 'like', subtreePattern(regionCode));
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.filter((s) => takesResponses(s)).map(publicSurvey);
}

export async function getPublicSurvey(db: Kysely<Database>, id: number) {
  const s = await findSurvey(db, id);
  if (!s || s.status === 'draft') throw notFound(SURVEY, id);
  return { ...publicSurvey(s), acceptsResponses: takesResponses(s), zones: await answerableZones(db, s.region_code) };
}

/**
 * The places a response may be given for — the regions and planning units inside the survey's region,
 * the same test submitResponse applies — so a visitor picks one by name instead of typing a code (the
 * zone list itself needs an account). Names and codes only: they are on every public map anyway.
 */
async function answerableZones(db: Kysely<Database>, regionCode: string) {
  const rows = await db
    .selectFrom('zone')
    .select(['code', 'name', 'name_en', 'kind', 'level'])
    .where('kind', 'in', ['region', 'planning_unit'])
    .where('region_code', 'like', subtreePattern(regionCode))
    .orderBy('code')
    .execute();
  return rows.map((z) => ({ code: z.code, name: z.name, nameEn: z.name_en, kind: z.kind, level: z.level }));
}

/** Start of the current day in China (UTC+8), as an ISO instant. */
export function chinaDayStart(now = new Date()): string {
  const day = 86_400_000;
  const offset = 8 * 3_600_000;
  return new Date(Math.floor((now.getTime() + offset) / day) * day - offset).toISOString();
}

export async function submitResponse(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: { zoneCode: string; answers: Record<string, unknown> },
  clientHash: string | null,
) {
  return db.transaction().execute(async (trx) => {
    // A no-op write to the survey's row first: on PostgreSQL it holds the row lock until commit, so a
    // second response from the same client racing this one waits and then sees it (SQLite serialises
    // writers anyway). Responses to one survey queue behind each other; they are small.
    await trx
      .updateTable('survey')
      .set({ status: (eb) => eb.ref('status') })
      .where('id', '=', id)
      .execute();
    const s = await findSurvey(trx, id);
    if (!s || s.status === 'draft') throw notFound(SURVEY, id);
    if (!takesResponses(s))
      throw conflict(
        'survey_closed',
        `问卷“${s.title}”当前不接受填写`,
        `the survey "${s.title}" is not taking responses`,
      );
    const zone = await trx
      .selectFrom('zone')
      .select(['code', 'kind', 'region_code'])
      .where('code', '=', input.zoneCode)
      .executeTakeFirst();
    if (!zone || !['region', 'planning_unit'].includes(zone.kind) || !zone.region_code.startsWith(s.region_code))
      throw badRequest(
        'zone_invalid',
        `单元 ${input.zoneCode} 不是 ${s.region_code} 范围内的行政区或规划单元`,
        `${input.zoneCode} is not a region or planning unit inside ${s.region_code}`,
        { field: 'zoneCode' },
      );
    const questions = readJson<SurveyQuestion[]>(s.questions) ?? [];
    const answers = validateAnswers(questions, input.answers ?? {});
    if (clientHash !== null) {
      const today = await trx
        .selectFrom('survey_response')
        .select('id')
        .where('survey_id', '=', id)
        .where('client_hash', '=', clientHash)
        .where('created_at', '>=', chinaDayStart())
        .executeTakeFirst();
      if (today)
        throw new LantuError(
          'already_answered',
          429,
          '您今天已填写过此问卷，感谢参与',
          'you have already answered this survey today; thank you',
        );
    }
    const score = scoreAnswers(questions, answers);
    const row = await trx
      .insertInto('survey_response')
      .values({
        survey_id: id,
        zone_code: zone.code,
        answers: writeJson(answers)!,
        score,
        client_hash: clientHash,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'survey_response.received',
      entityType: 'survey_response',
      entityId: row.id,
      regionCode: zone.region_code,
      after: { surveyId: id, zoneCode: zone.code, score },
    });
    return { id: row.id, score };
  });
}

interface Aggregate {
  n: number;
  /** Mean of the responses' scores (0–100), null without any scored response. */
  meanScore: number | null;
  questions: Record<string, { answered: number; counts?: Record<string, number>; mean?: number | null }>;
}

function aggregate(
  questions: SurveyQuestion[],
  responses: { answers: Record<string, unknown>; score: number | null }[],
): Aggregate {
  const scores = responses.map((r) => r.score).filter((s): s is number => s !== null);
  const out: Aggregate = {
    n: responses.length,
    meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    questions: {},
  };
  for (const q of questions) {
    const given = responses.map((r) => r.answers[q.key]).filter((a) => a !== undefined && a !== null);
    if (q.kind === 'text') {
      out.questions[q.key] = { answered: given.length };
      continue;
    }
    const keys = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options!;
    const counts = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const a of given) counts[String(a)] = (counts[String(a)] ?? 0) + 1;
    const entry: Aggregate['questions'][string] = { answered: given.length, counts };
    if (q.kind === 'rating')
      entry.mean = given.length ? (given as number[]).reduce((a, b) => a + b, 0) / given.length : null;
    out.questions[q.key] = entry;
  }
  return out;
}

/** Results per unit and overall. Staff only. */
export async function surveyResults(db: Kysely<Database>, actor: Principal, id: number) {
  assertPermission(actor, 'participation.manage');
  const s = await findSurvey(db, id);
  if (!s) throw notFound(SURVEY, id);
  assertReadRegion(actor, s.region_code);
  const questions = readJson<SurveyQuestion[]>(s.questions) ?? [];
  const rows = await db
    .selectFrom('survey_response')
    .select(['zone_code', 'answers', 'score'])
    .where('survey_id', '=', id)
    .orderBy('id')
    .execute();
  const responses = rows.map((r) => ({
    zone: r.zone_code,
    answers: readJson<Record<string, unknown>>(r.answers) ?? {},
    score: r.score === null ? null : Number(r.score),
  }));
  const zones = [...new Set(responses.map((r) => r.zone))].sort();
  const names = zones.length
    ? new Map(
        (await db.selectFrom('zone').select(['code', 'name']).where('code', 'in', zones).execute()).map((z) => [
          z.code,
          z.name,
        ]),
      )
    : new Map<string, string>();
  return {
    survey: presentSurvey(s),
    overall: aggregate(questions, responses),
    units: zones.map((zone) => ({
      zoneCode: zone,
      zoneName: names.get(zone) ?? null,
      ...aggregate(
        questions,
        responses.filter((r) => r.zone === zone),
      ),
    })),
  };
}

/**
 * Feed the per-unit mean scores as submitted values of the survey's indicator for `year`, to be
 * reviewed like any reported value. Scores are rounded to two decimals.
 */
export async function feedSurvey(db: Kysely<Database>, actor: Principal, id: number, year: number) {
  const results = await surveyResults(db, actor, id);
  const s = results.survey;
  assertWriteRegion(actor, s.regionCode);
  if (!s.indicatorCode)
    throw badRequest(
      'survey_without_indicator',
      `问卷 ${id} 没有指定要填报的指标`,
      `survey ${id} names no indicator to feed`,
      {
        field: 'indicatorCode',
      },
    );
  const indicator = (await indicatorsOf(db, (await activeSystem(db)).id)).get(s.indicatorCode);
  if (!indicator) await checkIndicator(db, s.indicatorCode);
  const units = results.units.filter((u) => u.meanScore !== null);
  if (!units.length)
    throw conflict('survey_no_responses', `问卷 ${id} 还没有可计分的回答`, `survey ${id} has no scored responses yet`);
  const rows: TableRow[] = units.map((u, i) => ({
    row: i + 1,
    fields: {
      indicator_code: s.indicatorCode!,
      zone_code: u.zoneCode,
      year: String(year),
      period: '',
      value: String(Math.round(u.meanScore! * 100) / 100),
      unit: indicator!.unit,
      source: `满意度调查 survey #${id}（n=${u.n}）`,
      evidence: `survey:${id}`,
    },
  }));
  const result = await submitRows(db, actor, rows);
  await db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      activity: 'survey.fed',
      entityType: 'survey',
      entityId: id,
      regionCode: s.regionCode,
      after: { year, indicator: s.indicatorCode, submissions: result.submitted.map((x) => x.id) },
    }),
  );
  return {
    surveyId: id,
    indicatorCode: s.indicatorCode,
    year,
    submitted: units.map((u, i) => ({
      zoneCode: u.zoneCode,
      n: u.n,
      value: Number(rows[i]!.fields.value),
      submissionId: result.submitted[i]!.id,
    })),
  };
}
