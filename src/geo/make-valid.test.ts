import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { expectFixture, loadFixtures, readDirtySample } from './test/fixtures.js';
import { LantuError } from '../errors.js';
import { makeValid, type RepairKind } from './make-valid.js';
import { validateGeometry } from './validate.js';

const dir = path.join(import.meta.dirname, 'test');

describe('makeValid', () => {
  it.each(loadFixtures<Feature<Geometry>>(path.join(dir, 'geometries')))('fixture $name', async ({ name, input }) => {
    const { geometry, repairs } = await makeValid(input.geometry);
    // Viewable on a map: the input and what came out, with the repairs on the output.
    expectFixture(path.join(dir, 'make-valid', `${name}.geojson`), {
      type: 'FeatureCollection',
      features: [
        { ...input, properties: { role: 'input' } },
        { type: 'Feature', properties: { role: 'output', repairs }, geometry },
      ],
    });
    if (geometry) expect(await validateGeometry(geometry)).toEqual({ valid: true });
    if (input.geometry.type.endsWith('Polygon') && geometry) expect(geometry.type).toMatch(/Polygon$/);
  });

  it('splits a bow-tie into its two triangles', async () => {
    const { geometry, repairs } = await makeValid({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    });
    expect(repairs.map((r) => r.kind)).toEqual(['self_intersection_repaired']);
    expect(repairs[0]!.detail).toContain('Self-intersection at (1, 1)');
    expect(geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [1, 1],
            [2, 0],
            [2, 2],
            [1, 1],
          ],
        ],
        [
          [
            [0, 0],
            [1, 1],
            [0, 2],
            [0, 0],
          ],
        ],
      ],
    });
  });

  it('closes, de-duplicates and orients, saying so', async () => {
    const { geometry, repairs } = await makeValid({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [0, 1],
          [1, 1],
          [1, 0],
        ],
      ],
    });
    expect(repairs.map((r) => r.kind)).toEqual(['ring_closed', 'duplicate_vertices_removed', 'orientation_fixed']);
    expect(geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    });
  });

  it('answers null for nothing and for what collapses entirely', async () => {
    expect(await makeValid(null)).toEqual({
      geometry: null,
      repairs: [{ kind: 'empty', detail: 'no geometry (null)' }],
    });
    const collapsed = await makeValid({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 0],
          [0, 0],
        ],
      ],
    });
    expect(collapsed.geometry).toBeNull();
    expect(collapsed.repairs.map((r) => r.kind)).toEqual([
      'duplicate_vertices_removed',
      'collapsed_to_lower_dimension',
      'empty',
    ]);
  });

  it('refuses coordinates that are not numbers, naming the field', async () => {
    const error = await makeValid({ type: 'Point', coordinates: [Infinity, 1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LantuError);
    expect((error as LantuError).location.field).toBe('geometry');
  });

  it('repairs exactly the geometric faults of the dirty sample', async () => {
    const expected: Partial<Record<string, RepairKind>> = {
      self_intersection: 'self_intersection_repaired',
      bow_tie: 'self_intersection_repaired',
      duplicate_vertex: 'duplicate_vertices_removed',
      wrong_orientation: 'orientation_fixed',
      unclosed_ring: 'ring_closed',
      empty_geometry: 'empty',
      null_geometry: 'empty',
      hole_outside_shell: 'hole_outside_shell',
    };
    for (const f of await readDirtySample()) {
      const { geometry, repairs } = await makeValid(f.geometry);
      const want = [...new Set(f.faults.flatMap((fault) => expected[fault] ?? []))].sort();
      expect([...new Set(repairs.map((r) => r.kind))].sort(), `${f.id}: ${f.faults.join(', ')}`).toEqual(want);
      if (geometry) expect(geometry.type).toMatch(/Polygon$/);
    }
  });
});
