/**
 * UnitLocator: which planning unit a feature lies in, so per-feature quantities (a patch's area, a
 * shelter's capacity) can be summed per unit and then per zone (monitoring-zones.ts). Units' boxes sit
 * in a Flatbush index; a point is placed by an even–odd ray test against the candidate units' rings
 * (holes included); a polygon by GEOS — whole to the unit that covers it (the common case: survey
 * patches are drawn inside one unit), otherwise split among the units it meets in proportion to the
 * overlapping area, so nothing is lost or counted twice at a unit boundary.
 *
 *   const locator = await UnitLocator.create(zoneSet.unitGeometries);
 *   locator.locatePoint(117.21, 31.83) // → '990102001003' or null outside every unit
 *   locator.shares(patch)              // → [{ unit: '990102001003', share: 1 }]
 *   locator.dispose()                  // free the GEOS handles
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { polygonsOf } from '../geo/geometry-parts.js';
import { getGeos, type Geom, type Geos, type Prepared } from '../geo/geos.js';
import { bbox } from './monitoring-zones.js';

export class UnitLocator {
  private readonly prepared = new Map<number, { geom: Geom; prepared: Prepared }>();

  private constructor(
    private readonly geos: Geos,
    private readonly codes: string[],
    private readonly rings: Position[][][],
    private readonly index: Flatbush | null,
    private readonly geometries: Geometry[],
  ) {}

  static async create(units: Map<string, Geometry>): Promise<UnitLocator> {
    const geos = await getGeos();
    const codes = [...units.keys()];
    const geometries = codes.map((c) => units.get(c)!);
    let index: Flatbush | null = null;
    if (codes.length) {
      index = new Flatbush(codes.length);
      for (const g of geometries) {
        const [a, b, c, d] = bbox(g);
        index.add(a, b, c, d);
      }
      index.finish();
    }
    const rings = geometries.map((g) => polygonsOf(g).flat());
    return new UnitLocator(geos, codes, rings, index, geometries);
  }

  locatePoint(x: number, y: number): string | null {
    if (!this.index) return null;
    for (const i of this.index.search(x, y, x, y)) if (insideRings(this.rings[i]!, x, y)) return this.codes[i]!;
    return null;
  }

  /** The units a polygonal feature lies in, with the share of its area in each (shares sum to ≤ 1). */
  shares(feature: Geometry): { unit: string; share: number }[] {
    if (!this.index) return [];
    const [a, b, c, d] = bbox(feature);
    const candidates = this.index.search(a, b, c, d);
    if (!candidates.length) return [];
    const geos = this.geos;
    return geos.scope((own) => {
      const f = own(geos.fromGeoJSON(feature));
      for (const i of candidates)
        if (geos.preparedCovers(this.unit(i).prepared, f)) return [{ unit: this.codes[i]!, share: 1 }];
      const whole = geos.area(f);
      if (!(whole > 0)) return [];
      const out: { unit: string; share: number }[] = [];
      for (const i of candidates) {
        const u = this.unit(i);
        if (!geos.preparedIntersects(u.prepared, f)) continue;
        const share = geos.area(own(geos.intersection(u.geom, f))) / whole;
        if (share > 0) out.push({ unit: this.codes[i]!, share });
      }
      return out;
    });
  }

  dispose(): void {
    for (const { geom, prepared } of this.prepared.values()) {
      this.geos.destroyPrepared(prepared);
      this.geos.destroy(geom);
    }
    this.prepared.clear();
  }

  private unit(i: number) {
    let u = this.prepared.get(i);
    if (!u) {
      const geom = this.geos.fromGeoJSON(this.geometries[i]!);
      u = { geom, prepared: this.geos.prepare(geom) };
      this.prepared.set(i, u);
    }
    return u;
  }
}

/** Even–odd rule over all rings: a point in a hole crosses its shell and the hole, so it is outside. */
function insideRings(rings: Position[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
    }
  }
  return inside;
}
