/** Table types of indicator systems, values, submissions, targets, rules, runs and warnings (issue #4). */
import type { Generated, Selectable } from 'kysely';

export const DIRECTIONS = ['higher_better', 'lower_better', 'range', 'target'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const VALUE_METHODS = ['computed', 'reported', 'imported'] as const;
export type ValueMethod = (typeof VALUE_METHODS)[number];
export const WARNING_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningGrade = (typeof WARNING_GRADES)[number];
export const WARNING_STATUSES = ['raised', 'acknowledged', 'resolved', 'dismissed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export interface IndicatorSystemTable {
  id: Generated<number>;
  code: string;
  name: string;
  version_no: number;
  /** 'draft' | 'active' | 'retired' */
  status: string;
  based_on_id: number | null;
  region_code: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

export interface IndicatorTable {
  id: Generated<number>;
  system_id: number;
  code: string;
  name: string;
  name_en: string | null;
  dimension: string | null;
  subdimension: string | null;
  /** 'basic' | 'recommended' (TD/T 1063) */
  tier: string | null;
  /** 'binding' 约束性 | 'expected' 预期性 | 'advisory' 建议性 (master plan) */
  plan_attribute: string | null;
  unit: string;
  direction: Direction;
  range_low: number | null;
  range_high: number | null;
  /** JSON array of levels: 'city' 市域 | 'urban' 城区 | 'unit' 单元 | 'any' */
  levels: unknown;
  method: ValueMethod;
  /** Key of the formula in the computed-indicator registry, for method 'computed'. */
  formula_key: string | null;
  definition: string | null;
  data_layers: unknown;
  department_code: string | null;
  /** 'tdt1063' | 'master_plan' | 'local' */
  source_system: string;
  verification: string;
  source: string;
  retired: number;
  successor_code: string | null;
}
export type Indicator = Selectable<IndicatorTable>;

export interface IndicatorMappingTable {
  id: Generated<number>;
  system_id: number;
  from_code: string;
  to_code: string;
  /** 'same' | 'related' | 'component' */
  relation: string;
  note: string | null;
}

export interface MonitoringRunTable {
  id: Generated<number>;
  job_id: number | null;
  system_id: number;
  plan_version_id: number | null;
  year: number;
  region_code: string;
  /** 'running' | 'succeeded' | 'failed' */
  status: string;
  summary: unknown;
  created_by: string;
  started_at: string;
  finished_at: string | null;
}

export interface IndicatorSubmissionTable {
  id: Generated<number>;
  batch_id: string | null;
  indicator_code: string;
  zone_code: string;
  region_code: string;
  year: number;
  period: string;
  value: number;
  unit: string;
  department_code: string;
  source: string | null;
  evidence: string | null;
  /** 'submitted' | 'accepted' | 'returned' */
  status: string;
  review_comment: string | null;
  submitted_by: string;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface IndicatorValueTable {
  id: Generated<number>;
  indicator_code: string;
  zone_code: string;
  region_code: string;
  year: number;
  period: string;
  value: number | null;
  unit: string;
  method: ValueMethod;
  run_id: number | null;
  submission_id: number | null;
  data_versions: unknown;
  detail: unknown;
  stale: number;
  computed_at: string;
}
export type IndicatorValue = Selectable<IndicatorValueTable>;

export interface IndicatorTargetTable {
  id: Generated<number>;
  plan_version_id: number;
  indicator_code: string;
  zone_code: string;
  region_code: string;
  base_year: number;
  base_value: number;
  target_year: number;
  target_value: number;
  /** JSON array of { year, value } between base and target (e.g. the 2025 near-term value). */
  milestones: unknown;
  /** 'linear' | 'front_loaded' | 'back_loaded' | 'step' … */
  trajectory: string;
  trajectory_params: unknown;
  binding: number;
  bottom_line: number;
}

export interface WarningRuleTable {
  id: Generated<number>;
  system_id: number;
  /** null: the rule applies to every indicator without a rule of its own for this kind. */
  indicator_code: string | null;
  kind: string;
  grade: WarningGrade;
  threshold: number | null;
  params: unknown;
  active: number;
  note: string | null;
  created_at: string;
  created_by: string;
}

export interface WarningTable {
  id: Generated<number>;
  run_id: number;
  indicator_code: string;
  zone_code: string;
  region_code: string;
  year: number;
  grade: WarningGrade;
  rule_id: number | null;
  kind: string;
  value: number | null;
  expected: number | null;
  explanation_zh: string;
  explanation_en: string;
  evidence: unknown;
  status: WarningStatus;
  status_reason: string | null;
  status_by: string | null;
  status_at: string | null;
  created_at: string;
}
