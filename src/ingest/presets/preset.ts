/**
 * A field-mapping preset: how the features of one kind of national database layer become rows of one
 * of Lantu's feature tables. Presets are data (one file each) — what the layer is called, which typed
 * columns come from which source fields, what must be present, which codes are checked against which
 * catalog — so a new layer kind is a new file, not new code (the shape of digital-land's
 * specification/dataset.csv and field.csv).
 *
 * Source field names are matched without regard to case (GDAL and desktop tools differ), and the
 * first listed name present in the source wins. Every source attribute is kept in `attrs` under its
 * original name whatever the mapping.
 */
import type { Classification } from '../../catalogs/catalog-tables.js';
import type { FeatureTableName, LayerCategory } from '../../onemap/onemap-tables.js';

export const PRESET_KEYS = ['dltb', 'ydyh', 'control-line', 'ghfq', 'zone', 'generic'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

/** The geometry a preset's table takes. Polygon tables hold MULTIPOLYGON: polygons are promoted. */
export type GeometryKind = 'polygon' | 'any';

export interface ColumnMapping {
  /** The typed column of the feature table. */
  column: string;
  /** Source field names, in order of preference. */
  from: readonly string[];
  /** The column takes the value the import resolved for the whole layer (e.g. the control-line type). */
  layerValue?: 'lineType';
}

export interface ClassCodeCheck {
  /** Source field names holding the code, in order of preference. */
  from: readonly string[];
  /** The code must be in one of these catalogs. */
  classifications: readonly Classification[];
  /** An empty value passes (e.g. CZCSXM, set only on 城镇村 land). */
  optional?: boolean;
}

export interface Preset {
  key: PresetKey;
  title: { zh: string; en: string };
  table: FeatureTableName;
  category: LayerCategory;
  geometry: GeometryKind;
  /** Written to layer.classification for a new layer. */
  classification: Classification | null;
  /** Source fields identifying a feature (checked for duplicates, shown in the report). */
  idFields: readonly string[];
  /** Source fields whose leading digits give the feature's region code (坐落单位代码, 行政区代码). */
  regionFields: readonly string[];
  /** Source fields that must be present and non-empty; each name may list alternatives with `|`. */
  required: readonly string[];
  columns: readonly ColumnMapping[];
  classCodes: readonly ClassCodeCheck[];
}
