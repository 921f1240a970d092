/**
 * Read and check the indicator catalog in data/indicators/ (the product's own copy; see
 * docs/decisions/0020-indicators-and-warnings.md). Nothing is written here: `loadIndicatorCatalog` writes
 * only what this function has fully checked.
 *
 * Files (UTF-8, RFC 4180, read with the catalogs' strict reader so errors carry line numbers):
 * - `tdt1063.csv`, `master-plan.csv`, `local.csv` — one indicator per row, same columns; the file names
 *   the system the indicator comes from (TD/T 1063-2021 check-up, 市级总规 indicator table, local).
 * - `mapping.csv` — the links between the two systems: `same` (one measure under two names: a value
 *   computed or accepted for one is written for both), `related`, `component` (part of a composite).
 * - `warning-rules.csv` — the default warning rules (empty `indicator_code` = every indicator).
 *
 * Provenance stays per claim: `name_status`, `class_status` (basic/recommended or binding/expected/
 * advisory) and `unit_status` are each VERIFIED, PRACTITIONER or UNVERIFIED; the stored `verification`
 * leads with the weakest of the three, so a filter on "VERIFIED" never shows a row resting on a guess.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvSyntaxError, parseCsv } from '../catalogs/csv-reader.js';
import { LantuError } from '../errors.js';
import {
  DIRECTIONS,
  VALUE_METHODS,
  WARNING_GRADES,
  type Direction,
  type ValueMethod,
  type WarningGrade,
} from './monitoring-tables.js';
import { parseRuleParams, WARNING_KINDS, type WarningKind } from './warning-kinds.js';

/** data/indicators/ at the package root; the same relative path from src/monitoring and dist/monitoring. */
export const INDICATOR_CATALOG_DIR = fileURLToPath(new URL('../../data/indicators/', import.meta.url));

export const SOURCE_SYSTEMS = {
  'tdt1063.csv': 'tdt1063',
  'master-plan.csv': 'master_plan',
  'local.csv': 'local',
} as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[keyof typeof SOURCE_SYSTEMS];
export const INDICATOR_LEVELS = ['city', 'urban', 'unit', 'any'] as const;
export type IndicatorLevel = (typeof INDICATOR_LEVELS)[number];
export const TIERS = ['basic', 'recommended'] as const;
export const PLAN_ATTRIBUTES = ['binding', 'expected', 'advisory'] as const;
export const RELATIONS = ['same', 'related', 'component'] as const;
export type Relation = (typeof RELATIONS)[number];
const STATUSES = ['UNVERIFIED', 'PRACTITIONER', 'VERIFIED'] as const;

export interface CatalogIndicator {
  code: string;
  name: string;
  name_en: string | null;
  dimension: string | null;
  subdimension: string | null;
  tier: string | null;
  plan_attribute: string | null;
  unit: string;
  direction: Direction;
  range_low: number | null;
  range_high: number | null;
  levels: IndicatorLevel[];
  method: ValueMethod;
  formula_key: string | null;
  definition: string | null;
  data_layers: string[];
  department_code: string | null;
  source_system: SourceSystem;
  verification: string;
  source: string;
}

export interface CatalogMapping {
  from_code: string;
  to_code: string;
  relation: Relation;
  note: string | null;
}

export interface CatalogRule {
  indicator_code: string | null;
  kind: WarningKind;
  grade: WarningGrade;
  threshold: number | null;
  params: Record<string, string | number> | null;
  note: string | null;
}

export interface IndicatorCatalog {
  indicators: CatalogIndicator[];
  mappings: CatalogMapping[];
  rules: CatalogRule[];
  /** sha256 of the files read, in name order: equal fingerprints, equal catalog. */
  fingerprint: string;
}

const INDICATOR_COLUMNS = [
  'code',
  'name',
  'name_en',
  'dimension',
  'subdimension',
  'tier',
  'plan_attribute',
  'unit',
  'direction',
  'range_low',
  'range_high',
  'levels',
  'method',
  'formula_key',
  'definition',
  'data_layers',
  'department_code',
  'name_status',
  'class_status',
  'unit_status',
  'note',
  'source',
];
const MAPPING_COLUMNS = ['from_code', 'from_name', 'to_code', 'to_name', 'relation', 'note', 'verification', 'source'];
const RULE_COLUMNS = ['indicator_code', 'kind', 'grade', 'threshold', 'params', 'note'];
const CODE = /^[A-Z]{2,3}-\d{2}$/;
const FORMULA_KEY = /^[a-z][a-z0-9_]*$/;
const DEPARTMENT = /^[a-z]{2,8}$/;
const VERIFICATION = /^(VERIFIED|PRACTITIONER|UNVERIFIED): \S/;

