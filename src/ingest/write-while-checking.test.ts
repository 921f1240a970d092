/**
 * Rows written as they are checked (PostgreSQL's default, run-import.ts `checkWhileWriting`) against
 * rows written after: the same rows, report and counts; and a refused import rolls its rows back, so
 * the layer it would have replaced keeps its features. On the GeoPackage both runs take the two-phase
 * path, so the test states what every store must do.
 */
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { writeDirtySample } from '../demo/index.js';
import { readJson } from '../store/store.js';
import { getImportReport } from './import-queries.js';
import { runImport } from './run-import.js';
import { seedRegions, writeTestFiles, type TestFiles, planner } from './test/files.js';

describeEachStore('write while checking', (ctx) => {
  let files: TestFiles;
  let dirty: string;

  beforeAll(async () => {
    await seedRegions(ctx.store);
    files = await writeTestFiles(path.join(ctx.dir, 'files'));
    await writeDirtySample(path.join(ctx.dir, 'dirty'));
    dirty = path.join(ctx.dir, 'dirty', 'dirty-landsurvey.csv');
  }, 120_000);

  const rows = async (code: string) => {
    const layer = await ctx.store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    const found = await ctx.store.db
      .selectFrom('land_survey')
      .selectAll()
      .where('layer_id', '=', layer.id)
      .orderBy('fid')
      .execute();
    return {
      layer,
      rows: found.map((r) => [
        r.bsm,
        r.dlbm,
        r.region_code,
        readJson(r.attrs),
        ctx.store.dialect.decodeGeometry(r.geom),
      ]),
    };
  };
  const report = async (id: number) =>
    (await getImportReport(ctx.store.db, planner, id, { limit: 1000, offset: 0 })).issues.items.map(
      (i) => `${i.row}:${i.issue}:${i.action}:${i.message.en}`,
    );

  it('writes the same rows, report and counts as the two-phase import', async () => {
    for (const threads of [0, 2]) {
      const after = await runImport(
        ctx.store,
        planner,
        { path: dirty, layerCode: `after-${threads}`, mode: 'valid_part' },
        { writeWhileChecking: false, threads },
      );
      const during = await runImport(
        ctx.store,
        planner,
        { path: dirty, layerCode: `during-${threads}`, mode: 'valid_part' },
        { writeWhileChecking: true, threads },
      );
      expect(during.counts).toEqual(after.counts);
      expect(during.counts.loaded).toBeGreaterThan(0);
      expect(await report(during.importId)).toEqual(await report(after.importId));
      expect((await rows(`during-${threads}`)).rows).toEqual((await rows(`after-${threads}`)).rows);
    }
  });

  it('rolls the rows back when the import ends refused: the replaced layer keeps its features', async () => {
    const first = await runImport(ctx.store, planner, { path: files.shpGbk, layerCode: 'kept' });
    expect(first.status).toBe('loaded');
    const before = await rows('kept');
    const second = await runImport(
      ctx.store,
      planner,
      { path: dirty, layerCode: 'kept', preset: 'dltb' },
      { writeWhileChecking: true },
    );
    expect(second.status).toBe('rejected');
    expect(second.counts.loaded).toBe(0);
    const after = await rows('kept');
    expect(after.rows).toEqual(before.rows);
    expect(after.layer.feature_count).toBe(before.layer.feature_count);
    const runs = await ctx.store.db
      .selectFrom('import_run')
      .select(['id', 'status', 'loaded_count'])
      .where('id', 'in', [first.importId, second.importId])
      .orderBy('id')
      .execute();
    expect(runs.map((r) => [r.status, r.loaded_count])).toEqual([
      ['loaded', first.counts.loaded],
      ['rejected', 0],
    ]);
    expect((await report(second.importId)).length).toBeGreaterThan(0);
  });
});
