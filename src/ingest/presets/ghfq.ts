/**
 * 规划分区 (GHFQ, and the CZKFBJ internal zones): GHFQDM 规划分区代码, GHFQMC 规划分区名称. The zone
 * codes are not in a catalog Lantu carries (control-lines.md §3 lists names only), so they are not
 * checked; the code or the name must be there.
 */
import type { Preset } from './preset.js';

export const ghfqPreset: Preset = {
  key: 'ghfq',
  title: { zh: '规划分区', en: 'Planning zones (GHFQ)' },
  table: 'planning_zone',
  category: 'planning_zone',
  geometry: 'polygon',
  classification: null,
  idFields: ['BSM'],
  regionFields: ['XZQDM', 'XJXZQDM'],
  required: ['GHFQDM|GHFQMC'],
  columns: [
    { column: 'zone_type', from: ['GHFQDM', 'GHFQMC'] },
    { column: 'zone_name', from: ['GHFQMC', 'GHFQDM'] },
  ],
  classCodes: [],
};
