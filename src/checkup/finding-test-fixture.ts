/**
 * A small hand-made city for the check-up tests, with numbers simple enough to check by hand (only
 * tests import this file):
 * - region 9901 (示范市) with districts 990102, 990103, a central urban area and ten planning units
 *   DY01–DY10 (five in each district);
 * - the master plan with a current version whose 耕地保有量 (MP-04) target is a bottom line: 425 km² in
 *   2020, 410 by 2025 (milestone), 410 in 2035;
 * - 耕地保有量 of the city 2021–2025: 420, 415, 410, 405, 400 (slope −5 a year; 2025 is 10 km² below the
 *   410 floor = 2.44%), 国土开发强度 (LOC-01) 10.0 → 10.8 (+0.2 a year, r = −1 with the cropland);
 * - 2025 per unit: 15分钟社区生活圈覆盖率 (GX-05) 90 88 85 92 87 89 91 86 40 60 (DY09 and DY10 lag),
 *   城区常住人口密度 (XT-02) = 2 × GX-05 + 10 (r = 1), 城区道路网密度 (CX-05) 9 8 8.5 9.5 8.2 8.8 9.2 8.1 3 5;
 * - open warnings: red bottom-line breach of MP-04 at 9901, orange deviation of CX-05 at DY09.
 * Values are 'imported', so a monitoring run keeps them (it only replaces computed values).
 */
import type { MultiPolygon } from 'geojson';
import { expect } from 'vitest';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { LantuError } from '../errors.js';
import { nowIso, type Store } from '../store/store.js';

/** A principal as a signed-in user of that role and region (department officers are of 教育局 jyj). */
export const actor = (username: string, role: Role, regionCode = '9901'): Principal => ({
  userId: null,
  username,
  displayName: username,
  role,
  regionCode,
  departmentCode: role === 'department_officer' ? 'jyj' : null,
});

/** The LantuError a call is refused with (fails the test when it is not refused). */
export async function refusal(p: Promise<unknown>): Promise<LantuError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LantuError);
  return error as LantuError;
}

const square = (x: number, y: number, size: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  ],
});

export const UNITS = ['DY01', 'DY02', 'DY03', 'DY04', 'DY05', 'DY06', 'DY07', 'DY08', 'DY09', 'DY10'];
export const GX05 = [90, 88, 85, 92, 87, 89, 91, 86, 40, 60];
export const CX05 = [9, 8, 8.5, 9.5, 8.2, 8.8, 9.2, 8.1, 3, 5];
export const CROPLAND = [420, 415, 410, 405, 400];
export const YEARS = [2021, 2022, 2023, 2024, 2025];

export async function loadCheckupFixture(store: Store, { withRegions = true } = {}): Promise<void> {
  const now = nowIso();
  const db = store.db;
  const zone = (
    code: string,
    kind: string,
    level: string | null,
    name: string,
    parent: string | null,
    region: string,
    geom: MultiPolygon,
  ) =>
    db
      .insertInto('zone')
      .values({
        code,
        kind: kind as 'region',
        level,
        name,
        name_en: null,
        parent_code: parent,
        region_code: region,
        attrs: null,
        geom: store.dialect.encodeGeometry(geom),
      })
      .execute();
  if (withRegions) {
    await zone('99', 'region', 'province', '示范省', null, '99', square(117, 31, 1));
    await zone('9901', 'region', 'city', '示范市', '99', '9901', square(117, 31, 1));
    await zone('990102', 'region', 'county', '示范一区', '9901', '990102', square(117, 31, 0.5));
    await zone('990103', 'region', 'county', '示范二区', '9901', '990103', square(117.5, 31, 0.5));
  }
  await zone('CU9901', 'central_urban', null, '中心城区', '9901', '9901', square(117, 31, 1));
  for (const [i, code] of UNITS.entries())
    await zone(
      code,
      'planning_unit',
      null,
      `单元${i + 1}`,
      null,
      i < 5 ? '990102' : '990103',
      square(117 + i * 0.1, 31, 0.1),
    );

  const plan = await db
    .insertInto('plan')
    .values({
      name: '示范市国土空间总体规划（2021—2035年）',
      name_en: null,
      kind: 'master',
      level: 'city',
      status: 'approved',
      region_code: '9901',
      approval_authority: null,
      approval_doc: null,
      approval_date: null,
      base_year: 2020,
      near_year: 2025,
      target_year: 2035,
      parent_plan_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('plan_version')
    .values({
      plan_id: plan.id,
      version_no: 1,
      label: '批复版',
      change_reason: null,
      approval_doc: null,
      approval_date: null,
      is_current: 1,
      created_at: now,
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('indicator_target')
    .values({
      plan_version_id: version.id,
      indicator_code: 'MP-04',
      zone_code: '9901',
      region_code: '9901',
      base_year: 2020,
      base_value: 425,
      target_year: 2035,
      target_value: 410,
      milestones: JSON.stringify([{ year: 2025, value: 410 }]),
      trajectory: 'linear',
      trajectory_params: null,
      binding: 1,
      bottom_line: 1,
    })
    .execute();

  const value = (indicator: string, zoneCode: string, region: string, year: number, v: number, unit: string) => ({
    indicator_code: indicator,
    zone_code: zoneCode,
    region_code: region,
    year,
    period: '',
    value: v,
    unit,
    method: 'imported' as const,
    run_id: null,
    submission_id: null,
    data_versions: null,
    detail: null,
    stale: 0,
    computed_at: now,
  });
  const rows = [
    ...YEARS.map((y, i) => value('MP-04', '9901', '9901', y, CROPLAND[i]!, 'km²')),
    ...YEARS.map((y, i) => value('LOC-01', '9901', '9901', y, 10 + 0.2 * i, '%')),
    ...UNITS.flatMap((u, i) => {
      const region = i < 5 ? '990102' : '990103';
      return [
        value('GX-05', u, region, 2025, GX05[i]!, '%'),
        value('XT-02', u, region, 2025, 2 * GX05[i]! + 10, '人/km²'),
        value('CX-05', u, region, 2025, CX05[i]!, 'km/km²'),
      ];
    }),
  ];
  await db.insertInto('indicator_value').values(rows).execute();

  const system = await db
    .selectFrom('indicator_system')
    .select('id')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const run = await db
    .insertInto('monitoring_run')
    .values({
      job_id: null,
      system_id: system.id,
      plan_version_id: version.id,
      year: 2025,
      region_code: '9901',
      status: 'succeeded',
      summary: null,
      created_by: 'test',
      started_at: now,
      finished_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const warning = (
    indicator: string,
    zoneCode: string,
    region: string,
    grade: 'red' | 'orange',
    kind: string,
    text: string,
  ) => ({
    run_id: run.id,
    indicator_code: indicator,
    zone_code: zoneCode,
    region_code: region,
    year: 2025,
    grade,
    rule_id: null,
    kind,
    value: null,
    expected: null,
    explanation_zh: text,
    explanation_en: text,
    evidence: null,
    status: 'raised' as const,
    status_reason: null,
    status_by: null,
    status_at: null,
    created_at: now,
  });
  await db
    .insertInto('warning')
    .values([
      warning('MP-04', '9901', '9901', 'red', 'bottom_line_breach', '耕地保有量突破底线'),
      warning('CX-05', 'DY09', '990103', 'orange', 'deviation', '单元9城区道路网密度偏离预期'),
    ])
    .execute();
}
