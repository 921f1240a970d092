/**
 * The pre-check may only ever say "valid" where GEOS says valid: checked against GEOS on the dirty
 * sample, on random rings (most of them crossing themselves) and on rings built to sit on the edge of
 * rounding. It must also prove the ordinary case, or it saves nothing.
 */
import type { Geometry, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dirtyFeatures } from '../demo/dirty-sample.js';
import { Rng } from '../demo/random.js';
import { polygonsOf } from '../geo/geometry-parts.js';
import { validateGeometry } from '../geo/validate.js';
import { provablySimpleRing, provablyValidPolygon } from './simple-ring.js';

const polygon = (ring: Position[]): Polygon => ({ type: 'Polygon', coordinates: [ring] });

async function expectNoFalseProof(geometries: Geometry[]): Promise<number> {
  let proven = 0;
  for (const g of geometries) {
    if (!provablyValidPolygon(g)) continue;
    proven++;
    const geos = await validateGeometry(g);
    expect({ geometry: g, valid: geos.valid }).toEqual({ geometry: g, valid: true });
  }
  return proven;
}

describe('provablyValidPolygon', () => {
  it('proves the clean features of the dirty sample and none of its faulty geometries', async () => {
    const features = dirtyFeatures('lantu').filter((f) => f.geometry);
    const proven = await expectNoFalseProof(features.map((f) => f.geometry!));
    const cleanSingleRings = features.filter(
      (f) => f.faults.length === 0 && polygonsOf(f.geometry!).length === 1 && polygonsOf(f.geometry!)[0]!.length === 1,
    );
    expect(cleanSingleRings.length).toBeGreaterThan(10);
    for (const f of cleanSingleRings) expect(provablyValidPolygon(f.geometry!)).toBe(true);
    for (const f of features) {
      const geometric = f.faults.filter((k) =>
        ['self_intersection', 'bow_tie', 'duplicate_vertex', 'unclosed_ring', 'hole_outside_shell', 'spike'].includes(
          k,
        ),
      );
      if (geometric.length)
        expect({ id: f.id, proven: provablyValidPolygon(f.geometry!) }).toEqual({ id: f.id, proven: false });
    }
    expect(proven).toBeGreaterThanOrEqual(cleanSingleRings.length);
  });

  it('never proves a random ring GEOS finds invalid, and proves the simple ones', async () => {
    const rng = new Rng(20261121);
    const rings: Geometry[] = [];
    for (let k = 0; k < 3000; k++) {
      const n = 3 + Math.floor(rng.range(0, 9));
      const ring: Position[] = Array.from({ length: n }, () => [117 + rng.range(0, 1e-3), 31 + rng.range(0, 1e-3)]);
      ring.push([...ring[0]!]);
      rings.push(polygon(ring));
    }
    const proven = await expectNoFalseProof(rings);
    let geosValid = 0;
    for (const g of rings) if ((await validateGeometry(g)).valid) geosValid++;
    // Every ring GEOS finds valid is a simple ring in general position here: all of them are proven.
    expect(proven).toBe(geosValid);
    expect(proven).toBeGreaterThan(300);
  });

  it('sends touching, collinear and rounding-edge rings to GEOS', () => {
    // A ring touching itself at a vertex (GEOS: Ring Self-intersection).
    expect(
      provablySimpleRing([
        [0, 0],
        [4, 0],
        [4, 4],
        [2, 0],
        [0, 4],
        [0, 0],
      ]),
    ).toBe(false);
    // Folding back along itself: zero area.
    expect(
      provablySimpleRing([
        [0, 0],
        [2, 0],
        [1, 0],
        [0, 0],
      ]),
    ).toBe(false);
    // A vertex in the middle of a straight edge is fine.
    expect(
      provablySimpleRing([
        [0, 0],
        [1, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ]),
    ).toBe(true);
    // Open ring, too short, holes and multi-part polygons are not this test's business.
    expect(
      provablySimpleRing([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ]),
    ).toBe(false);
    expect(
      provablyValidPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 0],
          ],
          [
            [1, 0.5],
            [3, 0.5],
            [3, 2],
            [1, 0.5],
          ],
        ],
      }),
    ).toBe(false);
  });
});
