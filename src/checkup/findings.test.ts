/**
 * Findings on both stores, on the hand-made city of finding-test-fixture.ts: what drafting finds (and
 * what it must not), that re-drafting is idempotent and keeps what people edited, merging with the
 * causes and measures moving along, deleting only what people added, and the quantitative support
 * with numbers worked out by hand.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { freezeSnapshot } from './checkup-run.js';
import { createCheckup } from './checkups.js';
import { addCause, deleteCause, updateCause } from './causes.js';
import { draftCheckupFindings } from './finding-drafts.js';
import { findingSupport, pearson } from './finding-support.js';
import { actor, loadCheckupFixture, refusal } from './finding-test-fixture.js';
import { addFinding, deleteFinding, editFinding, getFinding, listFindings, mergeFindings } from './findings.js';
import { addMeasure, deleteMeasure, updateMeasure } from './measures.js';

const EVALUATOR = actor('evaluator', 'evaluator');
const DEPT = actor('dept', 'department_officer');

describeEachStore('check-up findings', (ctx) => {
  let checkupId: number;
  beforeAll(async () => {
    await loadCheckupFixture(ctx.store);
    await ctx.store.db
      .insertInto('department')
      .values({ code: 'jyj', name: '教育局', name_en: null, region_code: '9901' })
      .execute();
    checkupId = (await createCheckup(ctx.store.db, EVALUATOR, { kind: 'annual', regionCode: '9901', year: 2025 })).id;
    await freezeSnapshot(ctx.store.db, EVALUATOR, checkupId);
  });

  const byKey = async () =>
    new Map((await listFindings(ctx.store.db, EVALUATOR, checkupId)).map((f) => [f.sourceKey, f]));

  it('drafts bottom lines, warnings, trends and lagging units — grouped per indicator at the unit level', async () => {
    const result = await draftCheckupFindings(ctx.store.db, EVALUATOR, checkupId);
    expect(result).toMatchObject({ created: 6, updated: 0, unchanged: 0, keptEdited: 0, removed: 0 });
    const f = await byKey();
    expect([...f.keys()].sort()).toEqual([
      'bottom_line:city:MP-04:9901',
      'peer_lag:unit:CX-05',
      'peer_lag:unit:GX-05',
      'trend:city:LOC-01:9901',
      'trend:city:MP-04:9901',
      'warning:unit:CX-05',
    ]);
    // 400 against the 2025 floor of 410: 10 km² short, 10 / 410 = 2.44 %. The red bottom-line warning
    // of the same value is not a second finding.
    expect(f.get('bottom_line:city:MP-04:9901')).toMatchObject({
      level: 'city',
      zoneCode: '9901',
      severity: 'red',
      title: '耕地保有量低于规划底线 2.44%',
      dimension: '空间底线',
      origin: 'drafted',
      titleEn: "Cultivated land retained 2.44% below the plan's bottom line",
    });
    const evidence = f.get('bottom_line:city:MP-04:9901')!.evidence as { values: { limit: number; gap: number }[] };
    expect(evidence.values[0]).toMatchObject({ value: 400, expected: 410, limit: 410, gap: 10 });
    // 420 → 400 over 2021–2025 is exactly −5 a year; 2025 also misses the expected 410: orange.
    expect(f.get('trend:city:MP-04:9901')).toMatchObject({
      severity: 'orange',
      title: '耕地保有量持续下降（年均下降 5 km²）',
    });
    expect(f.get('trend:city:LOC-01:9901')).toMatchObject({ severity: 'yellow' });
    // GX-05: Q1 85.25, median 87.5, IQR 4.5 → fence 83 and at most 70 (median − 20 %): DY09 (40), DY10 (60).
    expect(f.get('peer_lag:unit:GX-05')).toMatchObject({
      zoneCode: null,
      zoneCodes: ['DY09', 'DY10'],
      title: '2个单元15分钟社区生活圈覆盖率明显落后于同类单元（单元中位数 87.5 %）',
    });
    expect(f.get('peer_lag:unit:GX-05')!.titleEn).toMatch(
      /^2 units lag their peers in .+ \(median of units 87\.5 %\)$/,
    );
    expect(f.get('warning:unit:CX-05')).toMatchObject({ severity: 'orange', zoneCodes: ['DY09'] });
  });

  it('re-drafts idempotently and never overwrites a finding a person edited', async () => {
    const before = await byKey();
    const edited = await editFinding(ctx.store.db, EVALUATOR, before.get('trend:city:LOC-01:9901')!.id, {
      title: '开发强度逐年上升，逼近上限',
    });
    expect(edited.origin).toBe('edited');
    expect(edited.titleEn).toBeNull(); // the drafted English title no longer says what the finding says
    const again = await draftCheckupFindings(ctx.store.db, EVALUATOR, checkupId);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, keptEdited: 1, removed: 0 });
    const after = await byKey();
    expect(after.size).toBe(6);
    expect(after.get('trend:city:LOC-01:9901')!.title).toBe('开发强度逐年上升，逼近上限');

    // DY10 catches up in a new snapshot: the GX-05 finding now lists DY09 alone.
    await ctx.store.db
      .updateTable('indicator_value')
      .set({ value: 86.5 })
      .where('indicator_code', '=', 'GX-05')
      .where('zone_code', '=', 'DY10')
      .execute();
    await freezeSnapshot(ctx.store.db, EVALUATOR, checkupId);
    const third = await draftCheckupFindings(ctx.store.db, EVALUATOR, checkupId);
    expect(third.updated).toBeGreaterThanOrEqual(1);
    expect((await byKey()).get('peer_lag:unit:GX-05')!.zoneCodes).toEqual(['DY09']);
  });

  it('merges findings: sources drop out of the list, their causes and measures move to the merged one', async () => {
    const f = await byKey();
    const bottom = f.get('bottom_line:city:MP-04:9901')!;
    const trend = f.get('trend:city:MP-04:9901')!;
    const cause = await addCause(ctx.store.db, EVALUATOR, trend.id, {
      category: 'implementation',
      description: '占补平衡落实不到位',
    });
    const measure = await addMeasure(ctx.store.db, EVALUATOR, bottom.id, {
      path: 'bureau',
      description: '开展耕地恢复补充专项行动',
      weight: 2,
    });
    const merged = await mergeFindings(ctx.store.db, EVALUATOR, checkupId, {
      ids: [bottom.id, trend.id],
      title: '耕地保有量跌破底线且持续减少',
    });
    expect(merged).toMatchObject({ origin: 'merged', level: 'city', severity: 'red', zoneCodes: ['9901'] });
    expect(merged.causes.map((c) => c.id)).toEqual([cause.id]);
    expect(merged.measures.map((m) => m.id)).toEqual([measure.id]);
    const list = await listFindings(ctx.store.db, EVALUATOR, checkupId);
    expect(list.map((x) => x.id)).not.toContain(bottom.id);
    expect((await getFinding(ctx.store.db, EVALUATOR, bottom.id)).mergedIntoId).toBe(merged.id);
    expect((await refusal(editFinding(ctx.store.db, EVALUATOR, bottom.id, { title: 'x' }))).code).toBe(
      'finding_merged',
    );
    // Re-drafting does not bring the merged sources back as new rows.
    const again = await draftCheckupFindings(ctx.store.db, EVALUATOR, checkupId);
    expect(again.created).toBe(0);
    expect(
      (await refusal(mergeFindings(ctx.store.db, EVALUATOR, checkupId, { ids: [merged.id], title: 'x' }))).code,
    ).toBe('merge_needs_two');
  });

  it('adds, edits and deletes by hand; only manual findings can be deleted', async () => {
    const manual = await addFinding(ctx.store.db, EVALUATOR, checkupId, {
      level: 'urban',
      title: '老城区停车设施供给不足',
      severity: 'yellow',
      zoneCodes: ['CU9901'],
    });
    expect(manual).toMatchObject({ origin: 'manual', kind: 'manual', zoneCode: 'CU9901' });
    const drafted = (await byKey()).get('warning:unit:CX-05')!;
    expect((await refusal(deleteFinding(ctx.store.db, EVALUATOR, drafted.id))).code).toBe('finding_not_manual');
    expect((await refusal(addFinding(ctx.store.db, DEPT, checkupId, { level: 'city', title: 'x' }))).status).toBe(403);
    await deleteFinding(ctx.store.db, EVALUATOR, manual.id);
    expect((await listFindings(ctx.store.db, EVALUATOR, checkupId, { level: 'urban' })).length).toBe(0);
  });

  it('validates causes and measures with bilingual errors', async () => {
    const f = (await byKey()).get('peer_lag:unit:CX-05')!;
    const bad = await refusal(
      addCause(ctx.store.db, EVALUATOR, f.id, { category: 'weather' as 'data', description: 'x' }),
    );
    expect(bad).toMatchObject({ code: 'cause_category_invalid', location: { field: 'category' } });
    expect(bad.zh).toContain('原因类别');
    expect(
      (await refusal(addMeasure(ctx.store.db, EVALUATOR, f.id, { path: 'department', description: '补路网' }))).code,
    ).toBe('department_required');
    expect(
      (
        await refusal(
          addMeasure(ctx.store.db, EVALUATOR, f.id, {
            path: 'department',
            description: '补路网',
            departmentCode: 'nope',
          }),
        )
      ).status,
    ).toBe(404);
    const m = await addMeasure(ctx.store.db, EVALUATOR, f.id, {
      path: 'department',
      description: '补路网',
      departmentCode: 'jyj',
    });
    expect((await updateMeasure(ctx.store.db, EVALUATOR, m.id, { weight: 3 })).weight).toBe(3);
    expect((await refusal(updateMeasure(ctx.store.db, EVALUATOR, m.id, { weight: 0 }))).code).toBe('weight_invalid');
    const c = await addCause(ctx.store.db, EVALUATOR, f.id, {
      category: 'plan_content',
      description: '单元路网规划密度偏低',
    });
    expect((await updateCause(ctx.store.db, EVALUATOR, c.id, { category: 'market' })).category).toBe('market');
    await deleteCause(ctx.store.db, EVALUATOR, c.id);
    await deleteMeasure(ctx.store.db, EVALUATOR, m.id);
    expect((await getFinding(ctx.store.db, EVALUATOR, f.id)).causes).toEqual([]);
  });

  it('supports the diagnosis with correlations and concentration worked out by hand', async () => {
    const f = (await byKey()).get('peer_lag:unit:CX-05')!;
    const s = await findingSupport(ctx.store.db, DEPT, f.id);
    // CX-05 against XT-02 and GX-05 over the ten units (DY10's GX-05 is 86.5 now, XT-02 still 130):
    // XT-02 = 2·GX-05 + 10 held for the original values, so r(CX-05, XT-02) is the original
    // r(CX-05, GX-05): Sxy 315.06 / √(Sxx 2613.6 × Syy 38.901) = 0.98808.
    const xt02 = s.acrossZones.find((c) => c.indicatorCode === 'XT-02')!;
    expect(xt02.n).toBe(10);
    expect(xt02.r).toBeCloseTo(0.98808, 5);
    expect(s.acrossZones[0]!.indicatorCode).toBe('XT-02');
    // Concentration: median of CX-05 8.35; shortfalls 5.35 (DY09), 3.35 (DY10), 0.35, 0.25, 0.15 → 9.45.
    expect(s.concentration!.median).toBeCloseTo(8.35, 10);
    expect(s.concentration!.totalShortfall).toBeCloseTo(9.45, 10);
    expect(s.concentration!.zones[0]).toMatchObject({ zoneCode: 'DY09', name: '单元9' });
    expect(s.concentration!.zones[0]!.share).toBeCloseTo(5.35 / 9.45, 10);
    expect(s.concentration!.worstFifth!.zones).toBe(2);
    expect(s.concentration!.worstFifth!.share).toBeCloseTo(8.7 / 9.45, 10);

    // Across years at the city: cropland 420 → 400 and development intensity 10.0 → 10.8 move in
    // exact lockstep against each other: r = −1 over five years.
    const merged = (await listFindings(ctx.store.db, EVALUATOR, checkupId, { level: 'city' })).find(
      (x) => x.origin === 'merged',
    )!;
    const years = await findingSupport(ctx.store.db, EVALUATOR, merged.id);
    expect(years.acrossYears).toMatchObject({ zoneCode: '9901', fromYear: 2021, toYear: 2025 });
    expect(years.acrossYears.items).toHaveLength(1);
    expect(years.acrossYears.items[0]).toMatchObject({ indicatorCode: 'LOC-01', n: 5 });
    expect(years.acrossYears.items[0]!.r).toBeCloseTo(-1, 10);
    expect(
      pearson([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toBeCloseTo(1, 12);
    expect(
      pearson([
        [1, 1],
        [1, 2],
      ]),
    ).toBeNull();
  });
});
