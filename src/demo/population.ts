/**
 * Resident population per planning unit and survey year, consistent with the survey's residential
 * land: ~26,000 residents per km² of 城镇住宅用地 (denser in the old centre), ~5,200 per km² of 农村宅基地,
 * a few above shops; housing finished in the last two years is 60% occupied. A per-unit factor
 * (0.85–1.15) keeps units from looking identical. Households average 2.6–2.9 persons (七普 2.62).
 */
import { norm } from './frame.js';
import type { Hierarchy } from './hierarchy.js';
import type { Growth } from './growth.js';
import { unitHash } from './random.js';
import { classIndex } from './sandiao-classes.js';

export interface PopulationRow {
  zoneCode: string;
  regionCode: string;
  year: number;
  resident: number;
  households: number;
  source: string;
}

const URBAN_HOMES = classIndex('0701');
const RURAL_HOMES = classIndex('0702');
const SHOPS = classIndex('05H1');

/** Residents per cell in a year (fractional), from its class. */
export function cellResidents(
  seed: number,
  hierarchy: Hierarchy,
  growth: Growth,
  areaM2: Float64Array,
  classes: Uint8Array,
  year: number,
): Float64Array {
  const out = new Float64Array(classes.length);
  const centre = growth.centres[0]!;
  for (let c = 0; c < classes.length; c++) {
    const cls = classes[c]!;
    let density = cls === URBAN_HOMES ? 26000 : cls === RURAL_HOMES ? 5200 : cls === SHOPS ? 3000 : 0;
    if (!density) continue;
    const unit = hierarchy.unitOfCell[c]!;
    const u = hierarchy.units[unit]!;
    if (cls === URBAN_HOMES && norm(u.x - centre.x, u.y - centre.y) < 3) density *= 1.25;
    const built = growth.urbanYear[c]!;
    const occupancy = built > year - 2 && built <= year ? 0.6 : 1;
    out[c] = (areaM2[c]! / 1e6) * density * occupancy * (0.85 + 0.3 * unitHash(seed, unit, 101));
  }
  return out;
}

export function populationRows(
  seed: number,
  hierarchy: Hierarchy,
  year: number,
  residents: Float64Array,
): PopulationRow[] {
  const perUnit = new Float64Array(hierarchy.units.length);
  for (let c = 0; c < residents.length; c++) perUnit[hierarchy.unitOfCell[c]!]! += residents[c]!;
  return hierarchy.units.map((unit, u) => {
    const resident = Math.round(perUnit[u]!);
    return {
      zoneCode: unit.code,
      regionCode: hierarchy.townships[unit.township]!.code,
      year,
      resident,
      households: Math.round(resident / (2.6 + 0.3 * unitHash(seed, u, 102))),
      source: year === 2020 ? '第七次全国人口普查（2020年11月1日零时）' : `${year}年人口变动情况抽样调查推算`,
    };
  });
}
