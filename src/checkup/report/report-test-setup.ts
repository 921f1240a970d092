/**
 * Test and benchmark setup for the report: a REAL monitoring run of the demo city for a few years, then
 * two check-ups (2024 and 2025, the later reading the earlier back) written straight into the check-up
 * tables — a frozen snapshot of the year's values with expected value, target and worst open warning,
 * two findings with a cause and a countermeasure each, tasks — so the report is tested on what the
 * loop's tables hold, independent of the check-up workflow code that writes them in production.
 */
import { SYSTEM } from '../../auth/principal.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../../demo/index.js';
import { activeSystem } from '../../monitoring/indicator-systems.js';
import { runMonitoring } from '../../monitoring/run-monitoring.js';
import { currentMasterPlanVersion, targetsByKey } from '../../monitoring/targets.js';
import { expectedValue } from '../../monitoring/trajectory.js';
import { nowIso, writeJson, type Store } from '../../store/store.js';
import type { CheckupLevel } from '../checkup-tables.js';

export const REGION = '9901';
export const YEARS = [2023, 2024, 2025];
const GRADE_ORDER = ['red', 'orange', 'yellow', 'blue'];

export function demoCityForReport(patches = 1500): DemoCity {
  return generateDemoCity({ seed: 'lantu', patches, years: YEARS });
}

export interface ReportFixture {
  previousId: number;
  checkupId: number;
  findingTitles: string[];
  /** City-level (市域) indicator names that the indicator table must show. */
  cityIndicatorNames: string[];
}

async function zoneLevels(store: Store): Promise<Map<string, CheckupLevel>> {
  const rows = await store.db
    .selectFrom('zone')
    .select(['code', 'kind', 'parent_code'])
    .where((eb) => eb.or([eb('region_code', 'like', `${REGION}%`), eb('code', '=', REGION)]))
    .execute();
  const out = new Map<string, CheckupLevel>();
  for (const z of rows) {
    if (z.kind === 'region' && (z.code === REGION || z.parent_code === REGION)) out.set(z.code, 'city');
    else if (z.kind === 'central_urban' || z.kind === 'governance') out.set(z.code, 'urban');
    else if (z.kind === 'planning_unit') out.set(z.code, 'unit');
  }
  return out;
}

