/**
 * What each level of a check-up looks at (the first seed paper's three-level frame): 市域 the bottom
 * lines and urban–rural coordination; 城区 the spatial structure and the quality of life; 单元 the
 * population it carries, the coverage of the life-circle facilities and the road density. Kept as
 * data — catalog dimensions and indicator codes per level — so a bureau changes its focus here and
 * not in the drafting code.
 *
 * How drafting uses it (finding-rules.ts): bottom-line breaches and red, orange and yellow warnings
 * are drafted whatever the indicator (a red warning is never out of focus); blue warnings, adverse
 * trends and lagging units only for the level's focus indicators; focus findings sort first.
 */
import type { CheckupLevel } from './checkup-tables.js';

export interface LevelFocus {
  label: { zh: string; en: string };
  /** Catalog dimensions (TD/T 1063: 安全 创新 协调 绿色 开放 共享; master plan: 空间底线 …). */
  dimensions: readonly string[];
  /** Indicators in focus whatever their dimension. */
  codes: readonly string[];
}

export const LEVEL_FOCUS: Record<CheckupLevel, LevelFocus> = {
  city: {
    label: { zh: '底线管控与城乡统筹', en: 'bottom lines and urban–rural coordination' },
    dimensions: ['空间底线', '安全', '绿色', '协调'],
    codes: [],
  },
  urban: {
    label: { zh: '空间结构与生活品质', en: 'spatial structure and quality of life' },
    dimensions: ['空间结构与效率', '空间品质', '共享'],
    codes: ['CX-05', 'XT-02', 'XT-11', 'XT-12'],
  },
  unit: {
    label: { zh: '人口承载、生活圈设施覆盖与路网密度', en: 'population capacity, life-circle coverage, road density' },
    dimensions: [],
    codes: [
      // population capacity
      'XT-01',
      'XT-02',
      // road density
      'CX-05',
      'MP-19',
      // life-circle facility coverage
      'GX-05',
      'GX-10',
      'GX-13',
      'GX-14',
      'GX-15',
      'GX-17',
      'GX-18',
      'GX-21',
      'GX-22',
      'GX-26',
      'AQ-19',
      'LOC-15',
      'LOC-16',
      'MP-25',
    ],
  },
};

export function inFocus(level: CheckupLevel, indicator: { code: string; dimension: string | null }): boolean {
  const f = LEVEL_FOCUS[level];
  return (
    f.codes.includes(indicator.code) || (indicator.dimension !== null && f.dimensions.includes(indicator.dimension))
  );
}
