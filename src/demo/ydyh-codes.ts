/**
 * The 用地用海分类 (2023, 自然资办发〔2023〕234号) codes the demo's planned land use uses, with their names
 * as in /work/shared/reference/landuse-2023.csv (CCTool 新版用地用海_DM_to_MC.xlsx). Level-1 codes stand
 * for generalised non-construction land, as master plans draw it outside the development boundary.
 */
export const YDYH_NAMES: Record<string, string> = {
  '01': '耕地',
  '02': '园地',
  '03': '林地',
  '04': '草地',
  '05': '湿地',
  '0504': '其他沼泽地',
  '0506': '内陆滩涂',
  '06': '农业设施建设用地',
  '0703': '农村宅基地',
  '070102': '二类城镇住宅用地',
  '0702': '城镇社区服务设施用地',
  '0801': '机关团体用地',
  '0803': '文化用地',
  '080403': '中小学用地',
  '0805': '体育用地',
  '0806': '医疗卫生用地',
  '0807': '社会福利用地',
  '090101': '零售商业用地',
  '0902': '商务金融用地',
  '100101': '一类工业用地',
  '100102': '二类工业用地',
  '1002': '采矿用地',
  '1101': '物流仓储用地',
  '1201': '铁路用地',
  '1202': '公路用地',
  '1207': '城镇村道路用地',
  '1208': '交通场站用地',
  '1303': '供电用地',
  '1310': '消防用地',
  '1311': '水工设施用地',
  '1401': '公园绿地',
  '1402': '防护绿地',
  '1403': '广场用地',
  '1504': '文物古迹用地',
  '1507': '其他特殊用地',
  '16': '留白用地',
  '17': '陆地水域',
  '1701': '河流水面',
  '1702': '湖泊水面',
  '1703': '水库水面',
  '1704': '坑塘水面',
  '23': '其他土地',
};

export function ydyhName(code: string): string {
  const name = YDYH_NAMES[code];
  if (name === undefined) throw new Error(`demo city: 用地用海 code ${code} is not in YDYH_NAMES`);
  return name;
}
