/**
 * Targets and their trajectories, per plan version and zone. A master plan's indicator table arrives
 * as `plan_target` rows named in words (耕地保有量, 9901, 2020 → 2025 → 2035); `importPlanTargets` maps each
 * name to a catalog indicator and keeps it as an `indicator_target` with a trajectory (linear unless a
 * planner chose another shape), the binding flag (约束性) and the bottom-line flag. Re-importing updates
 * the numbers and keeps the shape a planner chose; names the catalog does not know are reported, not
 * guessed.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion } from '../auth/scope.js';
import { badRequest, notFound } from '../errors.js';
import type { Database } from '../store/database.js';
import { readJson, writeJson } from '../store/store.js';
import { activeSystem, indicatorsOf, type IndicatorView } from './indicator-systems.js';
import { sameUnit } from './indicator-units.js';
import { checkShape, expectedValue, pathPoints, type Milestone } from './trajectory.js';

const SYSTEM_PREFERENCE = ['master_plan', 'tdt1063', 'local'];

/** The current version of the master plan of a region (the city's 总体规划), or null. */
export async function currentMasterPlanVersion(db: Kysely<Database>, regionCode: string): Promise<number | null> {
  const row = await db
    .selectFrom('plan_version')
    .innerJoin('plan', 'plan.id', 'plan_version.plan_id')
    .select('plan_version.id')
    .where('plan.kind', '=', 'master')
    .where('plan.region_code', '=', regionCode)
    .where('plan.status', '!=', 'repealed')
    .where('plan_version.is_current', '=', 1)
    .orderBy('plan.id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ImportTargetsResult {
  planVersionId: number;
  imported: number;
  updated: number;
  unchanged: number;
  unmatched: { indicatorName: string; zoneCode: string; reason: { zh: string; en: string } }[];
}

/** Map the plan version's `plan_target` rows onto catalog indicators (by name) as `indicator_target`s. */
export async function importPlanTargets(
  db: Kysely<Database>,
  actor: Principal,
  planVersionId: number,
): Promise<ImportTargetsResult> {
  return db.transaction().execute(async (trx) => {
    const version = await trx
      .selectFrom('plan_version')
      .innerJoin('plan', 'plan.id', 'plan_version.plan_id')
      .select(['plan_version.id', 'plan.region_code'])
      .where('plan_version.id', '=', planVersionId)
      .executeTakeFirst();
    if (!version) throw notFound({ zh: '规划版本', en: 'plan version' }, planVersionId);
    assertWriteRegion(actor, version.region_code);
    const indicators = [...(await indicatorsOf(trx, (await activeSystem(trx)).id)).values()].filter((i) => !i.retired);
    const byName = new Map<string, IndicatorView>();
    for (const system of SYSTEM_PREFERENCE.slice().reverse())
      for (const i of indicators) if (i.sourceSystem === system) byName.set(normaliseName(i.name), i);
    const rows = await trx
      .selectFrom('plan_target')
      .selectAll()
      .where('plan_version_id', '=', planVersionId)
      .orderBy('id')
      .execute();
    const existing = await trx
      .selectFrom('indicator_target')
      .selectAll()
      .where('plan_version_id', '=', planVersionId)
      .execute();
    const byKey = new Map(existing.map((t) => [`${t.indicator_code}|${t.zone_code}`, t]));
    const result: ImportTargetsResult = { planVersionId, imported: 0, updated: 0, unchanged: 0, unmatched: [] };
    const changes: unknown[] = [];
    for (const t of rows) {
      const indicator = byName.get(normaliseName(t.indicator_name));
      const miss = (zh: string, en: string) =>
        result.unmatched.push({ indicatorName: t.indicator_name, zoneCode: t.zone_code, reason: { zh, en } });
      if (!indicator) {
        miss('指标体系中没有同名指标', 'no indicator of this name in the catalog');
        continue;
      }
      if (!sameUnit(t.unit, indicator.unit, indicator.name)) {
        miss(
          `单位 ${t.unit} 与指标 ${indicator.code} 的单位 ${indicator.unit} 不符`,
          `unit ${t.unit} differs from ${indicator.code}'s ${indicator.unit}`,
        );
        continue;
      }
      if (t.base_value === null || t.target_value === null || t.target_year <= t.base_year) {
        miss(
          '缺少基期值或目标值，或目标年不晚于基期年',
          'no base or target value, or the target year is not after the base year',
        );
        continue;
      }
      const milestones: Milestone[] =
        t.near_year !== null && t.near_value !== null && t.near_year > t.base_year && t.near_year < t.target_year
          ? [{ year: t.near_year, value: t.near_value }]
          : [];
      const values = {
        region_code: t.region_code,
        base_year: t.base_year,
        base_value: t.base_value,
        target_year: t.target_year,
        target_value: t.target_value,
        milestones: writeJson(milestones),
        binding: t.attribute === '约束性' ? 1 : 0,
        bottom_line: t.is_bottom_line,
      };
      const key = `${indicator.code}|${t.zone_code}`;
      const before = byKey.get(key);
      if (!before) {
        await trx
          .insertInto('indicator_target')
          .values({
            plan_version_id: planVersionId,
            indicator_code: indicator.code,
            zone_code: t.zone_code,
            trajectory: 'linear',
            trajectory_params: null,
            ...values,
          })
          .execute();
        byKey.set(key, {
          ...values,
          id: 0,
          plan_version_id: planVersionId,
          indicator_code: indicator.code,
          zone_code: t.zone_code,
          trajectory: 'linear',
          trajectory_params: null,
        });
        result.imported++;
        changes.push({ indicator: indicator.code, zone: t.zone_code, after: values });
        continue;
      }
      const same =
        before.base_year === values.base_year &&
        before.base_value === values.base_value &&
        before.target_year === values.target_year &&
        before.target_value === values.target_value &&
        JSON.stringify(readJson(before.milestones)) === values.milestones &&
        before.binding === values.binding &&
        before.bottom_line === values.bottom_line;
      if (same) {
        result.unchanged++;
        continue;
      }
      await trx.updateTable('indicator_target').set(values).where('id', '=', before.id).execute();
      result.updated++;
      changes.push({ indicator: indicator.code, zone: t.zone_code, before, after: values });
    }
    if (changes.length || result.unmatched.length) {
      await recordAudit(trx, actor, {
        activity: 'indicator_target.imported',
        entityType: 'plan_version',
        entityId: planVersionId,
        regionCode: version.region_code,
        after: { imported: result.imported, updated: result.updated, unmatched: result.unmatched, changes },
      });
    }
    return result;
  });
}

/** Names compared without spaces and with the full-width punctuation people mix up. */
export function normaliseName(name: string): string {
  return name.replace(/\s+/g, '').replace(/，/g, '、').replace(/[（(]/g, '(').replace(/[）)]/g, ')');
}

export interface TargetView {
  id: number;
  planVersionId: number;
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
  baseYear: number;
  baseValue: number;
  milestones: Milestone[];
  targetYear: number;
  targetValue: number;
  trajectory: string;
  trajectoryParams: { exponent?: number } | null;
  binding: boolean;
  bottomLine: boolean;
}

type TargetRow = Awaited<ReturnType<typeof targetRows>>[number];

function targetRows(db: Kysely<Database>, planVersionId: number) {
  return db
    .selectFrom('indicator_target')
    .selectAll()
    .where('plan_version_id', '=', planVersionId)
    .orderBy('indicator_code')
    .orderBy('zone_code')
    .execute();
}

export function presentTarget(t: TargetRow): TargetView {
  return {
    id: t.id,
    planVersionId: t.plan_version_id,
    indicatorCode: t.indicator_code,
    zoneCode: t.zone_code,
    regionCode: t.region_code,
    baseYear: t.base_year,
    baseValue: t.base_value,
    milestones: readJson<Milestone[]>(t.milestones) ?? [],
    targetYear: t.target_year,
    targetValue: t.target_value,
    trajectory: t.trajectory,
    trajectoryParams: readJson(t.trajectory_params),
    binding: t.binding === 1,
    bottomLine: t.bottom_line === 1,
  };
}

/** Targets of a plan version by `indicator|zone`. */
export async function targetsByKey(db: Kysely<Database>, planVersionId: number): Promise<Map<string, TargetView>> {
  return new Map(
    (await targetRows(db, planVersionId)).map((t) => [`${t.indicator_code}|${t.zone_code}`, presentTarget(t)]),
  );
}

export async function listTargets(
  db: Kysely<Database>,
  viewer: Principal,
  q: { planVersionId: number; indicator?: string; zone?: string; fromYear?: number; toYear?: number },
) {
  const plan = await db
    .selectFrom('plan_version')
    .innerJoin('plan', 'plan.id', 'plan_version.plan_id')
    .select(['plan.region_code'])
    .where('plan_version.id', '=', q.planVersionId)
    .executeTakeFirst();
  if (!plan) throw notFound({ zh: '规划版本', en: 'plan version' }, q.planVersionId);
  assertReadRegion(viewer, plan.region_code);
  const rows = (await targetRows(db, q.planVersionId))
    .filter((t) => (!q.indicator || t.indicator_code === q.indicator) && (!q.zone || t.zone_code === q.zone))
    .map(presentTarget);
  return rows.map((t) => ({ ...t, expected: trajectoryOf(t, q.fromYear ?? t.baseYear, q.toYear ?? t.targetYear) }));
}

/** Expected values year by year. */
export function trajectoryOf(
  t: TargetView,
  fromYear: number,
  toYear: number,
): { year: number; expected: number | null }[] {
  const out = [];
  for (let year = fromYear; year <= toYear; year++) out.push({ year, expected: expectedValue(t, year) });
  return out;
}

export interface TrajectoryInput {
  trajectory: string;
  exponent?: number | null;
  milestones?: Milestone[];
}

/** A planner sets a target's trajectory shape (and milestones); audited with before and after. */
export async function updateTrajectory(db: Kysely<Database>, actor: Principal, id: number, input: TrajectoryInput) {
  checkShape(input.trajectory);
  if (input.exponent != null && !(input.exponent > 0 && input.exponent <= 10)) {
    throw badRequest('exponent_invalid', '幂指数应在 0 到 10 之间', 'the exponent must lie between 0 and 10', {
      field: 'exponent',
    });
  }
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('indicator_target').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound({ zh: '指标目标', en: 'indicator target' }, id);
    assertWriteRegion(actor, before.region_code);
    const milestones = input.milestones ?? readJson<Milestone[]>(before.milestones) ?? [];
    const candidate = { ...presentTarget(before), milestones, trajectory: input.trajectory };
    pathPoints(candidate);
    const after = await trx
      .updateTable('indicator_target')
      .set({
        trajectory: input.trajectory,
        trajectory_params: writeJson(input.exponent != null ? { exponent: input.exponent } : null),
        milestones: writeJson(milestones),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'indicator_target.updated',
      entityType: 'indicator_target',
      entityId: id,
      regionCode: before.region_code,
      before: presentTarget(before),
      after: presentTarget(after),
    });
    return presentTarget(after);
  });
}
