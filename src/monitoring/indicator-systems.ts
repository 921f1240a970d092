/**
 * The indicator system as versioned data. One version is active; monitoring runs (and check-ups) are
 * tied to the version they used. Administrators never edit the active version in place: the first edit
 * copies it into a draft (the successor of the active one), further edits go to that draft, and
 * activating the draft retires the version before it. Every write is audited in its transaction.
 *
 * A draft belongs to the region of the administrator who started it; only writers of that region may
 * change or activate it (the shipped version belongs to no region: '').
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertWriteRegion } from '../auth/scope.js';
import { badRequest, conflict, LantuError, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { insertVersionContents, readVersionContents } from './indicator-system-rows.js';
import { SYSTEM_CODE } from './load-indicator-catalog.js';
import type { Direction, Indicator, ValueMethod } from './monitoring-tables.js';
import type { IndicatorLevel } from './read-indicator-catalog.js';

export interface IndicatorView {
  code: string;
  name: string;
  nameEn: string | null;
  dimension: string | null;
  subdimension: string | null;
  tier: string | null;
  planAttribute: string | null;
  unit: string;
  direction: Direction;
  rangeLow: number | null;
  rangeHigh: number | null;
  levels: IndicatorLevel[];
  method: ValueMethod;
  formulaKey: string | null;
  definition: string | null;
  dataLayers: string[];
  departmentCode: string | null;
  sourceSystem: string;
  verification: string;
  source: string;
  retired: boolean;
  successorCode: string | null;
}

export function presentIndicator(i: Indicator): IndicatorView {
  return {
    code: i.code,
    name: i.name,
    nameEn: i.name_en,
    dimension: i.dimension,
    subdimension: i.subdimension,
    tier: i.tier,
    planAttribute: i.plan_attribute,
    unit: i.unit,
    direction: i.direction,
    rangeLow: i.range_low,
    rangeHigh: i.range_high,
    levels: readJson<IndicatorLevel[]>(i.levels) ?? ['any'],
    method: i.method,
    formulaKey: i.formula_key,
    definition: i.definition,
    dataLayers: readJson<string[]>(i.data_layers) ?? [],
    departmentCode: i.department_code,
    sourceSystem: i.source_system,
    verification: i.verification,
    source: i.source,
    retired: i.retired === 1,
    successorCode: i.successor_code,
  };
}

export interface SystemVersionView {
  id: number;
  code: string;
  name: string;
  versionNo: number;
  status: string;
  basedOnId: number | null;
  regionCode: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

type SystemRow = Awaited<ReturnType<typeof findVersion>>;

const presentVersion = (v: NonNullable<SystemRow>): SystemVersionView => ({
  id: v.id,
  code: v.code,
  name: v.name,
  versionNo: v.version_no,
  status: v.status,
  basedOnId: v.based_on_id,
  regionCode: v.region_code,
  note: v.note,
  createdAt: v.created_at,
  createdBy: v.created_by,
});

function findVersion(db: Kysely<Database>, versionNo: number, code = SYSTEM_CODE) {
  return db
    .selectFrom('indicator_system')
    .selectAll()
    .where('code', '=', code)
    .where('version_no', '=', versionNo)
    .executeTakeFirst();
}

/** The active version of the system; every monitoring run reads this one. */
export async function activeSystem(db: Kysely<Database>, code = SYSTEM_CODE) {
  const row = await db
    .selectFrom('indicator_system')
    .selectAll()
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) {
    throw new LantuError(
      'indicator_system_missing',
      409,
      `没有生效的指标体系 ${code}（请先执行 lantu migrate）`,
      `no active indicator system ${code} (run lantu migrate first)`,
    );
  }
  return row;
}

