/**
 * Facility supply per resident, from the status year's facility layer (points, `facility_type` and the
 * attributes the layer carries) and the population table. A facility counts in the planning unit its
 * point lies in (UnitLocator), units sum to zones; null where a zone has no residents. Layers read:
 * facility, population. (人均应急避难场所面积 `shelter_area_per_capita` is in core-formulas.ts.)
 *
 * - 每千人医疗卫生机构床位数（设施图层） `beds_per_thousand` (张/千人): Σ attribute `beds` of 医院, 卫生院,
 *   社区卫生服务中心, 卫生室 ÷ 常住人口 × 1000 (cf. GX-06/MP-28, which the health commission reports; this
 *   is the map-based check, LOC-09).
 * - 人均体育用地面积 `sports_land_per_capita` (m²/人): Σ attribute `area_m2` of 体育设施 ÷ 常住人口 (MP-29;
 *   the 三调 has no separate sports-land class, 08H2 mixes 科教文卫, so the facility areas stand in).
 * - 人均文化设施面积 `culture_facility_area_per_capita` (m²/人): Σ `area_m2` of 文化设施 ÷ 常住人口 (LOC-10).
 */
import type { FormulaContext } from '../formula-context.js';
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import { attrsOf, ratioByZone } from './shared.js';

/** Σ of a numeric facility attribute per planning unit, over the facilities of the given types. */
export async function facilityAttrByUnit(
  ctx: FormulaContext,
  types: readonly string[],
  attr: string,
): Promise<Map<string, number> | null> {
  const layer = await ctx.layerFor('facility');
  if (!layer) return null;
  const locator = await ctx.unitLocator();
  const rows = await ctx.store.db
    .selectFrom('facility')
    .select(['geom', 'attrs'])
    .where('layer_id', '=', layer.id)
    .where('facility_type', 'in', [...types])
    .execute();
  const out = new Map<string, number>();
  for (const row of rows) {
    const g = ctx.store.dialect.decodeGeometry(row.geom);
    if (g?.type !== 'Point') continue;
    const unit = locator.locatePoint(g.coordinates[0]!, g.coordinates[1]!);
    const n = Number(attrsOf(row.attrs)[attr]);
    if (unit && Number.isFinite(n) && n > 0) out.set(unit, (out.get(unit) ?? 0) + n);
  }
  return out;
}

function perResident(key: string, types: string[], attr: string, scale: number, definition: string): void {
  registerFormula(key, {
    layers: ['facility', 'population'],
    definition,
    async compute(ctx): Promise<ZoneValue[]> {
      const byUnit = await facilityAttrByUnit(ctx, types, attr);
      if (!byUnit) return [];
      const population = await ctx.populationByUnit();
      return ratioByZone(ctx, ctx.sumByZone(byUnit), ctx.sumByZone(population), scale, [attr, 'residents']);
    },
  });
}

perResident(
  'beds_per_thousand',
  ['医院', '卫生院', '社区卫生服务中心', '卫生室'],
  'beds',
  1000,
  '医院、卫生院、社区卫生服务中心、卫生室床位数（设施属性 beds）之和 / 常住人口 ×1000，张/千人 — health-facility beds per 1,000 residents',
);
perResident(
  'sports_land_per_capita',
  ['体育设施'],
  'area_m2',
  1,
  '体育设施面积（设施属性 area_m2）之和 / 常住人口，m²/人 — sports facility area per resident',
);
perResident(
  'culture_facility_area_per_capita',
  ['文化设施'],
  'area_m2',
  1,
  '文化设施面积（设施属性 area_m2）之和 / 常住人口，m²/人 — culture facility area per resident',
);
