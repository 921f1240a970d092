/**
 * Areas of the three control lines (三区三线) of the run's master-plan version, and the land-survey
 * construction land inside them. Layers read: control_line (planned layer of the run's plan version;
 * `line_type` 生态保护红线 / 永久基本农田 / 城镇开发边界, as the demo city and the 三区三线 data name them)
 * and, for the overlays, land_survey (三调, the run's year). Areas ellipsoidal on CGCS2000. A line is cut
 * into small pieces inside planning units (line-pieces.ts; overlapping features of one type are unioned
 * first, so an area is never counted twice); the overlays with construction land come from the run's
 * shared land-survey pass, where the pieces of the red line and the development boundary are extra
 * zones (shared.ts `surveyAreasInLine`, docs/decisions/0032-monitoring-run-speed.md).
 *
 * - 生态保护红线面积 `eco_redline_area` (km²): area of the 生态保护红线 (TD/T 1063 AQ-13; MP-01).
 * - 永久基本农田保护面积 `pbf_area` (km²): area of the 永久基本农田 (AQ-10; MP-03).
 * - 城镇开发边界面积 `udb_area` (km²): area of the 城镇开发边界 (MP-36).
 * - 历史文化保护线面积 `heritage_line_area` (km²): area of the 历史文化保护线 (AQ-15); not computable (no value)
 *   when the plan's control-line layer holds no feature of that type, as a city without the line drawn
 *   yet is not a city with none.
 * - 生态保护红线内城乡建设用地面积 `construction_in_redline_area` (km²): area of patch ∩ red line over the
 *   城乡建设用地 patches (construction land, CZCSXM 201/202/203; shared.ts) (AQ-14).
 * - 城镇开发边界内城乡建设用地面积 `construction_in_udb_area` (km²): the same inside the 城镇开发边界 (XT-09).
 * - 城镇开发边界内城镇建设用地比例 `urban_construction_share_in_udb` (%): 城镇建设用地 (CZCSXM 201/202)
 *   inside the 城镇开发边界 ÷ all 城镇建设用地 of the zone × 100 (LOC-02).
 */
import type { FormulaContext } from '../formula-context.js';
import { registerFormula } from '../formula-registry.js';
import { LINE_TYPES, linePieces } from './line-pieces.js';
import {
  isUrbanConstruction,
  isUrbanRuralConstruction,
  km2ByZone,
  ratioByZone,
  surveyAreasByUnit,
  surveyAreasInLine,
  type Accept,
} from './shared.js';

export { LINE_TYPES };

/**
 * Area (m²) per planning unit of a control line type (its union); null without a control-line layer,
 * an empty map when the layer has no feature of the type.
 */
async function lineAreaByUnit(ctx: FormulaContext, lineType: string): Promise<Map<string, number> | null> {
  const layer = await ctx.layerFor('control_line');
  if (!layer) return null;
  return (await linePieces(ctx, layer, lineType)).areaByUnit;
}

/**
 * Per unit, the area of (城乡建设用地 patches — construction land with CZCSXM 201/202/203 — that `accept`
 * takes) ∩ (the line). Null without a survey of the year or a control-line layer.
 */
async function insideLine(ctx: FormulaContext, lineType: string, accept: Accept): Promise<Map<string, number> | null> {
  const lineLayer = await ctx.layerFor('control_line');
  if (!lineLayer) return null;
  const pairs = await surveyAreasInLine(ctx, lineType);
  if (!pairs) return null;
  const out = new Map<string, number>();
  for (const { dlbm, czcsxm, byUnit } of pairs.values()) {
    if (!isUrbanRuralConstruction(dlbm, czcsxm) || !accept(dlbm, czcsxm)) continue;
    for (const [unit, m2] of byUnit) out.set(unit, (out.get(unit) ?? 0) + m2);
  }
  return out;
}

for (const [key, lineType, source] of [
  ['eco_redline_area', LINE_TYPES.red, 'ecological protection red line area'],
  ['pbf_area', LINE_TYPES.pbf, 'permanent basic farmland area'],
  ['udb_area', LINE_TYPES.udb, 'urban development boundary area'],
  ['heritage_line_area', LINE_TYPES.heritage, 'historic and cultural protection line area'],
] as const) {
  registerFormula(key, {
    layers: ['control_line'],
    definition: `${lineType}（控制线图层 line_type=${lineType}，规划版本）范围椭球面积，km² — ${source}`,
    async compute(ctx) {
      const byUnit = await lineAreaByUnit(ctx, lineType);
      if (!byUnit || (lineType === LINE_TYPES.heritage && !byUnit.size)) return [];
      return km2ByZone(ctx, byUnit);
    },
  });
}

registerFormula('construction_in_redline_area', {
  layers: ['control_line', 'land_survey'],
  definition:
    '生态保护红线内城乡建设用地（城镇村属性码 201/202/203 的建设用地图斑 ∩ 红线）椭球面积，km² — urban and rural construction land inside the red line',
  async compute(ctx) {
    const inside = await insideLine(ctx, LINE_TYPES.red, isUrbanRuralConstruction);
    return inside ? km2ByZone(ctx, inside) : [];
  },
});

registerFormula('construction_in_udb_area', {
  layers: ['control_line', 'land_survey'],
  definition:
    '城镇开发边界内城乡建设用地（201/202/203 建设用地图斑 ∩ 城镇开发边界）椭球面积，km² — urban and rural construction land inside the development boundary',
  async compute(ctx) {
    const inside = await insideLine(ctx, LINE_TYPES.udb, isUrbanRuralConstruction);
    return inside ? km2ByZone(ctx, inside) : [];
  },
});

registerFormula('urban_construction_share_in_udb', {
  layers: ['control_line', 'land_survey'],
  definition:
    '城镇开发边界内城镇建设用地（201/202）面积 / 城镇建设用地总面积 ×100，% — share of urban construction land inside the development boundary',
  async compute(ctx) {
    const inside = await insideLine(ctx, LINE_TYPES.udb, isUrbanConstruction);
    const all = await surveyAreasByUnit(ctx, { urban: isUrbanConstruction });
    if (!inside || !all) return [];
    return ratioByZone(ctx, ctx.sumByZone(inside), ctx.sumByZone(all.urban), 100, ['insideM2', 'urbanConstructionM2']);
  },
});
