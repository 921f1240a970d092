/** `lantu export <layer> <out>` — write a layer to a GeoPackage, Shapefile (GBK, zipped or as a set), GeoJSON or CSV. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM } from '../../auth/principal.js';
import { LantuError } from '../../errors.js';
import { EXPORT_FORMATS, exportLayer, type ExportFormat } from '../../ingest/export-layer.js';
import { extractZip } from '../../ingest/zip.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { parseLonLatBbox } from '../../geo/parse-bbox.js';

type Global = OutputOptions & { dataDir?: string };

const BY_EXTENSION: Record<string, ExportFormat> = {
  '.gpkg': 'gpkg',
  '.shp': 'shp',
  '.zip': 'shp',
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.csv': 'csv',
};

export function registerExportCommand(program: Command, globals: () => Global) {
  program
    .command('export <layer> <out>')
    .description('导出图层 export a layer (format from --format or the file extension)')
    .option('--format <format>', `格式 ${EXPORT_FORMATS.join(' | ')}`)
    .option('--crs <epsg>', '目标坐标系 target CRS, default EPSG:4490')
    .option('--bbox <bbox>', '范围 minLon,minLat,maxLon,maxLat (EPSG:4490)')
    .option('--filter <column=value...>', '按字段筛选 filter on a column, repeatable (e.g. dlbm=0101)')
    .action(
      async (layer: string, out: string, o: { format?: string; crs?: string; bbox?: string; filter?: string[] }) => {
        const g = globals();
        const format = (o.format ?? BY_EXTENSION[path.extname(out).toLowerCase()]) as ExportFormat | undefined;
        if (!format || !EXPORT_FORMATS.includes(format)) {
          throw new LantuError(
            'format_invalid',
            2,
            `请用 --format 指定格式（${EXPORT_FORMATS.join('、')}），或使用相应的文件扩展名`,
            `choose the format with --format (${EXPORT_FORMATS.join(', ')}) or give the file a matching extension`,
            { field: '--format' },
          );
        }
        const bbox = o.bbox ? parseLonLatBbox(o.bbox, '--bbox') : undefined;
        const filter = o.filter ? Object.fromEntries(o.filter.map(splitFilter)) : undefined;
        const result = await withStore(g, async (store) => {
          const r = await exportLayer(store, SYSTEM, { layerCode: layer, format, crs: o.crs, bbox, filter });
          try {
            fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
            const files: string[] = [];
            if (format === 'shp' && path.extname(out).toLowerCase() !== '.zip') {
              // A .shp path: write the set (and the field-name list) beside it, named after it.
              const dir = path.dirname(path.resolve(out));
              const stem = path.basename(out, path.extname(out));
              const tmp = fs.mkdtempSync(path.join(dir, '.lantu-export-'));
              const base = r.fileName.replace(/\.zip$/, '');
              for (const f of await extractZip(r.file, tmp)) {
                const name = stem + path.basename(f).slice(base.length);
                fs.renameSync(f, path.join(dir, name));
                files.push(path.join(dir, name));
              }
              fs.rmSync(tmp, { recursive: true, force: true });
            } else {
              fs.copyFileSync(r.file, out);
              files.push(path.resolve(out));
            }
            return { layer, format, crs: r.crs, count: r.count, files, fieldNames: r.fieldNames ?? null };
          } finally {
            r.cleanup();
          }
        });
        emit(
          g,
          result,
          () =>
            `已导出 exported ${result.count} feature(s) of ${layer} as ${format} (${result.crs}): ${result.files.join(', ')}` +
            (result.fieldNames && Object.keys(result.fieldNames).length
              ? `\n  字段名已截短 shortened field names: ${Object.entries(result.fieldNames)
                  .map(([s, f]) => `${s} ← ${f}`)
                  .join(', ')}`
              : ''),
        );
      },
    );
}

function splitFilter(item: string): [string, string] {
  const i = item.indexOf('=');
  if (i <= 0) {
    throw new LantuError(
      'filter_invalid',
      2,
      `--filter “${item}” 应写作 字段=值`,
      `--filter "${item}" must read column=value`,
      {
        field: '--filter',
      },
    );
  }
  return [item.slice(0, i), item.slice(i + 1)];
}
