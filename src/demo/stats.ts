/**
 * Summary figures of the generated city, computed from the same cells the layers are made of: land by
 * 三调 group per year (city-wide and per district), construction land by kind, residents, and the
 * breaches the warnings will look for. Plan targets (plan-targets.ts) and the tests read these; an
 * indicator engine computing from the stored layers should arrive at the same numbers.
 */
import { CZCSXM_CODES } from './land-cover.js';
import type { PlanCells } from './plan-cells.js';
import { SANDIAO_CLASSES, type ClassGroup } from './sandiao-classes.js';

export interface LandStats {
  /** km² by 三调 group. */
  groups: Record<ClassGroup, number>;
  /** km² of 城乡建设用地 (construction land coded 201/202/203) and of 城镇 land (201/202). */
  urbanRuralConstruction: number;
  urbanConstruction: number;
}

export interface YearStats extends LandStats {
  year: number;
  residents: number;
  /** Residents living on 城镇 (201/202) land. */
  urbanResidents: number;
  byDistrict: LandStats[];
  /** km² of construction land inside the current plan's ecological red line. */
  constructionInRedLine: number;
  /** km² of the current plan's permanent basic farmland no longer cropland this year. */
  farmlandLostInPbf: number;
}

export interface PlanAreaStats {
  redLine: number;
  pbf: number;
  udb: number;
  byDistrict: { redLine: number; pbf: number; udb: number }[];
}

const emptyGroups = (): Record<ClassGroup, number> => ({
  cropland: 0,
  garden: 0,
  forest: 0,
  grassland: 0,
  wetland: 0,
  construction: 0,
  water: 0,
  agricultural_other: 0,
  unused: 0,
});
const emptyLand = (): LandStats => ({ groups: emptyGroups(), urbanRuralConstruction: 0, urbanConstruction: 0 });

export function yearStats(
  year: number,
  classes: Uint8Array,
  czcs: Uint8Array,
  residents: Float64Array,
  areaM2: Float64Array,
  districtOfCell: Int32Array,
  districtCount: number,
  plan: PlanCells,
): YearStats {
  const city = emptyLand();
  const byDistrict = Array.from({ length: districtCount }, emptyLand);
  let people = 0;
  let urbanPeople = 0;
  let inRed = 0;
  let lost = 0;
  for (let c = 0; c < classes.length; c++) {
    const km2 = areaM2[c]! / 1e6;
    const { group } = SANDIAO_CLASSES[classes[c]!]!;
    const code = CZCSXM_CODES[czcs[c]!]!;
    const urban = code === '201' || code === '202';
    for (const land of [city, byDistrict[districtOfCell[c]!]!]) {
      land.groups[group] += km2;
      if (group === 'construction' && (urban || code === '203')) land.urbanRuralConstruction += km2;
      if (group === 'construction' && urban) land.urbanConstruction += km2;
    }
    people += residents[c]!;
    if (urban) urbanPeople += residents[c]!;
    if (plan.red[c] && group === 'construction') inRed += km2;
    if (plan.pbf[c] && group !== 'cropland') lost += km2;
  }
  return {
    year,
    ...city,
    residents: Math.round(people),
    urbanResidents: Math.round(urbanPeople),
    byDistrict,
    constructionInRedLine: inRed,
    farmlandLostInPbf: lost,
  };
}

export function planAreaStats(
  plan: PlanCells,
  areaM2: Float64Array,
  districtOfCell: Int32Array,
  districtCount: number,
): PlanAreaStats {
  const byDistrict = Array.from({ length: districtCount }, () => ({ redLine: 0, pbf: 0, udb: 0 }));
  const total = { redLine: 0, pbf: 0, udb: 0 };
  for (let c = 0; c < areaM2.length; c++) {
    const km2 = areaM2[c]! / 1e6;
    for (const s of [total, byDistrict[districtOfCell[c]!]!]) {
      if (plan.red[c]) s.redLine += km2;
      if (plan.pbf[c]) s.pbf += km2;
      if (plan.udb[c]) s.udb += km2;
    }
  }
  return { ...total, byDistrict };
}
