/**
 * Helpers shared by the formula families in this folder: the 三调 class groups they read, one pass over
 * the run year's land-survey patches into several class buckets per planning unit, zone land areas,
 * per-zone ratios and the urban/rural split of residents.
 *
 * Class groups (三调 工作分类, GB/T 21010-2017 with the 三调 work classification; the summary grouping
 * of 《第三次全国国土调查技术规程》 TD/T 1055-2019 and /work/shared/reference/sandiao-work-classification.csv):
 * - 耕地 0101 水田, 0102 水浇地, 0103 旱地.
 * - 园地 0201 果园, 0202 茶园, 0203 橡胶园, 0204 其他园地.
 * - 林地 0301 乔木林地, 0302 竹林地, 0305 灌木林地, 0307 其他林地 (0303 红树林地, 0304 森林沼泽 and
 *   0306 灌丛沼泽 are 湿地 in the 三调 summary).
 * - 草地 0401 天然牧草地, 0403 人工牧草地, 0404 其他草地 (0402 沼泽草地 is 湿地).
 * - 湿地 (三调 湿地 一级类 00): 0303, 0304, 0306, 0402, 0603 盐田, 1105 沿海滩涂, 1106 内陆滩涂, 1108 沼泽地.
 * - 建设用地 05–09, 1001–1005, 1007–1009, 1109 (core-formulas.ts `isConstructionClass`).
 * - 城镇村属性码 (CZCSXM): 201 城市, 202 建制镇 → 城镇; 203 村庄 → 村庄; 204 盐田及采矿, 205 特殊用地 are
 *   neither. 城乡建设用地 = construction land with CZCSXM 201/202/203, 城镇建设用地 = 201/202,
 *   村庄建设用地 = 203 — the 三调 → 国土空间规划 统计口径 (城镇村及工矿用地 split by CZCSXM), which is also
 *   how the 用地用海分类 crosswalk (crosswalk-sandiao-to-ydyh2023.csv) separates 城镇 and 村庄 uses.
 */
import { ellipsoidalArea } from '../../geo/ellipsoidal-area.js';
import { isConstructionClass } from '../core-formulas.js';
import type { FormulaContext } from '../formula-context.js';
import type { ZoneValue } from '../formula-registry.js';
import { LINE_TYPES, linePieces } from './line-pieces.js';
import { surveyPairAreas, type PairAreas, type SurveyPass } from './survey-pass.js';

export const CULTIVATED = ['0101', '0102', '0103'];
export const GARDEN = ['0201', '0202', '0203', '0204'];
export const FOREST_LAND = ['0301', '0302', '0305', '0307'];
/** 森林覆盖率: 乔木林地, 竹林地, 国家特别规定的灌木林地 (approximated by all 0305). */
export const FOREST_COVER = ['0301', '0302', '0305'];
export const GRASSLAND = ['0401', '0403', '0404'];
export const WETLAND = ['0303', '0304', '0306', '0402', '0603', '1105', '1106', '1108'];
/** 河湖水面: 河流水面, 湖泊水面, 水库水面, 坑塘水面. */
export const WATER_SURFACE = ['1101', '1102', '1103', '1104'];
export const URBAN = new Set(['201', '202']);
export const VILLAGE = new Set(['203']);

export type Accept = (dlbm: string | null, czcsxm: string | null) => boolean;

/** The class code: the first four characters (05H1, 0810A and such refinements count as their class). */
export function classOf(dlbm: string | null): string {
  return (dlbm ?? '').slice(0, 4);
}

export const inClasses =
  (codes: readonly string[]): Accept =>
  (dlbm) =>
    codes.includes(classOf(dlbm));

export const isUrbanRuralConstruction: Accept = (d, c) =>
  isConstructionClass(d) && (URBAN.has(c ?? '') || VILLAGE.has(c ?? ''));
export const isUrbanConstruction: Accept = (d, c) => isConstructionClass(d) && URBAN.has(c ?? '');
export const isVillageConstruction: Accept = (d, c) => isConstructionClass(d) && VILLAGE.has(c ?? '');

/**
 * The land-survey pass of a run (survey-pass.ts), computed once: every bucket of every formula is a
 * function of the (三调 code, 城镇村属性码) pair only, so the formulas of a run share one pass over the
 * survey (keyed by the run's zone set). The pieces of the lines whose construction land is overlaid
 * (OVERLAID_LINES of the run's control-line layer, line-pieces.ts) ride along as extra zones.
 */
const passCache = new WeakMap<object, Map<string, Promise<SurveyPass>>>();
export const OVERLAID_LINES = [LINE_TYPES.red, LINE_TYPES.udb];

async function surveyPass(ctx: FormulaContext, layer: { id: number; updated_at: string; feature_count: number }) {
  let perRun = passCache.get(ctx.zoneSet);
  if (!perRun) passCache.set(ctx.zoneSet, (perRun = new Map()));
  // Not this formula's input: looked up without recording (the overlay formulas record it themselves).
  const lines = await ctx.layerFor('control_line', { record: false });
  const key = `${layer.id}:${layer.updated_at}:${lines ? `${lines.id}:${lines.updated_at}` : '-'}`;
  let hit = perRun.get(key);
  if (!hit) {
    hit = (async () => {
      const cut = lines ? await Promise.all(OVERLAID_LINES.map((t) => linePieces(ctx, lines, t))) : [];
      return surveyPairAreas(ctx, layer, {
        lines: cut.map((c, i) => ({ lineType: OVERLAID_LINES[i]!, pieces: c.pieces })),
        linePairs: isUrbanRuralConstruction,
      });
    })();
    perRun.set(key, hit);
    hit.catch(() => perRun.delete(key));
  }
  return hit;
}

