/**
 * Three formulas that prove the loop from data to values with provenance — population (a table),
 * facilities ÷ population (points placed in units), and land-survey class areas (polygons, ellipsoidal
 * areas) — and the helpers other formulas reuse: `patchAreaByUnit` (areas of survey patches that pass
 * a class filter, per planning unit, in m²) and `isConstructionClass`.
 *
 * - 常住人口 `resident_population` (万人): residents of the planning units a zone is made of / 10⁴.
 * - 人均应急避难场所面积 `shelter_area_per_capita` (m²/人): Σ shelter area (facility type 应急避难场所,
 *   attribute `area_m2`, 有效避难面积) of the shelters in the zone ÷ its residents. The definition a public
 *   resilience-evaluation tool gives (应急避难场所总面积 / 总人口; tdt1063-indicators.md §2, PRACTITIONER).
 * - 城乡建设用地面积 `urban_rural_construction_land_area` (km²): Σ ellipsoidal area of the land-survey
 *   patches that are construction land (三调 05–09, 1001–1005, 1007–1009, 1109 — the survey's summary
 *   grouping) and lie in a town or village (城镇村属性码 201 城市, 202 建制镇, 203 村庄): 城镇用地 + 村庄用地,
 *   leaving out regional infrastructure and mining/special land outside settlements (204, 205).
 *   Areas are ellipsoidal on CGCS2000, as official land statistics are.
 */
import type { FormulaContext } from './formula-context.js';
import { registerFormula, type ZoneValue } from './formula-registry.js';
import { surveyAreasByUnit } from './formulas/shared.js';

const SETTLEMENT = new Set(['201', '202', '203']);
const CONSTRUCTION_CODES = new Set(['1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1109']);

/** 三调 construction land (建设用地) per the survey's summary grouping: 05–09, 1001–1005, 1007–1009, 1109. */
export function isConstructionClass(dlbm: string | null): boolean {
  if (!dlbm) return false;
  return ['05', '06', '07', '08', '09'].includes(dlbm.slice(0, 2)) || CONSTRUCTION_CODES.has(dlbm.slice(0, 4));
}

/**
 * Ellipsoidal area (m²) per planning unit of the run year's land-survey patches that `accept` takes;
 * null when there is no survey layer for exactly that year. Read from the run's shared survey pass
 * (formulas/survey-pass.ts), so it costs no pass of its own.
 */
export async function patchAreaByUnit(
  ctx: FormulaContext,
  accept: (dlbm: string | null, czcsxm: string | null) => boolean,
): Promise<Map<string, number> | null> {
  const areas = await surveyAreasByUnit(ctx, { a: accept });
  return areas?.a ?? null;
}

registerFormula('resident_population', {
  layers: ['population'],
  definition:
    '常住人口（规划单元汇总）/ 10⁴，单位万人 — residents summed over the zone’s planning units, in 10⁴ persons',
  async compute(ctx) {
    const population = await ctx.populationByUnit();
    if (!population.size) return [];
    return [...ctx.sumByZone(population)].map(([zoneCode, residents]) => ({
      zoneCode,
      value: residents / 1e4,
      detail: { residents },
    }));
  },
});

registerFormula('shelter_area_per_capita', {
  layers: ['facility', 'population'],
  definition:
    '应急避难场所有效避难面积（设施属性 area_m2）之和 / 常住人口，单位 m²/人 — shelter area (attribute area_m2) in the zone ÷ its residents',
  async compute(ctx) {
    const layer = await ctx.layerFor('facility');
    if (!layer) return [];
    const population = await ctx.populationByUnit();
    const locator = await ctx.unitLocator();
    const rows = await ctx.store.db
      .selectFrom('facility')
      .select(['geom', 'attrs'])
      .where('layer_id', '=', layer.id)
      .where('facility_type', '=', '应急避难场所')
      .execute();
    const area = new Map<string, number>();
    for (const row of rows) {
      const g = ctx.store.dialect.decodeGeometry(row.geom);
      if (g?.type !== 'Point') continue;
      const unit = locator.locatePoint(g.coordinates[0]!, g.coordinates[1]!);
      const m2 = Number(attrsOf(row.attrs).area_m2);
      if (unit && Number.isFinite(m2) && m2 > 0) area.set(unit, (area.get(unit) ?? 0) + m2);
    }
    const shelter = ctx.sumByZone(area);
    const residents = ctx.sumByZone(population);
    return ctx.zones.map((z): ZoneValue => {
      const people = residents.get(z.code) ?? 0;
      const m2 = shelter.get(z.code) ?? 0;
      return people > 0
        ? { zoneCode: z.code, value: m2 / people, detail: { shelterAreaM2: m2, residents: people } }
        : {
            zoneCode: z.code,
            value: null,
            detail: { shelterAreaM2: m2, residents: 0, reason: '无常住人口 no residents' },
          };
    });
  },
});

registerFormula('urban_rural_construction_land_area', {
  layers: ['land_survey'],
  definition:
    '城镇村属性码 201/202/203 的建设用地图斑（三调 05–09、1001–1005、1007–1009、1109）椭球面积之和，单位 km² — ellipsoidal area of construction patches in towns and villages',
  async compute(ctx) {
    const byUnit = await patchAreaByUnit(
      ctx,
      (dlbm, czcsxm) => isConstructionClass(dlbm) && SETTLEMENT.has(czcsxm ?? ''),
    );
    if (!byUnit) return [];
    return [...ctx.sumByZone(byUnit)].map(([zoneCode, m2]) => ({ zoneCode, value: m2 / 1e6 }));
  },
});

function attrsOf(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return (value as Record<string, unknown> | null) ?? {};
}
