/**
 * Imports of real files on both stores: the dirty sample's report checked fault by fault against
 * faults.json; all-or-nothing and valid-part; re-imports; encodings; GeoPackage, FileGDB, CSV;
 * Gauss-Krüger with and without .prj and zone number; GCJ-02; control lines; an attribute join.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Geometry, MultiPolygon, Point } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { writeDirtySample } from '../demo/index.js';
import type { DirtyFault } from '../demo/dirty-faults.js';
import { readJson, type Store } from '../store/store.js';
import { getImportReport } from './import-queries.js';
import type { IssueCode } from './issue-types.js';
import { runImport, type ImportRequest } from './run-import.js';
import { firstVertex, patchRing, PATCHES, seedRegions, writeTestFiles, type TestFiles, planner } from './test/files.js';
import { writeZip } from './zip.js';

/**
 * How the report names each fault of the dirty sample. A bow-tie is a self-intersection (GEOS says
 * so too); a duplicated 标识码 is `duplicate_id` on both features; metres labelled as degrees are
 * `projected_coordinates_as_degrees`.
 */
const FAULT_ISSUE: Record<DirtyFault, IssueCode> = {
  self_intersection: 'self_intersection',
  bow_tie: 'self_intersection',
  duplicate_vertex: 'duplicate_vertex',
  wrong_orientation: 'wrong_orientation',
  unclosed_ring: 'unclosed_ring',
  sliver: 'sliver',
  spike: 'spike',
  empty_geometry: 'empty_geometry',
  null_geometry: 'null_geometry',
  unknown_class_code: 'unknown_class_code',
  missing_required_field: 'missing_required_field',
  duplicate_bsm: 'duplicate_id',
  hole_outside_shell: 'hole_outside_shell',
  projected_coordinates: 'projected_coordinates_as_degrees',
};

async function issuesOf(store: Store, importId: number) {
  const report = await getImportReport(store.db, SYSTEM, importId, { limit: 1000, offset: 0 });
  return report.issues.items;
}

interface StoredFeature {
  fid: number;
  attrs: Record<string, unknown> | null;
  geometry: Geometry | null;
  [column: string]: unknown;
}

async function featuresOf(store: Store, table: 'land_survey' | 'generic_feature' | 'control_line', code: string) {
  const layer = await store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const rows = await store.db
    .selectFrom(table as 'land_survey')
    .selectAll()
    .where('layer_id', '=', layer.id)
    .orderBy('fid')
    .execute();
  return {
    layer,
    rows: rows.map((r): StoredFeature => ({
      ...(r as unknown as StoredFeature),
      attrs: readJson<Record<string, unknown>>(r.attrs),
      geometry: store.dialect.decodeGeometry(r.geom),
    })),
  };
}

