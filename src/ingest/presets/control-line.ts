/**
 * Control lines (控制线) → control_line, one line type per source layer. The type comes from the
 * import's `lineType` option (a code such as STBHHX or its name), else from the source layer's name
 * (a delivery names its layers STBHHX, YJJBNT, CZKFBJ … as in 市级国土空间总体规划数据库规范 §6.2);
 * the sub-type from the field each layer structure carries it in
 * (/work/shared/reference/control-lines.md §1–2).
 */
import type { Preset } from './preset.js';

export interface ControlLineKind {
  /** Physical layer name in the database specifications. */
  code: string;
  /** Stored in control_line.line_type, as the demo city and the analysis modules spell it. */
  name: string;
  /** Other layer names a delivery uses for it. */
  aliases: readonly string[];
}

export const CONTROL_LINE_KINDS: readonly ControlLineKind[] = [
  { code: 'STBHHX', name: '生态保护红线', aliases: [] },
  { code: 'YJJBNT', name: '永久基本农田', aliases: ['YJJBNTTB', 'YJJBNTBHTB', 'YJJBNTBHQ'] },
  { code: 'CZKFBJ', name: '城镇开发边界', aliases: [] },
  { code: 'LSWHBHX', name: '历史文化保护线', aliases: [] },
  { code: 'HLFXKZX', name: '洪涝风险控制线', aliases: [] },
  { code: 'KCZYKZX', name: '矿产资源控制线', aliases: [] },
  { code: 'HHAX', name: '河湖岸线', aliases: [] },
  { code: 'HAX', name: '海岸线', aliases: [] },
  { code: 'CSLX', name: '城市蓝线', aliases: ['ZXCQCSLX'] },
  { code: 'CSLVX', name: '城市绿线', aliases: ['ZXCQCSLVX'] },
  { code: 'CSZX', name: '城市紫线', aliases: ['ZXCQCSZX'] },
  { code: 'CSHX', name: '城市黄线', aliases: ['ZXCQCSHX'] },
];

/** The kind named by an option value (code, alias or Chinese name) or a source layer name. */
export function controlLineKind(name: string): ControlLineKind | null {
  const upper = name.trim().toUpperCase();
  if (!upper) return null;
  const exact = CONTROL_LINE_KINDS.find((k) => k.code === upper || k.name === name.trim() || k.aliases.includes(upper));
  if (exact) return exact;
  // Layer names often carry a suffix: STBHHX_2023, YJJBNT_330100.
  const prefix = upper.split(/[^A-Z]/)[0]!;
  return CONTROL_LINE_KINDS.find((k) => k.code === prefix || k.aliases.includes(prefix)) ?? null;
}

export const controlLinePreset: Preset = {
  key: 'control-line',
  title: {
    zh: '控制线（生态保护红线、永久基本农田、城镇开发边界等）',
    en: 'Control lines (STBHHX, YJJBNT, CZKFBJ, …)',
  },
  table: 'control_line',
  category: 'control_line',
  geometry: 'polygon',
  classification: null,
  idFields: ['BSM'],
  regionFields: ['XZQDM', 'XJXZQDM', 'XJXZQHDM', 'ZLDWDM'],
  required: [],
  columns: [
    { column: 'line_type', from: [], layerValue: 'lineType' },
    // 生态保护红线 HXLX/LHLX, 城镇开发边界 GHFQMC, 历史文化保护线 BHLX, 城市蓝线 SYLX.
    { column: 'sub_type', from: ['HXLX', 'LHLX', 'GHFQMC', 'BHLX', 'SYLX', 'LX'] },
    { column: 'name', from: ['MC', 'NAME', 'XZQMC'] },
  ],
  classCodes: [],
};
