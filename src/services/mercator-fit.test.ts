import { describe, expect, it } from 'vitest';
import { mercatorFit, mercatorY } from './mercator-fit.js';
import { TILE_BUFFER, TILE_EXTENT, tileAt, tileBounds } from './tile-math.js';

describe('affine Mercator per tile', () => {
  it('stays within half a grid cell of the exact projection wherever it is used', () => {
    let used = 0;
    for (const lat of [-45, -10, 0.01, 18.2, 31.8, 45.7, 53.5]) {
      for (let z = 8; z <= 22; z++) {
        const tile = tileAt(117.26, lat, z);
        const bounds = tileBounds(tile, TILE_BUFFER);
        const fit = mercatorFit(z, bounds);
        if (!fit) continue;
        used++;
        const cellsPerMetre = (TILE_EXTENT * 2 ** z) / (2 * Math.PI * 6378137);
        let worst = 0;
        for (let k = 0; k <= 200; k++) {
          const at = bounds[1] + ((bounds[3] - bounds[1]) * k) / 200;
          worst = Math.max(worst, Math.abs(fit.yScale * at + fit.yOffset - mercatorY(at)) * cellsPerMetre);
        }
        expect(worst, `z${z} at ${lat}°`).toBeLessThan(0.5);
        expect(worst).toBeLessThanOrEqual(fit.errorCells * 1.01 + 1e-6);
      }
    }
    expect(used).toBeGreaterThan(80);
  });

  it('is refused where a straight line would miss by half a cell', () => {
    expect(mercatorFit(10, tileBounds(tileAt(117.26, 31.8, 10), TILE_BUFFER))).toBeNull();
    expect(mercatorFit(11, tileBounds(tileAt(117.26, 31.8, 11), TILE_BUFFER))?.errorCells).toBeCloseTo(0.42, 1);
    expect(mercatorFit(12, tileBounds(tileAt(117.26, 31.8, 12), TILE_BUFFER))?.errorCells).toBeCloseTo(0.21, 1);
  });
});
