/**
 * A check-up's findings (问题清单) as people work on them: list by level, add one by hand, edit one
 * (a drafted finding becomes 'edited', so re-drafting leaves it alone), merge several into one, and
 * delete one added by hand. Drafted findings are not deleted by people — re-drafting would bring them
 * back; they are merged or edited instead.
 *
 * Merging: the new finding (origin 'merged') takes the highest level of its sources, their worst
 * severity, the union of their zones and indicators, and their evidence under `sources`. The sources
 * stay as history with `merged_into_id` and drop out of lists, and their causes and measures MOVE to
 * the merged finding: the diagnosis and the countermeasures (and the tasks hanging on them) are about
 * the problem, and the problem is now the merged finding.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { badRequest, conflict, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import {
  CHECKUP_LEVELS,
  FINDING_SEVERITIES,
  type Checkup,
  type CheckupFinding,
  type CheckupLevel,
  type FindingKind,
  type FindingOrigin,
  type FindingSeverity,
} from './checkup-tables.js';
import { assertAnalysisOpen, readableCheckup, writableCheckup } from './checkups.js';

export const FINDING = { zh: '体检问题', en: 'finding' };

export const FINDING_KIND_LABELS: Record<FindingKind, { zh: string; en: string }> = {
  warning: { zh: '监测预警', en: 'warning' },
  trend: { zh: '不利趋势', en: 'adverse trend' },
  bottom_line: { zh: '突破底线或约束性目标', en: 'bottom line or binding target broken' },
  peer_lag: { zh: '单元明显落后', en: 'unit lagging its peers' },
  manual: { zh: '人工补充', en: 'added by hand' },
};

export interface CauseView {
  id: number;
  findingId: number;
  category: string;
  description: string;
  evidence: unknown;
  support: unknown;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface MeasureView {
  id: number;
  findingId: number;
  path: string;
  departmentCode: string | null;
  description: string;
  weight: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The tasks set under the measure, in brief (the board has them whole); in finding views only. */
  tasks?: MeasureTask[];
}

export interface MeasureTask {
  id: number;
  title: string;
  departmentCode: string;
  deadline: string;
  status: string;
  progress: number;
}

export interface FindingView {
  id: number;
  checkupId: number;
  level: CheckupLevel;
  zoneCode: string | null;
  zoneCodes: string[];
  dimension: string | null;
  kind: FindingKind;
  kindLabel: { zh: string; en: string };
  severity: FindingSeverity;
  title: string;
  /** The drafted English title, while nobody has edited the finding (then only the Chinese one holds). */
  titleEn: string | null;
  body: string | null;
  indicatorCodes: string[];
  evidence: unknown;
  origin: FindingOrigin;
  sourceKey: string | null;
  mergedIntoId: number | null;
  sortOrder: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  causes: CauseView[];
  measures: MeasureView[];
}

type CauseRow = Awaited<ReturnType<typeof causeRows>>[number];
type MeasureRow = Awaited<ReturnType<typeof measureRows>>[number];

