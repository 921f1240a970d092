/** Exports on both stores, read back by GDAL's ogrinfo: counts, CRS, GBK names, shortened fields. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { exportLayer, type ExportRequest } from './export-layer.js';
import { runImport } from './run-import.js';
import { ogrinfo, patchCollection, PATCHES, seedRegions } from './test/files.js';
import { extractZip } from './zip.js';

const outsider: Principal = {
  userId: 9,
  username: 'planner_9902',
  displayName: 'planner of another city',
  role: 'planner',
  regionCode: '9902',
  departmentCode: null,
};

describeEachStore('export', (ctx) => {
  const exports: { cleanup(): void }[] = [];
  const exported = async (req: Omit<ExportRequest, 'layerCode'>) => {
    const r = await exportLayer(ctx.store, SYSTEM, { layerCode: 'survey', ...req });
    exports.push(r);
    return r;
  };

  beforeAll(async () => {
    await seedRegions(ctx.store);
    const file = path.join(ctx.dir, 'survey.geojson');
    const collection = patchCollection();
    collection.features.forEach((f, i) => (f.properties!['土地利用现状分类名称'] = `${PATCHES[i]!.DLMC}（现状）`));
    fs.writeFileSync(file, JSON.stringify(collection));
    const s = await runImport(ctx.store, SYSTEM, { path: file, layerCode: 'survey', regionCode: '9901' });
    expect(s.status).toBe('loaded');
  }, 60_000);

  it('writes a GeoPackage GDAL reads with every feature in EPSG:4490', async () => {
    const r = await exported({ format: 'gpkg' });
    const info = ogrinfo(['-so', '-al', r.file]);
    expect(info).toContain('Feature Count: 6');
    expect(info).toMatch(/ID\["EPSG",4490\]\]\s*$/m);
    expect(r).toMatchObject({ count: 6, crs: 'EPSG:4490', contentType: 'application/geopackage+sqlite3' });
  });

  it('writes a zipped GBK Shapefile with a .cpg, shortened names and the list of full ones', async () => {
    const r = await exported({ format: 'shp' });
    const dir = path.join(ctx.dir, 'shp-out');
    fs.mkdirSync(dir);
    const files = (await extractZip(r.file, dir)).map((f) => path.basename(f)).sort();
    expect(files).toEqual(['survey.cpg', 'survey.dbf', 'survey.prj', 'survey.shp', 'survey.shx', 'survey_fields.csv']);
    expect(fs.readFileSync(path.join(dir, 'survey.cpg'), 'utf8')).toBe('936');
    // The DBF holds GBK bytes: 水田 is B0 B1 CC EF in GBK.
    expect(fs.readFileSync(path.join(dir, 'survey.dbf')).includes(Buffer.from([0xcb, 0xae, 0xcc, 0xef]))).toBe(true);
    const info = ogrinfo(['-al', path.join(dir, 'survey.shp')]);
    expect(info).toContain('Feature Count: 6');
    expect(info).toContain('DLMC (String) = 水田');
    expect(info).toContain('土地利用现 (String) = 水田（现状）');
    expect(r.fieldNames).toEqual({ 土地利用现: '土地利用现状分类名称', region_cod: 'region_code' });
    expect(fs.readFileSync(path.join(dir, 'survey_fields.csv'), 'utf8')).toContain('土地利用现,土地利用现状分类名称');
  });

  it('reprojects to a Gauss-Krüger zone when asked', async () => {
    const r = await exported({ format: 'geojson', crs: 'EPSG:4527' });
    const info = ogrinfo(['-so', '-al', r.file]);
    expect(info).toContain('Feature Count: 6');
    expect(info).toMatch(/ID\["EPSG",4527\]\]/);
    expect(info).toMatch(/Extent: \(395\d{5}\.\d+, 35\d{5}\.\d+\)/);
  });

  it('writes CSV with the geometry as WKT, selected by bbox and by a column filter', async () => {
    const all = await exported({ format: 'csv' });
    const text = fs.readFileSync(all.file, 'utf8');
    expect(text.startsWith('\ufeffWKT,')).toBe(true);
    expect(text.trim().split('\n')).toHaveLength(7);
    const box = await exported({ format: 'csv', bbox: [117.2499, 31.7999, 117.2511, 31.8009] });
    expect(box.count).toBe(1);
    const paddy = await exported({ format: 'geojson', filter: { dlbm: '0101' } });
    expect(paddy.count).toBe(1);
  });

  it('refuses unknown formats, CRSs and filter columns, and layers the reader may not see', async () => {
    await expect(exported({ format: 'kml' as 'csv' })).rejects.toMatchObject({
      status: 400,
      location: { field: 'format' },
    });
    await expect(exported({ format: 'gpkg', crs: 'EPSG:2383' })).rejects.toMatchObject({ location: { field: 'crs' } });
    await expect(exported({ format: 'gpkg', filter: { attrs: 'x' } })).rejects.toMatchObject({
      location: { field: 'filter' },
    });
    await expect(exportLayer(ctx.store, outsider, { layerCode: 'survey', format: 'gpkg' })).rejects.toMatchObject({
      status: 403,
    });
    for (const r of exports) r.cleanup();
  });
});