export async function readIndicatorCatalog(dir: string = INDICATOR_CATALOG_DIR): Promise<IndicatorCatalog> {
  const problems = new Problems();
  const hash = createHash('sha256');
  const tables = new Map<string, Table>();
  for (const file of [...Object.keys(SOURCE_SYSTEMS), 'mapping.csv', 'warning-rules.csv'].sort()) {
    const columns =
      file === 'mapping.csv' ? MAPPING_COLUMNS : file === 'warning-rules.csv' ? RULE_COLUMNS : INDICATOR_COLUMNS;
    const text = await readText(dir, file, problems);
    if (text === null) continue;
    hash.update(`${file}\n${text}\n`);
    const table = readTable(file, text, columns, problems);
    if (table) tables.set(file, table);
  }
  problems.throwIfAny();

  const indicators: CatalogIndicator[] = [];
  const byCode = new Map<string, CatalogIndicator>();
  for (const [file, system] of Object.entries(SOURCE_SYSTEMS)) {
    for (const row of checkIndicators(file, system, tables.get(file)!, problems)) {
      if (byCode.has(row.code)) continue;
      indicators.push(row);
      byCode.set(row.code, row);
    }
  }
  problems.throwIfAny();
  const mappings = checkMappings(tables.get('mapping.csv')!, byCode, problems);
  const rules = checkRules(tables.get('warning-rules.csv')!, byCode, problems);
  problems.throwIfAny();
  return { indicators, mappings, rules, fingerprint: hash.digest('hex') };
}

// ── indicators ───────────────────────────────────────────────────────────

