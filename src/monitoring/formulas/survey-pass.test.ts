/**
 * The shared land-survey pass on the zonal engine (survey-pass.ts) against the method it replaced, on a
 * small demo city on both stores: per patch, GeographicLib's geodesic polygon area (ellipsoidalArea)
 * times the share of the patch in each planning unit (UnitLocator.shares, GEOS). Every (pair, unit)
 * area must agree within the zonal engine's documented 1e-6 (docs/decisions/0010-spatial-kernel.md), in
 * this thread and in worker threads alike.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.js';
import { generateDemoCity, loadDemoCity, type DemoCity } from '../../demo/index.js';
import { ellipsoidalArea } from '../../geo/ellipsoidal-area.js';
import { createFormulaContext, type FormulaContext } from '../formula-context.js';
import { buildZoneSet } from '../monitoring-zones.js';
import { UnitLocator } from '../unit-locator.js';
import { surveyPairAreas, type PairAreas } from './survey-pass.js';

let city: DemoCity;
beforeAll(() => {
  city ??= generateDemoCity({ seed: 'survey-pass', patches: 3000, years: [2025] });
});

/** The per-patch method the pass replaced, kept here as the reference. */
async function perPatch(ctx: FormulaContext, layerId: number, locator: UnitLocator): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const rows = await ctx.store.db
    .selectFrom('land_survey')
    .select(['dlbm', 'czcsxm', 'geom'])
    .where('layer_id', '=', layerId)
    .execute();
  for (const row of rows) {
    const geometry = ctx.store.dialect.decodeGeometry(row.geom);
    if (!geometry) continue;
    const area = ellipsoidalArea(geometry);
    for (const { unit, share } of locator.shares(geometry)) {
      const key = `${row.dlbm ?? ''}|${row.czcsxm ?? ''}@${unit}`;
      out.set(key, (out.get(key) ?? 0) + area * share);
    }
  }
  return out;
}

const flatten = (pairs: PairAreas) => {
  const out = new Map<string, number>();
  for (const [pair, { byUnit }] of pairs) for (const [unit, m2] of byUnit) out.set(`${pair}@${unit}`, m2);
  return out;
};

describeEachStore('land-survey pass on the zonal engine', (s) => {
  let reference: Map<string, number>;
  let ctx: FormulaContext;
  let layer: { id: number; feature_count: number };

  beforeAll(async () => {
    await loadDemoCity(s.store, city);
    const zoneSet = await buildZoneSet(s.store, '9901');
    const locator = await UnitLocator.create(zoneSet.unitGeometries);
    ({ ctx } = createFormulaContext({
      store: s.store,
      year: 2025,
      regionCode: '9901',
      planVersionId: null,
      zones: zoneSet.zones,
      zoneSet,
      locator: async () => locator,
    }));
    layer = (await ctx.layerFor('land_survey', { exactYear: true }))!;
    try {
      reference = await perPatch(ctx, layer.id, locator);
    } finally {
      locator.dispose();
    }
  }, 300_000);

  for (const threads of [0, 2]) {
    it(`matches the per-patch GeographicLib areas within 1e-6 (${threads} worker threads)`, async () => {
      const got = flatten((await surveyPairAreas(ctx, layer, { threads, batchSize: 700 })).units);
      expect(reference.size).toBeGreaterThan(100);
      expect([...got.keys()].sort()).toEqual([...reference.keys()].sort());
      let worst = 0;
      let total = 0;
      for (const [key, want] of reference) {
        const diff = Math.abs(got.get(key)! - want);
        worst = Math.max(worst, diff / want);
        total += want;
        expect(diff, key).toBeLessThanOrEqual(1e-6 * want);
      }
      const sum = [...got.values()].reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - total) / total).toBeLessThan(1e-8);
      // The equal-area ring keeps ~1e-8 of GeographicLib on demo patches (equal-area-ring.ts).
      expect(worst).toBeLessThan(1e-7);
    }, 120_000);
  }
});
