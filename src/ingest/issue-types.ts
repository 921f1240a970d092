/**
 * The data-quality issues an import reports, one typed code each (the shape of digital-land's
 * specification/issue-type.csv: code, severity, what is done, a message for whoever supplied the data).
 * Codes form a checked union: a report row can only carry a code listed here, and every code has its
 * Chinese and English text, so the report a planner reads and the one a script reads never drift apart.
 *
 * Severity: `error` — the feature cannot be loaded as it is (action `rejected`); `warning` — the feature
 * is loaded, either after Lantu changed it (action `repaired`) or unchanged (action `kept`).
 */
import type { ImportIssueTable } from './ingest-tables.js';

export type IssueSeverity = ImportIssueTable['severity'];
export type IssueAction = 'rejected' | 'repaired' | 'kept';

interface IssueType {
  severity: IssueSeverity;
  action: IssueAction;
  zh: string;
  en: string;
}

export const ISSUE_TYPES = {
  // ── geometry that cannot be loaded ─────────────────────────────────────────
  null_geometry: { severity: 'error', action: 'rejected', zh: '几何缺失', en: 'the feature has no geometry' },
  empty_geometry: {
    severity: 'error',
    action: 'rejected',
    zh: '几何为空（没有坐标）',
    en: 'the geometry is empty (no coordinates)',
  },
  wrong_geometry_type: {
    severity: 'error',
    action: 'rejected',
    zh: '几何类型不符合图层要求',
    en: 'the geometry type does not fit the layer',
  },
  invalid_coordinates: {
    severity: 'error',
    action: 'rejected',
    zh: '坐标不是有限数值',
    en: 'a coordinate is not a finite number',
  },
  projected_coordinates_as_degrees: {
    severity: 'error',
    action: 'rejected',
    zh: '坐标超出经纬度范围：疑似投影坐标（米）被标注为经纬度',
    en: 'coordinates are outside the longitude/latitude range: projected metres labelled as degrees',
  },
  outside_region_extent: {
    severity: 'error',
    action: 'rejected',
    zh: '要素位于所属行政区范围之外',
    en: "the feature lies outside its region's extent",
  },
  geometry_collapsed: {
    severity: 'error',
    action: 'rejected',
    zh: '修复后几何退化（面变为线、点或空）',
    en: 'after repair the geometry collapsed (a polygon became a line, a point or nothing)',
  },
  reprojection_failed: {
    severity: 'error',
    action: 'rejected',
    zh: '坐标转换失败',
    en: 'the coordinates could not be transformed',
  },
  // ── geometry repaired on the way in ───────────────────────────────────────
  unclosed_ring: {
    severity: 'warning',
    action: 'repaired',
    zh: '环未闭合，已闭合',
    en: 'a ring was not closed; closed it',
  },
  duplicate_vertex: {
    severity: 'warning',
    action: 'repaired',
    zh: '相邻重复节点，已删除',
    en: 'the same vertex twice in a row; removed the repeat',
  },
  wrong_orientation: {
    severity: 'warning',
    action: 'repaired',
    zh: '环方向错误（外环应为逆时针），已调整',
    en: 'ring orientation wrong (outer rings run counter-clockwise); reversed',
  },
  self_intersection: {
    severity: 'warning',
    action: 'repaired',
    zh: '面自相交，已修复',
    en: 'a ring crosses itself; repaired',
  },
  hole_outside_shell: {
    severity: 'warning',
    action: 'repaired',
    zh: '内环位于外环之外，已修复',
    en: 'an inner ring lay outside its outer ring; repaired',
  },
  invalid_ring_repaired: {
    severity: 'warning',
    action: 'repaired',
    zh: '无效的环，已修复',
    en: 'an invalid ring; repaired',
  },
  // ── geometry loaded as it is, but worth a look ────────────────────────────
  sliver: { severity: 'warning', action: 'kept', zh: '狭长碎图斑', en: 'sliver: a polygon only centimetres wide' },
  spike: {
    severity: 'warning',
    action: 'kept',
    zh: '尖刺：边界沿原路折返',
    en: 'spike: the boundary runs out and back along itself',
  },
  // ── attributes ────────────────────────────────────────────────────────────
  missing_required_field: {
    severity: 'error',
    action: 'rejected',
    zh: '必填字段缺失或为空',
    en: 'a required field is absent or empty',
  },
  unknown_class_code: {
    severity: 'error',
    action: 'rejected',
    zh: '分类编码不在标准目录中',
    en: 'the class code is not in the reference catalog',
  },
  duplicate_id: {
    severity: 'error',
    action: 'rejected',
    zh: '标识码重复',
    en: 'the identifier is used by another feature',
  },
  attribute_row_missing: {
    severity: 'warning',
    action: 'kept',
    zh: '属性表中没有对应的行',
    en: 'the attribute table has no row for this feature',
  },
} as const satisfies Record<string, IssueType>;

export type IssueCode = keyof typeof ISSUE_TYPES;
export const ISSUE_CODES = Object.keys(ISSUE_TYPES) as IssueCode[];

export function isIssueCode(value: string): value is IssueCode {
  return Object.hasOwn(ISSUE_TYPES, value);
}

/** One problem found in one source feature, ready for the import_issue table. */
export interface FeatureIssue {
  issue: IssueCode;
  severity: IssueSeverity;
  action: IssueAction;
  /** 1-based position of the feature in the source. */
  sourceRow: number;
  /** The feature's identifier in the source (the preset's id field, else the source's own id). */
  sourceId: string | null;
  field: string | null;
  value: string | null;
  messageZh: string;
  messageEn: string;
}

export interface IssueDetail {
  field?: string | null;
  value?: unknown;
  /** A few words appended to the standard message, e.g. where a ring crosses itself. */
  zh?: string;
  en?: string;
  /** Overrides the code's default (duplicate_id: the first holder of an id is kept). */
  severity?: IssueSeverity;
  action?: IssueAction;
}

/** Build a report row: the code's own text, then the field, value and detail. */
export function featureIssue(
  issue: IssueCode,
  where: { sourceRow: number; sourceId: string | null },
  detail: IssueDetail = {},
): FeatureIssue {
  const type: IssueType = ISSUE_TYPES[issue];
  const field = detail.field ?? null;
  const value = detail.value === undefined || detail.value === null ? null : String(detail.value);
  const zhField = field ? `（字段 ${field}${value !== null ? ` = “${value}”` : ''}）` : '';
  const enField = field ? ` (field ${field}${value !== null ? ` = "${value}"` : ''})` : '';
  return {
    issue,
    severity: detail.severity ?? type.severity,
    action: detail.action ?? type.action,
    sourceRow: where.sourceRow,
    sourceId: where.sourceId,
    field,
    value,
    messageZh: `${type.zh}${zhField}${detail.zh ? `：${detail.zh}` : ''}`,
    messageEn: `${type.en}${enField}${detail.en ? `: ${detail.en}` : ''}`,
  };
}