function checkIndicators(file: string, system: SourceSystem, table: Table, problems: Problems): CatalogIndicator[] {
  const out: CatalogIndicator[] = [];
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const { line, get } of table.rows) {
    const at = (field: string) => ({ file, row: line, field });
    const code = get('code');
    if (!CODE.test(code))
      problems.add(at('code'), `指标代码“${code}”无效（如 AQ-01）`, `invalid indicator code "${code}" (e.g. AQ-01)`);
    else if (codes.has(code)) problems.add(at('code'), `指标代码 ${code} 重复`, `duplicate indicator code ${code}`);
    codes.add(code);
    const name = get('name');
    if (!name) problems.add(at('name'), '指标名称为空', 'name is empty');
    else if (names.has(name)) problems.add(at('name'), `指标名称“${name}”重复`, `duplicate name "${name}"`);
    names.add(name);
    const tier = get('tier');
    if (tier && !(TIERS as readonly string[]).includes(tier))
      problems.add(at('tier'), `tier 应为 ${TIERS.join('/')}`, `tier must be ${TIERS.join('/')}`);
    const attribute = get('plan_attribute');
    if (attribute && !(PLAN_ATTRIBUTES as readonly string[]).includes(attribute))
      problems.add(
        at('plan_attribute'),
        `plan_attribute 应为 ${PLAN_ATTRIBUTES.join('/')}`,
        `plan_attribute must be ${PLAN_ATTRIBUTES.join('/')}`,
      );
    if (!get('unit')) problems.add(at('unit'), '单位为空', 'unit is empty');
    const direction = get('direction') as Direction;
    if (!DIRECTIONS.includes(direction))
      problems.add(at('direction'), `方向应为 ${DIRECTIONS.join('/')}`, `direction must be ${DIRECTIONS.join('/')}`);
    const low = optionalNumber(get('range_low'), at('range_low'), problems);
    const high = optionalNumber(get('range_high'), at('range_high'), problems);
    if (direction === 'range' && (low === null || high === null || low >= high))
      problems.add(
        at('range_low'),
        '区间型指标需要 range_low < range_high',
        'a range indicator needs range_low < range_high',
      );
    const levels = get('levels')
      .split(';')
      .map((s) => s.trim()) as IndicatorLevel[];
    if (!levels.every((l) => (INDICATOR_LEVELS as readonly string[]).includes(l)))
      problems.add(
        at('levels'),
        `层级应取自 ${INDICATOR_LEVELS.join('、')}，用 ; 分隔`,
        `levels must be ${INDICATOR_LEVELS.join(', ')}, separated by ;`,
      );
    const method = get('method') as ValueMethod;
    if (!VALUE_METHODS.includes(method))
      problems.add(
        at('method'),
        `取值方式应为 ${VALUE_METHODS.join('/')}`,
        `method must be ${VALUE_METHODS.join('/')}`,
      );
    const formulaKey = get('formula_key');
    if (method === 'computed' && !FORMULA_KEY.test(formulaKey))
      problems.add(
        at('formula_key'),
        '计算型指标需要公式键（小写字母、数字、下划线）',
        'a computed indicator needs a formula key (lower-case letters, digits, _)',
      );
    if (method !== 'computed' && formulaKey)
      problems.add(at('formula_key'), '只有计算型指标有公式键', 'only computed indicators have a formula key');
    const department = get('department_code');
    if (department && !DEPARTMENT.test(department))
      problems.add(at('department_code'), `部门代码“${department}”无效`, `invalid department code "${department}"`);
    const statuses = (['name_status', 'class_status', 'unit_status'] as const).map((column) => {
      const value = get(column);
      if (!(STATUSES as readonly string[]).includes(value))
        problems.add(at(column), `应为 ${STATUSES.join('/')}`, `must be ${STATUSES.join('/')}`);
      return value;
    });
    if (!get('source')) problems.add(at('source'), '来源为空', 'source is empty');
    const weakest = STATUSES.find((s) => statuses.includes(s)) ?? 'UNVERIFIED';
    const note = get('note');
    out.push({
      code,
      name,
      name_en: get('name_en') || null,
      dimension: get('dimension') || null,
      subdimension: get('subdimension') || null,
      tier: tier || null,
      plan_attribute: attribute || null,
      unit: get('unit'),
      direction,
      range_low: low,
      range_high: high,
      levels,
      method,
      formula_key: formulaKey || null,
      definition: get('definition') || null,
      data_layers: get('data_layers')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
      department_code: department || null,
      source_system: system,
      verification: `${weakest}: name ${statuses[0]}; class ${statuses[1]}; unit ${statuses[2]}${note ? `; ${note}` : ''}`,
      source: get('source'),
    });
  }
  return out;
}

// ── mappings and rules ───────────────────────────────────────────────────

function checkMappings(table: Table, byCode: Map<string, CatalogIndicator>, problems: Problems): CatalogMapping[] {
  const file = 'mapping.csv';
  const pairs = new Set<string>();
  const out: CatalogMapping[] = [];
  for (const { line, get } of table.rows) {
    const at = (field: string) => ({ file, row: line, field });
    const ends = (['from', 'to'] as const).map((side) => {
      const indicator = byCode.get(get(`${side}_code`));
      if (!indicator)
        problems.add(
          at(`${side}_code`),
          `指标 ${get(`${side}_code`)} 不存在`,
          `indicator ${get(`${side}_code`)} does not exist`,
        );
      else if (get(`${side}_name`) && get(`${side}_name`) !== indicator.name)
        problems.add(
          at(`${side}_name`),
          `名称与指标 ${indicator.code}“${indicator.name}”不符`,
          `name differs from ${indicator.code} "${indicator.name}"`,
        );
      return indicator;
    });
    const relation = get('relation') as Relation;
    if (!RELATIONS.includes(relation))
      problems.add(at('relation'), `关系应为 ${RELATIONS.join('/')}`, `relation must be ${RELATIONS.join('/')}`);
    if (relation === 'same' && ends[0] && ends[1] && ends[0].unit !== ends[1].unit)
      problems.add(
        at('relation'),
        `“same”要求单位一致（${ends[0].unit} ≠ ${ends[1].unit}）`,
        `"same" needs equal units (${ends[0].unit} ≠ ${ends[1].unit})`,
      );
    const pair = `${get('from_code')}→${get('to_code')}`;
    if (pairs.has(pair)) problems.add(at('to_code'), `对应关系 ${pair} 重复`, `duplicate mapping ${pair}`);
    pairs.add(pair);
    if (!VERIFICATION.test(get('verification')))
      problems.add(
        at('verification'),
        '核验状态应为“VERIFIED|PRACTITIONER|UNVERIFIED: 说明”',
        'verification must read "VERIFIED|PRACTITIONER|UNVERIFIED: <text>"',
      );
    out.push({ from_code: get('from_code'), to_code: get('to_code'), relation, note: get('note') || null });
  }
  return out;
}

