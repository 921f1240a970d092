/**
 * An uploaded zone layer — planning units (详细规划编制单元), governance zones, any districts a user
 * wants statistics for. It goes to generic_feature, not to the `zone` table: `zone` is the one
 * administrative and planning hierarchy that scopes every permission, and an upload must not be able
 * to change who may see what (docs/decisions/0012-import-export.md).
 */
import type { Preset } from './preset.js';

export const zonePreset: Preset = {
  key: 'zone',
  title: { zh: '分区（规划单元、管理分区等）', en: 'Zones (planning units, governance zones, …)' },
  table: 'generic_feature',
  category: 'generic_feature',
  geometry: 'polygon',
  classification: null,
  idFields: ['DYBH', 'BH', 'BSM', 'CODE', 'DM'],
  regionFields: ['XZQDM', 'XJXZQDM'],
  required: [],
  columns: [
    { column: 'name', from: ['DYMC', 'MC', 'NAME', 'ZONE_NAME', 'XZQMC'] },
    { column: 'class_code', from: ['DYBH', 'BH', 'CODE', 'DM', 'XZQDM'] },
  ],
  classCodes: [],
};