export async function listSystemVersions(db: Kysely<Database>, code = SYSTEM_CODE): Promise<SystemVersionView[]> {
  const rows = await db
    .selectFrom('indicator_system')
    .selectAll()
    .where('code', '=', code)
    .orderBy('version_no')
    .execute();
  const counts = await db
    .selectFrom('indicator')
    .innerJoin('indicator_system', 'indicator_system.id', 'indicator.system_id')
    .where('indicator_system.code', '=', code)
    .select(['indicator.system_id as id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('indicator.system_id')
    .execute();
  const n = new Map(counts.map((c) => [c.id, Number(c.n)]));
  return rows.map((r) => ({ ...presentVersion(r), indicators: n.get(r.id) ?? 0 }));
}

export interface IndicatorQuery {
  versionNo?: number;
  dimension?: string;
  tier?: string;
  planAttribute?: string;
  method?: ValueMethod;
  sourceSystem?: string;
  level?: IndicatorLevel;
  department?: string;
  /** Part of the code, Chinese or English name. */
  q?: string;
  includeRetired?: boolean;
}

/** Browse the catalog: the active version unless a version number is given. */
export async function listIndicators(db: Kysely<Database>, q: IndicatorQuery = {}) {
  const system = q.versionNo ? await findVersion(db, q.versionNo) : await activeSystem(db);
  if (!system) throw notFound({ zh: '指标体系版本', en: 'indicator system version' }, q.versionNo!);
  let query = db.selectFrom('indicator').selectAll().where('system_id', '=', system.id);
  if (q.dimension) query = query.where('dimension', '=', q.dimension);
  if (q.tier) query = query.where('tier', '=', q.tier);
  if (q.planAttribute) query = query.where('plan_attribute', '=', q.planAttribute);
  if (q.method) query = query.where('method', '=', q.method);
  if (q.sourceSystem) query = query.where('source_system', '=', q.sourceSystem);
  if (q.department) query = query.where('department_code', '=', q.department);
  if (!q.includeRetired) query = query.where('retired', '=', 0);
  if (q.q) {
    const like = `%${q.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([eb('code', 'like', like), eb('name', 'like', like), eb('name_en', 'like', like)]),
    );
  }
  const rows = (await query.orderBy('code').execute()).map(presentIndicator);
  const items = q.level ? rows.filter((r) => r.levels.includes(q.level!) || r.levels.includes('any')) : rows;
  const mappings = await db
    .selectFrom('indicator_mapping')
    .select(['from_code', 'to_code', 'relation', 'note'])
    .where('system_id', '=', system.id)
    .orderBy('from_code')
    .orderBy('to_code')
    .execute();
  return {
    system: presentVersion(system),
    total: items.length,
    items,
    mappings: mappings.map((m) => ({ fromCode: m.from_code, toCode: m.to_code, relation: m.relation, note: m.note })),
  };
}

export async function getIndicator(db: Kysely<Database>, code: string, systemId?: number): Promise<IndicatorView> {
  const id = systemId ?? (await activeSystem(db)).id;
  const row = await db
    .selectFrom('indicator')
    .selectAll()
    .where('system_id', '=', id)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: '指标', en: 'indicator' }, code);
  return presentIndicator(row);
}

/** Every indicator of a version, by code. */
export async function indicatorsOf(db: Kysely<Database>, systemId: number): Promise<Map<string, IndicatorView>> {
  const rows = await db.selectFrom('indicator').selectAll().where('system_id', '=', systemId).execute();
  return new Map(rows.map((r) => [r.code, presentIndicator(r)]));
}

/** Codes measured as one: the 'same' mappings, both ways. */
export async function sameAs(db: Kysely<Database>, systemId: number): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('indicator_mapping')
    .select(['from_code', 'to_code'])
    .where('system_id', '=', systemId)
    .where('relation', '=', 'same')
    .execute();
  const out = new Map<string, string[]>();
  const add = (a: string, b: string) => out.set(a, [...(out.get(a) ?? []), b]);
  for (const r of rows) {
    add(r.from_code, r.to_code);
    add(r.to_code, r.from_code);
  }
  return out;
}

// ── edits: always on a draft ─────────────────────────────────────────────

/** The open draft, or a new one copied from the active version (with its mappings and rules). */
async function ensureDraft(trx: Kysely<Database>, actor: Principal) {
  const draft = await trx
    .selectFrom('indicator_system')
    .selectAll()
    .where('code', '=', SYSTEM_CODE)
    .where('status', '=', 'draft')
    .orderBy('version_no', 'desc')
    .executeTakeFirst();
  if (draft) {
    assertWriteRegion(actor, draft.region_code);
    return draft;
  }
  const active = await activeSystem(trx);
  const last = await trx
    .selectFrom('indicator_system')
    .select((eb) => eb.fn.max('version_no').as('n'))
    .where('code', '=', SYSTEM_CODE)
    .executeTakeFirstOrThrow();
  const created = await trx
    .insertInto('indicator_system')
    .values({
      code: SYSTEM_CODE,
      name: active.name,
      version_no: Number(last.n) + 1,
      status: 'draft',
      based_on_id: active.id,
      region_code: actor.regionCode,
      note: `复制自版本 ${active.version_no} Copied from version ${active.version_no}`,
      created_at: nowIso(),
      created_by: actor.username,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertVersionContents(trx, created.id, await readVersionContents(trx, active.id));
  await recordAudit(trx, actor, {
    activity: 'indicator_system.draft_created',
    entityType: 'indicator_system',
    entityId: created.id,
    regionCode: created.region_code,
    after: presentVersion(created),
  });
  return created;
}

export interface NewIndicatorInput {
  code: string;
  name: string;
  nameEn?: string | null;
  dimension?: string | null;
  subdimension?: string | null;
  planAttribute?: string | null;
  unit: string;
  direction: Direction;
  rangeLow?: number | null;
  rangeHigh?: number | null;
  levels: IndicatorLevel[];
  method: ValueMethod;
  formulaKey?: string | null;
  definition?: string | null;
  dataLayers?: string[];
  departmentCode?: string | null;
  source: string;
}

/** Add a local indicator (地方特色指标) to the draft. */
export async function addIndicator(db: Kysely<Database>, actor: Principal, input: NewIndicatorInput) {
  if ((input.method === 'computed') !== Boolean(input.formulaKey)) {
    throw badRequest(
      'formula_key_invalid',
      '计算型指标必须给出公式键，其他指标不能有公式键',
      'a computed indicator needs a formula key, and only a computed one may have it',
      { field: 'formulaKey' },
    );
  }
  if (
    input.direction === 'range' &&
    !(input.rangeLow != null && input.rangeHigh != null && input.rangeLow < input.rangeHigh)
  ) {
    throw badRequest(
      'range_invalid',
      '区间型指标需要 rangeLow < rangeHigh',
      'a range indicator needs rangeLow < rangeHigh',
      {
        field: 'rangeLow',
      },
    );
  }
  return db.transaction().execute(async (trx) => {
    const draft = await ensureDraft(trx, actor);
    const taken = await trx
      .selectFrom('indicator')
      .select('code')
      .where('system_id', '=', draft.id)
      .where((eb) => eb.or([eb('code', '=', input.code), eb('name', '=', input.name)]))
      .executeTakeFirst();
    if (taken) {
      throw conflict(
        'indicator_exists',
        `指标体系中已有代码或名称相同的指标（${taken.code}）`,
        `the system already has an indicator with this code or name (${taken.code})`,
        { field: 'code' },
      );
    }
    const row = await trx
      .insertInto('indicator')
      .values({
        system_id: draft.id,
        code: input.code,
        name: input.name,
        name_en: input.nameEn ?? null,
        dimension: input.dimension ?? null,
        subdimension: input.subdimension ?? null,
        tier: null,
        plan_attribute: input.planAttribute ?? null,
        unit: input.unit,
        direction: input.direction,
        range_low: input.rangeLow ?? null,
        range_high: input.rangeHigh ?? null,
        levels: writeJson(input.levels),
        method: input.method,
        formula_key: input.formulaKey ?? null,
        definition: input.definition ?? null,
        data_layers: writeJson(input.dataLayers ?? []),
        department_code: input.departmentCode ?? null,
        source_system: 'local',
        verification: `UNVERIFIED: local indicator added by ${actor.username}`,
        source: input.source,
        retired: 0,
        successor_code: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'indicator.added',
      entityType: 'indicator',
      entityId: `${draft.version_no}/${row.code}`,
      regionCode: draft.region_code,
      after: presentIndicator(row),
    });
    return { versionNo: draft.version_no, indicator: presentIndicator(row) };
  });
}

/** Retire an indicator in the draft, naming the indicator that replaces it (if any). */
export async function retireIndicator(
  db: Kysely<Database>,
  actor: Principal,
  code: string,
  input: { successorCode?: string | null; reason: string },
) {
  if (!input.reason?.trim()) {
    throw badRequest('reason_required', '退役指标需要说明理由', 'retiring an indicator needs a reason', {
      field: 'reason',
    });
  }
  return db.transaction().execute(async (trx) => {
    const draft = await ensureDraft(trx, actor);
    const row = await trx
      .selectFrom('indicator')
      .selectAll()
      .where('system_id', '=', draft.id)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw notFound({ zh: '指标', en: 'indicator' }, code);
    if (row.retired) throw conflict('indicator_retired', `指标 ${code} 已退役`, `indicator ${code} is already retired`);
    if (input.successorCode) {
      const successor = await trx
        .selectFrom('indicator')
        .select(['code', 'retired'])
        .where('system_id', '=', draft.id)
        .where('code', '=', input.successorCode)
        .executeTakeFirst();
      if (!successor || successor.retired || successor.code === code) {
        throw badRequest(
          'successor_invalid',
          `接替指标 ${input.successorCode} 不存在、已退役或就是本指标`,
          `successor ${input.successorCode} does not exist, is retired, or is the indicator itself`,
          { field: 'successorCode' },
        );
      }
    }
    const after = await trx
      .updateTable('indicator')
      .set({ retired: 1, successor_code: input.successorCode ?? null })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'indicator.retired',
      entityType: 'indicator',
      entityId: `${draft.version_no}/${code}`,
      regionCode: draft.region_code,
      before: presentIndicator(row),
      after: presentIndicator(after),
      comment: input.reason,
    });
    return { versionNo: draft.version_no, indicator: presentIndicator(after) };
  });
}

/** Activate a draft: it becomes the version runs use, and the version active before is retired. */
export async function activateVersion(db: Kysely<Database>, actor: Principal, versionNo: number) {
  return db.transaction().execute(async (trx) => {
    const version = await findVersion(trx, versionNo);
    if (!version) throw notFound({ zh: '指标体系版本', en: 'indicator system version' }, versionNo);
    if (version.status !== 'draft') {
      throw conflict(
        'indicator_system_not_draft',
        `版本 ${versionNo} 状态为 ${version.status}，只有草稿可以启用`,
        `version ${versionNo} is ${version.status}; only a draft can be activated`,
      );
    }
    // A version shipped with the product belongs to no region: any administrator may take it up.
    if (!(version.region_code === '' && actor.role === 'admin')) assertWriteRegion(actor, version.region_code);
    const active = await activeSystem(trx);
    await trx.updateTable('indicator_system').set({ status: 'retired' }).where('id', '=', active.id).execute();
    const after = await trx
      .updateTable('indicator_system')
      .set({ status: 'active' })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'indicator_system.activated',
      entityType: 'indicator_system',
      entityId: version.id,
      regionCode: version.region_code,
      before: { active: active.version_no },
      after: presentVersion(after),
    });
    return presentVersion(after);
  });
}