function checkRules(table: Table, byCode: Map<string, CatalogIndicator>, problems: Problems): CatalogRule[] {
  const file = 'warning-rules.csv';
  const out: CatalogRule[] = [];
  for (const { line, get } of table.rows) {
    const at = (field: string) => ({ file, row: line, field });
    const code = get('indicator_code');
    if (code && !byCode.has(code))
      problems.add(at('indicator_code'), `指标 ${code} 不存在`, `indicator ${code} does not exist`);
    const kind = get('kind') as WarningKind;
    if (!WARNING_KINDS.includes(kind))
      problems.add(at('kind'), `规则类型应为 ${WARNING_KINDS.join('/')}`, `kind must be ${WARNING_KINDS.join('/')}`);
    const grade = get('grade') as WarningGrade;
    if (!WARNING_GRADES.includes(grade))
      problems.add(at('grade'), `等级应为 ${WARNING_GRADES.join('/')}`, `grade must be ${WARNING_GRADES.join('/')}`);
    const threshold = optionalNumber(get('threshold'), at('threshold'), problems);
    if (kind === 'deviation' && threshold === null)
      problems.add(at('threshold'), '偏差规则需要阈值（%）', 'a deviation rule needs a threshold (%)');
    let params: Record<string, string | number> | null = null;
    try {
      params = parseRuleParams(get('params'));
    } catch (error) {
      problems.add(
        at('params'),
        `参数格式应为 key=value;key=value：${(error as Error).message}`,
        `params must read key=value;key=value: ${(error as Error).message}`,
      );
    }
    out.push({ indicator_code: code || null, kind, grade, threshold, params, note: get('note') || null });
  }
  return out;
}

// ── files and tables ─────────────────────────────────────────────────────

interface Table {
  rows: { line: number; get: (column: string) => string }[];
}

async function readText(dir: string, file: string, problems: Problems): Promise<string | null> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch (error) {
    problems.add({ file }, `无法读取：${(error as Error).message}`, `cannot read: ${(error as Error).message}`);
    return null;
  }
}

function readTable(file: string, text: string, expected: string[], problems: Problems): Table | null {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.add({ file, row: error.line }, `CSV 格式错误：${error.message}`, `malformed CSV: ${error.message}`);
    return null;
  }
  const columns = records[0]?.fields.map((c) => c.trim()) ?? [];
  if (columns.join(',') !== expected.join(',')) {
    problems.add({ file, row: 1 }, `表头应为：${expected.join(',')}`, `the header must be: ${expected.join(',')}`);
    return null;
  }
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
  return { rows };
}

function optionalNumber(text: string, at: Location, problems: Problems): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) {
    problems.add(at, `“${text}”不是数字`, `"${text}" is not a number`);
    return null;
  }
  return n;
}

interface Location {
  file: string;
  row?: number;
  field?: string;
}

/** Collects every problem so one run reports them all; the first becomes the error's message. */
class Problems {
  private readonly list: (Location & { zh: string; en: string })[] = [];

  add(location: Location, zh: string, en: string): void {
    this.list.push({ ...location, zh, en });
  }

  throwIfAny(): void {
    const first = this.list[0];
    if (!first) return;
    const more = this.list.length > 1 ? ` (+${this.list.length - 1})` : '';
    const where = [first.file, first.row ? `第 ${first.row} 行` : '', first.field ? `字段 ${first.field}` : ''];
    const whereEn = [first.file, first.row ? `line ${first.row}` : '', first.field ? `field ${first.field}` : ''];
    throw new LantuError(
      'indicator_catalog_invalid',
      500,
      `指标目录 ${where.filter(Boolean).join('，')}：${first.zh}${more}`,
      `indicator catalog ${whereEn.filter(Boolean).join(', ')}: ${first.en}${more}`,
      { row: first.row, field: first.field },
      { file: first.file, problems: this.list.slice(0, 50) },
    );
  }
}