/**
 * Per pair, the area (m²) inside a control line (one of OVERLAID_LINES) per planning unit, from the run
 * year's survey; null when there is no survey layer for exactly the run's year.
 */
export async function surveyAreasInLine(ctx: FormulaContext, lineType: string): Promise<PairAreas | null> {
  const layer = await ctx.layerFor('land_survey', { exactYear: true });
  if (!layer) return null;
  return (await surveyPass(ctx, layer)).lines.get(lineType) ?? new Map();
}

/**
 * The run year's land-survey layer: per bucket, the ellipsoidal area (m²) per planning unit of the
 * patches the bucket accepts (a patch may fall in several buckets). Null when there is no survey layer
 * for exactly the run's year. The pair areas are computed once per run and shared.
 */
export async function surveyAreasByUnit<K extends string>(
  ctx: FormulaContext,
  buckets: Record<K, Accept>,
): Promise<Record<K, Map<string, number>> | null> {
  const layer = await ctx.layerFor('land_survey', { exactYear: true });
  if (!layer) return null;
  const pairs = (await surveyPass(ctx, layer)).units;
  const keys = Object.keys(buckets) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, new Map<string, number>()])) as Record<K, Map<string, number>>;
  for (const { dlbm, czcsxm, byUnit } of pairs.values()) {
    for (const k of keys) {
      if (!buckets[k](dlbm, czcsxm)) continue;
      const m = out[k];
      for (const [unit, m2] of byUnit) m.set(unit, (m.get(unit) ?? 0) + m2);
    }
  }
  return out;
}

/** Land area (m²) of every zone: the ellipsoidal areas of the planning units it is made of. */
export function zoneAreaM2(ctx: FormulaContext): Map<string, number> {
  const perUnit = new Map<string, number>();
  for (const [code, g] of ctx.zoneSet.unitGeometries) perUnit.set(code, ellipsoidalArea(g));
  return ctx.sumByZone(perUnit);
}

/** Per zone, a quantity summed from units and divided by 10⁶ (m² → km²). */
export function km2ByZone(ctx: FormulaContext, perUnit: ReadonlyMap<string, number>): ZoneValue[] {
  return [...ctx.sumByZone(perUnit)].map(([zoneCode, m2]) => ({ zoneCode, value: m2 / 1e6, detail: { m2 } }));
}

/**
 * Per zone, numerator ÷ denominator × scale; null where the denominator is 0 (with the reason).
 * The detail keeps both sides under the names given.
 */
export function ratioByZone(
  ctx: FormulaContext,
  numerator: ReadonlyMap<string, number>,
  denominator: ReadonlyMap<string, number>,
  scale: number,
  names: [string, string],
): ZoneValue[] {
  return ctx.zones.map((z) => {
    const n = numerator.get(z.code) ?? 0;
    const d = denominator.get(z.code) ?? 0;
    const detail = { [names[0]]: n, [names[1]]: d };
    return d > 0
      ? { zoneCode: z.code, value: (n / d) * scale, detail }
      : { zoneCode: z.code, value: null, detail: { ...detail, reason: '分母为 0 denominator is 0' } };
  });
}

/** Weights of residential classes (as readResidentialPatches: a hectare of homestead houses ~1/5). */
const RESIDENTIAL_WEIGHT: Record<string, number> = { '0701': 1, '0702': 0.2 };

/**
 * Residents per unit split into urban (城镇常住人口) and rural: a unit's residents are spread over its
 * residential patches (0701 城镇住宅用地 weight 1, 0702 农村宅基地 weight 0.2, by area — the dasymetric
 * rule of src/network/residential-patches.ts); those on patches with CZCSXM 201/202 are urban. A unit
 * without residential patches uses the area of its 城镇村 patches (201/202 vs 203); a unit with neither
 * counts as rural. Records the survey and population versions.
 */
export async function urbanRuralResidents(
  ctx: FormulaContext,
): Promise<{ urban: Map<string, number>; rural: Map<string, number>; total: Map<string, number> } | null> {
  const weight = (d: string | null) => RESIDENTIAL_WEIGHT[classOf(d)] ?? 0;
  const areas = await surveyAreasByUnit(ctx, {
    resUrban: (d, c) => weight(d) > 0 && URBAN.has(c ?? ''),
    resUrban02: (d, c) => classOf(d) === '0702' && URBAN.has(c ?? ''),
    resAll: (d) => weight(d) > 0,
    resAll02: (d) => classOf(d) === '0702',
    settleUrban: (d, c) => URBAN.has(c ?? ''),
    settleAll: (d, c) => URBAN.has(c ?? '') || VILLAGE.has(c ?? ''),
  });
  if (!areas) return null;
  const population = await ctx.populationByUnit();
  // Weighted areas: 0701 × 1 + 0702 × 0.2 = all − 0.8 × 0702.
  const weighted = (all: number, homestead: number) => all - 0.8 * homestead;
  const urban = new Map<string, number>();
  const rural = new Map<string, number>();
  for (const [unit, residents] of population) {
    const wu = weighted(areas.resUrban.get(unit) ?? 0, areas.resUrban02.get(unit) ?? 0);
    const wa = weighted(areas.resAll.get(unit) ?? 0, areas.resAll02.get(unit) ?? 0);
    const su = areas.settleUrban.get(unit) ?? 0;
    const sa = areas.settleAll.get(unit) ?? 0;
    const share = wa > 0 ? wu / wa : sa > 0 ? su / sa : 0;
    urban.set(unit, residents * share);
    rural.set(unit, residents * (1 - share));
  }
  return { urban: ctx.sumByZone(urban), rural: ctx.sumByZone(rural), total: ctx.sumByZone(population) };
}

export function attrsOf(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return (value as Record<string, unknown> | null) ?? {};
}
