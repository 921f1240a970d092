/**
 * Villages and special sites of the countryside. Natural villages (自然村) are scattered over the
 * farmland plains at ~0.3 per km², at least 0.9 km apart, kept off water, steep hills and land planned
 * for the city; each has a built core and a fringe where new homesteads appear over the years. Quarries
 * (采矿用地) sit on the hill flanks and a few special-use sites (特殊用地: a cemetery, a barracks, a
 * detention centre) in the countryside. Positions are in km, so the pattern is the same at any patch count.
 */
import { forEachCellNear, nearestCell, type CellGrid } from './cell-grid.js';
import type { Growth } from './growth.js';
import type { CityLayout, Point } from './layout.js';
import type { Nature } from './nature.js';
import { fractalNoise, Rng } from './random.js';

export const VILLAGE_CORE = 1;
export const VILLAGE_FRINGE = 2;
export const QUARRY = 1;
export const SPECIAL_SITE = 2;

export interface Settlements {
  /** VILLAGE_CORE, VILLAGE_FRINGE or 0 per cell. */
  village: Uint8Array;
  /** QUARRY, SPECIAL_SITE or 0 per cell. */
  site: Uint8Array;
  villages: Point[];
}

export function buildSettlements(
  seed: number,
  grid: CellGrid,
  layout: CityLayout,
  nature: Nature,
  growth: Growth,
): Settlements {
  const rng = new Rng(seed ^ 0x0511);
  const n = grid.siteX.length;
  const village = new Uint8Array(n);
  const site = new Uint8Array(n);
  let reach = 0;
  for (let i = 0; i < 360; i++) reach = Math.max(reach, layout.outline.radius((i / 360) * 2 * Math.PI));
  const ground = (p: Point) => {
    const c = nearestCell(grid, p.x, p.y);
    return c < 0
      ? null
      : { hills: nature.hills[c]!, wet: nature.water[c]! > 0, planned: growth.planReach[1][c]! < 1.2 };
  };
  const scatter = (count: number, minGap: number, fits: (g: NonNullable<ReturnType<typeof ground>>) => boolean) => {
    const points: Point[] = [];
    for (let misses = 0; points.length < count && misses < 4000;) {
      const p = { x: rng.range(-reach, reach), y: rng.range(-reach, reach) };
      const g = layout.outline.contains(p.x, p.y) ? ground(p) : null;
      if (g && fits(g) && points.every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= minGap)) {
        points.push(p);
        misses = 0;
      } else misses++;
    }
    return points;
  };
  const villages = scatter(700, 0.9, (g) => !g.wet && !g.planned && g.hills < 0.6);
  for (const v of villages) {
    const radius = rng.range(0.12, 0.28);
    forEachCellNear(grid, v.x, v.y, radius * 1.25 + 0.2, (c, d) => {
      if (nature.water[c]) return;
      const r = radius * (0.75 + 0.5 * fractalNoise(seed ^ 0x0512, grid.siteX[c]! / 0.4, grid.siteY[c]! / 0.4, 2));
      if (d < r) village[c] = VILLAGE_CORE;
      else if (d < r + 0.2 && village[c] !== VILLAGE_CORE) village[c] = VILLAGE_FRINGE;
    });
  }
  const stamp = (points: Point[], radius: number, kind: number) =>
    points.forEach((p) =>
      forEachCellNear(grid, p.x, p.y, radius, (c) => {
        if (!nature.water[c]) site[c] = kind;
      }),
    );
  stamp(
    scatter(5, 3, (g) => !g.wet && !g.planned && g.hills > 0.45 && g.hills < 0.7),
    0.3,
    QUARRY,
  );
  stamp(
    scatter(3, 5, (g) => !g.wet && !g.planned && g.hills < 0.4),
    0.25,
    SPECIAL_SITE,
  );
  return { village, site, villages };
}
