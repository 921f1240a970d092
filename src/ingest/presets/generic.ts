/**
 * Anything else: every attribute kept in `attrs`, any geometry type, a name and a code taken from the
 * usual field names when there are some. Nothing is required and no code is checked.
 */
import type { Preset } from './preset.js';

export const genericPreset: Preset = {
  key: 'generic',
  title: { zh: '其他图层', en: 'Other layer (generic)' },
  table: 'generic_feature',
  category: 'generic_feature',
  geometry: 'any',
  classification: null,
  idFields: ['BSM', 'ID', 'CODE'],
  regionFields: ['XZQDM'],
  required: [],
  columns: [
    { column: 'name', from: ['MC', 'NAME', '名称'] },
    { column: 'class_code', from: ['DM', 'CODE', 'LX', '类型'] },
  ],
  classCodes: [],
};
