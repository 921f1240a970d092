/**
 * Check-up projects (体检评估项目): create one with the defaults a bureau would fill in by hand — the
 * title, the levels for the kind, the active indicator system, the current version of the region's
 * approved master plan, and the check-up it follows (the latest earlier one of the same region and
 * kind, whose tasks it will read back) — list them within the region scope, read one with its
 * workflow history, snapshots and counts, change its team and note, and move it through the
 * workflow (checkup-status.ts).
 *
 * Permissions are checked here as well as on the routes, because the CLI (`--as`) calls these
 * functions directly: `checkup.read` to read, `checkup.manage` to change, and what each workflow event
 * names for a transition.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertPermission, hasPermission } from '../auth/roles.js';
import { assertReadRegion, assertWriteRegion, canWriteRegion, regionAncestry } from '../auth/scope.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { activeSystem } from '../monitoring/indicator-systems.js';
import { followCheckupWorkflow } from '../participation/publications.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import {
  CHECKUP_EVENTS,
  CHECKUP_STATUS_LABELS,
  EDITABLE_STATUSES,
  isCheckupEvent,
  nextCheckupStatus,
  type CheckupGuard,
} from './checkup-status.js';
import {
  CHECKUP_KINDS,
  CHECKUP_LEVELS,
  type Checkup,
  type CheckupKind,
  type CheckupLevel,
  type CheckupStatus,
} from './checkup-tables.js';

export const CHECKUP = { zh: '体检评估项目', en: 'check-up' };

export const KIND_LABELS: Record<CheckupKind, { zh: string; en: string }> = {
  annual: { zh: '年度体检', en: 'annual check-up' },
  five_year: { zh: '五年评估', en: 'five-year evaluation' },
  special: { zh: '专项评估', en: 'special evaluation' },
};

export const LEVEL_LABELS: Record<CheckupLevel, { zh: string; en: string }> = {
  city: { zh: '市域', en: 'city' },
  urban: { zh: '城区', en: 'urban area' },
  unit: { zh: '单元', en: 'planning unit' },
};

/**
 * Levels by kind: the annual check-up and the five-year evaluation look at all three levels (市域 —
 * 城区 — 单元, the first seed paper's frame); a special evaluation (e.g. the 15-minute life circle) is
 * about the built-up area and its units. A caller may always name the levels.
 */
const DEFAULT_LEVELS: Record<CheckupKind, CheckupLevel[]> = {
  annual: ['city', 'urban', 'unit'],
  five_year: ['city', 'urban', 'unit'],
  special: ['urban', 'unit'],
};

function defaultTitle(kind: CheckupKind, regionName: string, year: number): string {
  if (kind === 'annual') return `${regionName}${year}年度国土空间规划实施体检`;
  if (kind === 'five_year') return `${regionName}国土空间总体规划实施五年评估（${year}年）`;
  return `${regionName}${year}年国土空间规划专项评估`;
}

// ── access ──────────────────────────────────────────────────────────────

export async function findCheckup(db: Kysely<Database>, id: number): Promise<Checkup> {
  const row = await db.selectFrom('checkup').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(CHECKUP, id);
  return row;
}

/** The check-up, if the actor may read it. */
export async function readableCheckup(db: Kysely<Database>, actor: Principal, id: number): Promise<Checkup> {
  assertPermission(actor, 'checkup.read');
  const row = await findCheckup(db, id);
  assertReadRegion(actor, row.region_code);
  return row;
}

/** The check-up, if the actor may change it (`checkup.manage` and write scope over its region). */
export async function writableCheckup(db: Kysely<Database>, actor: Principal, id: number): Promise<Checkup> {
  assertPermission(actor, 'checkup.manage');
  const row = await findCheckup(db, id);
  assertWriteRegion(actor, row.region_code);
  return row;
}

/**
 * Tasks are tracked after publication — that is the point of the loop — but not once the check-up is
 * archived: its unfinished tasks then live on in the next check-up (carry-over), and reporting on
 * the old copy would split one task's history in two.
 */
