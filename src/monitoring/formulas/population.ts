/**
 * Population-based indicators: residents from the population table (per planning unit, summed to
 * zones), land areas from the run year's 三调 survey (class groups: shared.ts). 城镇常住人口 is not in the
 * population table: it is derived by the dasymetric split of shared.ts `urbanRuralResidents` — a unit's
 * residents spread over its residential patches (0701 weight 1, 0702 weight 0.2, by area), those on
 * patches with CZCSXM 201/202 being urban. Layers read: population, land_survey, zone.
 *
 * - 常住人口城镇化率 `urbanisation_rate` (%): 城镇常住人口 ÷ 常住人口 × 100 (XT-08; MP-16).
 * - 人均城镇建设用地面积 `urban_construction_land_per_capita` (m²/人): 城镇建设用地 (construction land with
 *   CZCSXM 201/202) ÷ 城镇常住人口 (XT-11; MP-17; GB 50137-2011's 人均城市建设用地 on the 三调 basis).
 * - 人均村庄建设用地面积 `village_construction_land_per_capita` (m²/人): 村庄建设用地 (CZCSXM 203) ÷ 农村常住人口
 *   (XT-13).
 * - 人均城镇住宅用地面积 `urban_residential_land_per_capita` (m²/人): 0701 城镇住宅用地 with CZCSXM 201/202
 *   ÷ 城镇常住人口 (XT-12).
 * - 城区常住人口密度 `urban_population_density` (人/km²): 常住人口 ÷ zone land area (planning units'
 *   ellipsoidal area) (XT-02).
 * - 人均公园绿地面积 `park_area_per_capita` (m²/人): 0810 公园与绿地 area ÷ 常住人口 (GX-21; MP-30).
 */
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import {
  classOf,
  isUrbanConstruction,
  isVillageConstruction,
  ratioByZone,
  surveyAreasByUnit,
  URBAN,
  urbanRuralResidents,
  zoneAreaM2,
  type Accept,
} from './shared.js';

registerFormula('urbanisation_rate', {
  layers: ['population', 'land_survey'],
  definition: '城镇常住人口（按居住用地分摊，城镇村属性码 201/202）/ 常住人口 ×100，% — urbanisation rate of residents',
  async compute(ctx): Promise<ZoneValue[]> {
    const r = await urbanRuralResidents(ctx);
    if (!r) return [];
    return ratioByZone(ctx, r.urban, r.total, 100, ['urbanResidents', 'residents']);
  },
});

function perUrbanOrRural(key: string, accept: Accept, who: 'urban' | 'rural', definition: string): void {
  registerFormula(key, {
    layers: ['land_survey', 'population'],
    definition,
    async compute(ctx): Promise<ZoneValue[]> {
      const areas = await surveyAreasByUnit(ctx, { a: accept });
      const r = await urbanRuralResidents(ctx);
      if (!areas || !r) return [];
      return ratioByZone(ctx, ctx.sumByZone(areas.a), r[who], 1, ['landM2', `${who}Residents`]);
    },
  });
}

perUrbanOrRural(
  'urban_construction_land_per_capita',
  isUrbanConstruction,
  'urban',
  '城镇建设用地（城镇村属性码 201、202 的建设用地）面积 / 城镇常住人口，m²/人 — urban construction land per urban resident',
);
perUrbanOrRural(
  'village_construction_land_per_capita',
  isVillageConstruction,
  'rural',
  '村庄建设用地（城镇村属性码 203 的建设用地）面积 / 农村常住人口，m²/人 — village construction land per rural resident',
);
perUrbanOrRural(
  'urban_residential_land_per_capita',
  (d, c) => classOf(d) === '0701' && URBAN.has(c ?? ''),
  'urban',
  '城镇住宅用地（0701，城镇村属性码 201/202）面积 / 城镇常住人口，m²/人 — urban residential land per urban resident',
);

registerFormula('urban_population_density', {
  layers: ['population', 'zone'],
  definition: '常住人口 / 区域面积（规划单元椭球面积之和），人/km² — resident population density',
  async compute(ctx): Promise<ZoneValue[]> {
    const population = await ctx.populationByUnit();
    if (!population.size) return [];
    const km2 = new Map([...zoneAreaM2(ctx)].map(([z, m2]) => [z, m2 / 1e6]));
    return ratioByZone(ctx, ctx.sumByZone(population), km2, 1, ['residents', 'areaKm2']);
  },
});

registerFormula('park_area_per_capita', {
  layers: ['land_survey', 'population'],
  definition: '公园绿地（三调 0810 公园与绿地）面积 / 常住人口，m²/人 — park green space per resident',
  async compute(ctx): Promise<ZoneValue[]> {
    const areas = await surveyAreasByUnit(ctx, { a: (d) => (d ?? '') === '0810' });
    if (!areas) return [];
    const population = await ctx.populationByUnit();
    return ratioByZone(ctx, ctx.sumByZone(areas.a), ctx.sumByZone(population), 1, ['parkM2', 'residents']);
  },
});
