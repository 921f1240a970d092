/**
 * Warnings: listed with filters, moved through their lifecycle (warning-status.ts), and reconciled
 * with each evaluation of a year: a finding already raised at the same grade by the same rule stays as
 * it is; one that changed grade or rule supersedes the open warning; one no longer found closes it; a
 * finding someone dismissed is not raised again at the same grade. Every status change is audited in
 * its transaction, and so is every warning raised.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, regionAncestry } from '../auth/scope.js';
import { notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { WarningGrade, WarningStatus } from './monitoring-tables.js';
import { GRADE_LABELS, type WarningKind } from './warning-kinds.js';
import type { Finding } from './warning-rules.js';
import { nextWarningStatus, OPEN_WARNING_STATUSES, type WarningEvent } from './warning-status.js';

type WarningRow = Awaited<ReturnType<typeof findWarning>>;

export interface WarningView {
  id: number;
  runId: number;
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
  year: number;
  grade: WarningGrade;
  kind: string;
  ruleId: number | null;
  value: number | null;
  expected: number | null;
  explanation: { zh: string; en: string };
  evidence: unknown;
  status: WarningStatus;
  statusReason: string | null;
  statusBy: string | null;
  statusAt: string | null;
  createdAt: string;
}

export function presentWarning(w: NonNullable<WarningRow>): WarningView {
  return {
    id: w.id,
    runId: w.run_id,
    indicatorCode: w.indicator_code,
    zoneCode: w.zone_code,
    regionCode: w.region_code,
    year: w.year,
    grade: w.grade,
    kind: w.kind,
    ruleId: w.rule_id,
    value: w.value,
    expected: w.expected,
    explanation: { zh: w.explanation_zh, en: w.explanation_en },
    evidence: readJson(w.evidence),
    status: w.status,
    statusReason: w.status_reason,
    statusBy: w.status_by,
    statusAt: w.status_at,
    createdAt: w.created_at,
  };
}

function findWarning(db: Kysely<Database>, id: number) {
  return db.selectFrom('warning').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface WarningQuery {
  year?: number;
  grade?: WarningGrade;
  status?: WarningStatus | 'open';
  kind?: WarningKind;
  indicator?: string;
  zone?: string;
  runId?: number;
  limit: number;
  offset: number;
}

/** Newest first, most severe first within a year; limited to what the viewer may read. */
export async function listWarnings(db: Kysely<Database>, viewer: Principal, q: WarningQuery) {
  let query = db.selectFrom('warning');
  if (q.year) query = query.where('year', '=', q.year);
  if (q.grade) query = query.where('grade', '=', q.grade);
  if (q.status === 'open') query = query.where('status', 'in', [...OPEN_WARNING_STATUSES]);
  else if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.indicator) query = query.where('indicator_code', '=', q.indicator);
  if (q.zone) query = query.where('zone_code', '=', q.zone);
  if (q.runId) query = query.where('run_id', '=', q.runId);
  if (viewer.regionCode) {
    const region = viewer.regionCode;
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const byGrade = await query
    .select(['grade', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('grade')
    .execute();
  const rows = await query
    .selectAll()
    .orderBy('year', 'desc')
    .orderBy((eb) =>
      eb
        .case()
        .when('grade', '=', 'red')
        .then(0)
        .when('grade', '=', 'orange')
        .then(1)
        .when('grade', '=', 'yellow')
        .then(2)
        .else(3)
        .end(),
    )
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    total: Number(total.n),
    byGrade: Object.fromEntries(byGrade.map((g) => [g.grade, Number(g.n)])),
    items: rows.map(presentWarning),
  };
}

export async function getWarning(db: Kysely<Database>, viewer: Principal, id: number): Promise<WarningView> {
  const w = await findWarning(db, id);
  if (!w) throw notFound({ zh: '预警', en: 'warning' }, id);
  assertReadRegion(viewer, w.region_code);
  return presentWarning(w);
}

export interface WarningTransitionInput {
  event: WarningEvent;
  reason?: string | null;
}

export async function transitionWarning(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: WarningTransitionInput,
) {
  return db.transaction().execute(async (trx) => {
    const w = await findWarning(trx, id);
    if (!w) throw notFound({ zh: '预警', en: 'warning' }, id);
    assertWriteRegion(actor, w.region_code);
    return presentWarning(await applyTransition(trx, actor, w, input.event, input.reason ?? null));
  });
}

/** The one place that writes a warning's status: guard, stamp, audit. */
async function applyTransition(
  trx: Kysely<Database>,
  actor: Principal,
  w: NonNullable<WarningRow>,
  event: WarningEvent,
  reason: string | null,
) {
  const status = nextWarningStatus(w.status, event, reason);
  const after = await trx
    .updateTable('warning')
    .set({ status, status_reason: reason?.trim() || null, status_by: actor.username, status_at: nowIso() })
    .where('id', '=', w.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    activity: `warning.${status}`,
    entityType: 'warning',
    entityId: w.id,
    regionCode: w.region_code,
    before: { status: w.status },
    after: { status, event },
    comment: reason,
  });
  return after;
}

