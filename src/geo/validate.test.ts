import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DIRTY_FAULTS, type DirtyFault } from '../demo/dirty-faults.js';
import { expectFixture, loadFixtures, readDirtySample } from './test/fixtures.js';
import { validateGeometry } from './validate.js';

const dir = path.join(import.meta.dirname, 'test');

describe('validateGeometry', () => {
  it.each(loadFixtures<Feature<Geometry>>(path.join(dir, 'geometries')))('fixture $name', async ({ name, input }) => {
    const result = await validateGeometry(input.geometry);
    expectFixture(path.join(dir, 'validate', `${name}.json`), result);
    const validOnes = [
      'duplicate-vertices',
      'empty-multipolygon',
      'line-duplicate-points',
      'wrong-orientation',
      'wrong-orientation-hole',
    ];
    expect(result.valid).toBe(name.startsWith('valid-') || validOnes.includes(name));
  });

  it('answers with GEOS’s reason and location', async () => {
    const bowTie: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    };
    expect(await validateGeometry(bowTie)).toEqual({ valid: false, reason: 'Self-intersection', location: [0.5, 0.5] });
  });

  it('names rings GEOS cannot build and bad numbers', async () => {
    expect(
      await validateGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
    ).toEqual({
      valid: false,
      reason: 'Ring is not closed',
      location: [0, 0],
    });
    expect(
      await validateGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
    ).toMatchObject({
      valid: false,
      reason: 'Too few points in geometry component',
    });
    const nan = await validateGeometry({
      type: 'LineString',
      coordinates: [
        [0, 0],
        [NaN, 1],
      ],
    });
    expect(nan).toEqual({ valid: false, reason: 'Invalid Coordinate at coordinates[1]' });
  });

  it('agrees with the dirty sample’s fault catalogue on every feature', async () => {
    for (const f of await readDirtySample()) {
      if (!f.geometry) continue;
      const result = await validateGeometry(f.geometry);
      const ogc = f.faults.map((fault) => DIRTY_FAULTS[fault as DirtyFault].ogc);
      const expectInvalid = ogc.find(
        (o) => o === 'Self-intersection' || o === 'Hole lies outside shell' || o.startsWith('invalid'),
      );
      if (!expectInvalid) expect(result, `${f.id} ${f.faults.join(',')}`).toEqual({ valid: true });
      else if (expectInvalid.startsWith('invalid')) expect(result.reason, f.id).toBe('Ring is not closed');
      else expect(result.reason, f.id).toBe(expectInvalid);
    }
  });
});