describeEachStore('import', (ctx) => {
  let files: TestFiles;
  let dirty: { geojson: string; csv: string; faults: Record<string, DirtyFault[]> };
  const run = (r: Omit<ImportRequest, 'path'> & { path: string }, actor: Principal = planner) =>
    runImport(ctx.store, actor, r);

  beforeAll(async () => {
    await seedRegions(ctx.store);
    files = await writeTestFiles(path.join(ctx.dir, 'files'));
    const d = path.join(ctx.dir, 'dirty');
    await writeDirtySample(d);
    dirty = {
      geojson: path.join(d, 'dirty-landsurvey.geojson'),
      csv: path.join(d, 'dirty-landsurvey.csv'),
      faults: JSON.parse(fs.readFileSync(path.join(d, 'faults.json'), 'utf8')).features,
    };
  }, 120_000);

  for (const kind of ['geojson', 'csv'] as const) {
    it(`reports every fault of the dirty ${kind} on its row with its code, and nothing on clean features`, async () => {
      const summary = await run({ path: dirty[kind], layerCode: `dirty-${kind}`, preset: 'dltb' });
      const issues = await issuesOf(ctx.store, summary.importId);
      const ids = Object.keys(dirty.faults);
      for (const [index, id] of ids.entries()) {
        const row = index + 1;
        const found = new Set(issues.filter((i) => i.row === row).map((i) => i.issue));
        const expected = new Set(dirty.faults[id]!.map((f) => FAULT_ISSUE[f]));
        expect([...found].sort(), `${id} (row ${row})`).toEqual([...expected].sort());
      }
      for (const issue of issues) expect(issue.message.zh.length * issue.message.en.length).toBeGreaterThan(0);
    });
  }

  it('reads the same report through gdal3.js when the GDAL programs are not installed', async () => {
    const { wasmBackend } = await import('./gdal-wasm.js');
    const viaBinary = await run({ path: dirty.geojson, layerCode: 'dirty-bin', preset: 'dltb' });
    const viaWasm = await runImport(
      ctx.store,
      planner,
      { path: dirty.geojson, layerCode: 'dirty-wasm', preset: 'dltb' },
      {
        backend: wasmBackend(),
      },
    );
    const key = (i: { row: number | null; issue: string; action: string }) => `${i.row}:${i.issue}:${i.action}`;
    expect((await issuesOf(ctx.store, viaWasm.importId)).map(key)).toEqual(
      (await issuesOf(ctx.store, viaBinary.importId)).map(key),
    );
    expect(viaWasm.counts).toEqual(viaBinary.counts);
  });

  it('gives the same report and rows when worker threads do the checking', async () => {
    const inProcess = await runImport(
      ctx.store,
      planner,
      { path: dirty.csv, layerCode: 'dirty-one-thread', mode: 'valid_part' },
      { threads: 0 },
    );
    const threaded = await runImport(
      ctx.store,
      planner,
      { path: dirty.csv, layerCode: 'dirty-threads', mode: 'valid_part' },
      { threads: 2 },
    );
    const key = (i: { row: number | null; issue: string; action: string; message: { en: string } }) =>
      `${i.row}:${i.issue}:${i.action}:${i.message.en}`;
    expect((await issuesOf(ctx.store, threaded.importId)).map(key)).toEqual(
      (await issuesOf(ctx.store, inProcess.importId)).map(key),
    );
    expect(threaded.counts).toEqual(inProcess.counts);
    const rows = async (code: string) =>
      (await featuresOf(ctx.store, 'land_survey', code)).rows.map((r) => [r.bsm, r.region_code, r.geometry]);
    expect(await rows('dirty-threads')).toEqual(await rows('dirty-one-thread'));
  });

  it('refuses the whole dirty file by default: the store is unchanged and the report kept', async () => {
    const before = await ctx.store.db
      .selectFrom('land_survey')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const summary = await run({ path: dirty.geojson, layerCode: 'dirty-all' });
    expect(summary).toMatchObject({ status: 'rejected', preset: 'dltb', layer: { id: null, created: false } });
    expect(summary.counts).toEqual({ read: 40, loaded: 0, repaired: 7, rejected: 8 });
    expect(await ctx.store.db.selectFrom('layer').select('id').where('code', '=', 'dirty-all').execute()).toEqual([]);
    const after = await ctx.store.db
      .selectFrom('land_survey')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const run_ = await ctx.store.db
      .selectFrom('import_run')
      .selectAll()
      .where('id', '=', summary.importId)
      .executeTakeFirstOrThrow();
    expect(run_).toMatchObject({ status: 'rejected', read_count: 40, rejected_count: 8, loaded_count: 0 });
    expect(run_.file_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await issuesOf(ctx.store, summary.importId)).length).toBe(summary.issues.total);
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('activity')
      .where('entity_id', '=', String(summary.importId))
      .execute();
    expect(audit.map((a) => a.activity)).toEqual(['import.rejected']);
  });

  it('loads exactly the features without a rejecting issue with valid-part', async () => {
    const summary = await run({ path: dirty.geojson, layerCode: 'dirty-valid', mode: 'valid_part' });
    expect(summary.status).toBe('loaded');
    expect(summary.counts).toEqual({ read: 40, loaded: 32, repaired: 7, rejected: 8 });
    const issues = await issuesOf(ctx.store, summary.importId);
    const rejectedRows = new Set(issues.filter((i) => i.action === 'rejected').map((i) => i.row));
    const expectedTbbh = Array.from({ length: 40 }, (_, i) => i + 1)
      .filter((row) => !rejectedRows.has(row))
      .map(String);
    const { layer, rows } = await featuresOf(ctx.store, 'land_survey', 'dirty-valid');
    expect(rows.map((r) => r.attrs!.TBBH)).toEqual(expectedTbbh);
    expect(layer).toMatchObject({
      feature_count: 32,
      category: 'land_survey',
      region_code: '9901',
      classification: 'sandiao',
    });
    // Original names and values kept; typed columns filled; region from 坐落单位代码; polygons stored as multipolygons.
    expect(rows[0]).toMatchObject({ bsm: '990102000000900100', dlbm: '0101', dlmc: '水田', region_code: '990102101' });
    expect(rows[0]!.attrs).toMatchObject({ BSM: '990102000000900100', QSDWMC: '张庄村', SJNF: 2025 });
    for (const r of rows) expect((r.geometry as MultiPolygon).type).toBe('MultiPolygon');
  });

  it('refuses the same file with the same options into the same layer, and replaces the features otherwise', async () => {
    const first = await run({ path: files.shpGbk, layerCode: 'survey-gbk' });
    expect(first).toMatchObject({ status: 'loaded', layer: { created: true }, counts: { loaded: 6 } });
    await expect(run({ path: files.shpGbk, layerCode: 'survey-gbk' })).rejects.toMatchObject({
      status: 409,
      code: 'import_unchanged',
    });
    // A value computed from the first load goes stale when the layer is replaced.
    const firstLayer = await ctx.store.db
      .selectFrom('layer')
      .select('updated_at')
      .where('code', '=', 'survey-gbk')
      .executeTakeFirstOrThrow();
    const value = (code: string, updatedAt: string) => ({
      indicator_code: `T-${code}`,
      zone_code: '990102',
      region_code: '990102',
      year: 2025,
      value: 1,
      unit: 'km²',
      period: '',
      method: 'computed' as const,
      stale: 0,
      data_versions: JSON.stringify([{ kind: 'layer', code, updatedAt }]),
      computed_at: firstLayer.updated_at,
    });
    await ctx.store.db.insertInto('indicator_value').values(value('survey-gbk', firstLayer.updated_at)).execute();
    const second = await run({ path: files.shpGbk, layerCode: 'survey-gbk', mode: 'valid_part', title: '现状图斑' });
    expect(second).toMatchObject({
      status: 'loaded',
      layer: { created: false },
      counts: { loaded: 6 },
      staleIndicatorValues: 1,
    });
    const stale = await ctx.store.db
      .selectFrom('indicator_value')
      .select(['indicator_code', 'stale'])
      .orderBy('indicator_code')
      .execute();
    expect(stale).toEqual([{ indicator_code: 'T-survey-gbk', stale: 1 }]);
    const { layer, rows } = await featuresOf(ctx.store, 'land_survey', 'survey-gbk');
    // Replaced, not appended.
    expect(rows).toHaveLength(6);
    expect(layer).toMatchObject({ title: '现状图斑', feature_count: 6 });
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['activity', 'actor_name'])
      .where('entity_type', '=', 'layer')
      .where('entity_id', '=', 'survey-gbk')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { activity: 'layer.imported', actor_name: 'planner' },
      { activity: 'layer.reimported', actor_name: 'planner' },
    ]);
  });

  it('reads GBK attributes from a .cpg, without one (detected), UTF-8 without one, and as told', async () => {
    const names = PATCHES.map((p) => p.DLMC);
    for (const [code, file, encoding, decidedBy] of [
      ['enc-cpg', files.shpGbk, undefined, 'cpg'],
      ['enc-nocpg', files.shpNoCpg, undefined, 'detected'],
      ['enc-utf8', files.shpUtf8NoCpg, undefined, 'detected'],
      ['enc-told', files.shpNoCpg, 'GBK', 'option'],
    ] as const) {
      const s = await run({ path: file, layerCode: code, encoding });
      expect(s.status, code).toBe('loaded');
      const { rows } = await featuresOf(ctx.store, 'land_survey', code);
      expect(
        rows.map((r) => r.dlmc),
        code,
      ).toEqual(names);
      expect(
        rows.map((r) => r.attrs!.ZLDWMC),
        code,
      ).toEqual(PATCHES.map((p) => p.ZLDWMC));
      const options = (await ctx.store.db
        .selectFrom('import_run')
        .select('options')
        .where('id', '=', s.importId)
        .executeTakeFirstOrThrow()) as { options: unknown };
      expect(readJson<{ encodingDecidedBy: string }>(options.options)!.encodingDecidedBy, code).toBe(decidedBy);
    }
  });

  it('asks which layer of a two-layer GeoPackage, then imports the one named', async () => {
    await expect(run({ path: files.gpkgTwoLayers, layerCode: 'gpkg-two' })).rejects.toMatchObject({
      code: 'source_layer_required',
      location: { field: 'sourceLayer' },
    });
    const s = await run({ path: files.gpkgTwoLayers, layerCode: 'gpkg-two', sourceLayer: 'DLTB_2024' });
    expect(s).toMatchObject({
      status: 'loaded',
      format: 'geopackage',
      sourceLayer: 'DLTB_2024',
      sourceCrs: 'EPSG:4490',
    });
    expect(s.counts.loaded).toBe(6);
  });

  it('imports a FileGDB folder and the same folder zipped', async () => {
    if (!files.gdb) return; // this GDAL cannot write FileGDB
    const folder = await run({ path: files.gdb, layerCode: 'gdb-folder' });
    expect(folder).toMatchObject({ status: 'loaded', format: 'filegdb', counts: { loaded: 6 } });
    const zip = path.join(ctx.dir, 'survey.gdb.zip');
    const entries = fs.readdirSync(files.gdb).map((f) => ({ path: path.join(files.gdb!, f), name: `survey.gdb/${f}` }));
    writeZip(zip, entries);
    const zipped = await run({ path: zip, layerCode: 'gdb-zip' });
    expect(zipped).toMatchObject({
      status: 'loaded',
      format: 'filegdb',
      fileName: 'survey.gdb.zip',
      counts: { loaded: 6 },
    });
    const { rows } = await featuresOf(ctx.store, 'land_survey', 'gdb-zip');
    expect(rows.map((r) => r.dlmc)).toEqual(PATCHES.map((p) => p.DLMC));
  });

  it('reprojects Gauss-Krüger data declared by .prj, detected with the zone number, and detected without it', async () => {
    for (const [code, file, crs, how] of [
      ['gk-prj', files.gkPrefixed, 'EPSG:4527', 'declared'],
      ['gk-noprj', files.gkPrefixedNoPrj, 'EPSG:4527', 'detected'],
      ['gk-unprefixed', files.gkUnprefixedNoPrj, 'EPSG:4548', 'detected'],
    ] as const) {
      const s = await run({ path: file, layerCode: code });
      expect(s, code).toMatchObject({ status: 'loaded', sourceCrs: crs });
      const { rows } = await featuresOf(ctx.store, 'land_survey', code);
      const options = await ctx.store.db
        .selectFrom('import_run')
        .select('options')
        .where('id', '=', s.importId)
        .executeTakeFirstOrThrow();
      expect(readJson<{ crsDecidedBy: string }>(options.options)!.crsDecidedBy, code).toBe(how);
      rows.forEach((r, i) => {
        const ring = (r.geometry as MultiPolygon).coordinates[0]![0]!;
        // Every corner of the original parcel is back within a millimetre or so (1e-8° ≈ 1 mm).
        for (const corner of patchRing(i)) {
          expect(
            ring.some((p) => Math.abs(p[0]! - corner[0]!) < 1e-8 && Math.abs(p[1]! - corner[1]!) < 1e-8),
            code,
          ).toBe(true);
        }
      });
    }
  });

  it('converts GCJ-02 web-map coordinates when told, and leaves the offset in when not', async () => {
    await run({ path: files.gcj02, layerCode: 'gcj02-fixed', gcj02: true });
    await run({ path: files.gcj02, layerCode: 'gcj02-raw' });
    const fixed = (await featuresOf(ctx.store, 'land_survey', 'gcj02-fixed')).rows;
    const raw = (await featuresOf(ctx.store, 'land_survey', 'gcj02-raw')).rows;
    fixed.forEach((r, i) => {
      const [x, y] = firstVertex(r.geometry as MultiPolygon);
      const original = patchRing(i)[0]!;
      expect(Math.abs(x! - original[0]!)).toBeLessThan(1e-6);
      expect(Math.abs(y! - original[1]!)).toBeLessThan(1e-6);
      const [rx, ry] = firstVertex(raw[i]!.geometry as MultiPolygon);
      // GCJ-02 moves points here by several hundred metres.
      expect(Math.hypot(rx! - original[0]!, ry! - original[1]!)).toBeGreaterThan(1e-3);
    });
  });

  it('imports points from a CSV with X and Y columns into a generic layer', async () => {
    const s = await run({ path: files.csvXy, layerCode: 'wells', preset: 'generic' });
    expect(s).toMatchObject({ status: 'loaded', format: 'csv', counts: { loaded: 2 } });
    const { layer, rows } = await featuresOf(ctx.store, 'generic_feature', 'wells');
    expect(layer.category).toBe('generic_feature');
    expect(rows.map((r) => r.attrs)).toEqual([
      { 编号: 'W1', 名称: '一号井' },
      { 编号: 'W2', 名称: '二号井' },
    ]);
    expect((rows[0]!.geometry as Point).coordinates).toEqual([117.2501, 31.8001]);
  });

  it('takes the control-line type from the layer name, or asks for it', async () => {
    const s = await run({ path: files.redline, layerCode: 'redline-2025' });
    expect(s).toMatchObject({ status: 'loaded', preset: 'control-line' });
    const { rows } = await featuresOf(ctx.store, 'control_line', 'redline-2025');
    expect(rows.map((r) => [r.line_type, r.sub_type, r.name, r.region_code])).toEqual([
      ['生态保护红线', '水源涵养', '红线1', '990102101'],
      ['生态保护红线', '水源涵养', '红线2', '990102101'],
    ]);
    await expect(
      run({ path: files.geojson, layerCode: 'lines-unknown', preset: 'control-line' }),
    ).rejects.toMatchObject({ code: 'line_type_required', location: { field: 'lineType' } });
    const told = await run({
      path: files.geojson,
      layerCode: 'lines-told',
      preset: 'control-line',
      lineType: 'YJJBNT',
    });
    expect(told.status).toBe('loaded');
    const pbf = await featuresOf(ctx.store, 'control_line', 'lines-told');
    expect(new Set(pbf.rows.map((r) => r.line_type))).toEqual(new Set(['永久基本农田']));
  });

  it('joins an Excel attribute table by key and reports features without a row', async () => {
    const s = await run({ path: files.geojson, layerCode: 'joined', attributes: { path: files.xlsx, key: 'BSM' } });
    expect(s.status).toBe('loaded');
    const { rows } = await featuresOf(ctx.store, 'land_survey', 'joined');
    expect(rows[0]!.attrs).toMatchObject({ BSM: PATCHES[0]!.BSM, GDDB: '2', 备注: '核查 水田' });
    const issues = await issuesOf(ctx.store, s.importId);
    expect(issues.map((i) => [i.row, i.issue, i.action])).toEqual([[6, 'attribute_row_missing', 'kept']]);
  });

  it('joins a GBK CSV attribute table too, the table’s key column named differently', async () => {
    const csv = path.join(ctx.dir, 'attributes-gbk.csv');
    const lines = ['标识码,核查结果', ...PATCHES.map((p, i) => `${p.BSM},${i % 2 ? '一致' : '不一致'}`)];
    fs.writeFileSync(csv, iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'));
    const s = await run({
      path: files.geojson,
      layerCode: 'joined-csv',
      attributes: { path: csv, key: 'BSM', tableKey: '标识码' },
    });
    expect(s.counts).toMatchObject({ loaded: 6, rejected: 0 });
    const { rows } = await featuresOf(ctx.store, 'land_survey', 'joined-csv');
    expect(rows.map((r) => r.attrs!['核查结果'])).toEqual(['不一致', '一致', '不一致', '一致', '不一致', '一致']);
  });

  it('changes nothing when no feature can be loaded, even in valid-part mode', async () => {
    const first = await run({ path: files.geojson, layerCode: 'keep-me' });
    expect(first.counts.loaded).toBe(6);
    // Gauss-Krüger metres said to be degrees: every feature is rejected.
    const s = await run({ path: files.gkPrefixed, layerCode: 'keep-me', mode: 'valid_part', crs: 'EPSG:4490' });
    expect(s).toMatchObject({ status: 'rejected', counts: { read: 6, loaded: 0, rejected: 6 } });
    expect((await featuresOf(ctx.store, 'land_survey', 'keep-me')).rows).toHaveLength(6);
  });

  it('rejects features outside the region and refuses regions outside the importer’s scope', async () => {
    const s = await run(
      { path: files.geojson, layerCode: 'far-away', regionCode: '990103' },
      { ...planner, regionCode: '9901' },
    );
    expect(s.status).toBe('rejected');
    const issues = await issuesOf(ctx.store, s.importId);
    expect(new Set(issues.map((i) => i.issue))).toEqual(new Set(['outside_region_extent']));
    await expect(
      run({ path: files.geojson, layerCode: 'not-mine', regionCode: '990103' }, { ...planner, regionCode: '990102' }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
