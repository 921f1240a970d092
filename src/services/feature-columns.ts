/**
 * What each feature table publishes: its typed attribute columns (shipped in tiles, OGC items and
 * identify, and the only columns OGC property filters may name) and how its rows belong to a layer.
 * The source attributes (`attrs`, JSON) go out in OGC items and identify but never in tiles, where
 * every byte is paid per feature per zoom.
 */
import type { Layer } from '../onemap/onemap-tables.js';

/** Every table a layer's `feature_table` may name; the zone registry row points at `zone` itself. */
export type ServedTable = Layer['feature_table'] | 'zone';

export interface TableSpec {
  /** Typed text columns, in output order. */
  columns: readonly string[];
  /**
   * The typed columns a vector tile carries; the fid travels as the MVT feature id. Values unique to
   * each feature (the land survey's BSM; fid as a property too) stay out: the id already identifies
   * the feature, and a value unique per feature costs a tile ~15 % of its bytes each.
   */
  tileColumns: readonly string[];
  /**
   * The column tying a row to its layer. The zone table has none: the one `zones` registry row
   * stands for the whole table.
   */
  layerColumn: 'layer_id' | null;
  /** Geometry kind, as MVT and identify treat it. */
  geometry: 'polygon' | 'line' | 'point' | 'any';
}

export const TABLE_SPECS: Record<ServedTable, TableSpec> = {
  zone: {
    columns: ['code', 'kind', 'level', 'name', 'name_en', 'parent_code'],
    tileColumns: ['code', 'kind', 'level', 'name'],
    layerColumn: null,
    geometry: 'polygon',
  },
  control_line: {
    columns: ['line_type', 'sub_type', 'name'],
    tileColumns: ['line_type', 'sub_type', 'name'],
    layerColumn: 'layer_id',
    geometry: 'polygon',
  },
  planning_zone: {
    columns: ['zone_type', 'zone_name'],
    tileColumns: ['zone_type', 'zone_name'],
    layerColumn: 'layer_id',
    geometry: 'polygon',
  },
  planned_land_use: {
    columns: ['ydyh_code', 'ydyh_name'],
    tileColumns: ['ydyh_code', 'ydyh_name'],
    layerColumn: 'layer_id',
    geometry: 'polygon',
  },
  land_survey: {
    columns: ['bsm', 'dlbm', 'dlmc', 'czcsxm'],
    tileColumns: ['dlbm', 'dlmc', 'czcsxm'],
    layerColumn: 'layer_id',
    geometry: 'polygon',
  },
  road: {
    columns: ['road_class', 'name'],
    tileColumns: ['road_class', 'name'],
    layerColumn: 'layer_id',
    geometry: 'line',
  },
  facility: {
    columns: ['facility_type', 'name'],
    tileColumns: ['facility_type', 'name'],
    layerColumn: 'layer_id',
    geometry: 'point',
  },
  generic_feature: {
    columns: ['name', 'class_code'],
    tileColumns: ['name', 'class_code'],
    layerColumn: 'layer_id',
    geometry: 'any',
  },
};

/** Columns every feature carries besides the typed ones: its place (a region code, filterable too). */
export const COMMON_COLUMNS = ['region_code'] as const;

export function tableSpec(layer: Pick<Layer, 'feature_table'>): TableSpec {
  const spec = TABLE_SPECS[layer.feature_table as ServedTable];
  if (!spec) throw new Error(`layer feature table ${layer.feature_table} has no service spec`);
  return spec;
}

/** The attribute columns of a layer's features, typed ones first, then region_code. */
export function attributeColumns(layer: Pick<Layer, 'feature_table'>): string[] {
  return [...tableSpec(layer).columns, ...COMMON_COLUMNS];
}
