/** The shapes the application reads from Lantu's API (see /api/openapi.json). */
import type { Geometry, Feature } from 'geojson';
import type { Bilingual } from './client.js';

export type Role =
  | 'admin'
  | 'planner'
  | 'evaluator'
  | 'department_officer'
  | 'approval_officer'
  | 'enforcement_officer'
  | 'leader'
  | 'public';

export const ROLES: Role[] = [
  'admin',
  'planner',
  'evaluator',
  'department_officer',
  'approval_officer',
  'enforcement_officer',
  'leader',
  'public',
];

export interface Me {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  roleLabel: Bilingual;
  regionCode: string;
  departmentCode: string | null;
  permissions: string[];
}

export interface User {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  regionCode: string;
  departmentCode: string | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Department {
  code: string;
  name: string;
  name_en: string | null;
  region_code: string;
}

export type LayerCategory =
  'control_line' | 'planning_zone' | 'planned_land_use' | 'land_survey' | 'road' | 'facility' | 'zone' | string;

export interface LayerView {
  code: string;
  title: string;
  titleEn: string | null;
  category: LayerCategory;
  planVersionId: number | null;
  statusYear: number | null;
  classification: string | null;
  isPublic: boolean;
  regionCode: string;
  source: string | null;
  featureCount: number;
  updatedAt: string;
}

export interface Plan {
  id: number;
  name: string;
  nameEn: string | null;
  kind: 'master' | 'detailed' | 'special' | string;
  level: string;
  status: string;
  regionCode: string;
  approvalAuthority: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  baseYear: number;
  nearYear: number | null;
  targetYear: number;
  parentPlanId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlanVersion {
  id: number;
  versionNo: number;
  label: string;
  changeReason: string | null;
  approvalDoc: string | null;
  approvalDate: string | null;
  isCurrent: boolean;
  createdAt: string;
  createdBy: string;
}

export interface PlanTarget {
  zoneCode: string;
  indicatorName: string;
  indicatorNameEn: string | null;
  category: string | null;
  attribute: string | null;
  unit: string;
  baseYear: number;
  baseValue: number | null;
  nearYear: number | null;
  nearValue: number | null;
  targetYear: number;
  targetValue: number | null;
  isBottomLine: boolean;
}

export interface PlanVersionDetail {
  plan: Plan;
  version: PlanVersion;
  targets: PlanTarget[];
  layers?: LayerView[];
}

export interface Zone {
  code: string;
  kind: 'region' | 'central_urban' | 'planning_unit' | 'governance';
  level: string | null;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
  regionCode: string;
  attrs: Record<string, unknown> | null;
  geometry?: Geometry;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  automated: boolean;
  activity: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
  ip: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface IdentifyLayer {
  code: string;
  title: string;
  features: Feature[];
  truncated: boolean;
}

export interface IdentifyResult {
  lon: number;
  lat: number;
  toleranceM: number;
  layers: IdentifyLayer[];
}

export interface Job {
  id: number;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | string;
  stage: string | null;
  progress: { done: number; total: number | null };
  params: unknown;
  result: unknown;
  error: { code?: string; message?: Bilingual } | null;
  regionCode: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportView {
  id: number;
  jobId: number | null;
  layerCode: string | null;
  fileName: string;
  sha256: string | null;
  format: string | null;
  sourceCrs: string | null;
  options: unknown;
  mode: string | null;
  status: 'running' | 'loaded' | 'rejected' | 'failed' | string;
  counts: { read: number; loaded: number; repaired: number; rejected: number };
  regionCode: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportIssue {
  row: number | null;
  sourceId: string | null;
  issue: string;
  severity: 'error' | 'warning';
  action: string | null;
  field: string | null;
  value: string | null;
  message: Bilingual;
}

export interface ImportReport extends ImportView {
  issues: { byCode: Record<string, number>; total: number; limit: number; offset: number; items: ImportIssue[] };
}

export interface ConflictHit {
  layer: string;
  category: 'control_line' | 'planned_land_use';
  fid: number;
  class: string | null;
  subclass: string | null;
  name: string | null;
  regionCode: string;
  areaM2?: number;
  lengthM?: number;
  share: number;
  evidence: Geometry;
}

export interface ConflictResult {
  input: { kind: 'parcel' | 'line'; areaM2?: number; lengthM?: number; repairs: unknown[]; geometry: Geometry };
  conflict: boolean;
  hits: ConflictHit[];
  summary: {
    layer: string;
    class: string | null;
    features: number;
    areaM2?: number;
    lengthM?: number;
    share: number;
  }[];
  checked: { code: string; title: string; category: string; planVersionLabel: string | null; candidates: number }[];
  clear: string[];
  provenance: { computedAt: string; seconds: number };
}
