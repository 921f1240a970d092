/**
 * Colours by class, as Chinese planners read maps:
 * - land survey (三调, TD/T 1055 工作分类): the survey's customary palette — cultivated land yellow,
 *   garden land pink-violet, forest green, grassland light green, built land reds and browns, transport
 *   grey, water blue;
 * - planned land and sea use (用地用海分类, 2023): the planning palette of GB 50137 carried into the
 *   guide — residential yellow, commerce red, public services magenta, industry brown, storage violet,
 *   transport grey, utilities teal, green space green;
 * - control lines: ecological red line green, permanent basic farmland gold, urban development boundary
 *   red (dashed), historic-culture line violet, blue line blue.
 * Names are bilingual data (the legend shows them in the reader's language).
 */
export interface ClassColour {
  code: string;
  zh: string;
  en: string;
  colour: string;
}

/** 三调 first-level classes, with the colour used for any code in the class without its own. */
export const SANDIAO_GROUPS: ClassColour[] = [
  { code: '00', zh: '湿地', en: 'Wetland', colour: '#6cc7b5' },
  { code: '01', zh: '耕地', en: 'Cultivated land', colour: '#f4d06f' },
  { code: '02', zh: '园地', en: 'Garden land', colour: '#d6a7c9' },
  { code: '03', zh: '林地', en: 'Forest land', colour: '#31ad69' },
  { code: '04', zh: '草地', en: 'Grassland', colour: '#a9d46f' },
  { code: '05', zh: '商业服务业用地', en: 'Commercial land', colour: '#e2a195' },
  { code: '06', zh: '工矿用地', en: 'Industrial and mining land', colour: '#b98b7b' },
  { code: '07', zh: '住宅用地', en: 'Residential land', colour: '#e56766' },
  { code: '08', zh: '公共管理与公共服务用地', en: 'Public administration and services', colour: '#f1a5b4' },
  { code: '09', zh: '特殊用地', en: 'Special land', colour: '#c17261' },
  { code: '10', zh: '交通运输用地', en: 'Transport land', colour: '#c8c3c9' },
  { code: '11', zh: '水域及水利设施用地', en: 'Water and water facilities', colour: '#7ec3ea' },
  { code: '12', zh: '其他土地', en: 'Other land', colour: '#e4d9bd' },
];

/** 三调 codes drawn apart from their class colour. */
export const SANDIAO_CODES: Record<string, string> = {
  '0101': '#f4d06f',
  '0102': '#f2e35e',
  '0103': '#fbf3a8',
  '0201': '#d6a7c9',
  '0202': '#d5a7b0',
  '0203': '#e7cce2',
  '0204': '#e7cce2',
  '0301': '#31ad69',
  '0302': '#4db87a',
  '0303': '#3fb39a',
  '0304': '#3fb39a',
  '0305': '#64b968',
  '0306': '#6cc7b5',
  '0307': '#97cfb2',
  '0401': '#83c238',
  '0402': '#6cc7b5',
  '0403': '#9ace7f',
  '0404': '#c8e3a0',
  '05H1': '#e2a195',
  '0508': '#c59a8c',
  '0601': '#b98b7b',
  '0602': '#a87868',
  '0603': '#b0c4de',
  '0701': '#e56766',
  '0702': '#ec898a',
  '08H1': '#f1a5b4',
  '08H2': '#ee9fb0',
  '0809': '#e7a6c8',
  '0810': '#81c35d',
  '0810A': '#a6d38a',
  '1001': '#b9b1bb',
  '1002': '#b9b1bb',
  '1003': '#c8c3c9',
  '1004': '#dad6db',
  '1005': '#bfb6c3',
  '1006': '#e3dfd0',
  '1007': '#bdb3c7',
  '1008': '#bdb3c7',
  '1009': '#bdb3c7',
  '1101': '#6fbbe6',
  '1102': '#6fbbe6',
  '1103': '#8fcbef',
  '1104': '#a4d6f2',
  '1105': '#b7e2da',
  '1106': '#b7e2da',
  '1107': '#b3ddf5',
  '1108': '#9ed6c5',
  '1109': '#9fb8c9',
  '1110': '#e8f4fb',
  '1201': '#e8e0c8',
  '1202': '#e4d3a1',
  '1203': '#efe6c8',
  '1204': '#e6e0d3',
  '1205': '#f0e2b6',
  '1206': '#e3d6bf',
  '1207': '#d7d0c5',
};

