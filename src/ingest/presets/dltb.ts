/**
 * 三调 / 年度变更调查 地类图斑 (DLTB), 统一调查监测 表5-13: BSM, YSDM, TBBH, DLBM, DLMC, QSXZ, QSDWDM,
 * QSDWMC, ZLDWDM, ZLDWMC, TBMJ, TBDLMJ, SJNF, MSSM, and the separate 城镇村属性码 CZCSXM
 * (/work/shared/reference/control-lines.md §1). BSM, DLBM and ZLDWDM are required: without them a
 * patch can be neither identified, classified nor placed.
 */
import type { Preset } from './preset.js';

export const dltbPreset: Preset = {
  key: 'dltb',
  title: { zh: '地类图斑（国土调查）', en: 'Land-survey patches (DLTB)' },
  table: 'land_survey',
  category: 'land_survey',
  geometry: 'polygon',
  classification: 'sandiao',
  idFields: ['BSM'],
  regionFields: ['ZLDWDM', 'QSDWDM', 'XZQDM'],
  required: ['BSM', 'DLBM', 'ZLDWDM'],
  columns: [
    { column: 'bsm', from: ['BSM'] },
    { column: 'dlbm', from: ['DLBM'] },
    { column: 'dlmc', from: ['DLMC'] },
    { column: 'czcsxm', from: ['CZCSXM'] },
  ],
  classCodes: [
    { from: ['DLBM'], classifications: ['sandiao'] },
    { from: ['CZCSXM'], classifications: ['czcsxm'], optional: true },
  ],
};