export function assertTasksOpen(checkup: Checkup): void {
  if (checkup.status === 'archived') {
    throw conflict(
      'checkup_archived',
      `体检 ${checkup.id} 已归档，其任务不能再修改或填报进度；未完成的任务请在下一轮体检中结转后填报`,
      `check-up ${checkup.id} is archived: its tasks can no longer be changed or reported on; carry unfinished ones over into the next check-up and report there`,
      { field: 'taskId' },
    );
  }
}

/** Findings, causes and measures are fixed once the check-up is published. */
export function assertAnalysisOpen(checkup: Checkup): void {
  if (!EDITABLE_STATUSES.includes(checkup.status)) {
    throw conflict(
      'checkup_closed',
      `体检已“${CHECKUP_STATUS_LABELS[checkup.status].zh}”，其问题、原因与对策不能再修改`,
      `the check-up is ${CHECKUP_STATUS_LABELS[checkup.status].en.toLowerCase()}; its findings, causes and measures can no longer change`,
    );
  }
}

// ── presenting ──────────────────────────────────────────────────────────

export interface TeamMember {
  username: string;
  duty: string;
}

export interface CheckupView {
  id: number;
  kind: CheckupKind;
  kindLabel: { zh: string; en: string };
  title: string;
  regionCode: string;
  year: number;
  levels: CheckupLevel[];
  systemId: number;
  planVersionId: number | null;
  previousId: number | null;
  status: CheckupStatus;
  statusLabel: { zh: string; en: string };
  team: TeamMember[];
  currentSnapshotId: number | null;
  publishedSnapshotId: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export function presentCheckup(c: Checkup): CheckupView {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: KIND_LABELS[c.kind],
    title: c.title,
    regionCode: c.region_code,
    year: c.year,
    levels: readJson<CheckupLevel[]>(c.levels) ?? [],
    systemId: c.system_id,
    planVersionId: c.plan_version_id,
    previousId: c.previous_id,
    status: c.status,
    statusLabel: CHECKUP_STATUS_LABELS[c.status],
    team: readJson<TeamMember[]>(c.team) ?? [],
    currentSnapshotId: c.current_snapshot_id,
    publishedSnapshotId: c.published_snapshot_id,
    note: c.note,
    createdBy: c.created_by,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

// ── create ──────────────────────────────────────────────────────────────

export interface NewCheckup {
  kind: CheckupKind;
  regionCode: string;
  year: number;
  levels?: CheckupLevel[];
  title?: string;
  systemId?: number;
  planVersionId?: number | null;
  previousId?: number | null;
  team?: TeamMember[];
  note?: string | null;
}

export async function createCheckup(db: Kysely<Database>, actor: Principal, input: NewCheckup): Promise<CheckupView> {
  assertPermission(actor, 'checkup.manage');
  if (!(CHECKUP_KINDS as readonly string[]).includes(input.kind)) {
    throw badRequest(
      'checkup_kind_invalid',
      `体检类型“${input.kind}”无效（annual 年度体检、five_year 五年评估、special 专项评估）`,
      `check-up kind "${input.kind}" is invalid (annual, five_year, special)`,
      { field: 'kind' },
    );
  }
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) {
    throw badRequest(
      'year_invalid',
      `年份 ${input.year} 无效（2000–2100）`,
      `year ${input.year} is invalid (2000–2100)`,
      {
        field: 'year',
      },
    );
  }
  const levels = input.levels?.length ? [...new Set(input.levels)] : DEFAULT_LEVELS[input.kind];
  const badLevel = levels.find((l) => !(CHECKUP_LEVELS as readonly string[]).includes(l));
  if (badLevel) {
    throw badRequest(
      'checkup_level_invalid',
      `体检层级“${badLevel}”无效（city 市域、urban 城区、unit 单元）`,
      `check-up level "${badLevel}" is invalid (city, urban, unit)`,
      { field: 'levels' },
    );
  }
  return db.transaction().execute(async (trx) => {
    const region = await trx
      .selectFrom('zone')
      .select(['code', 'name', 'region_code'])
      .where('code', '=', input.regionCode)
      .where('kind', '=', 'region')
      .executeTakeFirst();
    if (!region) throw notFound({ zh: '行政区', en: 'region' }, input.regionCode);
    assertWriteRegion(actor, region.region_code);
    const systemId = input.systemId ?? (await activeSystem(trx)).id;
    if (input.systemId !== undefined) {
      const system = await trx
        .selectFrom('indicator_system')
        .select('id')
        .where('id', '=', systemId)
        .executeTakeFirst();
      if (!system) throw notFound({ zh: '指标体系版本', en: 'indicator system version' }, systemId);
    }
    const planVersionId =
      input.planVersionId === undefined
        ? await planInForce(trx, input.regionCode)
        : await checkedPlanVersion(trx, input.planVersionId, input.regionCode);
    const previousId =
      input.previousId === undefined
        ? await latestEarlier(trx, input.regionCode, input.kind, input.year)
        : await checkedPrevious(trx, input.previousId, input.regionCode);
    const now = nowIso();
    const row = await trx
      .insertInto('checkup')
      .values({
        kind: input.kind,
        title: input.title?.trim() || defaultTitle(input.kind, region.name, input.year),
        region_code: input.regionCode,
        year: input.year,
        levels: writeJson(levels),
        system_id: systemId,
        plan_version_id: planVersionId,
        previous_id: previousId,
        status: 'drafting',
        team: writeJson(input.team ?? []),
        current_snapshot_id: null,
        published_snapshot_id: null,
        note: input.note ?? null,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentCheckup(row);
    await recordAudit(trx, actor, {
      activity: 'checkup.created',
      entityType: 'checkup',
      entityId: row.id,
      regionCode: row.region_code,
      after: view,
    });
    return view;
  });
}

/**
 * The current version of the region's master plan in force — approved, or approved and being amended
 * (the approved plan binds until the amendment is) — or null: a check-up measures against an approved
 * plan, never against a draft.
 */
async function planInForce(db: Kysely<Database>, regionCode: string): Promise<number | null> {
  const row = await db
    .selectFrom('plan_version')
    .innerJoin('plan', 'plan.id', 'plan_version.plan_id')
    .select('plan_version.id')
    .where('plan.kind', '=', 'master')
    .where('plan.region_code', '=', regionCode)
    .where('plan.status', 'in', ['approved', 'amending'])
    .where('plan_version.is_current', '=', 1)
    .orderBy('plan.id')
    .executeTakeFirst();
  return row?.id ?? null;
}

async function latestEarlier(db: Kysely<Database>, regionCode: string, kind: CheckupKind, year: number) {
  const row = await db
    .selectFrom('checkup')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('kind', '=', kind)
    .where('year', '<', year)
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

async function checkedPlanVersion(db: Kysely<Database>, id: number | null, regionCode: string) {
  if (id === null) return null;
  const row = await db
    .selectFrom('plan_version')
    .innerJoin('plan', 'plan.id', 'plan_version.plan_id')
    .select(['plan_version.id', 'plan.region_code'])
    .where('plan_version.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: '规划版本', en: 'plan version' }, id);
  if (!regionAncestry(regionCode).includes(row.region_code) && !row.region_code.startsWith(regionCode)) {
    throw badRequest(
      'plan_version_region',
      `规划版本 ${id} 属于区划 ${row.region_code}，与体检区划 ${regionCode} 无关`,
      `plan version ${id} belongs to region ${row.region_code}, unrelated to the check-up's region ${regionCode}`,
      { field: 'planVersionId' },
    );
  }
  return id;
}

async function checkedPrevious(db: Kysely<Database>, id: number | null, regionCode: string) {
  if (id === null) return null;
  const row = await findCheckup(db, id);
  if (row.region_code !== regionCode) {
    throw badRequest(
      'previous_checkup_region',
      `上一轮体检 ${id} 属于区划 ${row.region_code}，不是 ${regionCode}`,
      `previous check-up ${id} is of region ${row.region_code}, not ${regionCode}`,
      { field: 'previousId' },
    );
  }
  return id;
}

// ── read ────────────────────────────────────────────────────────────────

export interface CheckupQuery {
  regionCode?: string;
  year?: number;
  status?: CheckupStatus;
  kind?: CheckupKind;
}

/** Check-ups of the viewer's subtree and of the regions above it, newest year first. */
export async function listCheckups(db: Kysely<Database>, viewer: Principal, q: CheckupQuery = {}) {
  assertPermission(viewer, 'checkup.read');
  let query = db.selectFrom('checkup').selectAll();
  if (q.regionCode) query = query.where('region_code', '=', q.regionCode);
  if (q.year) query = query.where('year', '=', q.year);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind);
  const region = viewer.regionCode;
  if (region) {
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  const rows = await query.orderBy('year', 'desc').orderBy('id', 'desc').execute();
  return rows.map(presentCheckup);
}

export interface TransitionView {
  id: number;
  event: string;
  from: string;
  to: string;
  reason: string | null;
  actor: string;
  at: string;
}

export interface SnapshotHead {
  id: number;
  seq: number;
  runId: number | null;
  summary: unknown;
  note: string | null;
  createdBy: string;
  createdAt: string;
  published: boolean;
}

/** A workflow move open from the current status, and whether the viewer may make it. */
export interface NextEvent {
  event: string;
  label: { zh: string; en: string };
  to: CheckupStatus;
  needsReason: boolean;
  permission: string;
  allowed: boolean;
}

export interface CheckupDetail extends CheckupView {
  /** The moves open from here (for the screens' buttons); guards are checked when one is made. */
  nextEvents: NextEvent[];
  transitions: TransitionView[];
  snapshots: SnapshotHead[];
  counts: {
    findings: number;
    findingsByLevel: Record<string, number>;
    causes: number;
    measures: number;
    tasks: number;
  };
}

export async function getCheckup(db: Kysely<Database>, viewer: Principal, id: number): Promise<CheckupDetail> {
  const c = await readableCheckup(db, viewer, id);
  const transitions = await db
    .selectFrom('checkup_transition')
    .selectAll()
    .where('checkup_id', '=', id)
    .orderBy('id')
    .execute();
  const snapshots = await db
    .selectFrom('checkup_snapshot')
    .selectAll()
    .where('checkup_id', '=', id)
    .orderBy('seq')
    .execute();
  const findings = await db
    .selectFrom('checkup_finding')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('checkup_id', '=', id)
    .where('merged_into_id', 'is', null)
    .groupBy('level')
    .execute();
  const count = async (table: 'checkup_cause' | 'checkup_measure') =>
    Number(
      (
        await db
          .selectFrom(table)
          .innerJoin('checkup_finding', 'checkup_finding.id', `${table}.finding_id`)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('checkup_finding.checkup_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const tasks = await db
    .selectFrom('checkup_task')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('checkup_id', '=', id)
    .executeTakeFirstOrThrow();
  const findingsByLevel = Object.fromEntries(findings.map((f) => [f.level, Number(f.n)]));
  const writable = canWriteRegion(viewer, c.region_code);
  return {
    ...presentCheckup(c),
    nextEvents: Object.entries(CHECKUP_EVENTS)
      .filter(([, rule]) => (rule.from as readonly CheckupStatus[]).includes(c.status))
      .map(([event, rule]) => ({
        event,
        label: rule.label,
        to: rule.to,
        needsReason: rule.needsReason,
        permission: rule.permission,
        allowed: writable && hasPermission(viewer.role, rule.permission),
      })),
    transitions: transitions.map((t) => ({
      id: t.id,
      event: t.event,
      from: t.from_status,
      to: t.to_status,
      reason: t.reason,
      actor: t.actor,
      at: t.at,
    })),
    snapshots: snapshots.map((s) => ({
      id: s.id,
      seq: s.seq,
      runId: s.run_id,
      summary: readJson(s.summary),
      note: s.note,
      createdBy: s.created_by,
      createdAt: s.created_at,
      published: s.id === c.published_snapshot_id,
    })),
    counts: {
      findings: Object.values(findingsByLevel).reduce((a, b) => a + b, 0),
      findingsByLevel,
      causes: await count('checkup_cause'),
      measures: await count('checkup_measure'),
      tasks: Number(tasks.n),
    },
  };
}

// ── update ──────────────────────────────────────────────────────────────

export interface CheckupPatch {
  title?: string;
  team?: TeamMember[];
  note?: string | null;
}

export async function updateCheckup(db: Kysely<Database>, actor: Principal, id: number, patch: CheckupPatch) {
  return db.transaction().execute(async (trx) => {
    const before = await writableCheckup(trx, actor, id);
    if (before.status === 'archived') {
      throw conflict('checkup_archived', '体检已归档，不能修改', 'the check-up is archived and cannot change');
    }
    if (patch.title !== undefined && !patch.title.trim()) {
      throw badRequest('title_required', '标题不能为空', 'the title cannot be empty', { field: 'title' });
    }
    for (const m of patch.team ?? []) {
      const user = await trx.selectFrom('app_user').select('id').where('username', '=', m.username).executeTakeFirst();
      if (!user) throw notFound({ zh: '用户', en: 'user' }, m.username);
    }
    const after = await trx
      .updateTable('checkup')
      .set({
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.team !== undefined ? { team: writeJson(patch.team) } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup.updated',
      entityType: 'checkup',
      entityId: id,
      regionCode: before.region_code,
      before: presentCheckup(before),
      after: presentCheckup(after),
    });
    return presentCheckup(after);
  });
}

// ── workflow ────────────────────────────────────────────────────────────

export interface CheckupTransitionInput {
  event: string;
  reason?: string;
}

/**
 * Move the check-up through its workflow. The event's permission is checked (review decisions need
 * `checkup.review`), then its guards against the store, then the transition row, the status (and on
 * publication the published snapshot, which no later run changes) and the audit row are written in
 * one transaction.
 */
export async function transitionCheckup(
  db: Kysely<Database>,
  actor: Principal,
  id: number,
  input: CheckupTransitionInput,
): Promise<CheckupView> {
  if (!isCheckupEvent(input.event)) {
    throw badRequest(
      'checkup_event_invalid',
      `未知的体检流程操作“${input.event}”（可用：${Object.keys(CHECKUP_EVENTS).join('、')}）`,
      `unknown check-up event "${input.event}" (one of ${Object.keys(CHECKUP_EVENTS).join(', ')})`,
      { field: 'event' },
    );
  }
  const event = input.event;
  const rule = CHECKUP_EVENTS[event];
  assertPermission(actor, rule.permission);
  return db.transaction().execute(async (trx) => {
    const before = await findCheckup(trx, id);
    assertWriteRegion(actor, before.region_code);
    const to = nextCheckupStatus(before.status, event, input.reason);
    for (const guard of rule.guards as readonly CheckupGuard[]) await checkGuard(trx, before, guard, rule.label);
    const now = nowIso();
    const reason = input.reason?.trim() || null;
    await trx
      .insertInto('checkup_transition')
      .values({
        checkup_id: id,
        event,
        from_status: before.status,
        to_status: to,
        reason,
        actor: actor.username,
        at: now,
      })
      .execute();
    const after = await trx
      .updateTable('checkup')
      .set({
        status: to,
        updated_at: now,
        ...(event === 'publish' ? { published_snapshot_id: before.current_snapshot_id } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await followCheckupWorkflow(trx, actor, id, { event, from: before.status, reason });
    await recordAudit(trx, actor, {
      activity: 'checkup.transitioned',
      entityType: 'checkup',
      entityId: id,
      regionCode: before.region_code,
      before: { status: before.status, publishedSnapshotId: before.published_snapshot_id },
      after: { status: to, publishedSnapshotId: after.published_snapshot_id },
      comment: `${event}${reason ? `: ${reason}` : ''}`,
    });
    return presentCheckup(after);
  });
}

async function checkGuard(
  db: Kysely<Database>,
  c: Checkup,
  guard: CheckupGuard,
  label: { zh: string; en: string },
): Promise<void> {
  if (guard === 'snapshot' && c.current_snapshot_id === null) {
    throw conflict(
      'checkup_snapshot_required',
      `体检还没有冻结的指标快照，不能“${label.zh}”（请先运行计算或从当前指标值生成快照）`,
      `the check-up has no frozen snapshot of values yet; cannot ${label.en} (run it, or snapshot the current values)`,
      { field: 'event' },
    );
  }
  if (guard === 'findings') {
    const n = await db
      .selectFrom('checkup_finding')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('checkup_id', '=', c.id)
      .where('merged_into_id', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(n.n) === 0) {
      throw conflict(
        'checkup_findings_required',
        `体检还没有任何问题清单，不能“${label.zh}”`,
        `the check-up has no findings yet; cannot ${label.en}`,
        { field: 'event' },
      );
    }
  }
}