export const presentCause = (c: CauseRow): CauseView => ({
  id: c.id,
  findingId: c.finding_id,
  category: c.category,
  description: c.description,
  evidence: readJson(c.evidence),
  support: readJson(c.support),
  createdBy: c.created_by,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

export const presentMeasure = (m: MeasureRow): MeasureView => ({
  id: m.id,
  findingId: m.finding_id,
  path: m.path,
  departmentCode: m.department_code,
  description: m.description,
  weight: m.weight,
  createdBy: m.created_by,
  createdAt: m.created_at,
  updatedAt: m.updated_at,
});

function causeRows(db: Kysely<Database>, findingIds: number[]) {
  return db.selectFrom('checkup_cause').selectAll().where('finding_id', 'in', findingIds).orderBy('id').execute();
}

function measureRows(db: Kysely<Database>, findingIds: number[]) {
  return db.selectFrom('checkup_measure').selectAll().where('finding_id', 'in', findingIds).orderBy('id').execute();
}

export function presentFinding(f: CheckupFinding, causes: CauseView[] = [], measures: MeasureView[] = []): FindingView {
  return {
    id: f.id,
    checkupId: f.checkup_id,
    level: f.level,
    zoneCode: f.zone_code,
    zoneCodes: readJson<string[]>(f.zone_codes) ?? (f.zone_code ? [f.zone_code] : []),
    dimension: f.dimension,
    kind: f.kind,
    kindLabel: FINDING_KIND_LABELS[f.kind],
    severity: f.severity,
    title: f.title,
    titleEn: f.origin === 'drafted' ? (readJson<{ titleEn?: string }>(f.evidence)?.titleEn ?? null) : null,
    body: f.body,
    indicatorCodes: readJson<string[]>(f.indicator_codes) ?? [],
    evidence: readJson(f.evidence),
    origin: f.origin,
    sourceKey: f.source_key,
    mergedIntoId: f.merged_into_id,
    sortOrder: f.sort_order,
    createdBy: f.created_by,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
    causes,
    measures,
  };
}

async function withChildren(db: Kysely<Database>, rows: CheckupFinding[]): Promise<FindingView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const causes = (await causeRows(db, ids)).map(presentCause);
  const measureList = await measureRows(db, ids);
  // Where each countermeasure stands, beside it: a finding's page shows its whole chain down to the tasks.
  const tasks = measureList.length
    ? await db
        .selectFrom('checkup_task')
        .select(['id', 'measure_id', 'title', 'department_code', 'deadline', 'status', 'progress'])
        .where(
          'measure_id',
          'in',
          measureList.map((m) => m.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const measures = measureList.map((m) => ({
    ...presentMeasure(m),
    tasks: tasks
      .filter((t) => t.measure_id === m.id)
      .map((t) => ({
        id: t.id,
        title: t.title,
        departmentCode: t.department_code,
        deadline: t.deadline,
        status: t.status,
        progress: Number(t.progress),
      })),
  }));
  return rows.map((r) =>
    presentFinding(
      r,
      causes.filter((c) => c.findingId === r.id),
      measures.filter((m) => m.findingId === r.id),
    ),
  );
}

// ── access ──────────────────────────────────────────────────────────────

export async function findFinding(db: Kysely<Database>, id: number): Promise<CheckupFinding> {
  const row = await db.selectFrom('checkup_finding').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(FINDING, id);
  return row;
}

export async function readableFinding(db: Kysely<Database>, actor: Principal, id: number) {
  const finding = await findFinding(db, id);
  const checkup = await readableCheckup(db, actor, finding.checkup_id);
  return { finding, checkup };
}

/** The finding and its check-up, if the actor may change them now (not merged away, check-up open). */
export async function writableFinding(db: Kysely<Database>, actor: Principal, id: number) {
  const finding = await findFinding(db, id);
  const checkup = await writableCheckup(db, actor, finding.checkup_id);
  assertAnalysisOpen(checkup);
  if (finding.merged_into_id !== null) {
    throw conflict(
      'finding_merged',
      `问题 ${id} 已合并到问题 ${finding.merged_into_id}，请修改合并后的问题`,
      `finding ${id} was merged into finding ${finding.merged_into_id}; change that one`,
    );
  }
  return { finding, checkup };
}

// ── read ────────────────────────────────────────────────────────────────

export interface FindingQuery {
  level?: CheckupLevel;
  kind?: FindingKind;
  /** Also the sources merged into other findings. */
  includeMerged?: boolean;
}

export async function listFindings(db: Kysely<Database>, viewer: Principal, checkupId: number, q: FindingQuery = {}) {
  await readableCheckup(db, viewer, checkupId);
  let query = db.selectFrom('checkup_finding').selectAll().where('checkup_id', '=', checkupId);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (!q.includeMerged) query = query.where('merged_into_id', 'is', null);
  const rows = await query.orderBy('level').orderBy('sort_order').orderBy('id').execute();
  // city → urban → unit, as the report reads
  rows.sort((a, b) => CHECKUP_LEVELS.indexOf(a.level) - CHECKUP_LEVELS.indexOf(b.level));
  return withChildren(db, rows);
}

export async function getFinding(db: Kysely<Database>, viewer: Principal, id: number): Promise<FindingView> {
  const { finding } = await readableFinding(db, viewer, id);
  return (await withChildren(db, [finding]))[0]!;
}

// ── write ───────────────────────────────────────────────────────────────

export interface FindingInput {
  level: CheckupLevel;
  title: string;
  body?: string | null;
  severity?: FindingSeverity;
  zoneCodes?: string[];
  dimension?: string | null;
  indicatorCodes?: string[];
  evidence?: unknown;
  sortOrder?: number;
}

function checkLevel(c: Checkup, level: CheckupLevel): void {
  const levels = readJson<CheckupLevel[]>(c.levels) ?? [];
  if (!levels.includes(level)) {
    throw badRequest(
      'finding_level_invalid',
      `体检层级为 ${levels.join('、')}，不含“${level}”`,
      `the check-up's levels are ${levels.join(', ')}; "${level}" is not one of them`,
      { field: 'level' },
    );
  }
}

function checkSeverity(severity: string | undefined): void {
  if (severity !== undefined && !(FINDING_SEVERITIES as readonly string[]).includes(severity)) {
    throw badRequest(
      'finding_severity_invalid',
      `严重程度“${severity}”无效（${FINDING_SEVERITIES.join('、')}）`,
      `severity "${severity}" is invalid (${FINDING_SEVERITIES.join(', ')})`,
      { field: 'severity' },
    );
  }
}

function checkTitle(title: string | undefined): void {
  if (title !== undefined && !title.trim()) {
    throw badRequest('title_required', '问题标题不能为空', 'the finding needs a title', { field: 'title' });
  }
}

export async function addFinding(db: Kysely<Database>, actor: Principal, checkupId: number, input: FindingInput) {
  checkTitle(input.title ?? '');
  checkSeverity(input.severity);
  return db.transaction().execute(async (trx) => {
    const c = await writableCheckup(trx, actor, checkupId);
    assertAnalysisOpen(c);
    checkLevel(c, input.level);
    const now = nowIso();
    const zoneCodes = input.zoneCodes ?? [];
    const row = await trx
      .insertInto('checkup_finding')
      .values({
        checkup_id: c.id,
        level: input.level,
        zone_code: zoneCodes.length === 1 ? zoneCodes[0]! : null,
        dimension: input.dimension ?? null,
        kind: 'manual',
        severity: input.severity ?? 'info',
        title: input.title.trim(),
        body: input.body ?? null,
        indicator_codes: writeJson(input.indicatorCodes ?? []),
        zone_codes: writeJson(zoneCodes),
        evidence: writeJson(input.evidence ?? null),
        origin: 'manual',
        source_key: null,
        merged_into_id: null,
        sort_order: input.sortOrder ?? 0,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentFinding(row);
    await recordAudit(trx, actor, {
      activity: 'checkup_finding.created',
      entityType: 'checkup_finding',
      entityId: row.id,
      regionCode: c.region_code,
      after: view,
    });
    return view;
  });
}

export type FindingPatch = Partial<Omit<FindingInput, 'evidence'>>;

export async function editFinding(db: Kysely<Database>, actor: Principal, id: number, patch: FindingPatch) {
  checkTitle(patch.title);
  checkSeverity(patch.severity);
  return db.transaction().execute(async (trx) => {
    const { finding: before, checkup } = await writableFinding(trx, actor, id);
    if (patch.level !== undefined) checkLevel(checkup, patch.level);
    const zoneCodes = patch.zoneCodes;
    const after = await trx
      .updateTable('checkup_finding')
      .set({
        ...(patch.level !== undefined ? { level: patch.level } : {}),
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
        ...(patch.dimension !== undefined ? { dimension: patch.dimension } : {}),
        ...(patch.indicatorCodes !== undefined ? { indicator_codes: writeJson(patch.indicatorCodes) } : {}),
        ...(zoneCodes !== undefined
          ? { zone_codes: writeJson(zoneCodes), zone_code: zoneCodes.length === 1 ? zoneCodes[0]! : null }
          : {}),
        ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
        // A person's words win over the next draft: re-drafting skips findings that are not 'drafted'.
        origin: before.origin === 'drafted' ? 'edited' : before.origin,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_finding.updated',
      entityType: 'checkup_finding',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentFinding(before),
      after: presentFinding(after),
    });
    return (await withChildren(trx, [after]))[0]!;
  });
}

/** Only findings added by hand; their causes and measures go with them, unless tasks hang on those. */
export async function deleteFinding(db: Kysely<Database>, actor: Principal, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { finding, checkup } = await writableFinding(trx, actor, id);
    if (finding.origin !== 'manual') {
      throw conflict(
        'finding_not_manual',
        `只能删除人工补充的问题；问题 ${id} 来源为“${finding.origin}”，可编辑或合并`,
        `only findings added by hand can be deleted; finding ${id} is ${finding.origin} — edit or merge it instead`,
      );
    }
    const measures = await trx.selectFrom('checkup_measure').select('id').where('finding_id', '=', id).execute();
    if (measures.length) {
      const task = await trx
        .selectFrom('checkup_task')
        .select('id')
        .where(
          'measure_id',
          'in',
          measures.map((m) => m.id),
        )
        .executeTakeFirst();
      if (task) {
        throw conflict(
          'finding_has_tasks',
          `问题 ${id} 的对策已下达任务（任务 ${task.id}），不能删除`,
          `tasks were set for finding ${id}'s measures (task ${task.id}); it cannot be deleted`,
        );
      }
    }
    await trx.deleteFrom('checkup_measure').where('finding_id', '=', id).execute();
    await trx.deleteFrom('checkup_cause').where('finding_id', '=', id).execute();
    await trx.deleteFrom('checkup_finding').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      activity: 'checkup_finding.deleted',
      entityType: 'checkup_finding',
      entityId: id,
      regionCode: checkup.region_code,
      before: presentFinding(finding),
    });
  });
}

export interface MergeInput {
  ids: number[];
  title: string;
  body?: string | null;
}

const SEVERITY_ORDER: FindingSeverity[] = ['red', 'orange', 'yellow', 'blue', 'info'];

export async function mergeFindings(db: Kysely<Database>, actor: Principal, checkupId: number, input: MergeInput) {
  checkTitle(input.title ?? '');
  const ids = [...new Set(input.ids)];
  if (ids.length < 2) {
    throw badRequest('merge_needs_two', '合并至少需要两个问题', 'merging needs at least two findings', {
      field: 'ids',
    });
  }
  return db.transaction().execute(async (trx) => {
    const c = await writableCheckup(trx, actor, checkupId);
    assertAnalysisOpen(c);
    const sources = await trx.selectFrom('checkup_finding').selectAll().where('id', 'in', ids).orderBy('id').execute();
    for (const id of ids) {
      const s = sources.find((f) => f.id === id);
      if (!s || s.checkup_id !== c.id) throw notFound(FINDING, id);
      if (s.merged_into_id !== null) {
        throw conflict(
          'finding_merged',
          `问题 ${id} 已合并到问题 ${s.merged_into_id}`,
          `finding ${id} was already merged into finding ${s.merged_into_id}`,
          { field: 'ids' },
        );
      }
    }
    const views = sources.map((s) => presentFinding(s));
    const level = CHECKUP_LEVELS.find((l) => views.some((v) => v.level === l))!;
    const kinds = new Set(views.map((v) => v.kind));
    const dimensions = new Set(views.map((v) => v.dimension));
    const zoneCodes = [...new Set(views.flatMap((v) => v.zoneCodes))];
    const now = nowIso();
    const merged = await trx
      .insertInto('checkup_finding')
      .values({
        checkup_id: c.id,
        level,
        zone_code: zoneCodes.length === 1 ? zoneCodes[0]! : null,
        dimension: dimensions.size === 1 ? views[0]!.dimension : null,
        kind: kinds.size === 1 ? views[0]!.kind : 'manual',
        severity: SEVERITY_ORDER.find((s) => views.some((v) => v.severity === s))!,
        title: input.title.trim(),
        body: input.body ?? views.map((v) => v.title).join('；'),
        indicator_codes: writeJson([...new Set(views.flatMap((v) => v.indicatorCodes))]),
        zone_codes: writeJson(zoneCodes),
        evidence: writeJson({
          mergedFrom: ids,
          sources: views.map((v) => ({ id: v.id, kind: v.kind, title: v.title, evidence: v.evidence })),
        }),
        origin: 'merged',
        source_key: null,
        merged_into_id: null,
        sort_order: Math.min(...views.map((v) => v.sortOrder)),
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('checkup_finding')
      .set({ merged_into_id: merged.id, updated_at: now })
      .where('id', 'in', ids)
      .execute();
    const movedCauses = await trx
      .updateTable('checkup_cause')
      .set({ finding_id: merged.id, updated_at: now })
      .where('finding_id', 'in', ids)
      .executeTakeFirst();
    const movedMeasures = await trx
      .updateTable('checkup_measure')
      .set({ finding_id: merged.id, updated_at: now })
      .where('finding_id', 'in', ids)
      .executeTakeFirst();
    const view = (await withChildren(trx, [merged]))[0]!;
    await recordAudit(trx, actor, {
      activity: 'checkup_finding.merged',
      entityType: 'checkup_finding',
      entityId: merged.id,
      regionCode: c.region_code,
      after: {
        ...view,
        movedCauses: Number(movedCauses.numUpdatedRows),
        movedMeasures: Number(movedMeasures.numUpdatedRows),
      },
    });
    return view;
  });
}
