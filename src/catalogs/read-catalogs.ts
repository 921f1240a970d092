/**
 * Read and check the reference catalogs in data/catalogs/ (the product's own copies; it never reads the
 * shared reference folder at run time). Nothing is written here: `loadCatalogs` writes only what this
 * function has fully checked, so a broken file can never half-replace the catalog tables.
 *
 * Layout (docs/decisions/0004-reference-catalogs.md):
 * - `<classification>.csv` per code list, one row per class. Columns `code, level, name, parent_code,
 *   verification, source` are required, `name_en` optional; any other column (snake_case) is a property
 *   of the class, kept as a JSON object of its non-empty values.
 * - `crosswalk-<from>-<to>.csv` per crosswalk: `from_code, to_code, needs_split, verification, source`,
 *   optional `from_name, to_name, note`. One row per candidate target.
 *
 * Checks, each reported with file, line and field (LantuError `catalog_invalid`): every classification
 * has its file and no unknown file is present; headers carry the required columns once; codes are
 * well-formed and unique; levels are 1–3; a level-1 class has no parent and any other class has a parent
 * in its own classification one level up; verification reads `VERIFIED|PRACTITIONER|UNVERIFIED: …`;
 * crosswalk codes exist on both sides, names (when given) match the class tables, a code pair appears
 * once, and `needs_split` is 1 exactly when a from-code has several candidates.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LantuError } from '../errors.js';
import { CLASSIFICATIONS, type Classification } from './catalog-tables.js';
import { CsvSyntaxError, parseCsv } from './csv-reader.js';

/** data/catalogs/ at the package root; the same relative path from src/catalogs and dist/catalogs. */
export const CATALOG_DIR = fileURLToPath(new URL('../../data/catalogs/', import.meta.url));

export interface CatalogClass {
  classification: Classification;
  code: string;
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  properties: Record<string, string> | null;
  verification: string;
  source: string;
}

export interface CatalogCrosswalk {
  from_classification: Classification;
  from_code: string;
  to_classification: Classification;
  to_code: string;
  needs_split: 0 | 1;
  note: string | null;
  verification: string;
  source: string;
}

export interface Catalogs {
  classes: CatalogClass[];
  crosswalks: CatalogCrosswalk[];
}

const CLASS_REQUIRED = ['code', 'level', 'name', 'parent_code', 'verification', 'source'];
const CLASS_FIXED = new Set([...CLASS_REQUIRED, 'name_en']);
const CROSSWALK_REQUIRED = ['from_code', 'to_code', 'needs_split', 'verification', 'source'];
const CROSSWALK_ALLOWED = new Set([...CROSSWALK_REQUIRED, 'from_name', 'to_name', 'note']);
const CODE = /^[0-9A-Z]{2,8}$/;
const COLUMN = /^[a-z][a-z0-9_]*$/;
const VERIFICATION = /^(VERIFIED|PRACTITIONER|UNVERIFIED): \S/;

export async function readCatalogs(dir: string = CATALOG_DIR): Promise<Catalogs> {
  const problems = new Problems();
  const { classFiles, crosswalkFiles } = await listFiles(dir, problems);
  problems.throwIfAny();

  const classes: CatalogClass[] = [];
  const index = new Map<Classification, Map<string, CatalogClass>>();
  for (const [classification, file] of classFiles) {
    const table = await readTable(dir, file, CLASS_REQUIRED, null, problems);
    const rows = table ? checkClasses(classification, file, table, problems) : [];
    classes.push(...rows);
    index.set(classification, new Map(rows.map((r) => [r.code, r])));
  }
  problems.throwIfAny();

  const crosswalks: CatalogCrosswalk[] = [];
  for (const { file, from, to } of crosswalkFiles) {
    const table = await readTable(dir, file, CROSSWALK_REQUIRED, CROSSWALK_ALLOWED, problems);
    if (table) crosswalks.push(...checkCrosswalks(file, from, to, table, index, problems));
  }
  problems.throwIfAny();
  return { classes, crosswalks };
}

// ── files and tables ─────────────────────────────────────────────────────