export interface Located {
  finding: Finding;
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
}

export interface ReconcileResult {
  raised: number;
  kept: number;
  superseded: number;
  closed: number;
  suppressed: number;
}

/**
 * Bring the warnings of `year` in `regionCode`'s subtree in line with the findings of an evaluation
 * done by run `runId`.
 */
export async function reconcileWarnings(
  trx: Kysely<Database>,
  run: { id: number; year: number; regionCode: string },
  findings: readonly Located[],
): Promise<ReconcileResult> {
  const result: ReconcileResult = { raised: 0, kept: 0, superseded: 0, closed: 0, suppressed: 0 };
  const existing = await trx
    .selectFrom('warning')
    .selectAll()
    .where('year', '=', run.year)
    .where('region_code', 'like', `${run.regionCode}%`)
    .where('status', 'in', [...OPEN_WARNING_STATUSES, 'dismissed'])
    .orderBy('id')
    .execute();
  const key = (indicator: string, zone: string, kind: string) => `${indicator}|${zone}|${kind}`;
  const open = new Map<string, NonNullable<WarningRow>>();
  const dismissed = new Map<string, NonNullable<WarningRow>[]>();
  for (const w of existing) {
    const k = key(w.indicator_code, w.zone_code, w.kind);
    if (w.status === 'dismissed') dismissed.set(k, [...(dismissed.get(k) ?? []), w]);
    else open.set(k, w);
  }
  // A rule is the same rule when its content is: a new version of the indicator system copies the
  // rules under new ids, and that alone must not supersede every warning.
  const ruleIds = [...new Set([...existing.map((w) => w.rule_id), ...findings.map((f) => f.finding.ruleId)])].filter(
    (id): id is number => id !== null,
  );
  const signature = new Map<number, string>();
  for (let i = 0; i < ruleIds.length; i += 500) {
    const rows = await trx
      .selectFrom('warning_rule')
      .selectAll()
      .where('id', 'in', ruleIds.slice(i, i + 500))
      .execute();
    for (const r of rows)
      signature.set(r.id, JSON.stringify([r.indicator_code, r.kind, r.grade, r.threshold, readJson(r.params)]));
  }
  const sameRule = (a: number | null, b: number) => a === b || (a !== null && signature.get(a) === signature.get(b));
  const now = nowIso();
  for (const f of findings) {
    const k = key(f.indicatorCode, f.zoneCode, f.finding.kind);
    const current = open.get(k);
    open.delete(k);
    if (current && current.grade === f.finding.grade && sameRule(current.rule_id, f.finding.ruleId)) {
      result.kept++;
      continue;
    }
    if (current) {
      await applyTransition(
        trx,
        SYSTEM,
        current,
        'supersede',
        `第 ${run.id} 次监测运行改为${GRADE_LABELS[f.finding.grade].zh}预警（规则 #${f.finding.ruleId}） superseded by run ${run.id}: now ${GRADE_LABELS[f.finding.grade].en}, rule #${f.finding.ruleId}`,
      );
      result.superseded++;
    } else if (dismissed.get(k)?.some((d) => d.grade === f.finding.grade && sameRule(d.rule_id, f.finding.ruleId))) {
      result.suppressed++;
      continue;
    }
    const inserted = await trx
      .insertInto('warning')
      .values({
        run_id: run.id,
        indicator_code: f.indicatorCode,
        zone_code: f.zoneCode,
        region_code: f.regionCode,
        year: run.year,
        grade: f.finding.grade,
        rule_id: f.finding.ruleId,
        kind: f.finding.kind,
        value: f.finding.value,
        expected: f.finding.expected,
        explanation_zh: f.finding.explanationZh,
        explanation_en: f.finding.explanationEn,
        evidence: writeJson(f.finding.evidence),
        status: 'raised',
        status_reason: null,
        status_by: SYSTEM.username,
        status_at: now,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SYSTEM, {
      activity: 'warning.raised',
      entityType: 'warning',
      entityId: inserted.id,
      regionCode: f.regionCode,
      after: {
        runId: run.id,
        indicator: f.indicatorCode,
        zone: f.zoneCode,
        kind: f.finding.kind,
        grade: f.finding.grade,
      },
      comment: f.finding.explanationZh,
    });
    result.raised++;
  }
  for (const w of open.values()) {
    await applyTransition(
      trx,
      SYSTEM,
      w,
      'supersede',
      `第 ${run.id} 次监测运行中不再触发 no longer fires in run ${run.id}`,
    );
    result.closed++;
  }
  return result;
}
