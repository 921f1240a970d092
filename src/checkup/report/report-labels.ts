/** The Chinese words and colours the report uses for the loop's codes, kept in one place. */
import type { RowStatus } from './report-model.js';

export const LEVEL_LABEL: Record<string, string> = { city: '市域', urban: '中心城区', unit: '规划单元' };
export const KIND_LABEL: Record<string, string> = { annual: '年度体检', five_year: '五年评估', special: '专项评估' };

export const STATUS_LABEL: Record<RowStatus, string> = {
  red: '红色预警',
  orange: '橙色预警',
  yellow: '黄色预警',
  blue: '蓝色提示',
  normal: '正常',
  missing: '无数据',
};
/** Cell fills (light, so black text stays legible in print) and the strong colour for maps and legends. */
export const STATUS_FILL: Record<RowStatus, string> = {
  red: 'F8D0CC',
  orange: 'FCE1C2',
  yellow: 'FFF3B8',
  blue: 'D3E4F7',
  normal: 'D9EFD5',
  missing: 'EEEEEE',
};
export const STATUS_STRONG: Record<RowStatus, string> = {
  red: '#D7301F',
  orange: '#F08C1A',
  yellow: '#F2C500',
  blue: '#3A7CC7',
  normal: '#4CA64C',
  missing: '#BBBBBB',
};

export const SEVERITY_LABEL: Record<string, string> = {
  red: '严重',
  orange: '较重',
  yellow: '一般',
  blue: '轻微',
  info: '提示',
};

export const CAUSE_LABEL: Record<string, string> = {
  plan_content: '规划内容',
  implementation: '实施管理',
  policy: '政策机制',
  market: '市场因素',
  data: '数据因素',
};

export const PATH_LABEL: Record<string, string> = {
  government: '政府决策',
  bureau: '自然资源主管部门',
  department: '相关部门',
  market: '市场主体',
  society: '社会公众',
};

export const TASK_STATUS_LABEL: Record<string, string> = {
  open: '未开始',
  in_progress: '推进中',
  done: '已完成',
  cancelled: '已取消',
};

/** A number as the report prints it: up to 2 decimals, thousands not grouped (codes and years stay plain). */
export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Number(value.toFixed(digits));
  return String(rounded);
}
