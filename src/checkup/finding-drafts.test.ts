/**
 * Drafting on real monitoring data, on both stores: the demo city monitored 2021–2024, then an annual
 * check-up for 2025 run through the product's own path (monitoring run + snapshot). The demo plan was
 * built so cropland falls below its 2025 floor: the draft must say so once, with the numbers the
 * store holds; unit findings come grouped per indicator; re-drafting is idempotent; a finding a person
 * edited survives a second run and re-draft.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM } from '../auth/principal.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../demo/index.js';
import { runMonitoring } from '../monitoring/run-monitoring.js';
import { listSnapshotValues, runCheckup } from './checkup-run.js';
import { createCheckup } from './checkups.js';
import { draftCheckupFindings } from './finding-drafts.js';
import { findingSupport } from './finding-support.js';
import { editFinding, listFindings, type FindingView } from './findings.js';

let city: DemoCity;
beforeAll(() => {
  city ??= generateDemoCity({ seed: 'lantu', patches: 3000, years: [2021, 2022, 2023, 2024, 2025] });
});

describeEachStore('drafting findings on the monitored demo city', (ctx) => {
  let checkupId: number;
  let first: Awaited<ReturnType<typeof draftCheckupFindings>>;
  let findings: FindingView[];
  beforeAll(async () => {
    await loadDemoCity(ctx.store, city);
    for (const year of [2021, 2022, 2023, 2024]) await runMonitoring(ctx.store, SYSTEM, { year });
    checkupId = (await createCheckup(ctx.store.db, SYSTEM, { kind: 'annual', regionCode: '9901', year: 2025 })).id;
    await runCheckup(ctx.store, SYSTEM, checkupId);
    first = await draftCheckupFindings(ctx.store.db, SYSTEM, checkupId);
    findings = await listFindings(ctx.store.db, SYSTEM, checkupId);
  }, 240_000);

  it('says once, with the stored numbers, that cropland is below its 2025 floor', async () => {
    const cropland = findings.filter((f) => f.kind === 'bottom_line' && f.indicatorCodes.includes('MP-04'));
    const city9901 = cropland.find((f) => f.zoneCode === '9901')!;
    expect(city9901).toMatchObject({ level: 'city', severity: 'red', dimension: '空间底线' });
    expect(city9901.title).toMatch(/^耕地保有量低于规划底线 [\d.]+%$/);
    const frozen = (await listSnapshotValues(ctx.store.db, SYSTEM, checkupId, { indicator: 'MP-04', zone: '9901' }))
      .items[0]!;
    const evidence = city9901.evidence as {
      snapshotId: number;
      values: { value: number; limit: number; gap: number; gapPct: number }[];
    };
    const e = evidence.values[0]!;
    expect(e.value).toBe(frozen.value);
    expect(e.gap).toBeCloseTo(e.limit - frozen.value!, 9);
    expect(city9901.title).toBe(`耕地保有量低于规划底线 ${Math.round(((e.limit - e.value) / e.limit) * 10000) / 100}%`);
    // The red warning of the same value, and the twin code AQ-11 (耕地保有量 of TD/T 1063), add nothing.
    const twins = findings.filter(
      (f) =>
        f.zoneCodes.includes('9901') &&
        (f.indicatorCodes.includes('AQ-11') || (f.kind === 'warning' && f.indicatorCodes.includes('MP-04'))),
    );
    expect(twins).toEqual([]);

    // Support across the years of the city: the same measure under its other code is no lead.
    const support = await findingSupport(ctx.store.db, SYSTEM, city9901.id);
    expect(support.acrossYears).toMatchObject({ zoneCode: '9901', fromYear: 2021, toYear: 2025 });
    expect(support.acrossYears.items.length).toBeGreaterThan(0);
    expect(support.acrossYears.items.map((c) => c.indicatorCode)).not.toContain('AQ-11');
    for (const c of support.acrossYears.items) expect(c.n).toBe(5);
  });

  it('groups unit findings per indicator and kind, and re-drafts idempotently', async () => {
    const units = findings.filter((f) => f.level === 'unit');
    const keys = units.map((f) => f.sourceKey!);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of units) {
      expect(f.sourceKey!.split(':')).toHaveLength(3); // kind:unit:indicator, no zone
      expect(f.zoneCodes.length).toBeGreaterThan(0);
    }
    expect(first.created).toBe(findings.length);
    const again = await draftCheckupFindings(ctx.store.db, SYSTEM, checkupId);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: findings.length, removed: 0 });
  });

  it('keeps what a person edited through a second run and re-draft', async () => {
    const target = findings.find((f) => f.kind === 'bottom_line')!;
    await editFinding(ctx.store.db, SYSTEM, target.id, { title: '耕地保有量跌破2025年底线，需立即整改' });
    const rerun = await runCheckup(ctx.store, SYSTEM, checkupId);
    expect(rerun.snapshot.seq).toBe(2);
    const redraft = await draftCheckupFindings(ctx.store.db, SYSTEM, checkupId);
    expect(redraft.snapshotId).toBe(rerun.snapshot.id);
    expect(redraft.keptEdited).toBe(1);
    expect(redraft.created).toBe(0);
    const after = await listFindings(ctx.store.db, SYSTEM, checkupId);
    expect(after).toHaveLength(findings.length);
    expect(after.find((f) => f.id === target.id)).toMatchObject({
      origin: 'edited',
      title: '耕地保有量跌破2025年底线，需立即整改',
    });
  });
});
