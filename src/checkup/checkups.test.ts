/**
 * Check-up projects on both stores, on the hand-made city of finding-test-fixture.ts: the defaults of
 * a new check-up, the workflow's refusals and its audit trail, and snapshots that never change once
 * taken (a second one is seq 2; the published one stays the published one).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { freezeSnapshot, listSnapshotValues, runCheckup } from './checkup-run.js';
import { createCheckup, getCheckup, listCheckups, transitionCheckup } from './checkups.js';
import { draftCheckupFindings } from './finding-drafts.js';
import { actor, loadCheckupFixture, refusal } from './finding-test-fixture.js';

const EVALUATOR = actor('evaluator', 'evaluator');
const PLANNER = actor('planner', 'planner');
const DISTRICT = actor('planner_d1', 'planner', '990102');
const DEPT = actor('dept', 'department_officer');

describeEachStore('check-up projects', (ctx) => {
  beforeAll(async () => {
    await loadCheckupFixture(ctx.store);
  });

  it('creates with the defaults a bureau expects, and links the previous check-up of the region', async () => {
    const first = await createCheckup(ctx.store.db, EVALUATOR, { kind: 'annual', regionCode: '9901', year: 2024 });
    expect(first).toMatchObject({
      title: '示范市2024年度国土空间规划实施体检',
      levels: ['city', 'urban', 'unit'],
      status: 'drafting',
      previousId: null,
      createdBy: 'evaluator',
    });
    expect(first.planVersionId).not.toBeNull();
    const second = await createCheckup(ctx.store.db, EVALUATOR, { kind: 'annual', regionCode: '9901', year: 2025 });
    expect(second.previousId).toBe(first.id);
    const special = await createCheckup(ctx.store.db, EVALUATOR, { kind: 'special', regionCode: '9901', year: 2025 });
    expect(special.previousId).toBeNull();
    expect(special.levels).toEqual(['urban', 'unit']);
    // A master plan still being drafted is no yardstick: no plan version then.
    await ctx.store.db.updateTable('plan').set({ status: 'drafting' }).execute();
    const unplanned = await createCheckup(ctx.store.db, EVALUATOR, { kind: 'special', regionCode: '9901', year: 2026 });
    expect(unplanned.planVersionId).toBeNull();
    await ctx.store.db.updateTable('plan').set({ status: 'approved' }).execute();

    expect(
      (await refusal(createCheckup(ctx.store.db, DEPT, { kind: 'annual', regionCode: '9901', year: 2025 }))).status,
    ).toBe(403);
    expect(
      (await refusal(createCheckup(ctx.store.db, DISTRICT, { kind: 'annual', regionCode: '9901', year: 2025 }))).status,
    ).toBe(403);
    const district = await listCheckups(ctx.store.db, DISTRICT, {});
    expect(district.length).toBe(4); // the city's check-ups are readable from the district below it
  });

  it('refuses transitions out of order, without their guards, reasons or permission, and audits each move', async () => {
    const c = await createCheckup(ctx.store.db, EVALUATOR, { kind: 'five_year', regionCode: '9901', year: 2025 });
    const move = (who: Principal, event: string, reason?: string) =>
      transitionCheckup(ctx.store.db, who, c.id, { event, reason });

    expect((await refusal(move(PLANNER, 'publish'))).code).toBe('checkup_transition_refused');
    expect((await getCheckup(ctx.store.db, DISTRICT, c.id)).nextEvents).toEqual([
      expect.objectContaining({ event: 'start_collecting', to: 'collecting', allowed: false }),
    ]);
    await move(EVALUATOR, 'start_collecting');
    await move(EVALUATOR, 'start_computing');
    expect((await refusal(move(EVALUATOR, 'start_analysis'))).code).toBe('checkup_snapshot_required');
    await freezeSnapshot(ctx.store.db, EVALUATOR, c.id);
    await move(EVALUATOR, 'start_analysis');
    expect((await refusal(move(EVALUATOR, 'submit_review'))).code).toBe('checkup_findings_required');
    await draftCheckupFindings(ctx.store.db, EVALUATOR, c.id);
    await move(EVALUATOR, 'submit_review');
    const review = (await getCheckup(ctx.store.db, EVALUATOR, c.id)).nextEvents;
    expect(review.map((e) => [e.event, e.needsReason, e.allowed])).toEqual([
      ['send_back', true, false],
      ['start_publicity', false, false],
    ]);
    // An evaluator runs the check-up; deciding on it is the bureau's.
    expect((await refusal(move(EVALUATOR, 'start_publicity'))).status).toBe(403);
    expect((await refusal(move(PLANNER, 'send_back'))).code).toBe('reason_required');
    await move(PLANNER, 'send_back', '城区部分缺少人口承载分析');
    await move(EVALUATOR, 'submit_review');
    await move(PLANNER, 'start_publicity');
    await move(PLANNER, 'publish');
    await move(PLANNER, 'archive');
    expect((await refusal(move(PLANNER, 'archive'))).code).toBe('checkup_transition_refused');

    const detail = await getCheckup(ctx.store.db, PLANNER, c.id);
    expect(detail.status).toBe('archived');
    expect(detail.nextEvents).toEqual([]);
    expect(detail.transitions.map((t) => t.event)).toEqual([
      'start_collecting',
      'start_computing',
      'start_analysis',
      'submit_review',
      'send_back',
      'submit_review',
      'start_publicity',
      'publish',
      'archive',
    ]);
    expect(detail.transitions[4]).toMatchObject({
      from: 'reviewing',
      to: 'analysing',
      actor: 'planner',
      reason: '城区部分缺少人口承载分析',
    });
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor_name', 'comment'])
      .where('activity', '=', 'checkup.transitioned')
      .where('entity_id', '=', String(c.id))
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(9);
    expect(audit[4]).toEqual({ actor_name: 'planner', comment: 'send_back: 城区部分缺少人口承载分析' });
  });

  it('freezes snapshots seq by seq; a run makes a new one and the published one stays as it was', async () => {
    const c = await createCheckup(ctx.store.db, EVALUATOR, {
      kind: 'annual',
      regionCode: '9901',
      year: 2025,
      title: '快照测试',
    });
    const first = await freezeSnapshot(ctx.store.db, EVALUATOR, c.id);
    expect(first.seq).toBe(1);
    expect(first.summary).toMatchObject({ values: 32, byLevel: { city: 2, unit: 30 }, grades: { red: 1, orange: 1 } });
    const values = await listSnapshotValues(ctx.store.db, DEPT, c.id, { indicator: 'MP-04' });
    // 2025 is the milestone year: expected 410 on the trajectory; the 2035 target is 410.
    expect(values.items).toEqual([
      expect.objectContaining({
        zoneCode: '9901',
        level: 'city',
        value: 400,
        expected: 410,
        target: 410,
        grade: 'red',
      }),
    ]);

    for (const event of ['start_collecting', 'start_computing', 'start_analysis'])
      await transitionCheckup(ctx.store.db, EVALUATOR, c.id, { event });
    await draftCheckupFindings(ctx.store.db, EVALUATOR, c.id);
    await transitionCheckup(ctx.store.db, EVALUATOR, c.id, { event: 'submit_review' });
    await transitionCheckup(ctx.store.db, PLANNER, c.id, { event: 'start_publicity' });
    await transitionCheckup(ctx.store.db, PLANNER, c.id, { event: 'publish' });

    // The cropland figure is corrected after publication; a new run freezes it as seq 2.
    await ctx.store.db
      .updateTable('indicator_value')
      .set({ value: 409 })
      .where('indicator_code', '=', 'MP-04')
      .where('year', '=', 2025)
      .execute();
    const run = await runCheckup(ctx.store, EVALUATOR, c.id);
    expect(run.snapshot.seq).toBe(2);
    expect(run.summary.year).toBe(2025);
    const detail = await getCheckup(ctx.store.db, PLANNER, c.id);
    expect(detail.publishedSnapshotId).toBe(first.id);
    expect(detail.currentSnapshotId).toBe(run.snapshot.id);
    expect(detail.snapshots.map((s) => [s.seq, s.published, s.runId])).toEqual([
      [1, true, null],
      [2, false, run.runId],
    ]);
    const published = await listSnapshotValues(ctx.store.db, PLANNER, c.id, { snapshot: first.id, indicator: 'MP-04' });
    expect(published.items[0]!.value).toBe(400);
    const latest = await listSnapshotValues(ctx.store.db, PLANNER, c.id, { seq: 2, indicator: 'MP-04' });
    expect(latest.items[0]!.value).toBe(409);
  });

  it('refuses a snapshot of a year without values, and any snapshot of an archived check-up', async () => {
    const c = await createCheckup(ctx.store.db, SYSTEM, { kind: 'annual', regionCode: '9901', year: 2030 });
    expect((await refusal(freezeSnapshot(ctx.store.db, EVALUATOR, c.id))).code).toBe('checkup_no_values');
    expect((await refusal(freezeSnapshot(ctx.store.db, DISTRICT, c.id))).status).toBe(403);
  });
});
