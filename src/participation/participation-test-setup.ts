/**
 * Test setup for public participation, on top of test/api-fixture.ts's seedWorld (city 9901 with two
 * districts, department jyj, one user per role): a check-up made through createCheckup and moved to
 * review, with the rows its public page is made of — a frozen snapshot, findings with internal
 * evidence, a measure, a task and a stored report — written with Kysely, since making them is not what
 * these tests are about. Also a planning unit and a reported satisfaction indicator for surveys
 * (the shipped catalog has no 满意度 indicator yet). Only tests import this file.
 */
import { SYSTEM } from '../auth/principal.js';
import { createCheckup } from '../checkup/checkups.js';
import { activeSystem } from '../monitoring/indicator-systems.js';
import { nowIso, type Store } from '../store/store.js';
import type { CheckupStatus } from '../checkup/checkup-tables.js';

export const INTERNAL_EVIDENCE = '内部证据：红线内违法用地 17 宗';
export const REPORT_BYTES = Buffer.from('<html><body>示范市 2025 年度体检报告</body></html>', 'utf8');
export const SATISFACTION = 'SAT-01';
export const PLANNING_UNIT = 'DY-0102-01';

export interface SeededCheckup {
  checkupId: number;
  findingId: number;
  reportId: number;
}

export async function seedCheckup(store: Store, status: CheckupStatus = 'reviewing'): Promise<SeededCheckup> {
  const view = await createCheckup(store.db, SYSTEM, {
    kind: 'annual',
    regionCode: '9901',
    year: 2025,
    levels: ['city', 'unit'],
    title: '示范市 2025 年度体检',
    previousId: null,
    planVersionId: null,
  });
  const checkupId = view.id;
  const now = nowIso();
  const db = store.db;
  const snapshot = await db
    .insertInto('checkup_snapshot')
    .values({
      checkup_id: checkupId,
      seq: 1,
      run_id: null,
      summary: null,
      note: null,
      created_by: 'evaluator',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [code, zone, value, target, grade] of [
    ['LOC-01', '9901', 31.5, 30, 'red'],
    ['LOC-01', '990102', 40.25, null, null],
  ] as const) {
    await db
      .insertInto('checkup_snapshot_value')
      .values({
        snapshot_id: snapshot.id,
        indicator_code: code,
        zone_code: zone,
        level: zone === '9901' ? 'city' : 'unit',
        year: 2025,
        value,
        unit: '%',
        method: 'computed',
        expected: 29.5,
        target,
        grade,
        value_id: 4711,
        data_versions: JSON.stringify({ land_survey: 'import-run-9' }),
      })
      .execute();
  }
  await db
    .updateTable('checkup')
    .set({ status, current_snapshot_id: snapshot.id })
    .where('id', '=', checkupId)
    .execute();
  const finding = await db
    .insertInto('checkup_finding')
    .values({
      checkup_id: checkupId,
      level: 'city',
      zone_code: '9901',
      dimension: '空间底线',
      kind: 'warning',
      severity: 'red',
      title: '国土开发强度超过目标',
      body: '详细分析（内部）',
      indicator_codes: JSON.stringify(['LOC-01']),
      zone_codes: JSON.stringify(['9901']),
      evidence: JSON.stringify({ note: INTERNAL_EVIDENCE }),
      origin: 'drafted',
      source_key: 'warning:LOC-01:9901',
      merged_into_id: null,
      sort_order: 0,
      created_by: 'evaluator',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const measure = await db
    .insertInto('checkup_measure')
    .values({
      finding_id: finding.id,
      path: 'department',
      department_code: 'jyj',
      description: '严控新增建设用地',
      weight: 1,
      created_by: 'evaluator',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('checkup_task')
    .values({
      checkup_id: checkupId,
      measure_id: measure.id,
      title: '盘活存量建设用地 200 公顷',
      description: '由王某某负责（内部）',
      department_code: 'jyj',
      co_departments: null,
      zone_code: '9901',
      region_code: '9901',
      deadline: '2026-06-30',
      target_indicator_code: 'LOC-01',
      target_value: 30,
      baseline_value: 31.5,
      deliverable: null,
      weight: 1,
      status: 'in_progress',
      progress: 40,
      carried_from_id: null,
      created_by: 'evaluator_wang',
      created_at: now,
      updated_at: now,
      closed_at: null,
    })
    .execute();
  const report = await db
    .insertInto('checkup_report')
    .values({
      checkup_id: checkupId,
      snapshot_id: snapshot.id,
      format: 'html',
      file_name: '示范市2025年度体检报告.html',
      content: REPORT_BYTES,
      byte_size: REPORT_BYTES.length,
      sha256: 'test',
      published: 0,
      generated_by: 'evaluator',
      generated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { checkupId, findingId: finding.id, reportId: report.id };
}

/** A planning unit in district 990102 and a reported satisfaction indicator in the active system. */
export async function seedSurveyWorld(store: Store): Promise<void> {
  await store.db
    .insertInto('zone')
    .values({
      code: PLANNING_UNIT,
      kind: 'planning_unit',
      level: null,
      name: '一区一单元',
      name_en: null,
      parent_code: '990102',
      region_code: '990102',
      attrs: null,
      geom: store.dialect.encodeGeometry({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [117.01, 31.01],
              [117.06, 31.01],
              [117.06, 31.06],
              [117.01, 31.06],
              [117.01, 31.01],
            ],
          ],
        ],
      }),
    })
    .execute();
  const system = await activeSystem(store.db);
  await store.db
    .insertInto('indicator')
    .values({
      system_id: system.id,
      code: SATISFACTION,
      name: '社区生活圈居民满意度',
      name_en: 'Residents’ satisfaction with the community life circle',
      dimension: '空间品质',
      subdimension: null,
      tier: null,
      plan_attribute: null,
      unit: '%',
      direction: 'higher_better',
      range_low: null,
      range_high: null,
      levels: JSON.stringify(['any']),
      method: 'reported',
      formula_key: null,
      definition: '满意度调查加权评分（0—100）',
      data_layers: null,
      department_code: null,
      source_system: 'local',
      verification: 'UNVERIFIED',
      source: 'test',
      retired: 0,
      successor_code: null,
    })
    .execute();
}