async function insertCheckup(store: Store, year: number, previousId: number | null, planVersionId: number | null) {
  const db = store.db;
  const system = await activeSystem(db);
  const now = nowIso();
  const c = await db
    .insertInto('checkup')
    .values({
      kind: 'annual',
      title: `示范市${year}年度城市体检`,
      region_code: REGION,
      year,
      levels: writeJson(['city', 'urban', 'unit']),
      system_id: system.id,
      plan_version_id: planVersionId,
      previous_id: previousId,
      status: 'analysing',
      team: writeJson([{ username: 'planner', duty: '负责人' }]),
      current_snapshot_id: null,
      published_snapshot_id: null,
      note: null,
      created_by: 'lantu',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const snapshot = await db
    .insertInto('checkup_snapshot')
    .values({ checkup_id: c.id, seq: 1, run_id: null, summary: null, note: null, created_by: 'lantu', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const levels = await zoneLevels(store);
  const targets = planVersionId === null ? new Map() : await targetsByKey(db, planVersionId);
  const warnings = await db
    .selectFrom('warning')
    .select(['indicator_code', 'zone_code', 'grade'])
    .where('year', '=', year)
    .where('status', 'in', ['raised', 'acknowledged'])
    .execute();
  const worst = new Map<string, string>();
  for (const w of warnings) {
    const key = `${w.indicator_code}|${w.zone_code}`;
    const before = worst.get(key);
    if (!before || GRADE_ORDER.indexOf(w.grade) < GRADE_ORDER.indexOf(before)) worst.set(key, w.grade);
  }
  const values = (
    await db.selectFrom('indicator_value').selectAll().where('year', '=', year).where('period', '=', '').execute()
  ).filter((v) => levels.has(v.zone_code));
  const rows = values.map((v) => {
    const key = `${v.indicator_code}|${v.zone_code}`;
    const target = targets.get(key);
    return {
      snapshot_id: snapshot.id,
      indicator_code: v.indicator_code,
      zone_code: v.zone_code,
      level: levels.get(v.zone_code)!,
      year,
      value: v.value,
      unit: v.unit,
      method: v.method,
      expected: target ? expectedValue(target, year) : null,
      target: target ? target.targetValue : null,
      grade: worst.get(key) ?? null,
      value_id: v.id,
      data_versions: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('checkup_snapshot_value')
      .values(rows.slice(i, i + 500))
      .execute();
  await db.updateTable('checkup').set({ current_snapshot_id: snapshot.id }).where('id', '=', c.id).execute();
  return c.id;
}

async function insertFinding(
  store: Store,
  checkupId: number,
  f: { title: string; body: string; severity: string; cause: string; measure: string; indicator: string },
) {
  const db = store.db;
  const now = nowIso();
  const finding = await db
    .insertInto('checkup_finding')
    .values({
      checkup_id: checkupId,
      level: 'city',
      zone_code: REGION,
      dimension: null,
      kind: 'warning',
      severity: f.severity as 'red',
      title: f.title,
      body: f.body,
      indicator_codes: writeJson([f.indicator]),
      zone_codes: writeJson([REGION]),
      evidence: null,
      origin: 'manual',
      source_key: null,
      merged_into_id: null,
      sort_order: 0,
      created_by: 'planner',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('checkup_cause')
    .values({
      finding_id: finding.id,
      category: 'implementation',
      description: f.cause,
      evidence: null,
      support: null,
      created_by: 'planner',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const measure = await db
    .insertInto('checkup_measure')
    .values({
      finding_id: finding.id,
      path: 'bureau',
      department_code: 'zrzyj',
      description: f.measure,
      weight: 1,
      created_by: 'planner',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return measure.id;
}

async function insertTask(
  store: Store,
  checkupId: number,
  measureId: number,
  t: { title: string; indicator: string | null; baseline: number | null; target: number | null; status: string },
) {
  const now = nowIso();
  await store.db
    .insertInto('checkup_task')
    .values({
      checkup_id: checkupId,
      measure_id: measureId,
      title: t.title,
      description: null,
      department_code: 'zrzyj',
      co_departments: writeJson(['fgw']),
      zone_code: null,
      region_code: REGION,
      deadline: '2025-12-31',
      target_indicator_code: t.indicator,
      target_value: t.target,
      baseline_value: t.baseline,
      deliverable: t.indicator ? null : '专项整治方案',
      weight: 1,
      status: t.status as 'open',
      progress: t.status === 'done' ? 100 : 40,
      carried_from_id: null,
      created_by: 'planner',
      created_at: now,
      updated_at: now,
      closed_at: t.status === 'done' ? now : null,
    })
    .execute();
}

/** Load the demo city, run monitoring for YEARS, and write the two check-ups. */
export async function setUpReportFixture(store: Store, city: DemoCity): Promise<ReportFixture> {
  await loadDemoCity(store, city);
  for (const year of YEARS) await runMonitoring(store, SYSTEM, { year });
  const planVersionId = await currentMasterPlanVersion(store.db, REGION);
  const previousId = await insertCheckup(store, 2024, null, planVersionId);
  const checkupId = await insertCheckup(store, 2025, previousId, planVersionId);
  const value = async (code: string, year: number) =>
    (
      await store.db
        .selectFrom('indicator_value')
        .select('value')
        .where('indicator_code', '=', code)
        .where('zone_code', '=', REGION)
        .where('year', '=', year)
        .where('period', '=', '')
        .executeTakeFirst()
    )?.value ?? null;

  const previousMeasure = await insertFinding(store, previousId, {
    title: '城乡建设用地增长偏快',
    body: '2024 年城乡建设用地规模超出年度预期。',
    severity: 'orange',
    cause: '新区开发节奏快于规划时序。',
    measure: '严格年度用地计划管理。',
    indicator: 'XT-04',
  });
  const base = await value('XT-04', 2024);
  await insertTask(store, previousId, previousMeasure, {
    title: '控制城乡建设用地年度增量',
    indicator: 'XT-04',
    baseline: base,
    target: base === null ? null : base - 1,
    status: 'done',
  });
  await insertTask(store, previousId, previousMeasure, {
    title: '编制低效用地再开发方案',
    indicator: null,
    baseline: null,
    target: null,
    status: 'in_progress',
  });

  const findingTitles = ['永久基本农田保护压力加大', '中心城区公共服务设施覆盖不足'];
  const m1 = await insertFinding(store, checkupId, {
    title: findingTitles[0]!,
    body: '耕地面积连续下降，逼近规划底线。',
    severity: 'red',
    cause: '城镇开发边界外零星建设占用耕地。',
    measure: '开展耕地“进出平衡”专项整治。',
    indicator: 'XT-04',
  });
  const m2 = await insertFinding(store, checkupId, {
    title: findingTitles[1]!,
    body: '部分单元社区服务设施步行覆盖率偏低。',
    severity: 'yellow',
    cause: '老旧片区用地紧张，设施落地难。',
    measure: '结合城市更新补齐社区服务设施。',
    indicator: 'XT-04',
  });
  await insertTask(store, checkupId, m1, {
    title: '完成耕地流出问题图斑整改',
    indicator: 'XT-04',
    baseline: await value('XT-04', 2025),
    target: 0,
    status: 'open',
  });
  await insertTask(store, checkupId, m2, {
    title: '新建社区综合服务设施',
    indicator: null,
    baseline: null,
    target: null,
    status: 'in_progress',
  });

  const names = await store.db
    .selectFrom('checkup_snapshot_value')
    .innerJoin('checkup', 'checkup.current_snapshot_id', 'checkup_snapshot_value.snapshot_id')
    .innerJoin('indicator', (j) =>
      j
        .onRef('indicator.code', '=', 'checkup_snapshot_value.indicator_code')
        .onRef('indicator.system_id', '=', 'checkup.system_id'),
    )
    .select('indicator.name')
    .distinct()
    .where('checkup.id', '=', checkupId)
    .where('checkup_snapshot_value.zone_code', '=', REGION)
    .orderBy('indicator.name')
    .execute();
  return { previousId, checkupId, findingTitles, cityIndicatorNames: names.map((n) => n.name) };
}
