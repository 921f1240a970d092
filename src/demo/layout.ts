/**
 * The big picture of the demo city, drawn once from the seed before any cell is classified: where the
 * hills rise, where the river runs, where the lake and the reservoir lie, where the old centre, the new
 * district (示范新区) and the high-tech zone (高新区) grow, and where the district and county seats sit.
 * Everything is in the kilometre frame (frame.ts) relative to the outline's centre; angles are measured
 * from the hills so the parts keep their relations whatever the seed: hills on one side, the river
 * running from them through the centre towards the lake, farmland plains on the far side.
 */
import type { CityOutline } from './city-cells.js';
import { Rng } from './random.js';

export interface Point {
  x: number;
  y: number;
}

/** A growing urban centre: built within `radius2020`…`radius2025`, planned up to `radius2035`. */
export interface GrowthCentre extends Point {
  role: 'core' | 'new_district' | 'high_tech';
  radius2020: number;
  radius2025: number;
  /** Planned extent per plan version (index 0 = version 1). */
  radius2035: [number, number];
}

export interface CityLayout {
  outline: CityOutline;
  /** Direction (radians) from the centre towards the hills. */
  hillsAngle: number;
  core: Point;
  /** The historic old town (历史文化保护线) inside the core. */
  oldTown: Point;
  centres: GrowthCentre[];
  /** Anchors of the four urban districts (区) around the core and of the two county seats (县). */
  districtAnchors: Point[];
  countyAnchors: Point[];
  /** Main river and its tributary as polylines (upstream first). */
  river: Point[];
  tributary: Point[];
  lake: Point & { radius: number };
  reservoir: Point & { radius: number };
  urbanLake: Point & { radius: number };
  /** A railway crossing the city, with its station near the core. */
  railway: Point[];
}

export function makeLayout(seed: number, outline: CityOutline): CityLayout {
  const rng = new Rng(seed ^ 0x1a70);
  const hillsAngle = rng.range(3.4, 4.4);
  const at = (angle: number, fraction: number): Point => {
    const a = hillsAngle + angle;
    const r = outline.radius(a) * fraction;
    return { x: Math.cos(a) * r, y: Math.sin(a) * r };
  };
  const core = { x: rng.range(-1.5, 1.5), y: rng.range(-1.5, 1.5) };
  const toward = (angle: number, km: number): Point => ({
    x: core.x + Math.cos(hillsAngle + angle) * km,
    y: core.y + Math.sin(hillsAngle + angle) * km,
  });
  const lakeCentre = at(1.65, 0.55);
  const reservoirCentre = at(0.3, 0.68);
  const upstream = at(-0.75, 1.05);
  const downstream = at(2.55, 1.05);
  const bend = toward(-1.35, 1.6);
  const river = meander(rng, [upstream, bend, downstream], 0.9);
  const confluence = river[Math.floor(river.length * 0.3)]!;
  const tributary = meander(rng, [reservoirCentre, confluence], 0.6);
  return {
    outline,
    hillsAngle,
    core,
    oldTown: toward(rng.range(0, 6.28), 0.8),
    centres: [
      { ...core, role: 'core', radius2020: 6.2, radius2025: 6.45, radius2035: [8.2, 8.2] },
      { ...toward(2.95, 10), role: 'new_district', radius2020: 1.6, radius2025: 2.8, radius2035: [2.6, 5.2] },
      { ...toward(-1.2, 7.5), role: 'high_tech', radius2020: 2.2, radius2025: 2.5, radius2035: [3.8, 3.8] },
    ],
    districtAnchors: [0.8, 2.35, 3.9, 5.45].map((a) => toward(a, 4)),
    countyAnchors: [at(0.05, 0.62), at(2.2, 0.66)],
    river,
    tributary,
    lake: { ...lakeCentre, radius: 3.4 },
    reservoir: { ...reservoirCentre, radius: 1.5 },
    urbanLake: { ...toward(rng.range(0, 6.28), 3), radius: 0.7 },
    railway: meander(rng, [at(1.0, 1.1), toward(1.4, 2.2), at(-1.9, 1.1)], 0.25),
  };
}

/**
 * A smooth polyline through `through` (Catmull–Rom), sampled every ~0.25 km, with a sinuous sideways
 * offset of amplitude `wiggle` km so rivers and railways do not run ruler-straight.
 */
function meander(rng: Rng, through: Point[], wiggle: number): Point[] {
  const pts = [through[0]!, ...through, through[through.length - 1]!];
  const out: Point[] = [];
  const phase = rng.range(0, 6.28);
  const wavelength = rng.range(3, 5);
  let travelled = 0;
  for (let s = 1; s < pts.length - 2; s++) {
    const [p0, p1, p2, p3] = [pts[s - 1]!, pts[s]!, pts[s + 1]!, pts[s + 2]!];
    const steps = Math.max(2, Math.ceil(Math.hypot(p2.x - p1.x, p2.y - p1.y) / 0.25));
    for (let i = 0; i < steps; i++) {
      const t = i / steps;
      const cr = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t + (3 * b - a - 3 * c + d) * t * t * t);
      const x = cr(p0.x, p1.x, p2.x, p3.x);
      const y = cr(p0.y, p1.y, p2.y, p3.y);
      const prev = out[out.length - 1];
      if (prev) travelled += Math.hypot(x - prev.x, y - prev.y);
      out.push({ x, y });
    }
  }
  out.push(through[through.length - 1]!);
  // Offset each point along the local normal by a sine of the distance travelled.
  let d = 0;
  return out.map((p, i) => {
    const a = out[Math.max(0, i - 1)]!;
    const b = out[Math.min(out.length - 1, i + 1)]!;
    if (i > 0) d += Math.hypot(p.x - out[i - 1]!.x, p.y - out[i - 1]!.y);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const taper = Math.min(1, d / 2, (travelled - d) / 2);
    const off = wiggle * Math.max(0, taper) * Math.sin((2 * Math.PI * d) / wavelength + phase);
    return { x: p.x - ((b.y - a.y) / len) * off, y: p.y + ((b.x - a.x) / len) * off };
  });
}
