/**
 * Test and benchmark setup for the report: a REAL monitoring run of the demo city for 2023–2025, then
 * the loop as people run it, through its own functions — the 2024 check-up with a finding, cause,
 * countermeasure and two tasks (one done), and the 2025 check-up that reads it back, with its snapshot
 * frozen, its findings drafted from the monitoring run, two findings written by hand with causes and
 * countermeasures, and tasks.
 */
import { SYSTEM } from '../../auth/principal.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../../demo/index.js';
import { runMonitoring } from '../../monitoring/run-monitoring.js';
import type { Store } from '../../store/store.js';
import { addCause } from '../causes.js';
import { freezeSnapshot } from '../checkup-run.js';
import { createCheckup } from '../checkups.js';
import { draftCheckupFindings } from '../finding-drafts.js';
import { addFinding } from '../findings.js';
import { addMeasure } from '../measures.js';
import { reportProgress } from '../task-reports.js';
import { createTask } from '../tasks.js';

export const REGION = '9901';
export const YEARS = [2023, 2024, 2025];

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

interface HandFinding {
  title: string;
  body: string;
  severity: 'red' | 'orange' | 'yellow';
  cause: string;
  measure: string;
}

/** A finding on XT-04 with one cause and one countermeasure to the bureau; the measure's id. */
async function handFinding(store: Store, checkupId: number, f: HandFinding): Promise<number> {
  const finding = await addFinding(store.db, SYSTEM, checkupId, {
    level: 'city',
    title: f.title,
    body: f.body,
    severity: f.severity,
    zoneCodes: [REGION],
    indicatorCodes: ['XT-04'],
  });
  await addCause(store.db, SYSTEM, finding.id, { category: 'implementation', description: f.cause });
  const measure = await addMeasure(store.db, SYSTEM, finding.id, {
    path: 'bureau',
    departmentCode: 'zrzy',
    description: f.measure,
  });
  return measure.id;
}

const task = (title: string, extra: { targetIndicatorCode?: string; targetValue?: number; deliverable?: string }) => ({
  title,
  departmentCode: 'zrzy',
  coDepartments: ['fgw'],
  deadline: '2025-12-31',
  ...extra,
});

/** Load the demo city, run monitoring for YEARS, and run the two check-ups' loop. */
export async function setUpReportFixture(store: Store, city: DemoCity): Promise<ReportFixture> {
  const db = store.db;
  await loadDemoCity(store, city);
  for (const year of YEARS) await runMonitoring(store, SYSTEM, { year });
  const previous = await createCheckup(db, SYSTEM, { kind: 'annual', regionCode: REGION, year: 2024 });
  await freezeSnapshot(db, SYSTEM, previous.id);
  const previousMeasure = await handFinding(store, previous.id, {
    title: '城乡建设用地增长偏快',
    body: '2024 年城乡建设用地规模超出年度预期。',
    severity: 'orange',
    cause: '新区开发节奏快于规划时序。',
    measure: '严格年度用地计划管理。',
  });
  // createTask takes the baseline from the 2024 snapshot; the target asks for 1 km² less than it.
  const frozen = await db
    .selectFrom('checkup_snapshot_value')
    .select('value')
    .where(
      'snapshot_id',
      '=',
      (
        await db
          .selectFrom('checkup')
          .select('current_snapshot_id')
          .where('id', '=', previous.id)
          .executeTakeFirstOrThrow()
      ).current_snapshot_id!,
    )
    .where('indicator_code', '=', 'XT-04')
    .where('zone_code', '=', REGION)
    .executeTakeFirstOrThrow();
  const control = await createTask(
    db,
    SYSTEM,
    previousMeasure,
    task('控制城乡建设用地年度增量', { targetIndicatorCode: 'XT-04', targetValue: frozen.value! - 1 }),
    '2024-06-30',
  );
  await reportProgress(db, SYSTEM, control.id, { progress: 100, status: 'done', note: '已完成' }, '2025-11-30');
  const plan = await createTask(
    db,
    SYSTEM,
    previousMeasure,
    task('编制低效用地再开发方案', { deliverable: '再开发方案' }),
    '2024-06-30',
  );
  await reportProgress(db, SYSTEM, plan.id, { progress: 40, note: '方案初稿' }, '2025-11-30');

  const current = await createCheckup(db, SYSTEM, {
    kind: 'annual',
    regionCode: REGION,
    year: 2025,
    previousId: previous.id,
  });
  await freezeSnapshot(db, SYSTEM, current.id);
  await draftCheckupFindings(db, SYSTEM, current.id);
  const findingTitles = ['永久基本农田保护压力加大', '中心城区公共服务设施覆盖不足'];
  const m1 = await handFinding(store, current.id, {
    title: findingTitles[0]!,
    body: '耕地面积连续下降，逼近规划底线。',
    severity: 'red',
    cause: '城镇开发边界外零星建设占用耕地。',
    measure: '开展耕地“进出平衡”专项整治。',
  });
  const m2 = await handFinding(store, current.id, {
    title: findingTitles[1]!,
    body: '部分单元社区服务设施步行覆盖率偏低。',
    severity: 'yellow',
    cause: '老旧片区用地紧张，设施落地难。',
    measure: '结合城市更新补齐社区服务设施。',
  });
  await createTask(
    db,
    SYSTEM,
    m1,
    task('完成耕地流出问题图斑整改', { targetIndicatorCode: 'XT-04', targetValue: 0 }),
    '2025-06-30',
  );
  await createTask(db, SYSTEM, m2, task('新建社区综合服务设施', { deliverable: '社区综合服务设施' }), '2025-06-30');

  const names = await db
    .selectFrom('checkup_snapshot_value')
    .innerJoin('checkup', 'checkup.current_snapshot_id', 'checkup_snapshot_value.snapshot_id')
    .innerJoin('indicator', (j) =>
      j
        .onRef('indicator.code', '=', 'checkup_snapshot_value.indicator_code')
        .onRef('indicator.system_id', '=', 'checkup.system_id'),
    )
    .select('indicator.name')
    .distinct()
    .where('checkup.id', '=', current.id)
    .where('checkup_snapshot_value.zone_code', '=', REGION)
    .orderBy('indicator.name')
    .execute();
  return {
    previousId: previous.id,
    checkupId: current.id,
    findingTitles,
    cityIndicatorNames: names.map((n) => n.name),
  };
}
