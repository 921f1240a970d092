import { describe, expect, it } from 'vitest';
import { generateDemoCity } from '../demo/index.js';
import { ringArea } from './ellipsoidal-area.js';
import { equalAreaRingArea } from './equal-area-ring.js';
import { polygonsOf } from './geometry-parts.js';

describe('equalAreaRingArea', () => {
  it('matches GeographicLib to 1e-10 on an axis-aligned 100 m box and to 1e-7 on a 1 km triangle', () => {
    const box = Float64Array.from([117, 31, 117.001, 31, 117.001, 31.001, 117, 31.001, 117, 31]);
    expect(Math.abs(equalAreaRingArea(box, 0, 5) / ringArea(box, 0, 5) - 1)).toBeLessThan(1e-10);
    const triangle = Float64Array.from([117, 31, 117.015, 31.005, 117.01, 31.01, 117, 31]);
    expect(Math.abs(equalAreaRingArea(triangle, 0, 4) / ringArea(triangle, 0, 4) - 1)).toBeLessThan(1e-7);
  });

  it('matches GeographicLib to 1e-7 on every ring of 20,000 demo patches (~300 m) and on the demo zones', () => {
    const city = generateDemoCity({ patches: 20_000, years: [2025] });
    let worst = 0;
    const check = (rings: number[][][]) => {
      for (const ring of rings) {
        const xy = Float64Array.from(ring.flat());
        const n = ring.length;
        worst = Math.max(worst, Math.abs(equalAreaRingArea(xy, 0, n) / ringArea(xy, 0, n) - 1));
      }
    };
    for (const patch of city.landSurvey(2025)) polygonsOf(patch.geometry).forEach(check);
    expect(worst).toBeLessThan(1e-7);
    worst = 0;
    for (const zone of city.zones) polygonsOf(zone.geometry).forEach(check);
    expect(worst).toBeLessThan(1e-8);
  });

  it('hands long edges and wide rings to GeographicLib', () => {
    const wide = Float64Array.from([100, 30, 110, 30, 110, 40, 100, 40, 100, 30]);
    expect(equalAreaRingArea(wide, 0, 5)).toBe(ringArea(wide, 0, 5));
  });
});