async function listFiles(dir: string, problems: Problems) {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.csv')).sort();
  } catch (error) {
    throw new LantuError(
      'catalog_invalid',
      500,
      `无法读取参考目录文件夹 ${dir}：${(error as Error).message}`,
      `cannot read the catalog folder ${dir}: ${(error as Error).message}`,
    );
  }
  const classFiles = new Map<Classification, string>();
  const crosswalkFiles: { file: string; from: Classification; to: Classification }[] = [];
  for (const file of names) {
    const base = file.slice(0, -'.csv'.length);
    const pair = /^crosswalk-([a-z0-9]+)-([a-z0-9]+)$/.exec(base);
    if (isClassification(base)) classFiles.set(base, file);
    else if (pair && isClassification(pair[1]) && isClassification(pair[2]) && pair[1] !== pair[2])
      crosswalkFiles.push({ file, from: pair[1], to: pair[2] });
    else
      problems.add(
        { file },
        `文件名既不是已知分类（${CLASSIFICATIONS.join('、')}）也不是 crosswalk-<源>-<目标>.csv`,
        `the name is neither a known classification (${CLASSIFICATIONS.join(', ')}) nor crosswalk-<from>-<to>.csv`,
      );
  }
  for (const classification of CLASSIFICATIONS)
    if (!classFiles.has(classification))
      problems.add({ file: `${classification}.csv` }, '分类文件缺失', 'the classification file is missing');
  return { classFiles, crosswalkFiles };
}

interface Table {
  columns: string[];
  rows: { line: number; get: (column: string) => string }[];
}

async function readTable(
  dir: string,
  file: string,
  required: string[],
  allowed: Set<string> | null,
  problems: Problems,
): Promise<Table | null> {
  let records;
  try {
    records = parseCsv(await readFile(path.join(dir, file), 'utf8'));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ file, row: error.line }, `CSV 格式错误：${error.message}`, `malformed CSV: ${error.message}`);
    return null;
  }
  const columns = records[0]?.fields.map((c) => c.trim()) ?? [];
  const before = problems.count;
  columns.forEach((column, i) => {
    if (!COLUMN.test(column)) problems.add({ file, row: 1, field: column }, '列名无效', 'invalid column name');
    else if (columns.indexOf(column) !== i)
      problems.add({ file, row: 1, field: column }, '列名重复', 'duplicate column');
    else if (allowed && !allowed.has(column)) problems.add({ file, row: 1, field: column }, '未知列', 'unknown column');
  });
  for (const column of required)
    if (!columns.includes(column))
      problems.add({ file, row: 1, field: column }, '缺少必需的列', 'required column missing');
  if (problems.count > before) return null;

  const rows: Table['rows'] = [];
  for (const { line, fields } of records.slice(1)) {
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== columns.length) {
      problems.add(
        { file, row: line },
        `该行有 ${fields.length} 个字段，表头有 ${columns.length} 列`,
        `${fields.length} fields where the header has ${columns.length} columns`,
      );
      continue;
    }
    const values = new Map(columns.map((c, i) => [c, fields[i]!.trim()]));
    rows.push({ line, get: (column) => values.get(column) ?? '' });
  }
  return { columns, rows };
}

// ── classes ──────────────────────────────────────────────────────────────

function checkClasses(classification: Classification, file: string, table: Table, problems: Problems): CatalogClass[] {
  const byCode = new Map<string, { row: CatalogClass; line: number }>();
  const propertyColumns = table.columns.filter((c) => !CLASS_FIXED.has(c));
  for (const { line, get } of table.rows) {
    const at = (field: string) => ({ file, row: line, field });
    const code = get('code');
    const level = Number(get('level'));
    const parent = get('parent_code');
    if (!CODE.test(code)) problems.add(at('code'), `代码“${code}”无效`, `invalid code "${code}"`);
    else if (byCode.has(code)) problems.add(at('code'), `代码 ${code} 重复`, `duplicate code ${code}`);
    if (!Number.isInteger(level) || level < 1 || level > 3)
      problems.add(at('level'), `级别“${get('level')}”应为 1–3`, `level "${get('level')}" must be 1–3`);
    if (!get('name')) problems.add(at('name'), '名称为空', 'name is empty');
    if (level === 1 && parent) problems.add(at('parent_code'), '一级类不应有上级代码', 'a level-1 class has no parent');
    if (level > 1 && !parent) problems.add(at('parent_code'), '缺少上级代码', 'parent_code is empty');
    checkProvenance(get, at, problems);
    const properties = Object.fromEntries(propertyColumns.filter((c) => get(c)).map((c) => [c, get(c)]));
    const row: CatalogClass = {
      classification,
      code,
      level,
      name: get('name'),
      name_en: get('name_en') || null,
      parent_code: parent || null,
      properties: Object.keys(properties).length ? properties : null,
      verification: get('verification'),
      source: get('source'),
    };
    if (!byCode.has(code)) byCode.set(code, { row, line });
  }
  for (const { row, line } of byCode.values()) {
    if (!row.parent_code || row.level < 2) continue;
    const parent = byCode.get(row.parent_code)?.row;
    if (!parent)
      problems.add(
        { file, row: line, field: 'parent_code' },
        `上级代码 ${row.parent_code} 不在 ${classification} 中`,
        `parent ${row.parent_code} is not in ${classification}`,
      );
    else if (parent.level !== row.level - 1)
      problems.add(
        { file, row: line, field: 'parent_code' },
        `上级 ${parent.code} 是 ${parent.level} 级，应为 ${row.level - 1} 级`,
        `parent ${parent.code} is level ${parent.level}, expected ${row.level - 1}`,
      );
  }
  return [...byCode.values()].map((v) => v.row);
}

