/**
 * When each cell is built up, and whether a plan puts it inside the urban development boundary. Every
 * urban centre — the core, the new district, the high-tech zone, the two county towns and every 镇/乡
 * seat — has a built radius in 2020 and 2025 and a planned radius for 2035 per plan version. A cell's
 * effective distance to a centre is its distance divided by a smooth noise factor (0.75–1.25), which
 * gives built edges and planning boundaries the same ragged, shared shape; the year the growing radius
 * reaches that distance is the year the cell is built (linear 2020→2025, then on at the same pace).
 */
import type { Hierarchy } from './hierarchy.js';
import type { CityLayout } from './layout.js';
import { fractalNoise } from './random.js';

export type CentreRole = 'core' | 'new_district' | 'high_tech' | 'county_town' | 'township_seat';
export const CENTRE_ROLES: readonly CentreRole[] = [
  'core',
  'new_district',
  'high_tech',
  'county_town',
  'township_seat',
];

export interface Centre {
  x: number;
  y: number;
  role: CentreRole;
  radius2020: number;
  radius2025: number;
  radius2035: [number, number];
}

export interface Growth {
  centres: Centre[];
  /** Year the cell is built up (≤ 2020: before the first survey; Infinity: not before 2035). */
  urbanYear: Float32Array;
  /** The centre that builds the cell (or plans it), index into `centres`; -1 if none. */
  centreOf: Int16Array;
  /** Per plan version: effective distance / planned radius of the nearest planned centre (≤ 1 inside). */
  planReach: [Float32Array, Float32Array];
}

export function urbanCentres(layout: CityLayout, hierarchy: Hierarchy): Centre[] {
  const centres: Centre[] = layout.centres.map((c) => ({ ...c }));
  for (const t of hierarchy.townships) {
    if (t.kind === '街道') continue;
    const county = hierarchy.districts[t.district]!.seat === t.seat;
    const [r20, r25] = county ? [1.7, 1.95] : [0.45, 0.48];
    centres.push({
      ...t.seat,
      role: county ? 'county_town' : 'township_seat',
      radius2020: r20,
      radius2025: r25,
      radius2035: [r25 * 1.3, r25 * 1.3],
    });
  }
  return centres;
}

/** `blocked(c)` cells (water, steep hills) are never built, though a plan may still enclose them. */
export function computeGrowth(
  seed: number,
  siteX: Float64Array,
  siteY: Float64Array,
  centres: Centre[],
  blocked: (c: number) => boolean,
): Growth {
  const n = siteX.length;
  const urbanYear = new Float32Array(n).fill(Infinity);
  const centreOf = new Int16Array(n).fill(-1);
  const planReach: [Float32Array, Float32Array] = [
    new Float32Array(n).fill(Infinity),
    new Float32Array(n).fill(Infinity),
  ];
  // Beyond 1.5 planned radii (at the largest noise factor, 1.25) a centre cannot matter.
  const reach = centres.map((k) => 1.25 * 1.5 * Math.max(k.radius2035[1], k.radius2025));
  for (let c = 0; c < n; c++) {
    const x = siteX[c]!;
    const y = siteY[c]!;
    let factor = NaN;
    let bestYear = Infinity;
    for (let k = 0; k < centres.length; k++) {
      const centre = centres[k]!;
      const dx = x - centre.x;
      const dy = y - centre.y;
      if (dx * dx + dy * dy > reach[k]! * reach[k]!) continue;
      if (Number.isNaN(factor)) factor = 0.75 + 0.5 * fractalNoise(seed ^ 0x960, x / 2.5, y / 2.5, 3);
      const d = Math.sqrt(dx * dx + dy * dy) / factor;
      if (d > 1.5 * Math.max(centre.radius2035[1], centre.radius2025)) continue;
      for (const v of [0, 1] as const) planReach[v][c] = Math.min(planReach[v][c]!, d / centre.radius2035[v]);
      const pace = (centre.radius2025 - centre.radius2020) / 5;
      const year = d <= centre.radius2020 ? 2000 : pace > 0 ? 2020 + (d - centre.radius2020) / pace : Infinity;
      if (year < bestYear || centreOf[c] === -1) {
        bestYear = Math.min(bestYear, year);
        centreOf[c] = k;
      }
    }
    if (!blocked(c) && bestYear <= 2035) urbanYear[c] = bestYear;
  }
  return { centres, urbanYear, centreOf, planReach };
}
