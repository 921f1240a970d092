/**
 * Place and road names of the fictional 示范市, with pinyin for the English names. All invented; names of
 * the real districts and towns of the city that actually sits at these coordinates (合肥) are avoided.
 */

export type Name = readonly [zh: string, pinyin: string];

/** The four urban districts (in the order of CityLayout.districtAnchors) and the two counties. */
export const DISTRICT_NAMES: readonly Name[] = [
  ['文昌', 'Wenchang'],
  ['明湖', 'Minghu'],
  ['滨河', 'Binhe'],
  ['钟山', 'Zhongshan'],
];
export const COUNTY_NAMES: readonly Name[] = [
  ['青山', 'Qingshan'],
  ['丰乐', 'Fengle'],
];

/** Names for 街道 (subdistricts): urban-sounding. */
export const SUBDISTRICT_NAMES: readonly Name[] = [
  ['鼓楼', 'Gulou'],
  ['新华', 'Xinhua'],
  ['和平', 'Heping'],
  ['解放', 'Jiefang'],
  ['人民', 'Renmin'],
  ['长青', 'Changqing'],
  ['东关', 'Dongguan'],
  ['西苑', 'Xiyuan'],
  ['南门', 'Nanmen'],
  ['北城', 'Beicheng'],
  ['紫荆', 'Zijing'],
  ['桂园', 'Guiyuan'],
  ['银杏', 'Yinxing'],
  ['翠湖', 'Cuihu'],
  ['望江', 'Wangjiang'],
  ['临河', 'Linhe'],
  ['双桥', 'Shuangqiao'],
  ['五里', 'Wuli'],
  ['七星', 'Qixing'],
  ['凤凰', 'Fenghuang'],
  ['光明', 'Guangming'],
  ['振兴', 'Zhenxing'],
  ['学府', 'Xuefu'],
  ['锦绣', 'Jinxiu'],
];

/** Names for 镇 and 乡: rural-sounding. */
export const TOWN_NAMES: readonly Name[] = [
  ['金山', 'Jinshan'],
  ['玉泉', 'Yuquan'],
  ['龙岗', 'Longgang'],
  ['白沙', 'Baisha'],
  ['青龙', 'Qinglong'],
  ['石门', 'Shimen'],
  ['柳林', 'Liulin'],
  ['桃源', 'Taoyuan'],
  ['杏花', 'Xinghua'],
  ['梅山', 'Meishan'],
  ['松林', 'Songlin'],
  ['竹溪', 'Zhuxi'],
  ['枫桥', 'Fengqiao'],
  ['荷塘', 'Hetang'],
  ['稻香', 'Daoxiang'],
  ['高岗', 'Gaogang'],
  ['马集', 'Maji'],
  ['李集', 'Liji'],
  ['张店', 'Zhangdian'],
  ['王圩', 'Wangwei'],
  ['陈桥', 'Chenqiao'],
  ['杨庙', 'Yangmiao'],
  ['赵湾', 'Zhaowan'],
  ['孙铺', 'Sunpu'],
  ['周寨', 'Zhouzhai'],
  ['郑墩', 'Zhengdun'],
  ['何庄', 'Hezhuang'],
  ['罗河', 'Luohe'],
  ['黄泥', 'Huangni'],
  ['大岭', 'Daling'],
  ['官塘', 'Guantang'],
  ['白马', 'Baima'],
  ['双河', 'Shuanghe'],
  ['仙踪', 'Xianzong'],
  ['花园', 'Huayuan'],
  ['长岗', 'Changgang'],
];

const SURNAMES =
  '张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段章钱汤尹黎易常武乔贺赖龚文';
const VILLAGE_SUFFIXES = [
  '庄',
  '集',
  '圩',
  '岗',
  '店',
  '湾',
  '桥',
  '洼',
  '楼',
  '郢',
  '营',
  '寨',
  '塘',
  '墩',
  '冲',
  '畈',
];

/** The n-th village (行政村) name: surname + place suffix, e.g. 张庄, 李集; distinct for n < 1,700. */
export function villageName(n: number): string {
  const s = SURNAMES[n % SURNAMES.length]!;
  const suffix = VILLAGE_SUFFIXES[Math.floor(n / SURNAMES.length) % VILLAGE_SUFFIXES.length]!;
  return `${s}${suffix}`;
}

/** Street name stems; a class suffix (大道/路/街/巷) is added per road class. */
export const STREET_STEMS: readonly string[] = [
  '人民',
  '长江',
  '淮河',
  '中山',
  '建设',
  '解放',
  '胜利',
  '和平',
  '团结',
  '友谊',
  '文化',
  '学府',
  '科技',
  '创新',
  '观澜',
  '明湖',
  '滨河',
  '环城',
  '新华',
  '光明',
  '幸福',
  '振兴',
  '兴业',
  '繁华',
  '紫云',
  '翠微',
  '玉兰',
  '桂花',
  '梧桐',
  '银杏',
  '樱花',
  '海棠',
  '丁香',
  '芙蓉',
  '牡丹',
  '迎宾',
  '站前',
  '工业',
  '东风',
  '白鹭',
  '晨光',
  '新安',
  '翠屏',
  '彩虹',
  '凌云',
  '大别',
  '朝阳',
  '远航',
  '书院',
  '育才',
  '锦江',
  '清溪',
  '香樟',
  '石榴',
  '荷叶',
  '云谷',
  '松柏',
  '枫林',
  '竹园',
  '春晖',
  '秋浦',
  '东流',
  '西湖',
  '北斗',
  '南山',
  '启明',
  '长安',
  '永安',
  '太平',
  '康宁',
];

/** The 1-based Chinese ordinal used in facility names (第一小学…). */
export function chineseOrdinal(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
}
