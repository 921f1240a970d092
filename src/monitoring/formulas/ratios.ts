/**
 * Land-use ratios from the run year's 三调 land survey (class groups: shared.ts), per zone. The zone's
 * land area (区域国土面积) is the ellipsoidal area of the planning units it is made of (zone table).
 * Layers read: land_survey (exact year), zone (planning units).
 *
 * - 国土开发强度 `development_intensity` (%): 建设用地总面积 (三调 05–09, 1001–1005, 1007–1009, 1109)
 *   ÷ 区域国土面积 × 100 (LOC-01; the 成果审查 checklist's 国土开发强度).
 * - 河湖水面率 `water_surface_ratio` (%): (1101 河流水面 + 1102 湖泊水面 + 1103 水库水面 + 1104 坑塘水面)
 *   ÷ 区域国土面积 × 100 (TD/T 1063 AQ-07).
 * - 森林覆盖率 `forest_coverage_ratio` (%): (0301 乔木林地 + 0302 竹林地 + 0305 灌木林地) ÷ 区域国土面积 × 100
 *   (LS-01; approximated from the land survey, the official figure comes from the forest inventory).
 * - 城区透水表面占比 `permeable_surface_ratio` (%): land that lets rain soak in ÷ 区域国土面积 × 100 (AQ-20,
 *   computed for 城区 zones and units). Permeable: 耕地, 园地, 林地, 草地 (01–04 incl. the wetland classes
 *   0303/0304/0306/0402), 0810 公园与绿地, 1105/1106 滩涂, 1108 沼泽地, 1201 空闲地, 1203 田坎, 1204 盐碱地,
 *   1205 沙地, 1206 裸土地 — vegetated or bare soil. Not permeable: construction land (buildings, roads,
 *   hardened squares 0810A), 1202 设施农用地 (mostly hardened), 1207 裸岩石砾地, and water surfaces (11 other
 *   than the shores: open water is neither permeable nor impervious ground, but stays in the zone's area,
 *   as the definition divides by 城区面积).
 * - 城乡工业用地占比 `industrial_land_share` (%): 0601 工业用地 within 城乡建设用地 ÷ 城乡建设用地 × 100 (CX-03).
 * - 城乡居住用地占比 `residential_land_share` (%): (0701 城镇住宅用地 + 0702 农村宅基地) within 城乡建设用地
 *   ÷ 城乡建设用地 × 100 (CX-08).
 * - 城乡职住用地比例 `jobs_housing_land_ratio` (ratio): (05 商业服务业 incl. 0508 物流仓储 + 0601 工业用地)
 *   ÷ (0701 + 0702), all within 城乡建设用地 (CX-09).
 */
import type { FormulaContext } from '../formula-context.js';
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import { isConstructionClass } from '../core-formulas.js';
import {
  classOf,
  FOREST_COVER,
  inClasses,
  isUrbanRuralConstruction,
  ratioByZone,
  surveyAreasByUnit,
  WATER_SURFACE,
  zoneAreaM2,
  type Accept,
} from './shared.js';

function shareOfLand(key: string, accept: Accept, definition: string): void {
  registerFormula(key, {
    layers: ['land_survey', 'zone'],
    definition,
    async compute(ctx): Promise<ZoneValue[]> {
      const areas = await surveyAreasByUnit(ctx, { a: accept });
      if (!areas) return [];
      return ratioByZone(ctx, ctx.sumByZone(areas.a), zoneAreaM2(ctx), 100, ['classM2', 'landM2']);
    },
  });
}

shareOfLand(
  'development_intensity',
  (d) => isConstructionClass(d),
  '建设用地总面积（三调 05–09、1001–1005、1007–1009、1109）/ 区域国土面积 ×100，% — territorial development intensity',
);
shareOfLand(
  'water_surface_ratio',
  inClasses(WATER_SURFACE),
  '（1101 河流水面 + 1102 湖泊水面 + 1103 水库水面 + 1104 坑塘水面）/ 区域国土面积 ×100，% — river and lake water surface ratio',
);
shareOfLand(
  'forest_coverage_ratio',
  inClasses(FOREST_COVER),
  '（0301 乔木林地 + 0302 竹林地 + 0305 灌木林地）/ 区域国土面积 ×100，% — forest coverage (land-survey approximation)',
);

/** 0810 exactly: 0810A 广场用地 is paved. */
const PERMEABLE_OTHER = ['1105', '1106', '1108', '1201', '1203', '1204', '1205', '1206'];
shareOfLand(
  'permeable_surface_ratio',
  (d) =>
    ['01', '02', '03', '04'].includes(classOf(d).slice(0, 2)) || d === '0810' || PERMEABLE_OTHER.includes(classOf(d)),
  '透水表面（三调 01–04 农用地与自然植被、0810 公园与绿地、1105/1106 滩涂、1108 沼泽地、1201 空闲地、1203 田坎、1204–1206 盐碱地/沙地/裸土地）面积 / 区域国土面积 ×100，% — share of permeable surface',
);

async function withinUrbanRural(
  ctx: FormulaContext,
  numerator: Accept,
  denominator: Accept,
  scale: number,
  names: [string, string],
): Promise<ZoneValue[]> {
  const areas = await surveyAreasByUnit(ctx, {
    n: (d, c) => isUrbanRuralConstruction(d, c) && numerator(d, c),
    d: (d, c) => isUrbanRuralConstruction(d, c) && denominator(d, c),
  });
  if (!areas) return [];
  return ratioByZone(ctx, ctx.sumByZone(areas.n), ctx.sumByZone(areas.d), scale, names);
}

const INDUSTRIAL: Accept = (d) => classOf(d) === '0601';
const RESIDENTIAL: Accept = (d) => ['0701', '0702'].includes(classOf(d));
const JOBS: Accept = (d) => INDUSTRIAL(d, null) || classOf(d).startsWith('05');

registerFormula('industrial_land_share', {
  layers: ['land_survey'],
  definition:
    '城乡建设用地中 0601 工业用地面积 / 城乡建设用地面积 ×100，% — industrial share of urban-rural construction land',
  compute: (ctx) => withinUrbanRural(ctx, INDUSTRIAL, () => true, 100, ['industrialM2', 'urbanRuralConstructionM2']),
});

registerFormula('residential_land_share', {
  layers: ['land_survey'],
  definition:
    '城乡建设用地中居住用地（0701 城镇住宅用地 + 0702 农村宅基地）面积 / 城乡建设用地面积 ×100，% — residential share of urban-rural construction land',
  compute: (ctx) => withinUrbanRural(ctx, RESIDENTIAL, () => true, 100, ['residentialM2', 'urbanRuralConstructionM2']),
});

registerFormula('jobs_housing_land_ratio', {
  layers: ['land_survey'],
  definition:
    '城乡建设用地中（05 商业服务业含 0508 物流仓储 + 0601 工业）/（0701 + 0702 居住）面积之比 — jobs–housing land ratio',
  compute: (ctx) => withinUrbanRural(ctx, JOBS, RESIDENTIAL, 1, ['jobsLandM2', 'residentialM2']),
});
