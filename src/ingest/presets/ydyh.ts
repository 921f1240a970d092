/**
 * 规划用地用海 (e.g. ZXCQGHYDYH 中心城区规划用地用海, YDYHGHFQ): YDYHFLDM/YDYHFLMC, classified by
 * 国土空间调查、规划、用途管制用地用海分类. Codes of the 2023 edition and of the 2020 trial edition
 * are both accepted: plans approved in 2021–2023 were drawn with the trial codes.
 */
import type { Preset } from './preset.js';

export const ydyhPreset: Preset = {
  key: 'ydyh',
  title: { zh: '规划用地用海', en: 'Planned land and sea use (YDYH)' },
  table: 'planned_land_use',
  category: 'planned_land_use',
  geometry: 'polygon',
  classification: 'ydyh2023',
  idFields: ['BSM'],
  regionFields: ['XZQDM', 'XJXZQDM', 'ZLDWDM'],
  required: ['YDYHFLDM'],
  columns: [
    { column: 'ydyh_code', from: ['YDYHFLDM'] },
    { column: 'ydyh_name', from: ['YDYHFLMC'] },
  ],
  classCodes: [{ from: ['YDYHFLDM'], classifications: ['ydyh2023', 'ydyh2020'] }],
};
