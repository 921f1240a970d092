/**
 * What analysis may group by in each feature table, and what each table's geometries measure. Kept as
 * data so a request naming a column is checked against a fixed list — column names never reach SQL
 * unchecked — and the refusal can list what is allowed.
 */
import { badRequest } from '../errors.js';
import type { FeatureTableName } from '../onemap/onemap-tables.js';

export type AnalysisTable = FeatureTableName | 'zone';

export const CLASS_COLUMNS: Record<AnalysisTable, readonly string[]> = {
  land_survey: ['dlbm', 'dlmc', 'czcsxm', 'region_code'],
  control_line: ['line_type', 'sub_type', 'name', 'region_code'],
  planning_zone: ['zone_type', 'zone_name', 'region_code'],
  planned_land_use: ['ydyh_code', 'ydyh_name', 'region_code'],
  road: ['road_class', 'name', 'region_code'],
  facility: ['facility_type', 'name', 'region_code'],
  generic_feature: ['class_code', 'name', 'region_code'],
  zone: ['kind', 'level', 'code', 'name', 'parent_code', 'region_code'],
};

/** The column a table's features are classified by when the request names none. */
export const DEFAULT_CLASS_COLUMN: Record<AnalysisTable, string> = {
  land_survey: 'dlbm',
  control_line: 'line_type',
  planning_zone: 'zone_type',
  planned_land_use: 'ydyh_code',
  road: 'road_class',
  facility: 'facility_type',
  generic_feature: 'class_code',
  zone: 'kind',
};

/** A feature's name, for evidence and for zones made of features. */
export const NAME_COLUMN: Record<AnalysisTable, string | null> = {
  land_survey: 'dlmc',
  control_line: 'name',
  planning_zone: 'zone_name',
  planned_land_use: 'ydyh_name',
  road: 'name',
  facility: 'name',
  generic_feature: 'name',
  zone: 'name',
};

export type Measure = 'area' | 'length' | 'count' | 'any';

/** Polygon tables measure area, roads length, facilities count; the generic table holds any geometry. */
export const TABLE_MEASURE: Record<AnalysisTable, Measure> = {
  land_survey: 'area',
  control_line: 'area',
  planning_zone: 'area',
  planned_land_use: 'area',
  road: 'length',
  facility: 'count',
  generic_feature: 'any',
  zone: 'area',
};

/** Check a column named by a request against the table's list; `field` names the request field. */
export function checkClassColumn(table: AnalysisTable, column: string, field: string): string {
  const allowed = CLASS_COLUMNS[table];
  if (allowed.includes(column)) return column;
  throw badRequest(
    'class_field_unknown',
    `${field}：${table} 图层没有可用于分类的字段 “${column}”（可用：${allowed.join('、')}）`,
    `${field}: ${table} layers have no column "${column}" to classify by (allowed: ${allowed.join(', ')})`,
    { field },
  );
}
