/** Table types of the check-up loop (issue #5): projects, snapshots, findings, causes, measures, tasks, report. */
import type { Generated, Selectable } from 'kysely';

export const CHECKUP_KINDS = ['annual', 'five_year', 'special'] as const;
/** 年度体检 | 五年评估 | 专项评估 */
export type CheckupKind = (typeof CHECKUP_KINDS)[number];

/** 市域 | 城区 (中心城区) | 单元 (详细规划编制单元) */
export const CHECKUP_LEVELS = ['city', 'urban', 'unit'] as const;
export type CheckupLevel = (typeof CHECKUP_LEVELS)[number];

/** 起草 → 数据采集 → 计算 → 分析 → 审查 → 公示 → 发布 → 归档 */
export const CHECKUP_STATUSES = [
  'drafting',
  'collecting',
  'computing',
  'analysing',
  'reviewing',
  'publicising',
  'published',
  'archived',
] as const;
export type CheckupStatus = (typeof CHECKUP_STATUSES)[number];

export const FINDING_KINDS = ['warning', 'trend', 'bottom_line', 'peer_lag', 'manual'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_SEVERITIES = ['red', 'orange', 'yellow', 'blue', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
/** 'drafted' by Lantu, 'edited' by a person after drafting, 'manual' added by a person, 'merged' from others. */
export const FINDING_ORIGINS = ['drafted', 'edited', 'manual', 'merged'] as const;
export type FindingOrigin = (typeof FINDING_ORIGINS)[number];

/** 规划内容 | 实施管理 | 政策机制 | 市场 | 数据 */
export const CAUSE_CATEGORIES = ['plan_content', 'implementation', 'policy', 'market', 'data'] as const;
export type CauseCategory = (typeof CAUSE_CATEGORIES)[number];

/** The five feedback paths: 政府 | 自然资源主管部门 | 其他部门 | 市场主体 | 社会 */
export const MEASURE_PATHS = ['government', 'bureau', 'department', 'market', 'society'] as const;
export type MeasurePath = (typeof MEASURE_PATHS)[number];

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const REPORT_FORMATS = ['docx', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface CheckupTable {
  id: Generated<number>;
  kind: CheckupKind;
  title: string;
  region_code: string;
  year: number;
  /** JSON array of CheckupLevel */
  levels: unknown;
  system_id: number;
  plan_version_id: number | null;
  /** The check-up this one reads back (last year's), for the loop's effectiveness. */
  previous_id: number | null;
  status: CheckupStatus;
  /** JSON array of { username, duty } */
  team: unknown;
  current_snapshot_id: number | null;
  published_snapshot_id: number | null;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type Checkup = Selectable<CheckupTable>;

export interface CheckupTransitionTable {
  id: Generated<number>;
  checkup_id: number;
  event: string;
  from_status: string;
  to_status: string;
  reason: string | null;
  actor: string;
  at: string;
}

export interface CheckupSnapshotTable {
  id: Generated<number>;
  checkup_id: number;
  /** 1, 2, … within the check-up */
  seq: number;
  run_id: number | null;
  summary: unknown;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface CheckupSnapshotValueTable {
  id: Generated<number>;
  snapshot_id: number;
  indicator_code: string;
  zone_code: string;
  level: CheckupLevel;
  year: number;
  value: number | null;
  unit: string;
  method: string;
  /** The plan trajectory's value for the year, when there is a target. */
  expected: number | null;
  target: number | null;
  /** Worst open warning grade for the value, or null when none ('red' | 'orange' | 'yellow' | 'blue'). */
  grade: string | null;
  /** indicator_value.id it was copied from */
  value_id: number | null;
  data_versions: unknown;
}

export interface CheckupFindingTable {
  id: Generated<number>;
  checkup_id: number;
  level: CheckupLevel;
  zone_code: string | null;
  dimension: string | null;
  kind: FindingKind;
  severity: FindingSeverity;
  title: string;
  body: string | null;
  indicator_codes: unknown;
  zone_codes: unknown;
  /** Values, trend, zones concerned — what the finding stands on. */
  evidence: unknown;
  origin: FindingOrigin;
  /** Stable key of a drafted finding (e.g. 'warning:A-01:9901'), so re-drafting is idempotent. */
  source_key: string | null;
  merged_into_id: number | null;
  sort_order: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export type CheckupFinding = Selectable<CheckupFindingTable>;

export interface CheckupCauseTable {
  id: Generated<number>;
  finding_id: number;
  category: CauseCategory;
  description: string;
  evidence: unknown;
  /** Quantitative support Lantu offered: co-moving indicators, zones where the problem concentrates. */
  support: unknown;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CheckupMeasureTable {
  id: Generated<number>;
  finding_id: number;
  path: MeasurePath;
  department_code: string | null;
  description: string;
  weight: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CheckupTaskTable {
  id: Generated<number>;
  checkup_id: number;
  measure_id: number;
  title: string;
  description: string | null;
  department_code: string;
  /** JSON array of department codes */
  co_departments: unknown;
  zone_code: string | null;
  region_code: string;
  /** YYYY-MM-DD */
  deadline: string;
  target_indicator_code: string | null;
  target_value: number | null;
  /** The indicator's value when the task was set, to judge later whether it moved. */
  baseline_value: number | null;
  deliverable: string | null;
  weight: number;
  status: TaskStatus;
  /** 0–100 */
  progress: number;
  /** The previous check-up's task this one carries on. */
  carried_from_id: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}
export type CheckupTask = Selectable<CheckupTaskTable>;

export interface CheckupTaskReportTable {
  id: Generated<number>;
  task_id: number;
  progress: number;
  status: TaskStatus;
  note: string;
  /** JSON array of { kind: 'link' | 'text' | 'file', value, name? } */
  evidence: unknown;
  reported_by: string;
  reported_at: string;
}

export interface CheckupReportSectionTable {
  id: Generated<number>;
  checkup_id: number;
  section_key: string;
  title: string;
  generated_text: string | null;
  /** What a person wrote; when present it wins over generated_text and regeneration leaves it alone. */
  edited_text: string | null;
  edited_by: string | null;
  edited_at: string | null;
}

export interface CheckupReportTable {
  id: Generated<number>;
  checkup_id: number;
  snapshot_id: number | null;
  format: ReportFormat;
  file_name: string;
  content: Uint8Array;
  byte_size: number;
  sha256: string;
  published: number;
  generated_by: string;
  generated_at: string;
}
