/** The public portal and the check-up placeholder. */
export const portal = {
  'portal.title': { zh: '国土空间规划公众服务', en: 'Territorial spatial planning — public service' },
  'portal.signIn': { zh: '工作人员登录', en: 'Staff sign-in' },
  'portal.toWorkbench': { zh: '进入工作台', en: 'Go to the workbench' },
  'portal.tab.map': { zh: '规划公示地图', en: 'Plans on the map' },
  'portal.tab.published': { zh: '规划成果公开', en: 'Published results' },
  'portal.tab.comments': { zh: '公众意见', en: 'Comments and surveys' },
  'portal.viewOnMap': { zh: '在地图中查看', en: 'See on the map' },
  'portal.published.intro': {
    zh: '以下为依法公开的规划成果图层（控制线、规划分区、规划用地用海等），可在地图中查看，也可通过开放接口获取。',
    en: 'These plan layers are published by law (control lines, planning zones, planned land use…): see them on the map, or fetch them through the open interface.',
  },
  'portal.published.meta': { zh: '{count} 个要素 · 更新于 {time}', en: '{count} features · updated {time}' },
  'portal.published.empty': { zh: '暂无公开的规划成果。', en: 'No published result yet.' },
  'portal.ogc': {
    zh: 'GIS 软件（QGIS、ArcGIS）可通过 OGC API – Features 读取公开图层：',
    en: 'GIS software (QGIS, ArcGIS) reads the public layers through OGC API – Features:',
  },
  'portal.comments.none': { zh: '当前没有征求意见的规划草案。', en: 'No draft is open for comments now.' },
  'checkup.description': {
    zh: '年度体检与五年评估：问题识别、成因、对策、任务清单与报告',
    en: 'Annual check-ups and five-year evaluations: problems, causes, countermeasures, tasks and the report',
  },
  'checkup.feature': { zh: '体检评估', en: 'check-up and evaluation' },
} as const;
