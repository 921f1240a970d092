/**
 * Every formula on a small demo city (src/demo), both stores: no formula fails, values keep the
 * relations that must hold whatever the data (parts ≤ wholes, shares within 0–100 %, the city is the sum
 * of its districts), and what the demo city is built to show is seen: no building inside the ecological
 * red line in 2020, some from 2022 on (src/demo/README.md).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../../demo/index.js';
import { createFormulaContext } from '../formula-context.js';
import { getFormula, listFormulas } from '../formula-registry.js';
import { buildZoneSet } from '../monitoring-zones.js';
import '../register-formulas.js';
import { UnitLocator } from '../unit-locator.js';

let city: DemoCity;
beforeAll(() => {
  city ??= generateDemoCity({ seed: 'lantu', patches: 2000, years: [2020, 2025] });
});

describeEachStore('formulas on the demo city', (ctx) => {
  const values = new Map<string, Map<string, number | null>>();
  const failures: string[] = [];
  let districts: string[] = [];

  beforeAll(async () => {
    await loadDemoCity(ctx.store, city);
    const layer = await ctx.store.db
      .selectFrom('layer')
      .select('plan_version_id')
      .where('code', '=', 'controlline-v2')
      .executeTakeFirstOrThrow();
    const zoneSet = await buildZoneSet(ctx.store, '9901');
    districts = zoneSet.zones.filter((z) => z.level === 'district').map((z) => z.code);
    for (const year of [2020, 2025]) {
      const zs = year === 2020 ? await buildZoneSet(ctx.store, '9901') : zoneSet;
      const locator = await UnitLocator.create(zs.unitGeometries);
      try {
        for (const { key } of listFormulas()) {
          const { ctx: fctx } = createFormulaContext({
            store: ctx.store,
            year,
            regionCode: '9901',
            planVersionId: layer.plan_version_id,
            zones: zs.zones,
            zoneSet: zs,
            locator: async () => locator,
          });
          try {
            const result = await getFormula(key)!.compute(fctx);
            values.set(`${key}@${year}`, new Map(result.map((r) => [r.zoneCode, r.value])));
          } catch (error) {
            failures.push(`${key}@${year}: ${String(error)}`);
          }
        }
      } finally {
        locator.dispose();
      }
    }
  }, 300_000);

  const v = (key: string, zone = '9901', year = 2025) => values.get(`${key}@${year}`)?.get(zone) ?? null;

  it('computes every formula for both years without failure, with a city value', () => {
    expect(failures).toEqual([]);
    for (const { key } of listFormulas()) {
      if (key === 'heritage_line_area' && v(key) === null) continue;
      expect(values.get(`${key}@2025`)?.size, key).toBeGreaterThan(0);
    }
  });

  it('keeps shares within 0–100 % and areas non-negative', () => {
    for (const [name, byZone] of values) {
      const key = name.split('@')[0]!;
      for (const [zone, value] of byZone) {
        if (value === null) continue;
        expect(value, `${name} ${zone}`).toBeGreaterThanOrEqual(0);
        // Patch areas (equal-area ring, survey-pass.ts) and unit areas (GeographicLib) agree to the
        // documented 1e-6, so a unit built up wall to wall may read 100.0000004 %.
        if (/coverage|share|ratio|intensity|rate/.test(key) && key !== 'jobs_housing_land_ratio')
          expect(value, `${name} ${zone}`).toBeLessThanOrEqual(100 * (1 + 1e-6));
      }
    }
  });

  it('adds the districts up to the city', () => {
    for (const key of ['cultivated_land_area', 'construction_land_area', 'eco_redline_area', 'pbf_area']) {
      const sum = districts.reduce((s, d) => s + (v(key, d) ?? 0), 0);
      expect(sum, key).toBeCloseTo(v(key)!, 6);
    }
  });

  it('keeps parts within wholes', () => {
    const land = v('construction_land_area')! / (v('development_intensity')! / 100);
    const groups = [
      'cultivated_land_area',
      'garden_area',
      'forest_land_area',
      'grassland_area',
      'wetland_area',
      'construction_land_area',
    ].reduce((s, k) => s + v(k)!, 0);
    expect(groups).toBeLessThan(land);
    expect(v('urban_construction_land_area')! + v('village_construction_land_area')!).toBeCloseTo(
      v('urban_rural_construction_land_area')!,
      9,
    );
    expect(v('urban_rural_construction_land_area')!).toBeLessThanOrEqual(v('construction_land_area')!);
    expect(v('construction_in_redline_area')!).toBeLessThan(v('eco_redline_area')!);
    expect(v('construction_in_udb_area')!).toBeLessThanOrEqual(v('urban_rural_construction_land_area')! + 1e-9);
    expect(v('park_green_area')!).toBeLessThan(v('urban_construction_land_area')!);
    expect(v('elderly_care_walk_5min_coverage', '9901ZX')!).toBeLessThanOrEqual(
      v('elderly_care_walk_15min_coverage', '9901ZX')!,
    );
    expect(v('forest_coverage_ratio')! / 100).toBeLessThanOrEqual(v('forest_land_area')! / land + 1e-9);
  });

  it('sees the buildings that appear inside the ecological red line after 2020', () => {
    expect(v('construction_in_redline_area', '9901', 2020)).toBe(0);
    expect(v('construction_in_redline_area', '9901', 2025)!).toBeGreaterThan(0);
  });
});