/** 用地用海 first-level classes (2023). */
export const YDYH_GROUPS: ClassColour[] = [
  { code: '01', zh: '耕地', en: 'Cultivated land', colour: '#f5f0b4' },
  { code: '02', zh: '园地', en: 'Garden land', colour: '#bfe9aa' },
  { code: '03', zh: '林地', en: 'Forest land', colour: '#68b167' },
  { code: '04', zh: '草地', en: 'Grassland', colour: '#cdf57a' },
  { code: '05', zh: '湿地', en: 'Wetland', colour: '#65cdaa' },
  { code: '06', zh: '农业设施建设用地', en: 'Agricultural facility land', colour: '#d8d79f' },
  { code: '07', zh: '居住用地', en: 'Residential land', colour: '#ffe94d' },
  { code: '08', zh: '公共管理与公共服务用地', en: 'Public administration and services', colour: '#f15bb5' },
  { code: '09', zh: '商业服务业用地', en: 'Commercial and business land', colour: '#e8393c' },
  { code: '10', zh: '工矿用地', en: 'Industrial and mining land', colour: '#bb9674' },
  { code: '11', zh: '仓储用地', en: 'Storage land', colour: '#8761d3' },
  { code: '12', zh: '交通运输用地', en: 'Transport land', colour: '#b7b7b7' },
  { code: '13', zh: '公用设施用地', en: 'Public utility land', colour: '#1f8fa3' },
  { code: '14', zh: '绿地与开敞空间用地', en: 'Green and open space', colour: '#3cc24a' },
  { code: '15', zh: '特殊用地', en: 'Special land', colour: '#859158' },
  { code: '16', zh: '留白用地', en: 'Reserved land', colour: '#f7f7f7' },
  { code: '17', zh: '陆地水域', en: 'Inland water', colour: '#6ec6f0' },
  { code: '18', zh: '渔业用海', en: 'Fishery sea use', colour: '#9bd3e6' },
  { code: '19', zh: '工矿通信用海', en: 'Industrial sea use', colour: '#a5b9d6' },
  { code: '20', zh: '交通运输用海', en: 'Transport sea use', colour: '#b6c4d8' },
  { code: '21', zh: '游憩用海', en: 'Recreational sea use', colour: '#a8e0e6' },
  { code: '22', zh: '特殊用海', en: 'Special sea use', colour: '#9fb0b8' },
  { code: '23', zh: '其他土地', en: 'Other land', colour: '#e4d9bd' },
  { code: '24', zh: '其他海域', en: 'Other sea', colour: '#cfe8f3' },
];

export const YDYH_CODES: Record<string, string> = {
  '0701': '#ffe94d',
  '070101': '#fff27a',
  '070102': '#ffe94d',
  '070103': '#f5d90a',
  '0702': '#fff5a6',
  '0801': '#f15bb5',
  '0802': '#f27ec4',
  '0803': '#f27ec4',
  '0804': '#ef6fbd',
  '080401': '#ef6fbd',
  '080402': '#ef6fbd',
  '080403': '#f48ccb',
  '0806': '#e85aa8',
  '0807': '#f4a3d3',
  '090101': '#e8393c',
  '100101': '#c9a98b',
  '100102': '#bb9674',
  '100103': '#a67d5a',
  '1207': '#c9c9c9',
  '1208': '#a8a8a8',
  '1303': '#1f8fa3',
  '1401': '#3cc24a',
  '1402': '#6fd36f',
  '1403': '#a4e3a0',
  '1504': '#9c7b55',
  '1701': '#6ec6f0',
  '1702': '#5ab8ec',
};

export interface ControlLineStyle {
  zh: string;
  en: string;
  fill: string;
  fillOpacity: number;
  line: string;
  width: number;
  dashed: boolean;
}

export const CONTROL_LINES: Record<string, ControlLineStyle> = {
  生态保护红线: {
    zh: '生态保护红线',
    en: 'Ecological protection red line',
    fill: '#2ea043',
    fillOpacity: 0.32,
    line: '#1a7f37',
    width: 2,
    dashed: false,
  },
  永久基本农田: {
    zh: '永久基本农田',
    en: 'Permanent basic farmland',
    fill: '#f2c230',
    fillOpacity: 0.42,
    line: '#b58900',
    width: 1.5,
    dashed: false,
  },
  城镇开发边界: {
    zh: '城镇开发边界',
    en: 'Urban development boundary',
    fill: '#e06666',
    fillOpacity: 0.16,
    line: '#d4380d',
    width: 2.2,
    dashed: true,
  },
  历史文化保护线: {
    zh: '历史文化保护线',
    en: 'Historic-culture protection line',
    fill: '#8e5cc7',
    fillOpacity: 0.28,
    line: '#722ed1',
    width: 2,
    dashed: false,
  },
  城市蓝线: {
    zh: '城市蓝线',
    en: 'Blue line (water)',
    fill: '#3d8fe0',
    fillOpacity: 0.3,
    line: '#1565c0',
    width: 1.5,
    dashed: false,
  },
  城市绿线: {
    zh: '城市绿线',
    en: 'Green line',
    fill: '#6fcf5f',
    fillOpacity: 0.3,
    line: '#389e0d',
    width: 1.5,
    dashed: false,
  },
  城市紫线: {
    zh: '城市紫线',
    en: 'Purple line (heritage)',
    fill: '#b37feb',
    fillOpacity: 0.3,
    line: '#531dab',
    width: 1.5,
    dashed: false,
  },
  城市黄线: {
    zh: '城市黄线',
    en: 'Yellow line (infrastructure)',
    fill: '#fadb14',
    fillOpacity: 0.3,
    line: '#ad8b00',
    width: 1.5,
    dashed: false,
  },
};

