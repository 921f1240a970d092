/**
 * ZoneLocator: which of a set of zones contain a point — for putting residential patches (by centroid)
 * into planning units and into the zones a coverage indicator is asked for. Zones may overlap (a
 * district and its units); each is tested on its own.
 *
 * Even–odd ray casting (Shimrat 1962, "Algorithm 112: Position of point relative to polygon"): a ray
 * east from the point crosses the boundary of a zone an odd number of times exactly when the point is
 * inside; holes and the parts of multi-polygons need no special case. The boundary segments of all
 * zones sit in one flatbush index, so a query looks only at the segments that straddle the ray's
 * latitude east of the point, not at every vertex of every zone. A point exactly on a boundary falls on
 * one side or the other, consistently for neighbouring zones (half-open crossing rule).
 *
 *   const units = await ZoneLocator.read(store, { kind: 'planning_unit' });
 *   units.codes[units.zonesAt(117.2, 31.8)[0]!] // → '990101001001'
 */
import Flatbush from 'flatbush';
import { emptyFlat, readFlatWkb, RING_HOLE, RING_SHELL } from '../geo/wkb.js';
import type { Store } from '../store/store.js';
import type { ZoneKind } from '../zones/zone-table.js';
import { featureWkb } from './feature-wkb.js';

export class ZoneLocator {
  /** Zone codes, in the order zone indices refer to. */
  readonly codes: string[];
  private readonly index: Flatbush | null;
  private readonly segZone: Int32Array;
  private readonly segXY: Float64Array;
  private readonly parity: Uint8Array;
  private readonly touched: number[] = [];

  /** Zones as (code, geometry column value) pairs; only polygon rings are used. */
  constructor(zones: readonly { code: string; geom: unknown }[]) {
    this.codes = zones.map((z) => z.code);
    this.parity = new Uint8Array(zones.length);
    const flat = emptyFlat();
    const zone: number[] = [];
    const xy: number[] = [];
    zones.forEach((z, i) => {
      const wkb = featureWkb(z.geom);
      if (!wkb) return;
      readFlatWkb(wkb.bytes, wkb.offset, flat);
      for (let r = 0; r < flat.rings; r++) {
        if (flat.ringKind[r] !== RING_SHELL && flat.ringKind[r] !== RING_HOLE) continue;
        const start = flat.ringStart[r]!;
        const end = flat.ringStart[r + 1]!;
        for (let k = start; k < end; k++) {
          const next = k + 1 < end ? k + 1 : start; // rings may or may not repeat their first position
          if (flat.xy[2 * k] === flat.xy[2 * next] && flat.xy[2 * k + 1] === flat.xy[2 * next + 1]) continue;
          zone.push(i);
          xy.push(flat.xy[2 * k]!, flat.xy[2 * k + 1]!, flat.xy[2 * next]!, flat.xy[2 * next + 1]!);
        }
      }
    });
    this.segZone = Int32Array.from(zone);
    this.segXY = Float64Array.from(xy);
    this.index = zone.length ? new Flatbush(zone.length) : null;
    for (let s = 0; s < zone.length; s++) {
      const [x1, y1, x2, y2] = [xy[4 * s]!, xy[4 * s + 1]!, xy[4 * s + 2]!, xy[4 * s + 3]!];
      this.index!.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    }
    this.index?.finish();
  }

  /** Read zones from the store: the listed codes (in that order), or every zone of a kind (by code). */
  static async read(store: Store, which: { codes: readonly string[] } | { kind: ZoneKind }): Promise<ZoneLocator> {
    let query = store.db.selectFrom('zone').select(['code', 'geom']);
    query =
      'codes' in which
        ? query.where('code', 'in', which.codes.length ? [...which.codes] : [''])
        : query.where('kind', '=', which.kind);
    const rows = await query.orderBy('code').execute();
    if ('codes' in which) {
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return new ZoneLocator(which.codes.flatMap((code) => byCode.get(code) ?? []));
    }
    return new ZoneLocator(rows);
  }

  /** Indices (into `codes`) of the zones containing (x, y), ascending. */
  zonesAt(x: number, y: number): number[] {
    if (!this.index) return [];
    const { segXY, segZone, parity, touched } = this;
    for (const s of this.index.search(x, y, this.index.maxX, y)) {
      const y1 = segXY[4 * s + 1]!;
      const y2 = segXY[4 * s + 3]!;
      if (y1 > y === y2 > y) continue;
      const x1 = segXY[4 * s]!;
      const x2 = segXY[4 * s + 2]!;
      if (x >= x1 + ((y - y1) / (y2 - y1)) * (x2 - x1)) continue;
      const z = segZone[s]!;
      if (parity[z] === 0) touched.push(z);
      parity[z]! ^= 1;
    }
    const inside: number[] = [];
    for (const z of touched) {
      if (parity[z]) inside.push(z);
      parity[z] = 0;
    }
    touched.length = 0;
    return inside.sort((a, b) => a - b);
  }
}
