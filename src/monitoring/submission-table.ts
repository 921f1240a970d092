/**
 * A department's batch of values as a table — CSV (UTF-8, RFC 4180, read by the catalogs' strict
 * reader) or the first sheet of an XLSX workbook (exceljs) — turned into rows of text keyed by our
 * column names. Headers may be in English or Chinese (指标代码, 区划代码, 年份, 期间, 数值, 单位, 来源,
 * 佐证); row numbers are those a person sees in the spreadsheet (the header is row 1).
 *
 *   readSubmissionTable('2025.csv', Buffer.from('指标代码,区划代码,年份,数值,单位\nAQ-04,9901,2025,3.2,亿m³\n'))
 *   // → [{ row: 2, fields: { indicator_code: 'AQ-04', zone_code: '9901', year: '2025', value: '3.2', unit: '亿m³' } }]
 */
import ExcelJS from 'exceljs';
import { CsvSyntaxError, parseCsv } from '../catalogs/csv-reader.js';
import { badRequest } from '../errors.js';

export const SUBMISSION_COLUMNS = [
  'indicator_code',
  'zone_code',
  'year',
  'period',
  'value',
  'unit',
  'source',
  'evidence',
] as const;
export type SubmissionColumn = (typeof SUBMISSION_COLUMNS)[number];
const REQUIRED: SubmissionColumn[] = ['indicator_code', 'zone_code', 'year', 'value', 'unit'];

const ALIASES: Record<string, SubmissionColumn> = {
  指标代码: 'indicator_code',
  指标编码: 'indicator_code',
  区划代码: 'zone_code',
  分区代码: 'zone_code',
  单元代码: 'zone_code',
  年份: 'year',
  年度: 'year',
  期间: 'period',
  数值: 'value',
  指标值: 'value',
  单位: 'unit',
  来源: 'source',
  数据来源: 'source',
  佐证: 'evidence',
  佐证材料: 'evidence',
};

export interface TableRow {
  /** 1-based spreadsheet row (the header is row 1). */
  row: number;
  fields: Partial<Record<SubmissionColumn, string>>;
}

export async function readSubmissionTable(fileName: string, data: Buffer): Promise<TableRow[]> {
  const lower = fileName.toLowerCase();
  let records: { row: number; cells: string[] }[];
  if (lower.endsWith('.csv')) records = readCsv(data);
  else if (lower.endsWith('.xlsx')) records = await readXlsx(data);
  else {
    throw badRequest(
      'submission_format_unsupported',
      `批量填报文件应为 .csv 或 .xlsx，而不是 ${fileName}`,
      `a batch must be a .csv or .xlsx file, not ${fileName}`,
      { field: 'file' },
    );
  }
  const header = records[0];
  if (!header) throw badRequest('submission_empty', '文件是空的', 'the file is empty', { field: 'file', row: 1 });
  const columns = header.cells.map((c) => columnOf(c));
  for (const [i, column] of columns.entries()) {
    if (column === null && header.cells[i]!.trim()) {
      throw badRequest(
        'submission_column_unknown',
        `未知的列“${header.cells[i]}”（可用：${SUBMISSION_COLUMNS.join('、')} 或对应中文列名）`,
        `unknown column "${header.cells[i]}" (known: ${SUBMISSION_COLUMNS.join(', ')} or their Chinese names)`,
        { field: header.cells[i]!, row: 1 },
      );
    }
  }
  for (const required of REQUIRED) {
    if (!columns.includes(required)) {
      throw badRequest(
        'submission_column_missing',
        `缺少必需的列 ${required}`,
        `required column ${required} is missing`,
        {
          field: required,
          row: 1,
        },
      );
    }
  }
  const out: TableRow[] = [];
  for (const record of records.slice(1)) {
    if (record.cells.every((c) => !c.trim())) continue;
    const fields: TableRow['fields'] = {};
    columns.forEach((column, i) => {
      if (column) fields[column] = (record.cells[i] ?? '').trim();
    });
    out.push({ row: record.row, fields });
  }
  return out;
}

function columnOf(header: string): SubmissionColumn | null {
  const h = header.trim().replace(/^\uFEFF/, '');
  if ((SUBMISSION_COLUMNS as readonly string[]).includes(h.toLowerCase())) return h.toLowerCase() as SubmissionColumn;
  return ALIASES[h] ?? null;
}

function readCsv(data: Buffer): { row: number; cells: string[] }[] {
  try {
    return parseCsv(data.toString('utf8')).map((r) => ({ row: r.line, cells: r.fields }));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw badRequest('submission_csv_invalid', `CSV 格式错误：${error.message}`, `malformed CSV: ${error.message}`, {
      field: 'file',
      row: error.line,
    });
  }
}

async function readXlsx(data: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw badRequest(
      'submission_xlsx_invalid',
      `无法读取 XLSX：${(error as Error).message}`,
      `cannot read the XLSX: ${(error as Error).message}`,
      {
        field: 'file',
      },
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const out: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    out.push({ row: rowNumber, cells });
  });
  return out;
}

/** A cell's value as text: numbers as JavaScript prints them (no display formatting), formulas by result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
  }
  return String(value);
}
