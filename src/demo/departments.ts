/** The city departments (市直部门) of the demo city that report indicators, receive tasks and review projects. */
export interface DemoDepartment {
  code: string;
  name: string;
  name_en: string;
  region_code: string;
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = (
  [
    ['zrzy', '示范市自然资源和规划局', 'Natural Resources and Planning Bureau'],
    ['zjj', '示范市住房和城乡建设局', 'Housing and Urban-Rural Development Bureau'],
    ['jtj', '示范市交通运输局', 'Transport Bureau'],
    ['jyj', '示范市教育局', 'Education Bureau'],
    ['wjw', '示范市卫生健康委员会', 'Health Commission'],
    ['mzj', '示范市民政局', 'Civil Affairs Bureau'],
    ['wlj', '示范市文化和旅游局', 'Culture and Tourism Bureau'],
    ['ylj', '示范市园林绿化局', 'Landscaping and Greening Bureau'],
    ['fgw', '示范市发展和改革委员会', 'Development and Reform Commission'],
    ['zfj', '示范市综合行政执法局', 'Comprehensive Administrative Law Enforcement Bureau'],
    ['yjj', '示范市应急管理局', 'Emergency Management Bureau'],
  ] as const
).map(([code, name, name_en]) => ({ code, name, name_en, region_code: '9901' }));