// ── crosswalks ───────────────────────────────────────────────────────────

function checkCrosswalks(
  file: string,
  from: Classification,
  to: Classification,
  table: Table,
  index: Map<Classification, Map<string, CatalogClass>>,
  problems: Problems,
): CatalogCrosswalk[] {
  const rows: (CatalogCrosswalk & { line: number })[] = [];
  const pairs = new Set<string>();
  for (const { line, get } of table.rows) {
    const at = (field: string) => ({ file, row: line, field });
    for (const [side, classification] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const code = get(`${side}_code`);
      const known = index.get(classification)?.get(code);
      const name = get(`${side}_name`);
      if (!known)
        problems.add(
          at(`${side}_code`),
          `代码 ${code} 不在 ${classification} 中`,
          `code ${code} is not in ${classification}`,
        );
      else if (name && name !== known.name)
        problems.add(
          at(`${side}_name`),
          `名称“${name}”与 ${classification} ${code} 的名称“${known.name}”不符`,
          `name "${name}" differs from ${classification} ${code} "${known.name}"`,
        );
    }
    const split = get('needs_split');
    if (split !== '0' && split !== '1')
      problems.add(
        at('needs_split'),
        `needs_split 应为 0 或 1，而不是“${split}”`,
        `needs_split must be 0 or 1, not "${split}"`,
      );
    const pair = `${get('from_code')}→${get('to_code')}`;
    if (pairs.has(pair)) problems.add(at('to_code'), `对应关系 ${pair} 重复`, `duplicate mapping ${pair}`);
    pairs.add(pair);
    checkProvenance(get, at, problems);
    rows.push({
      line,
      from_classification: from,
      from_code: get('from_code'),
      to_classification: to,
      to_code: get('to_code'),
      needs_split: split === '1' ? 1 : 0,
      note: get('note') || null,
      verification: get('verification'),
      source: get('source'),
    });
  }
  const candidates = new Map<string, number>();
  for (const row of rows) candidates.set(row.from_code, (candidates.get(row.from_code) ?? 0) + 1);
  for (const { line, from_code, needs_split } of rows) {
    const several = candidates.get(from_code)! > 1;
    if (several !== (needs_split === 1))
      problems.add(
        { file, row: line, field: 'needs_split' },
        several ? `${from_code} 有多个候选，needs_split 应为 1` : `${from_code} 只有一个候选，needs_split 应为 0`,
        several
          ? `${from_code} has several candidates, so needs_split must be 1`
          : `${from_code} has one candidate, so needs_split must be 0`,
      );
  }
  return rows.map(({ line: _line, ...row }) => row);
}

// ── shared ───────────────────────────────────────────────────────────────

function checkProvenance(get: (column: string) => string, at: (field: string) => Location, problems: Problems): void {
  if (!VERIFICATION.test(get('verification')))
    problems.add(
      at('verification'),
      '核验状态应为“VERIFIED: 来源”“PRACTITIONER: 来源”或“UNVERIFIED: 原因”',
      'verification must read "VERIFIED: <source>", "PRACTITIONER: <source>" or "UNVERIFIED: <reason>"',
    );
  if (!get('source')) problems.add(at('source'), '来源为空', 'source is empty');
}

function isClassification(value: string | undefined): value is Classification {
  return (CLASSIFICATIONS as readonly string[]).includes(value ?? '');
}

interface Location {
  file: string;
  row?: number;
  field?: string;
}

interface Problem extends Location {
  zh: string;
  en: string;
}

/** Collects every problem so one run reports them all; the first becomes the error's message. */
class Problems {
  private readonly list: Problem[] = [];

  get count(): number {
    return this.list.length;
  }

  add(location: Location, zh: string, en: string): void {
    this.list.push({ ...location, zh, en });
  }

  throwIfAny(): void {
    const first = this.list[0];
    if (!first) return;
    const where = [first.row ? `第 ${first.row} 行` : '', first.field ? `字段 ${first.field}` : ''].filter(Boolean);
    const whereEn = [first.row ? `line ${first.row}` : '', first.field ? `field ${first.field}` : ''].filter(Boolean);
    const more = this.list.length > 1 ? ` (+${this.list.length - 1})` : '';
    throw new LantuError(
      'catalog_invalid',
      500,
      `参考目录 ${[first.file, ...where].join('，')}：${first.zh}${more}`,
      `reference catalog ${[first.file, ...whereEn].join(', ')}: ${first.en}${more}`,
      { row: first.row, field: first.field },
      { file: first.file, problems: this.list.slice(0, 50) },
    );
  }
}
