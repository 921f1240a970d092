/**
 * The indicator system as versioned data on both stores: loaded at migrate (and only when the files
 * changed), edited through drafts, activated with the old version retired — every write audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import type { Principal } from '../auth/principal.js';
import { migrate } from '../store/migrate.js';
import {
  activateVersion,
  addIndicator,
  activeSystem,
  listIndicators,
  listSystemVersions,
  retireIndicator,
} from './indicator-systems.js';
import { loadIndicatorCatalog } from './load-indicator-catalog.js';
import { INDICATOR_CATALOG_DIR, readIndicatorCatalog } from './read-indicator-catalog.js';

const admin: Principal = {
  userId: 1,
  username: 'admin',
  displayName: 'Admin',
  role: 'admin',
  regionCode: '9901',
  departmentCode: null,
};
const districtAdmin: Principal = { ...admin, userId: 2, username: 'admin_d1', regionCode: '990102' };

describeEachStore('indicator systems', (ctx) => {
  const count = async (table: 'indicator_system' | 'indicator' | 'indicator_mapping' | 'warning_rule' | 'audit_log') =>
    Number(
      (
        await ctx.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('loads the catalog at migrate into an active first version', async () => {
    const files = await readIndicatorCatalog();
    expect(files.indicators.length).toBeGreaterThanOrEqual(160);
    const versions = await listSystemVersions(ctx.store.db);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      versionNo: 1,
      status: 'active',
      regionCode: '',
      createdBy: 'lantu',
      indicators: files.indicators.length,
    });
    expect(await count('indicator')).toBe(files.indicators.length);
    expect(await count('indicator_mapping')).toBe(files.mappings.length);
    expect(await count('warning_rule')).toBe(files.rules.length);
    const catalog = await listIndicators(ctx.store.db, { sourceSystem: 'tdt1063', tier: 'basic' });
    expect(catalog.total).toBe(33);
    const cropland = (await listIndicators(ctx.store.db, { q: '耕地保有量' })).items.map((i) => i.code);
    expect(cropland).toEqual(['AQ-11', 'MP-04']);
  });

  it('writes nothing when the files are unchanged', async () => {
    const before = await Promise.all([count('indicator_system'), count('indicator'), count('audit_log')]);
    expect(await loadIndicatorCatalog(ctx.store)).toBeNull();
    await migrate(ctx.store);
    expect(await Promise.all([count('indicator_system'), count('indicator'), count('audit_log')])).toEqual(before);
  });

  it('changed files make a new active version; the one before is retired', async () => {
    const dir = path.join(ctx.dir, 'catalog');
    fs.mkdirSync(dir);
    for (const f of fs.readdirSync(INDICATOR_CATALOG_DIR))
      fs.copyFileSync(path.join(INDICATOR_CATALOG_DIR, f), path.join(dir, f));
    const local = path.join(dir, 'local.csv');
    fs.writeFileSync(
      local,
      fs.readFileSync(local, 'utf8').replace('建设用地总面积 / 区域国土面积 ×100%', '建设用地总面积 / 国土面积 ×100%'),
    );
    expect(await loadIndicatorCatalog(ctx.store, dir)).toEqual({ versionNo: 2 });
    expect((await listSystemVersions(ctx.store.db)).map((v) => [v.versionNo, v.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(await loadIndicatorCatalog(ctx.store, dir)).toBeNull();
  });

  it('an edit copies the active version into a draft; the active one is untouched', async () => {
    const active = await activeSystem(ctx.store.db);
    const added = await addIndicator(ctx.store.db, admin, {
      code: 'LOC-03',
      name: '城市更新单元实施率',
      unit: '%',
      direction: 'higher_better',
      levels: ['unit'],
      method: 'reported',
      departmentCode: 'zjj',
      source: '示范市城市更新专项规划',
    });
    expect(added).toMatchObject({
      versionNo: 3,
      indicator: { code: 'LOC-03', sourceSystem: 'local', verification: 'UNVERIFIED: local indicator added by admin' },
    });
    const versions = await listSystemVersions(ctx.store.db);
    expect(versions.at(-1)).toMatchObject({
      versionNo: 3,
      status: 'draft',
      basedOnId: active.id,
      regionCode: '9901',
      indicators: (await readIndicatorCatalog()).indicators.length + 1,
    });
    expect((await listIndicators(ctx.store.db, { q: 'LOC-03' })).total).toBe(0);
    expect((await listIndicators(ctx.store.db, { versionNo: 3, q: 'LOC-03' })).total).toBe(1);
    // The draft got the mappings and the rules too.
    const draft = versions.at(-1)!;
    const rules = await ctx.store.db
      .selectFrom('warning_rule')
      .select('id')
      .where('system_id', '=', draft.id)
      .execute();
    expect(rules).toHaveLength((await readIndicatorCatalog()).rules.length);
  });

  it('retires with a successor in the same draft, and refuses a bad successor or a second retirement', async () => {
    const retired = await retireIndicator(ctx.store.db, admin, 'XT-06', {
      successorCode: 'LOC-03',
      reason: '以城市更新实施率替代',
    });
    expect(retired).toMatchObject({ versionNo: 3, indicator: { retired: true, successorCode: 'LOC-03' } });
    await expect(
      retireIndicator(ctx.store.db, admin, 'XT-07', { successorCode: 'XX-99', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'successor_invalid' });
    await expect(retireIndicator(ctx.store.db, admin, 'XT-06', { reason: 'again' })).rejects.toMatchObject({
      code: 'indicator_retired',
    });
    await expect(retireIndicator(ctx.store.db, admin, 'XT-07', { reason: ' ' })).rejects.toMatchObject({
      code: 'reason_required',
    });
    // A district's administrator may not edit the city's draft.
    await expect(retireIndicator(ctx.store.db, districtAdmin, 'XT-07', { reason: 'x' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('activating the draft retires the active version; only a draft can be activated', async () => {
    await expect(activateVersion(ctx.store.db, districtAdmin, 3)).rejects.toMatchObject({ status: 403 });
    const activated = await activateVersion(ctx.store.db, admin, 3);
    expect(activated).toMatchObject({ versionNo: 3, status: 'active' });
    expect((await listSystemVersions(ctx.store.db)).map((v) => v.status)).toEqual(['retired', 'retired', 'active']);
    expect((await listIndicators(ctx.store.db, { q: 'LOC-03' })).total).toBe(1);
    expect((await listIndicators(ctx.store.db, { q: 'XT-06' })).total).toBe(0);
    expect((await listIndicators(ctx.store.db, { q: 'XT-06', includeRetired: true })).items[0]).toMatchObject({
      retired: true,
    });
    await expect(activateVersion(ctx.store.db, admin, 2)).rejects.toMatchObject({ code: 'indicator_system_not_draft' });
  });

  it('audits every write', async () => {
    const activities = (
      await ctx.store.db
        .selectFrom('audit_log')
        .select('activity')
        .where('entity_type', 'in', ['indicator_system', 'indicator'])
        .orderBy('id')
        .execute()
    ).map((a) => a.activity);
    expect(activities).toEqual([
      'indicator_system.loaded',
      'indicator_system.loaded',
      'indicator_system.draft_created',
      'indicator.added',
      'indicator.retired',
      'indicator_system.activated',
    ]);
  });

  it('after an administrator’s own version, changed files arrive as a draft for review', async () => {
    const dir = path.join(ctx.dir, 'catalog');
    const local = path.join(dir, 'local.csv');
    fs.writeFileSync(
      local,
      fs
        .readFileSync(local, 'utf8')
        .replace('建设用地总面积 / 国土面积 ×100%', '建设用地总面积 / 区域国土面积 ×100%（修订）'),
    );
    expect(await loadIndicatorCatalog(ctx.store, dir)).toEqual({ versionNo: 4 });
    expect((await listSystemVersions(ctx.store.db)).map((v) => v.status)).toEqual([
      'retired',
      'retired',
      'active',
      'draft',
    ]);
    expect((await activeSystem(ctx.store.db)).version_no).toBe(3);
    // A shipped version belongs to no region; an administrator takes it up.
    expect(await activateVersion(ctx.store.db, admin, 4)).toMatchObject({ versionNo: 4, status: 'active' });
  });
});
