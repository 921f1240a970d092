/**
 * Areas of the three control lines (三区三线) of the run's master-plan version, and the land-survey
 * construction land inside them. Layers read: control_line (planned layer of the run's plan version;
 * `line_type` 生态保护红线 / 永久基本农田 / 城镇开发边界, as the demo city and the 三区三线 data name them)
 * and, for the overlays, land_survey (三调, the run's year). Areas ellipsoidal on CGCS2000; a line split
 * among planning units by overlap. Overlapping features of one line type are unioned first, so an area
 * is never counted twice.
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
import type { Geometry } from 'geojson';
import { ellipsoidalArea } from '../../geo/ellipsoidal-area.js';
import { polygonsOf } from '../../geo/geometry-parts.js';
import { GEOS_TYPE, getGeos, type Geom } from '../../geo/geos.js';
import type { FormulaContext } from '../formula-context.js';
import { registerFormula } from '../formula-registry.js';
import { bbox } from '../monitoring-zones.js';
import {
  forEachPatch,
  isUrbanConstruction,
  isUrbanRuralConstruction,
  km2ByZone,
  ratioByZone,
  surveyAreasByUnit,
  type Accept,
} from './shared.js';

export const LINE_TYPES = {
  red: '生态保护红线',
  pbf: '永久基本农田',
  udb: '城镇开发边界',
  heritage: '历史文化保护线',
} as const;

async function lineGeometries(ctx: FormulaContext, lineType: string): Promise<Geometry[] | null> {
  const layer = await ctx.layerFor('control_line');
  if (!layer) return null;
  const rows = await ctx.store.db
    .selectFrom('control_line')
    .select('geom')
    .where('layer_id', '=', layer.id)
    .where('line_type', '=', lineType)
    .execute();
  return rows.flatMap((r) => {
    const g = ctx.store.dialect.decodeGeometry(r.geom);
    return g ? [g] : [];
  });
}

/** The union of the features of a line type, as GeoJSON (null when the type has no feature). */
async function lineUnion(geometries: Geometry[]): Promise<Geometry | null> {
  if (!geometries.length) return null;
  const geos = await getGeos();
  return geos.scope((own) => {
    const parts = geometries.map((g) => geos.fromGeoJSON(g));
    const collection = own(geos.collect(GEOS_TYPE.GeometryCollection, parts));
    return geos.toGeoJSON(own(geos.unaryUnion(collection)));
  });
}

/** Area (m²) per planning unit of a control line type (its union); null without a control-line layer. */
async function lineAreaByUnit(ctx: FormulaContext, lineType: string): Promise<Map<string, number> | null> {
  const geometries = await lineGeometries(ctx, lineType);
  if (!geometries) return null;
  const out = new Map<string, number>();
  const union = await lineUnion(geometries);
  if (!union) return out;
  const geos = await getGeos();
  // Split each polygon of the union exactly (intersection) among the units its box meets, then take
  // ellipsoidal areas: one polygon at a time is far cheaper than the whole union against every unit.
  const units = [...ctx.zoneSet.unitGeometries].map(([code, g]) => ({ code, g, box: bbox(g) }));
  for (const coordinates of polygonsOf(union)) {
    const polygon: Geometry = { type: 'Polygon', coordinates };
    const [e, f, g, h] = bbox(polygon);
    const candidates = units.filter(({ box: [a, b, c, d] }) => !(a > g || e > c || b > h || f > d));
    geos.scope((own) => {
      const p = own(geos.fromGeoJSON(polygon));
      for (const u of candidates) {
        const unit = own(geos.fromGeoJSON(u.g));
        if (!geos.intersects(unit, p)) continue;
        const piece = geos.toGeoJSON(own(geos.intersection(unit, p)));
        const m2 = ellipsoidalArea(piece);
        if (m2 > 0) out.set(u.code, (out.get(u.code) ?? 0) + m2);
      }
    });
  }
  return out;
}

/** Per run: the overlay of a line type with the 城乡建设用地 patches, as areas per pair and unit. */
const overlays = new WeakMap<object, Map<string, Promise<OverlayPairs | null>>>();
type OverlayPairs = { dlbm: string | null; czcsxm: string | null; byUnit: Map<string, number> }[];

/**
 * Area (m²) per planning unit of (城乡建设用地 patches — construction land with CZCSXM 201/202/203) ∩
 * (the union of a line type), kept per (三调 code, 城镇村属性码) pair so formulas can narrow it; computed
 * once per run and line type. Null without a survey or control-line layer.
 */
async function overlayPairs(ctx: FormulaContext, lineType: string): Promise<OverlayPairs | null> {
  const lineLayer = await ctx.layerFor('control_line');
  const surveyLayer = await ctx.layerFor('land_survey', { exactYear: true });
  if (!lineLayer || !surveyLayer) return null;
  let perRun = overlays.get(ctx.zoneSet);
  if (!perRun) overlays.set(ctx.zoneSet, (perRun = new Map()));
  const key = `${lineType}:${lineLayer.id}:${lineLayer.updated_at}:${surveyLayer.id}:${surveyLayer.updated_at}`;
  let hit = perRun.get(key);
  if (!hit) {
    hit = computeOverlay(ctx, lineType);
    perRun.set(key, hit);
    hit.catch(() => perRun.delete(key));
  }
  return hit;
}

async function computeOverlay(ctx: FormulaContext, lineType: string): Promise<OverlayPairs | null> {
  const geometries = await lineGeometries(ctx, lineType);
  if (!geometries) return null;
  const union = await lineUnion(geometries);
  const out = new Map<string, OverlayPairs[number]>();
  if (!union) return [];
  const geos = await getGeos();
  const locator = await ctx.unitLocator();
  const [e, f, g, h] = bbox(union);
  const line: Geom = geos.fromGeoJSON(union);
  const prepared = geos.prepare(line);
  try {
    const found = await forEachPatch(ctx, isUrbanRuralConstruction, (geometry, dlbm, czcsxm) => {
      const [a, b, c, d] = bbox(geometry);
      if (a > g || e > c || b > h || f > d) return;
      const piece = geos.scope((own) => {
        const p = own(geos.fromGeoJSON(geometry));
        if (!geos.preparedIntersects(prepared, p)) return null;
        if (geos.preparedCovers(prepared, p)) return geometry;
        return geos.toGeoJSON(own(geos.intersection(line, p)));
      });
      if (!piece) return;
      const m2 = ellipsoidalArea(piece);
      if (!(m2 > 0)) return;
      const pair = `${dlbm ?? ''}|${czcsxm ?? ''}`;
      let entry = out.get(pair);
      if (!entry) out.set(pair, (entry = { dlbm, czcsxm, byUnit: new Map() }));
      for (const { unit, share } of locator.shares(geometry))
        entry.byUnit.set(unit, (entry.byUnit.get(unit) ?? 0) + m2 * share);
    });
    return found ? [...out.values()] : null;
  } finally {
    geos.destroyPrepared(prepared);
    geos.destroy(line);
  }
}

/** Per unit, the overlay area of the patches `accept` takes (a narrowing of 城乡建设用地). */
async function insideLine(ctx: FormulaContext, lineType: string, accept: Accept): Promise<Map<string, number> | null> {
  const pairs = await overlayPairs(ctx, lineType);
  if (!pairs) return null;
  const out = new Map<string, number>();
  for (const { dlbm, czcsxm, byUnit } of pairs) {
    if (!accept(dlbm, czcsxm)) continue;
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
