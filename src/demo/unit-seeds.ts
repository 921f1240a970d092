/**
 * Seeds of the detailed-planning units: dense where the city is or will be built (units of ~3 km² in
 * the core, as a 控制性详细规划 unit covers a few neighbourhoods), sparse in the countryside (~20 km²).
 * Dart throwing with a spacing that varies over the city; when darts stop landing the spacing is eased
 * until exactly `count` seeds are placed, so the unit count does not depend on the seed's luck.
 */
import type { CityLayout, Point } from './layout.js';
import { Rng } from './random.js';

export interface UnitSeed extends Point {
  /** The intended distance to neighbouring seeds here, km. */
  spacing: number;
}

/** Distance-to-neighbour target at p: 1.6 km inside the planned urban extent, up to 4.6 km beyond. */
export function unitSpacing(layout: CityLayout, p: Point): number {
  let d = Infinity;
  for (const c of layout.centres) d = Math.min(d, Math.hypot(p.x - c.x, p.y - c.y) - 0.8 * c.radius2035[1]);
  const t = Math.min(1, Math.max(0, d / 8));
  return 1.6 + 3 * t * t * (3 - 2 * t);
}

export function placeUnitSeeds(seed: number, layout: CityLayout, count: number): UnitSeed[] {
  const rng = new Rng(seed ^ 0x5eed);
  let reach = 0;
  for (let i = 0; i < 360; i++) reach = Math.max(reach, layout.outline.radius((i / 360) * 2 * Math.PI));
  const seeds: UnitSeed[] = [];
  let factor = 1;
  let misses = 0;
  while (seeds.length < count) {
    const p = { x: rng.range(-reach, reach), y: rng.range(-reach, reach) };
    if (!layout.outline.contains(p.x, p.y)) continue;
    const spacing = unitSpacing(layout, p);
    const free = seeds.every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= (factor * (spacing + q.spacing)) / 2);
    if (free) {
      seeds.push({ ...p, spacing });
      misses = 0;
    } else if (++misses > 400) {
      factor *= 0.95;
      misses = 0;
    }
  }
  return seeds;
}
