/**
 * Our Shapefile reader against GDAL's (the PGDUMP path): the same report, counts and stored rows on
 * the dirty sample written as a GBK Shapefile, on demo-city patches, on Gauss-Krüger data with a .prj,
 * and on a GBK file without .cpg — in the import's own thread and in two checking threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { generateDemoCity, writeDirtySample } from '../demo/index.js';
import { readJson } from '../store/store.js';
import { getImportReport } from './import-queries.js';
import { runImport, type ImportRequest } from './run-import.js';
import { planShapefile, ShapefileRecords } from './shapefile-reader.js';
import { ogr2ogr, seedRegions, writeTestFiles, type TestFiles, planner } from './test/files.js';
import { binaryBackend } from './gdal-binary.js';

describeEachStore('shapefile reader', (ctx) => {
  let files: TestFiles;
  let dirtyShp: string;
  let demoShp: string;

  beforeAll(async () => {
    await seedRegions(ctx.store);
    files = await writeTestFiles(path.join(ctx.dir, 'files'));
    const d = path.join(ctx.dir, 'dirty');
    await writeDirtySample(d);
    dirtyShp = path.join(d, 'shp', 'DLTB.shp');
    fs.mkdirSync(path.dirname(dirtyShp));
    ogr2ogr([
      '-f',
      'ESRI Shapefile',
      dirtyShp,
      path.join(d, 'dirty-landsurvey.geojson'),
      '-nln',
      'DLTB',
      '-nlt',
      'POLYGON',
      '-lco',
      'ENCODING=GBK',
    ]);
    // Demo-city patches as bench/import.ts makes them, a few thousand.
    const city = generateDemoCity({ seed: 'lantu', patches: 3000, years: [2025] });
    const seq = path.join(ctx.dir, 'demo.geojsonl');
    const lines: string[] = [];
    for (const f of city.landSurvey(2025)) {
      lines.push(`{"type":"Feature","properties":${f.attrsJson},"geometry":${JSON.stringify(f.geometry)}}`);
    }
    fs.writeFileSync(seq, lines.join('\n') + '\n');
    demoShp = path.join(ctx.dir, 'demo', 'DLTB.shp');
    fs.mkdirSync(path.dirname(demoShp));
    ogr2ogr([
      '-f',
      'ESRI Shapefile',
      demoShp,
      `GeoJSONSeq:${seq}`,
      '-nln',
      'DLTB',
      '-a_srs',
      'EPSG:4490',
      '-nlt',
      'POLYGON',
      '-lco',
      'ENCODING=GBK',
      '-lco',
      'RESIZE=YES',
    ]);
  }, 180_000);

  async function outcome(code: string) {
    const layer = await ctx.store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirst();
    const rows = layer
      ? await ctx.store.db
          .selectFrom(layer.feature_table as 'land_survey')
          .selectAll()
          .where('layer_id', '=', layer.id)
          .orderBy('fid')
          .execute()
      : [];
    return rows.map((r) => {
      const { id: _id, fid: _fid, layer_id: _layer, geom, attrs, ...rest } = r as unknown as Record<string, unknown>;
      return { ...rest, attrs: readJson(attrs as string | null), geometry: ctx.store.dialect.decodeGeometry(geom) };
    });
  }

  async function compare(request: Omit<ImportRequest, 'layerCode'>, name: string, threads: number) {
    const viaGdal = await runImport(
      ctx.store,
      planner,
      { ...request, layerCode: `${name}-gdal-${threads}` },
      { reader: 'gdal', threads },
    );
    const ours = await runImport(ctx.store, planner, { ...request, layerCode: `${name}-ours-${threads}` }, { threads });
    expect(ours.counts, name).toEqual(viaGdal.counts);
    expect(ours.status, name).toBe(viaGdal.status);
    expect(ours.reader).toBe('shapefile');
    expect(viaGdal.reader).toBe('ogr2ogr');
    const report = async (id: number) =>
      (await getImportReport(ctx.store.db, planner, id, { limit: 5000, offset: 0 })).issues.items.map((i) => ({
        ...i,
        id: undefined,
      }));
    expect(await report(ours.importId), name).toEqual(await report(viaGdal.importId));
    expect(await outcome(`${name}-ours-${threads}`), name).toEqual(await outcome(`${name}-gdal-${threads}`));
    return ours;
  }

  it('reads the files it is sure of, and leaves to GDAL what it is not', async () => {
    const info = await binaryBackend.inspect({ path: dirtyShp, openOptions: [] });
    expect(planShapefile(dirtyShp, info.layers[0]!, 'GBK')).not.toBeNull();
    // GDAL decides the encoding from the language driver: GDAL reads.
    expect(planShapefile(dirtyShp, info.layers[0]!, null)).toBeNull();
    // A deleted DBF record would shift the rows GDAL counts: GDAL reads.
    const copy = path.join(ctx.dir, 'deleted');
    fs.mkdirSync(copy);
    for (const ext of ['.shp', '.shx', '.dbf', '.cpg']) {
      fs.copyFileSync(dirtyShp.replace('.shp', ext), path.join(copy, `DLTB${ext}`));
    }
    const dbf = fs.readFileSync(path.join(copy, 'DLTB.dbf'));
    dbf[dbf.readUInt16LE(8) + dbf.readUInt16LE(10) * 3] = 0x2a;
    fs.writeFileSync(path.join(copy, 'DLTB.dbf'), dbf);
    expect(planShapefile(path.join(copy, 'DLTB.shp'), info.layers[0]!, 'GBK')).toBeNull();
  });

  it('reads records stored out of order, as the .shx points to them', async () => {
    const info = await binaryBackend.inspect({ path: dirtyShp, openOptions: [] });
    const plan = planShapefile(dirtyShp, info.layers[0]!, 'GBK')!;
    const inOrder = new ShapefileRecords(plan).read({ first: 1, count: plan.count });
    // The same records written back to front, each .shx entry pointing to its record's new place.
    const shp = fs.readFileSync(dirtyShp);
    const shx = fs.readFileSync(plan.shx);
    const records = Array.from({ length: plan.count }, (_, i) => {
      const at = shx.readInt32BE(100 + i * 8) * 2;
      return shp.subarray(at, at + 8 + shx.readInt32BE(104 + i * 8) * 2);
    });
    const dir = path.join(ctx.dir, 'reversed');
    fs.mkdirSync(dir);
    const parts = [shp.subarray(0, 100)];
    const newShx = Buffer.from(shx);
    let offset = 100;
    for (let i = plan.count - 1; i >= 0; i--) {
      if (i === 20) {
        // A wide gap too, so that a range across it is read a record at a time.
        parts.push(Buffer.alloc(1 << 17));
        offset += 1 << 17;
      }
      newShx.writeInt32BE(offset / 2, 100 + i * 8);
      parts.push(records[i]!);
      offset += records[i]!.length;
    }
    fs.writeFileSync(path.join(dir, 'DLTB.shp'), Buffer.concat(parts));
    fs.writeFileSync(path.join(dir, 'DLTB.shx'), newShx);
    for (const ext of ['.dbf', '.cpg']) fs.copyFileSync(dirtyShp.replace('.shp', ext), path.join(dir, `DLTB${ext}`));
    const reversed = planShapefile(path.join(dir, 'DLTB.shp'), info.layers[0]!, 'GBK')!;
    const reader = new ShapefileRecords(reversed);
    expect(reader.read({ first: 1, count: plan.count })).toEqual(inOrder);
    expect(reader.read({ first: 3, count: 5 })).toEqual(inOrder.slice(2, 7));
  });

  for (const threads of [0, 2]) {
    it(`gives GDAL's report, counts and rows on the dirty sample (${threads} checking threads)`, async () => {
      const s = await compare({ path: dirtyShp, preset: 'dltb', mode: 'valid_part' }, 'dirty', threads);
      expect(s.counts.rejected).toBeGreaterThan(0);
      expect(s.issues.total).toBeGreaterThan(10);
    });
  }

  it('gives GDAL’s rows on demo-city patches, all or nothing, in two threads', async () => {
    const s = await compare({ path: demoShp, preset: 'dltb', regionCode: '9901' }, 'demo', 2);
    expect(s.counts.read).toBeGreaterThan(1000);
  });

  it('gives GDAL’s rows on Gauss-Krüger data with a .prj and on GBK without .cpg', async () => {
    const gk = await compare({ path: files.gkPrefixed }, 'gk', 0);
    expect(gk).toMatchObject({ status: 'loaded', sourceCrs: 'EPSG:4527' });
    const nocpg = await compare({ path: files.shpNoCpg }, 'nocpg', 0);
    expect(nocpg.status).toBe('loaded');
  });
});