/** Urban development boundary sub-zones, drawn inside the boundary. */
export const UDB_SUBZONES: Record<string, { zh: string; en: string; fill: string }> = {
  城镇集中建设区: { zh: '城镇集中建设区', en: 'Concentrated construction area', fill: '#e06666' },
  城镇弹性发展区: { zh: '城镇弹性发展区', en: 'Flexible development area', fill: '#f1a36b' },
  特别用途区: { zh: '特别用途区', en: 'Special-purpose area', fill: '#9fcf7f' },
};

export const PLANNING_ZONES: ClassColour[] = [
  { code: '生态保护区', zh: '生态保护区', en: 'Ecological protection zone', colour: '#2e8b57' },
  { code: '生态控制区', zh: '生态控制区', en: 'Ecological control zone', colour: '#8fc79a' },
  { code: '农田保护区', zh: '农田保护区', en: 'Farmland protection zone', colour: '#f2d574' },
  { code: '城镇集中建设区', zh: '城镇集中建设区', en: 'Concentrated construction area', colour: '#ef8a7f' },
  { code: '城镇弹性发展区', zh: '城镇弹性发展区', en: 'Flexible development area', colour: '#f6b38d' },
  { code: '特别用途区', zh: '特别用途区', en: 'Special-purpose area', colour: '#b8d98c' },
  { code: '村庄建设区', zh: '村庄建设区', en: 'Village construction area', colour: '#e6b47a' },
  { code: '一般农业区', zh: '一般农业区', en: 'General agricultural zone', colour: '#f7edb0' },
  { code: '林业发展区', zh: '林业发展区', en: 'Forestry zone', colour: '#a8d5a2' },
  { code: '牧业发展区', zh: '牧业发展区', en: 'Pastoral zone', colour: '#d4e7a1' },
  { code: '矿产能源发展区', zh: '矿产能源发展区', en: 'Mineral and energy zone', colour: '#a0785a' },
  { code: '海洋发展区', zh: '海洋发展区', en: 'Marine development zone', colour: '#8ecae6' },
];

export const ROAD_CLASSES: { code: string; zh: string; en: string; colour: string; width: number }[] = [
  { code: '国省道', zh: '国省道', en: 'National / provincial road', colour: '#d9480f', width: 3 },
  { code: '城市快速路', zh: '城市快速路', en: 'Expressway', colour: '#e8590c', width: 3 },
  { code: '城市主干路', zh: '城市主干路', en: 'Arterial road', colour: '#f08c00', width: 2.4 },
  { code: '城市次干路', zh: '城市次干路', en: 'Secondary road', colour: '#f5b041', width: 1.7 },
  { code: '城市支路', zh: '城市支路', en: 'Branch road', colour: '#a6a6a6', width: 1.1 },
];

export const FACILITY_TYPES: ClassColour[] = [
  { code: '学校', zh: '学校', en: 'School', colour: '#1f77b4' },
  { code: '医院', zh: '医院', en: 'Hospital', colour: '#d62728' },
  { code: '卫生院', zh: '卫生院', en: 'Township health centre', colour: '#e377c2' },
  { code: '社区卫生服务中心', zh: '社区卫生服务中心', en: 'Community health centre', colour: '#c2185b' },
  { code: '卫生室', zh: '卫生室', en: 'Village clinic', colour: '#f4a6c8' },
  { code: '养老院', zh: '养老院', en: 'Elderly care', colour: '#8c564b' },
  { code: '文化设施', zh: '文化设施', en: 'Culture facility', colour: '#9467bd' },
  { code: '体育设施', zh: '体育设施', en: 'Sports facility', colour: '#17becf' },
  { code: '公园', zh: '公园', en: 'Park', colour: '#2ca02c' },
  { code: '广场', zh: '广场', en: 'Square', colour: '#8fd175' },
  { code: '消防站', zh: '消防站', en: 'Fire station', colour: '#ff7f0e' },
  { code: '应急避难场所', zh: '应急避难场所', en: 'Emergency shelter', colour: '#5f6b7a' },
];

export const ZONE_OUTLINES: { key: string; zh: string; en: string; colour: string; width: number; dashed: boolean }[] =
  [
    { key: 'county', zh: '区县界', en: 'District / county boundary', colour: '#0f2f57', width: 2.2, dashed: false },
    {
      key: 'township',
      zh: '乡镇（街道）界',
      en: 'Township / subdistrict boundary',
      colour: '#4a6a8f',
      width: 1.1,
      dashed: false,
    },
    {
      key: 'planning_unit',
      zh: '详细规划单元',
      en: 'Detailed-planning unit',
      colour: '#7d8a99',
      width: 0.8,
      dashed: true,
    },
    { key: 'central_urban', zh: '中心城区', en: 'Central urban area', colour: '#c0392b', width: 1.6, dashed: true },
    {
      key: 'governance',
      zh: '功能区（开发区、新区、园区）',
      en: 'Governance zone (development zone, new area, park)',
      colour: '#8e44ad',
      width: 1.6,
      dashed: true,
    },
  ];
