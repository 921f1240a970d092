/**
 * Test setup for the task list, on top of test/api-fixture.ts's seedWorld (city 9901, department jyj,
 * one user per role): a second department, and check-ups, findings and measures made through the
 * product's own functions; indicator values and a frozen snapshot are written with Kysely, because
 * producing them through a monitoring run is not what these tests are about. Only tests import this file.
 */
import { SYSTEM, type Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { nowIso, type Store } from '../store/store.js';
import { createCheckup } from './checkups.js';
import { addFinding } from './findings.js';
import { addMeasure } from './measures.js';

/** Call after seedWorld: the transport bureau, a second department to be refused. */
export async function addSecondDepartment(store: Store): Promise<void> {
  await store.db
    .insertInto('department')
    .values({ code: 'jtj', name: '交通运输局', name_en: 'Transport Bureau', region_code: '9901' })
    .execute();
}

export function principal(
  username: string,
  role: Role,
  regionCode = '9901',
  departmentCode: string | null = null,
): Principal {
  return { userId: null, username, displayName: username, role, regionCode, departmentCode };
}

export const PLANNER = principal('planner', 'planner');
export const JYJ_OFFICER = principal('dept', 'department_officer', '9901', 'jyj');
export const JTJ_OFFICER = principal('dept_jtj', 'department_officer', '9901', 'jtj');

export async function makeCheckup(store: Store, year: number, previousId: number | null = null): Promise<number> {
  const view = await createCheckup(store.db, SYSTEM, {
    kind: 'annual',
    regionCode: '9901',
    year,
    levels: ['city'],
    previousId,
    planVersionId: null,
  });
  return view.id;
}

/** A manual finding of the check-up with one measure per weight given; returns the measure ids. */
export async function addFindingWithMeasures(
  store: Store,
  checkupId: number,
  title: string,
  weights: number[],
): Promise<number[]> {
  const finding = await addFinding(store.db, SYSTEM, checkupId, { level: 'city', title, severity: 'yellow' });
  const ids: number[] = [];
  for (const weight of weights) {
    const m = await addMeasure(store.db, SYSTEM, finding.id, { path: 'bureau', description: `${title}：对策`, weight });
    ids.push(m.id);
  }
  return ids;
}

/** An indicator value as monitoring or a department's submission would have left it. */
export async function putValue(store: Store, indicatorCode: string, zoneCode: string, year: number, value: number) {
  await store.db
    .insertInto('indicator_value')
    .values({
      indicator_code: indicatorCode,
      zone_code: zoneCode,
      region_code: zoneCode,
      year,
      period: 'year',
      value,
      unit: '%',
      method: 'computed',
      run_id: null,
      submission_id: null,
      data_versions: null,
      detail: null,
      stale: 0,
      computed_at: nowIso(),
    })
    .execute();
}

/** Freeze a snapshot of the check-up holding these values and make it current. */
export async function freezeSnapshot(
  store: Store,
  checkupId: number,
  year: number,
  values: [indicator: string, zone: string, value: number][],
): Promise<number> {
  const last = await store.db
    .selectFrom('checkup_snapshot')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('checkup_id', '=', checkupId)
    .executeTakeFirst();
  const snap = await store.db
    .insertInto('checkup_snapshot')
    .values({
      checkup_id: checkupId,
      seq: Number(last?.seq ?? 0) + 1,
      run_id: null,
      summary: null,
      note: null,
      created_by: 'test',
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [indicator, zone, value] of values) {
    await store.db
      .insertInto('checkup_snapshot_value')
      .values({
        snapshot_id: snap.id,
        indicator_code: indicator,
        zone_code: zone,
        level: 'city',
        year,
        value,
        unit: '%',
        method: 'computed',
        expected: null,
        target: null,
        grade: null,
        value_id: null,
        data_versions: null,
      })
      .execute();
  }
  await store.db.updateTable('checkup').set({ current_snapshot_id: snap.id }).where('id', '=', checkupId).execute();
  return Number(snap.id);
}
