/**
 * Land-use areas from the run year's 三调 land survey (class groups: shared.ts), per zone, in km²:
 * Σ ellipsoidal area (CGCS2000, ellipsoidalArea — as official land statistics are) of the patches of
 * the group, split among planning units by overlap and summed per zone. Layer read: land_survey
 * (三调地类图斑, exactly the run's year). Sources: TD/T 1063-2021 (AQ-06, AQ-11, LS-03, LS-04, XT-03),
 * 市级国土空间总体规划编制指南（试行） (MP-04, MP-05, MP-07, MP-09), local rows LOC-03…LOC-06.
 *
 * - 耕地保有量 `cultivated_land_area`: 0101 水田 + 0102 水浇地 + 0103 旱地 (TD/T 1063 AQ-11; MP-04).
 * - 林地保有量 `forest_land_area`: 0301 + 0302 + 0305 + 0307 (LS-03; MP-07).
 * - 草地面积 `grassland_area`: 0401 + 0403 + 0404 (LS-04).
 * - 湿地面积 `wetland_area`: 三调 湿地 一级类 — 0303, 0304, 0306, 0402, 0603, 1105, 1106, 1108 (AQ-06; MP-09).
 * - 园地面积 `garden_area`: 0201 + 0202 + 0203 + 0204 (LOC-03).
 * - 建设用地总面积 `construction_land_area`: 05–09, 1001–1005, 1007–1009, 1109 (XT-03; MP-05).
 * - 城镇建设用地面积 `urban_construction_land_area`: construction land with CZCSXM 201/202 (LOC-04).
 * - 村庄建设用地面积 `village_construction_land_area`: construction land with CZCSXM 203 (LOC-05).
 * - 公园绿地面积 `park_green_area`: 0810 公园与绿地 (not 0810A 广场用地) (LOC-06).
 */
import { isConstructionClass } from '../core-formulas.js';
import { registerFormula } from '../formula-registry.js';
import {
  CULTIVATED,
  FOREST_LAND,
  GARDEN,
  GRASSLAND,
  inClasses,
  isUrbanConstruction,
  isVillageConstruction,
  km2ByZone,
  surveyAreasByUnit,
  WETLAND,
  type Accept,
} from './shared.js';

function areaFormula(key: string, accept: Accept, definition: string): void {
  registerFormula(key, {
    layers: ['land_survey'],
    definition,
    async compute(ctx) {
      const areas = await surveyAreasByUnit(ctx, { a: accept });
      return areas ? km2ByZone(ctx, areas.a) : [];
    },
  });
}

areaFormula(
  'cultivated_land_area',
  inClasses(CULTIVATED),
  '耕地（三调 0101 水田、0102 水浇地、0103 旱地）图斑椭球面积之和，km² — cultivated land area',
);
areaFormula(
  'forest_land_area',
  inClasses(FOREST_LAND),
  '林地（三调 0301、0302、0305、0307）图斑椭球面积之和，km² — forest land area',
);
areaFormula(
  'grassland_area',
  inClasses(GRASSLAND),
  '草地（三调 0401、0403、0404；0402 沼泽草地归湿地）图斑椭球面积之和，km² — grassland area',
);
areaFormula(
  'wetland_area',
  inClasses(WETLAND),
  '湿地（三调湿地归类 0303、0304、0306、0402、0603、1105、1106、1108）图斑椭球面积之和，km² — wetland area',
);
areaFormula(
  'garden_area',
  inClasses(GARDEN),
  '园地（三调 0201、0202、0203、0204）图斑椭球面积之和，km² — garden (orchard, tea) land area',
);
areaFormula(
  'construction_land_area',
  (d) => isConstructionClass(d),
  '建设用地（三调 05–09、1001–1005、1007–1009、1109）图斑椭球面积之和，km² — construction land area',
);
areaFormula(
  'urban_construction_land_area',
  isUrbanConstruction,
  '城镇建设用地：城镇村属性码 201、202 的建设用地图斑椭球面积之和，km² — urban construction land area',
);
areaFormula(
  'village_construction_land_area',
  isVillageConstruction,
  '村庄建设用地：城镇村属性码 203 的建设用地图斑椭球面积之和，km² — village construction land area',
);
areaFormula(
  'park_green_area',
  (d) => (d ?? '') === '0810',
  '公园绿地：三调 0810 公园与绿地（不含 0810A 广场用地）图斑椭球面积之和，km² — park and green space area',
);
