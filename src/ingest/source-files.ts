/**
 * From what the user hands over — a file, a folder, a ZIP — to what GDAL opens, with the facts the
 * import history keeps: the name the user knows, the SHA-256 of exactly the bytes imported, and the
 * format. A ZIP is unpacked into the import's work folder (GDAL's /vsizip/ would do, but names inside
 * Chinese ZIPs are GBK and a Shapefile's .cpg must be found beside it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { badRequest } from '../errors.js';
import { extractZip } from './zip.js';

export const SOURCE_FORMATS = ['shapefile', 'geopackage', 'filegdb', 'geojson', 'csv'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface SourceFile {
  /** The file or folder name the user gave (a ZIP's own name for a ZIP). */
  fileName: string;
  sha256: string;
  format: SourceFormat;
  /** What GDAL opens: the .shp, .gpkg, .geojson or .csv file, or the .gdb folder. */
  datasetPath: string;
}

const EXTENSIONS: Record<string, SourceFormat> = {
  '.shp': 'shapefile',
  '.gpkg': 'geopackage',
  '.gdb': 'filegdb',
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.csv': 'csv',
};

const refuse = (code: string, zh: string, en: string) => badRequest(code, zh, en, { field: 'file' });

/** Resolve `input` (unpacking a ZIP into `workDir`). */
export async function resolveSourceFile(input: string, workDir: string): Promise<SourceFile> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw refuse('file_not_found', `找不到文件 ${input}`, `no such file or folder: ${input}`);
  }
  const fileName = path.basename(input);
  if (stat.isFile() && path.extname(input).toLowerCase() === '.zip') {
    const sha256 = await hashFiles([input], path.dirname(input));
    const dir = path.join(workDir, 'unzipped');
    fs.mkdirSync(dir, { recursive: true });
    await extractZip(input, dir);
    const datasetPath = findDataset(dir, fileName);
    return { fileName, sha256, format: formatOf(datasetPath)!, datasetPath };
  }
  const datasetPath =
    stat.isDirectory() && !input.toLowerCase().endsWith('.gdb') ? findDataset(input, fileName) : input;
  const format = formatOf(datasetPath);
  if (!format) {
    const ext = path.extname(input).toLowerCase();
    throw refuse(
      'format_unsupported',
      ext === '.xlsx' || ext === '.xls'
        ? `Excel 表格没有几何，不能作为图层导入：请作为属性表（attributes）与图层按关键字段连接`
        : `不支持的文件类型 “${ext || fileName}”：可导入 Shapefile（.shp 或 ZIP）、GeoPackage、FileGDB（.gdb 文件夹或 ZIP）、GeoJSON、CSV`,
      ext === '.xlsx' || ext === '.xls'
        ? 'an Excel sheet has no geometry and cannot be imported as a layer: give it as an attribute table (attributes) joined to a layer by a key'
        : `unsupported file type "${ext || fileName}": import a Shapefile (.shp or ZIP), GeoPackage, FileGDB (.gdb folder or ZIP), GeoJSON or CSV`,
    );
  }
  const files = format === 'shapefile' ? shapefileParts(datasetPath) : [datasetPath];
  const root = format === 'filegdb' ? datasetPath : path.dirname(datasetPath);
  const sha256 = await hashFiles(format === 'filegdb' ? listFiles(datasetPath) : files, root);
  return { fileName, sha256, format, datasetPath };
}

export function formatOf(p: string): SourceFormat | null {
  return EXTENSIONS[path.extname(p).toLowerCase()] ?? null;
}

/** The one dataset in a folder (a .gdb folder counts as one); refused when there are none or several. */
function findDataset(dir: string, shownAs: string): string {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.name.startsWith('.') || entry.name === '__MACOSX') continue;
      if (entry.isDirectory()) {
        if (entry.name.toLowerCase().endsWith('.gdb')) found.push(full);
        else if (depth < 3) walk(full, depth + 1);
      } else if (formatOf(entry.name) && formatOf(entry.name) !== 'filegdb') found.push(full);
    }
  };
  walk(dir, 0);
  if (found.length === 1) return found[0]!;
  const names = found.map((f) => path.relative(dir, f)).sort();
  if (found.length === 0) {
    throw refuse(
      'dataset_not_found',
      `${shownAs} 中没有可导入的数据（Shapefile、GeoPackage、FileGDB、GeoJSON 或 CSV）`,
      `${shownAs} holds no data to import (Shapefile, GeoPackage, FileGDB, GeoJSON or CSV)`,
    );
  }
  throw refuse(
    'dataset_ambiguous',
    `${shownAs} 中有多个数据文件（${names.join('、')}）：请一次导入一个`,
    `${shownAs} holds several datasets (${names.join(', ')}): import one at a time`,
  );
}

/** The files of a Shapefile set (same stem, any case); .shp, .shx and .dbf must be there. */
function shapefileParts(shp: string): string[] {
  const dir = path.dirname(shp);
  const stem = path.basename(shp, path.extname(shp)).toLowerCase();
  const parts = fs.readdirSync(dir).filter((f) => path.basename(f, path.extname(f)).toLowerCase() === stem);
  for (const ext of ['.shx', '.dbf']) {
    if (!parts.some((f) => path.extname(f).toLowerCase() === ext)) {
      throw refuse(
        'shapefile_incomplete',
        `Shapefile 缺少 ${ext} 文件（${path.basename(shp)} 需要同名的 .shp、.shx、.dbf，最好还有 .prj 和 .cpg）`,
        `the Shapefile lacks its ${ext} file (${path.basename(shp)} needs .shp, .shx and .dbf of the same name, ideally .prj and .cpg too)`,
      );
    }
  }
  return parts.sort().map((f) => path.join(dir, f));
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** SHA-256 over the files in order; for several files each is preceded by its relative name. */
export async function hashFiles(files: string[], root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    if (files.length > 1) hash.update(path.relative(root, file).replace(/\\/g, '/') + '\0');
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
