import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { demoDatasets } from './datasets.js';
import type { DemoCity } from './demo-city.js';
import { generateDemoCity } from './generate-demo-city.js';
import { loadDemoCity } from './load-demo-city.js';

let city: DemoCity | undefined;
/** One small city for both stores: 3,000 patches, two survey years. */
const small = () => (city ??= generateDemoCity({ seed: 'load-test', patches: 3000, years: [2024, 2025] }));

describeEachStore('loadDemoCity', (ctx) => {
  const count = async (
    table:
      | 'land_survey'
      | 'control_line'
      | 'planning_zone'
      | 'planned_land_use'
      | 'road'
      | 'facility'
      | 'zone'
      | 'layer'
      | 'population'
      | 'plan'
      | 'plan_version'
      | 'plan_target',
  ) => {
    const row = await ctx.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('writes every dataset, and the counts in the store are the generated ones', async () => {
    const c = small();
    const stages = new Set<string>();
    const summary = await loadDemoCity(ctx.store, c, (stage) => stages.add(stage));
    const datasets = demoDatasets(c);
    expect(summary.layers).toBe(datasets.length + 1);
    expect(summary.zones).toBe(c.zones.length);
    expect(summary.features.land_survey).toBe(2 * c.patches.count);
    expect(await count('land_survey')).toBe(2 * c.patches.count);
    expect(await count('zone')).toBe(c.zones.length);
    expect(await count('control_line')).toBe(c.planVersions.reduce((s, v) => s + v.controlLines.length, 0));
    expect(await count('planning_zone')).toBe(c.planVersions.reduce((s, v) => s + v.planningZones.length, 0));
    expect(await count('planned_land_use')).toBe(c.planVersions.reduce((s, v) => s + v.plannedLandUse.length, 0));
    expect(await count('road')).toBe(c.roadFeatures.length);
    expect(await count('facility')).toBe(c.facilities.length);
    expect(await count('population')).toBe(c.population.length);
    expect(await count('plan')).toBe(c.plans.length);
    expect(await count('plan_version')).toBe(c.plans.reduce((s, p) => s + p.versions.length, 0));
    expect(await count('plan_target')).toBe(
      c.plans.reduce((s, p) => s + p.versions.reduce((t, v) => t + v.targets.length, 0), 0),
    );
    expect(stages.has('landsurvey-2025')).toBe(true);

    const layers = await ctx.store.db.selectFrom('layer').selectAll().orderBy('id').execute();
    expect(layers.map((l) => l.code)).toEqual(['zones', ...datasets.map((d) => d.code)]);
    const survey2025 = layers.find((l) => l.code === 'landsurvey-2025')!;
    expect(survey2025).toMatchObject({
      feature_count: c.patches.count,
      status_year: 2025,
      classification: 'sandiao',
      is_public: 0,
      created_by: 'lantu demo',
    });
    const lines = layers.find((l) => l.code === 'controlline-v2')!;
    expect(lines.is_public).toBe(1);
    const current = await ctx.store.db
      .selectFrom('plan_version')
      .selectAll()
      .where('id', '=', lines.plan_version_id!)
      .executeTakeFirstOrThrow();
    expect(current).toMatchObject({ version_no: 2, is_current: 1 });
    const departments = await ctx.store.db.selectFrom('department').select('code').execute();
    expect(departments.map((d) => d.code)).toEqual(expect.arrayContaining(['zrzy', 'zjj', 'yjj']));
  });

  it('round-trips geometries and attributes', async () => {
    const c = small();
    const layer = await ctx.store.db
      .selectFrom('layer')
      .select('id')
      .where('code', '=', 'landsurvey-2025')
      .executeTakeFirstOrThrow();
    const rows = await ctx.store.db
      .selectFrom('land_survey')
      .selectAll()
      .where('layer_id', '=', layer.id)
      .orderBy('fid')
      .limit(50)
      .execute();
    const generated = [...c.landSurvey(2025)].slice(0, 50);
    rows.forEach((row, i) => {
      const f = generated[i]!;
      expect(row).toMatchObject({
        bsm: f.bsm,
        dlbm: f.dlbm,
        dlmc: f.dlmc,
        czcsxm: f.czcsxm,
        region_code: f.regionCode,
      });
      expect(ctx.store.dialect.decodeGeometry(row.geom)).toEqual(f.geometry);
      const attrs = typeof row.attrs === 'string' ? JSON.parse(row.attrs) : row.attrs;
      expect(attrs).toEqual(JSON.parse(f.attrsJson));
    });
    const cityZone = await ctx.store.db
      .selectFrom('zone')
      .selectAll()
      .where('code', '=', '9901')
      .executeTakeFirstOrThrow();
    expect(ctx.store.dialect.decodeGeometry(cityZone.geom)).toEqual(c.zones.find((z) => z.code === '9901')!.geometry);
    const road = await ctx.store.db.selectFrom('road').selectAll().orderBy('fid').limit(1).executeTakeFirstOrThrow();
    expect(ctx.store.dialect.decodeGeometry(road.geom)).toEqual(c.roadFeatures[0]!.geometry);
  });

  it('refuses a second load and leaves the store as it was', async () => {
    const before = await Promise.all(
      ['land_survey', 'zone', 'layer', 'plan', 'population'].map((t) => count(t as 'zone')),
    );
    await expect(loadDemoCity(ctx.store, small())).rejects.toMatchObject({ code: 'demo_already_loaded', status: 409 });
    const after = await Promise.all(
      ['land_survey', 'zone', 'layer', 'plan', 'population'].map((t) => count(t as 'zone')),
    );
    expect(after).toEqual(before);
  });
});
