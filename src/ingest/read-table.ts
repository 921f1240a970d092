/**
 * Attribute tables delivered beside a layer — an Excel sheet or a CSV keyed by 标识码 or 图斑编号 —
 * read into a lookup by key, so the import can join them to the features. Excel is read with exceljs
 * (streaming, first sheet, first row = column names; text cells stay text, so 0101 stays 0101); CSV
 * through GDAL like any other source, after the same encoding check. The table is held in memory:
 * attribute tables are far smaller than the layers they describe.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { badRequest } from '../errors.js';
import type { GdalBackend } from './gdal.js';
import { readFeatures } from './read-features.js';
import { csvInUtf8, type Encoding } from './text-encoding.js';

export interface AttributeTable {
  fileName: string;
  /** The key column's name as the table spells it. */
  keyColumn: string;
  columns: string[];
  rows: Map<string, Record<string, unknown>>;
}

export async function readAttributeTable(
  file: string,
  keyColumn: string,
  opts: { backend: GdalBackend; encoding: Encoding | null; workDir: string },
): Promise<AttributeTable> {
  const ext = path.extname(file).toLowerCase();
  const records: { line: number; values: Record<string, unknown> }[] = [];
  let columns: string[];
  if (ext === '.xlsx') columns = await readXlsx(file, records);
  else if (ext === '.csv') columns = await readCsv(file, records, opts);
  else {
    throw badRequest(
      'attributes_format_unsupported',
      `属性表应为 .xlsx 或 .csv 文件，而不是 ${ext || path.basename(file)}`,
      `an attribute table must be an .xlsx or .csv file, not ${ext || path.basename(file)}`,
      { field: 'attributes' },
    );
  }
  const key = columns.find((c) => c.toUpperCase() === keyColumn.toUpperCase());
  if (!key) {
    throw badRequest(
      'attributes_key_missing',
      `属性表 ${path.basename(file)} 没有关键字段 ${keyColumn}（有：${columns.join('、')}）`,
      `the attribute table ${path.basename(file)} has no key column ${keyColumn} (it has: ${columns.join(', ')})`,
      { field: 'attributesKey' },
    );
  }
  const rows = new Map<string, Record<string, unknown>>();
  for (const { line, values } of records) {
    const k = values[key];
    if (k === null || k === undefined || String(k).trim() === '') continue;
    const text = String(k).trim();
    if (rows.has(text)) {
      throw badRequest(
        'attributes_key_duplicate',
        `属性表第 ${line} 行的关键字段 ${key} = “${text}” 与前面的行重复`,
        `row ${line} of the attribute table repeats the key ${key} = "${text}"`,
        { field: 'attributes', row: line },
      );
    }
    rows.set(text, values);
  }
  return { fileName: path.basename(file), keyColumn: key, columns, rows };
}

async function readXlsx(file: string, out: { line: number; values: Record<string, unknown> }[]): Promise<string[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let header: string[] | null = null;
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      if (!header) {
        header = values.map((v, i) => (v === null ? `column${i + 1}` : String(v).trim()));
        continue;
      }
      const record: Record<string, unknown> = {};
      header.forEach((name, i) => (record[name] = values[i] ?? null));
      out.push({ line: row.number, values: record });
    }
    break; // the first sheet only
  }
  return header ?? [];
}

/** An exceljs cell value as plain JSON: rich text joined, formulas by their result, dates as ISO dates. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return v;
  const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('result' in o) return cellValue(o.result);
  if ('text' in o) return cellValue(o.text);
  if ('error' in o) return null;
  return JSON.stringify(v);
}

async function readCsv(
  file: string,
  out: { line: number; values: Record<string, unknown> }[],
  opts: { backend: GdalBackend; encoding: Encoding | null; workDir: string },
): Promise<string[]> {
  const { path: utf8 } = await csvInUtf8(file, opts.encoding, opts.workDir);
  const source = { path: utf8, openOptions: [] };
  const info = await opts.backend.inspect(source);
  const layer = info.layers[0];
  if (!layer) return [];
  for await (const f of readFeatures({ backend: opts.backend, source, layer, wire: 'geojson' })) {
    out.push({ line: f.row + 1, values: f.properties });
  }
  return layer.fields.map((f) => f.name);
}
