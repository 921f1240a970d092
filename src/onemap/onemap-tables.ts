/** Table types of plans, plan versions, targets, layers and the feature tables. */
import type { Generated, Selectable } from 'kysely';

export const PLAN_KINDS = ['master', 'detailed', 'special'] as const;
export const PLAN_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export const PLAN_STATUSES = ['drafting', 'reviewing', 'approved', 'amending', 'repealed'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export type PlanLevel = (typeof PLAN_LEVELS)[number];
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanTable {
  id: Generated<number>;
  name: string;
  name_en: string | null;
  kind: PlanKind;
  level: PlanLevel;
  status: PlanStatus;
  region_code: string;
  approval_authority: string | null;
  approval_doc: string | null;
  approval_date: string | null;
  base_year: number;
  near_year: number | null;
  target_year: number;
  parent_plan_id: number | null;
  created_at: string;
  updated_at: string;
}
export type Plan = Selectable<PlanTable>;

export interface PlanVersionTable {
  id: Generated<number>;
  plan_id: number;
  version_no: number;
  label: string;
  change_reason: string | null;
  approval_doc: string | null;
  approval_date: string | null;
  is_current: number;
  created_at: string;
  created_by: string;
}
export type PlanVersion = Selectable<PlanVersionTable>;

export interface PlanTargetTable {
  id: Generated<number>;
  plan_version_id: number;
  zone_code: string;
  region_code: string;
  indicator_name: string;
  indicator_name_en: string | null;
  category: string | null;
  attribute: string | null;
  unit: string;
  base_year: number;
  base_value: number | null;
  near_year: number | null;
  near_value: number | null;
  target_year: number;
  target_value: number | null;
  is_bottom_line: number;
}

export const LAYER_CATEGORIES = [
  'zone',
  'control_line',
  'planning_zone',
  'planned_land_use',
  'land_survey',
  'road',
  'facility',
  'generic_feature',
] as const;
export type LayerCategory = (typeof LAYER_CATEGORIES)[number];
/** Each layer category lives in the feature table of the same name. */
export type FeatureTableName = Exclude<LayerCategory, 'zone'>;

export interface LayerTable {
  id: Generated<number>;
  code: string;
  title: string;
  title_en: string | null;
  category: LayerCategory;
  feature_table: FeatureTableName;
  plan_version_id: number | null;
  status_year: number | null;
  classification: string | null;
  is_public: number;
  region_code: string;
  source: string | null;
  feature_count: number;
  created_at: string;
  updated_at: string;
  created_by: string;
}
export type Layer = Selectable<LayerTable>;

interface FeatureBase {
  fid: Generated<number>;
  layer_id: number;
  region_code: string;
  /** Source attributes with their original field names and values (JSON). */
  attrs: unknown;
  geom: unknown;
}
export interface ControlLineTable extends FeatureBase {
  line_type: string | null;
  sub_type: string | null;
  name: string | null;
}
export interface PlanningZoneTable extends FeatureBase {
  zone_type: string | null;
  zone_name: string | null;
}
export interface PlannedLandUseTable extends FeatureBase {
  ydyh_code: string | null;
  ydyh_name: string | null;
}
export interface LandSurveyTable extends FeatureBase {
  bsm: string | null;
  dlbm: string | null;
  dlmc: string | null;
  czcsxm: string | null;
}
export interface RoadTable extends FeatureBase {
  road_class: string | null;
  name: string | null;
}
/** Imported layers that fit no typed table: uploaded zone layers, parcels, lines (any geometry type). */
export interface GenericFeatureTable extends FeatureBase {
  name: string | null;
  class_code: string | null;
}
export interface FacilityTable extends FeatureBase {
  facility_type: string | null;
  name: string | null;
}

export interface PopulationTable {
  id: Generated<number>;
  zone_code: string;
  region_code: string;
  year: number;
  resident: number;
  households: number | null;
  source: string;
}
