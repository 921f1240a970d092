/**
 * The 三调 class of every cell in a survey year, and its 城镇村属性码. A pure function of (cell, year) over
 * static per-cell facts, so years can be generated independently and in any order, and change between
 * years is exactly what the model says changes:
 * - the city and towns grow outward (growth.ts), taking farmland at their fringe;
 * - villages sprout new homesteads at their fringe, and farmland turns into 设施农用地 here and there;
 * - from 2022 a few buildings appear inside the ecological red line (hills heartland): the bottom-line
 *   breaches the warnings must catch;
 * - from 2023 some quarries are restored to forest.
 * Water, quarries and special sites, roads and rail come first; then built-up use; then villages;
 * then the natural mosaic of forest, orchards, paddy and dry fields.
 */
import type { CellGrid } from './cell-grid.js';
import type { Growth } from './growth.js';
import type { Nature } from './nature.js';
import { fractalNoise, unitHash } from './random.js';
import { EXPRESSWAY, RURAL, TRUNK } from './road-classes.js';
import { classIndex } from './sandiao-classes.js';
import { QUARRY, SPECIAL_SITE, VILLAGE_CORE, VILLAGE_FRINGE, type Settlements } from './settlements.js';

/** 城镇村属性码 per cell: index into CZCSXM_CODES (0 = not 城镇村 land). */
export const CZCSXM_CODES = ['', '201', '202', '203', '204', '205'] as const;
const [NONE, CITY, TOWN, VILLAGE, MINING, SPECIAL] = [0, 1, 2, 3, 4, 5];
/** Hills above this are the ecological heartland: never built by plan, inside the red line. */
export const HEARTLAND_HILLS = 0.72;

export interface LandCoverModel {
  seed: number;
  grid: CellGrid;
  nature: Nature;
  growth: Growth;
  settlements: Settlements;
  /** Road class + 1 of the road over the cell (RAIL for the railway), 0 for none. */
  roadCell: Uint8Array;
  /** Class index of the cell's built-up use, and its street block (urban-use.ts). */
  use: Uint8Array;
  blockOf: Int32Array;
  /** Class index of the cell's natural cover. */
  natural: Uint8Array;
  /** First year a red-line breach stands on the cell (0 = never). */
  breachYear: Int16Array;
}

export const RAIL = 7;
const C = Object.fromEntries(
  [
    '0101',
    '0102',
    '0103',
    '0201',
    '0202',
    '0301',
    '0302',
    '0305',
    '0307',
    '0404',
    '05H1',
    '0601',
    '0602',
    '0701',
    '0702',
    '08H2',
    '09',
    '1001',
    '1003',
    '1004',
    '1006',
    '1104',
    '1107',
    '1201',
    '1202',
    '1206',
    '1207',
  ].map((code) => [code, classIndex(code)]),
) as Record<string, number>;

/** Class index and 城镇村属性码 index of cell c in `year`. */
export function classifyCell(m: LandCoverModel, c: number, year: number): [number, number] {
  const water = m.nature.water[c]!;
  if (water) return [water - 1, NONE];
  const site = m.settlements.site[c]!;
  if (site === QUARRY) {
    const restored = unitHash(m.seed, c, 41) < 0.4 && year >= 2023 + Math.floor(unitHash(m.seed, c, 42) * 3);
    return restored ? [C['0301']!, NONE] : [C['0602']!, MINING];
  }
  if (site === SPECIAL_SITE) return [C['09']!, SPECIAL];
  const road = m.roadCell[c]!;
  const built = m.growth.urbanYear[c]! <= year;
  const settlement = m.growth.centres[m.growth.centreOf[c]!]?.role;
  const urbanCode = settlement === 'county_town' || settlement === 'township_seat' ? TOWN : CITY;
  if (road === RAIL) return [C['1001']!, NONE];
  if (road === EXPRESSWAY + 1 || (road === TRUNK + 1 && !built)) return [C['1003']!, NONE];
  if (built) return [road && road !== RURAL + 1 ? C['1004']! : m.use[c]!, urbanCode];
  const breach = m.breachYear[c]!;
  if (breach && breach <= year) return breachUse(m, c);
  const village = m.settlements.village[c]!;
  if (village === VILLAGE_CORE) return [villageUse(m, c), VILLAGE];
  if (village === VILLAGE_FRINGE && unitHash(m.seed, c, 43) < 0.004 * (year - 2020)) return [C['0702']!, VILLAGE];
  if (road === RURAL + 1) return [C['1006']!, NONE];
  const natural = m.natural[c]!;
  const cropland = natural === C['0101'] || natural === C['0102'] || natural === C['0103'];
  if (cropland && unitHash(m.seed, c, 44) < 0.0015 * (year - 2020)) return [C['1202']!, NONE];
  return [natural, NONE];
}

function villageUse(m: LandCoverModel, c: number): number {
  const u = unitHash(m.seed, c, 45);
  return u < 0.08 ? C['1004']! : u < 0.11 ? C['0601']! : u < 0.12 ? C['05H1']! : u < 0.125 ? C['08H2']! : C['0702']!;
}

/** What stands on a red-line breach: a farmhouse, a workshop, a guesthouse or a quarry pit. */
function breachUse(m: LandCoverModel, c: number): [number, number] {
  const u = unitHash(m.seed, c, 46);
  if (u < 0.25) return [C['0602']!, MINING];
  return [u < 0.55 ? C['0702']! : u < 0.8 ? C['0601']! : C['05H1']!, VILLAGE];
}

/** The natural mosaic: forest on the hills, orchards and tea on their flanks, paddy in the wet plains. */
export function naturalCover(seed: number, grid: CellGrid, nature: Nature): Uint8Array {
  const n = grid.siteX.length;
  const out = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const h = nature.hills[c]!;
    const u = unitHash(seed, c, 47);
    const x = grid.siteX[c]!;
    const y = grid.siteY[c]!;
    if (h > 0.5) {
      if (h < 0.56 && u < 0.25) out[c] = C['0404']!;
      else if (h > 0.85 && u < 0.05) out[c] = C['1207']!;
      else if (h > 0.8) out[c] = u < 0.35 ? C['0305']! : C['0301']!;
      else out[c] = u < 0.12 ? C['0302']! : u < 0.2 ? C['0307']! : C['0301']!;
    } else if (h > 0.38) {
      out[c] = u < 0.3 ? C['0202']! : u < 0.55 ? C['0201']! : u < 0.65 ? C['0404']! : u < 0.8 ? C['0307']! : C['0103']!;
    } else if (nature.riverDistance[c]! < 0.35 && u < 0.35) {
      out[c] = C['0404']!;
    } else if (u < 0.015) out[c] = C['1104']!;
    else if (u < 0.02) out[c] = C['1107']!;
    else if (u < 0.035) out[c] = C['0201']!;
    else if (u < 0.038) out[c] = u < 0.0365 ? C['1201']! : C['1206']!;
    else {
      const wet = fractalNoise(seed ^ 0x9add, x / 4, y / 4, 3) + (nature.riverDistance[c]! < 3 ? 0.15 : 0) - 0.4 * h;
      out[c] = wet > 0.5 ? C['0101']! : wet > 0.4 && u < 0.3 ? C['0102']! : C['0103']!;
    }
  }
  return out;
}
