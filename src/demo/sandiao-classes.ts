/**
 * The 三调 working classification (第三次全国国土调查工作分类) codes the demo city uses, with the group each
 * belongs to in the survey's summary tables and its 用地用海 (2023) counterpart for planned land use.
 * Codes and names: /work/shared/reference/sandiao-work-classification.csv (CCTool 三调BM_MC.xlsx);
 * counterparts: crosswalk-sandiao-to-ydyh2023.csv, where it says 待细分 (needs a split) the demo picks
 * the usual case and says so. Construction land (建设用地) per the 三调 summary: 05–09, 1001–1005,
 * 1007–1009 and 1109; 1006 农村道路 and 1202 设施农用地 count as agricultural land.
 */

export type ClassGroup =
  | 'cropland'
  | 'garden'
  | 'forest'
  | 'grassland'
  | 'wetland'
  | 'construction'
  | 'water'
  | 'agricultural_other'
  | 'unused';

export interface SandiaoClass {
  code: string;
  name: string;
  group: ClassGroup;
  /** 用地用海分类 (2023) code of the usual planned counterpart. */
  ydyh: string;
}

const rows: [code: string, name: string, group: ClassGroup, ydyh: string][] = [
  ['0101', '水田', 'cropland', '0101'],
  ['0102', '水浇地', 'cropland', '0102'],
  ['0103', '旱地', 'cropland', '0103'],
  ['0201', '果园', 'garden', '0201'],
  ['0202', '茶园', 'garden', '0202'],
  ['0204', '其他园地', 'garden', '0205'],
  ['0301', '乔木林地', 'forest', '0301'],
  ['0302', '竹林地', 'forest', '0302'],
  ['0305', '灌木林地', 'forest', '0303'],
  ['0307', '其他林地', 'forest', '0304'],
  ['0402', '沼泽草地', 'wetland', '0503'],
  ['0404', '其他草地', 'grassland', '0403'],
  ['05H1', '商业服务业设施用地', 'construction', '0901'],
  ['0508', '物流仓储用地', 'construction', '1101'],
  ['0601', '工业用地', 'construction', '1001'],
  ['0602', '采矿用地', 'construction', '1002'],
  ['0701', '城镇住宅用地', 'construction', '0701'],
  ['0702', '农村宅基地', 'construction', '0703'],
  ['08H1', '机关团体新闻出版用地', 'construction', '0801'],
  // 待细分: the demo's 科教文卫 patches are mostly schools.
  ['08H2', '科教文卫用地', 'construction', '0804'],
  ['0809', '公用设施用地', 'construction', '1312'],
  ['0810', '公园与绿地', 'construction', '1401'],
  ['0810A', '广场用地', 'construction', '1403'],
  ['09', '特殊用地', 'construction', '1507'],
  ['1001', '铁路用地', 'construction', '1201'],
  ['1003', '公路用地', 'construction', '1202'],
  ['1004', '城镇村道路用地', 'construction', '1207'],
  ['1005', '交通服务场站用地', 'construction', '1208'],
  ['1006', '农村道路', 'agricultural_other', '0601'],
  ['1101', '河流水面', 'water', '1701'],
  ['1102', '湖泊水面', 'water', '1702'],
  ['1103', '水库水面', 'water', '1703'],
  ['1104', '坑塘水面', 'water', '1704'],
  ['1106', '内陆滩涂', 'wetland', '0506'],
  ['1107', '沟渠', 'water', '1705'],
  ['1108', '沼泽地', 'wetland', '0504'],
  ['1109', '水工建筑用地', 'construction', '1311'],
  ['1201', '空闲地', 'unused', '2301'],
  ['1202', '设施农用地', 'agricultural_other', '0602'],
  ['1206', '裸土地', 'unused', '2306'],
  ['1207', '裸岩石砾地', 'unused', '2307'],
];

export const SANDIAO_CLASSES: readonly SandiaoClass[] = rows.map(([code, name, group, ydyh]) => ({
  code,
  name,
  group,
  ydyh,
}));

export type SandiaoCode = (typeof rows)[number][0];

const indexByCode = new Map(SANDIAO_CLASSES.map((c, i) => [c.code, i]));

/** Index of a class in SANDIAO_CLASSES (the value stored per cell in a Uint8Array). */
export function classIndex(code: string): number {
  const i = indexByCode.get(code);
  if (i === undefined) throw new Error(`unknown 三调 code ${code}`);
  return i;
}

export const isConstruction = (index: number) => SANDIAO_CLASSES[index]!.group === 'construction';
export const classGroup = (index: number) => SANDIAO_CLASSES[index]!.group;
