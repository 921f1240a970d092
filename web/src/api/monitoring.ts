/** The monitoring capability's shapes (src/monitoring): catalog, values, series, warnings, runs, submissions. */
import type { Bilingual } from './client.js';

export type Direction = 'higher_better' | 'lower_better' | 'range' | 'target';
export type Grade = 'red' | 'orange' | 'yellow' | 'blue';
export const GRADES: Grade[] = ['red', 'orange', 'yellow', 'blue'];

export interface Indicator {
  code: string;
  name: string;
  nameEn: string | null;
  dimension: string | null;
  subdimension: string | null;
  tier: string | null;
  planAttribute: string | null;
  unit: string;
  direction: Direction;
  rangeLow: number | null;
  rangeHigh: number | null;
  levels: string[];
  method: 'computed' | 'reported' | 'imported';
  formulaKey: string | null;
  definition: string | null;
  dataLayers: string[];
  departmentCode: string | null;
  sourceSystem: string;
  verification: string;
  source: string;
  retired: boolean;
  successorCode: string | null;
}

export interface SystemVersion {
  id: number;
  code: string;
  name: string;
  versionNo: number;
  status: 'draft' | 'active' | 'retired' | string;
  basedOnId: number | null;
  regionCode: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

export interface Catalog {
  system: SystemVersion;
  total: number;
  items: Indicator[];
  mappings: { fromCode: string; toCode: string; relation: string; note: string | null }[];
}

export interface Interval {
  value: number;
  low: number;
  high: number;
  confidence: number;
}

export interface Evaluation {
  expected: number | null;
  deviation: number | null;
  deviationPct: number | null;
  adversePct: number | null;
  bottomLine: { limit: number; limitYear: number; shortfall: number } | null;
  trend: { n: number; slope: number; r2: number; plannedSlope: number | null } | null;
  forecast: (Interval & { year: number; target: number; outlook: 'likely' | 'uncertain' | 'unlikely' }) | null;
  ranges: unknown;
}

export interface IndicatorValue {
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
  year: number;
  period: string;
  value: number | null;
  unit: string;
  method: string;
  runId: number | null;
  submissionId: number | null;
  dataVersions: { kind: string; code: string; updatedAt: string }[] | null;
  stale: boolean;
  computedAt: string;
  evaluation: Evaluation | null;
  detail: Record<string, unknown> | null;
}

export interface Target {
  id?: number;
  baseYear: number;
  baseValue: number;
  targetYear: number;
  targetValue: number;
  milestones: { year: number; value: number }[];
  trajectory: string;
  binding: boolean;
  bottomLine: boolean;
}

export interface Series {
  indicator: Indicator;
  zone: { code: string; name: string; nameEn: string | null };
  values: IndicatorValue[];
  target: Target | null;
  trajectory: { year: number; expected: number | null }[];
  trend: { n: number; slope: number; intercept: number; r2: number; fitted: { year: number; value: number }[] } | null;
  forecast: (Interval & { year: number; target: number; outlook: 'likely' | 'uncertain' | 'unlikely' }) | null;
}

export interface Warning {
  id: number;
  runId: number;
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
  year: number;
  grade: Grade;
  kind: string;
  ruleId: number | null;
  value: number | null;
  expected: number | null;
  explanation: Bilingual;
  evidence: unknown;
  status: 'raised' | 'acknowledged' | 'resolved' | 'dismissed';
  statusReason: string | null;
  statusBy: string | null;
  statusAt: string | null;
  createdAt: string;
}

export interface WarningPage {
  total: number;
  byGrade: Partial<Record<Grade, number>>;
  items: Warning[];
}

export interface Run {
  id: number;
  jobId: number | null;
  planVersionId: number | null;
  year: number;
  regionCode: string;
  status: 'running' | 'succeeded' | 'failed' | string;
  summary: {
    values?: number;
    evaluated?: number;
    seconds?: number;
    warnings?: { raised: number; open: Partial<Record<Grade, number>> };
    missingFormulas?: { key: string; indicators: string[] }[];
  } | null;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface Submission {
  id: number;
  batchId: string | null;
  indicatorCode: string;
  zoneCode: string;
  regionCode: string;
  year: number;
  period: string;
  value: number;
  unit: string;
  departmentCode: string;
  source: string | null;
  evidence: string | null;
  status: 'submitted' | 'accepted' | 'returned';
  reviewComment: string | null;
  submittedBy: string;
  submittedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface RowError {
  row: number;
  field: string;
  code: string;
  message: Bilingual;
}

export interface SubmitResult {
  batchId: string | null;
  submitted: { id: number; row: number }[];
  errors: RowError[];
}

export const GRADE_COLOURS: Record<Grade | 'green' | 'none', string> = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#d4b106',
  blue: '#1677ff',
  green: '#389e0d',
  none: '#bfbfbf',
};

const RANK: Record<Grade, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** The worst grade among warnings. */
export function worstGrade(grades: Grade[]): Grade | null {
  return grades.reduce<Grade | null>((worst, g) => (worst === null || RANK[g] > RANK[worst] ? g : worst), null);
}
