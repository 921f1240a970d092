/**
 * ZoneLocator: which of a set of zones contain a point — for putting residential patches (by centroid)
 * into planning units and into the zones a coverage indicator is asked for. Zones may overlap (a
 * district and its units); each is tested on its own.
 *
 * Even–odd ray casting (Shimrat 1962, "Algorithm 112: Position of point relative to polygon"): a ray
 * east from the point crosses the boundary of a zone an odd number of times exactly when the point is
 * inside; holes and the parts of multi-polygons need no special case. To avoid walking every segment,
 * each zone's boundary segments are bucketed into horizontal bands (about four segments per band): a
 * query finds the zones whose bounding box holds the point (flatbush over zone boxes), then tests only
 * the segments of the one band of each that holds the point's latitude. A point exactly on a boundary
 * falls on one side or the other, consistently for neighbouring zones (half-open crossing rule).
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
  /** Zone bounding boxes. */
  private readonly index: Flatbush | null;
  /** minX, minY, maxX, maxY per zone. */
  private readonly boxes: Float64Array;
  /** Per zone: its first band (into bandStart) and band count; band height. */
  private readonly firstBand: Int32Array;
  private readonly bands: Int32Array;
  private readonly bandHeight: Float64Array;
  /** Segments of band b are bandSeg[bandStart[b] … bandStart[b+1]); a segment is x1,y1,x2,y2 in segXY. */
  private readonly bandStart: Int32Array;
  private readonly bandSeg: Int32Array;
  private readonly segXY: Float64Array;

  /** Zones as (code, geometry column value) pairs; only polygon rings are used. */
  constructor(zones: readonly { code: string; geom: unknown }[]) {
    this.codes = zones.map((z) => z.code);
    const n = zones.length;
    this.boxes = new Float64Array(n * 4);
    this.firstBand = new Int32Array(n);
    this.bands = new Int32Array(n);
    this.bandHeight = new Float64Array(n);
    const flat = emptyFlat();
    const xy: number[] = [];
    const segFirst: number[] = []; // first segment of each zone
    zones.forEach((z, i) => {
      segFirst.push(xy.length / 4);
      const wkb = featureWkb(z.geom);
      if (!wkb) return;
      readFlatWkb(wkb.bytes, wkb.offset, flat);
      if (flat.rings === 0) return;
      this.boxes.set([flat.minX, flat.minY, flat.maxX, flat.maxY], 4 * i);
      for (let r = 0; r < flat.rings; r++) {
        if (flat.ringKind[r] !== RING_SHELL && flat.ringKind[r] !== RING_HOLE) continue;
        const start = flat.ringStart[r]!;
        const end = flat.ringStart[r + 1]!;
        for (let k = start; k < end; k++) {
          const next = k + 1 < end ? k + 1 : start; // rings may or may not repeat their first position
          if (flat.xy[2 * k] === flat.xy[2 * next] && flat.xy[2 * k + 1] === flat.xy[2 * next + 1]) continue;
          xy.push(flat.xy[2 * k]!, flat.xy[2 * k + 1]!, flat.xy[2 * next]!, flat.xy[2 * next + 1]!);
        }
      }
    });
    segFirst.push(xy.length / 4);
    this.segXY = Float64Array.from(xy);

    // Bands: count entries per band, prefix-sum, fill (CSR), zone after zone.
    const counts: number[] = [];
    const span = (z: number, s: number) => {
      const y0 = this.boxes[4 * z + 1]!;
      const h = this.bandHeight[z]!;
      const last = this.bands[z]! - 1;
      const a = Math.min(last, Math.max(0, Math.floor((Math.min(xy[4 * s + 1]!, xy[4 * s + 3]!) - y0) / h)));
      const b = Math.min(last, Math.max(0, Math.floor((Math.max(xy[4 * s + 1]!, xy[4 * s + 3]!) - y0) / h)));
      return [a, b] as const;
    };
    for (let z = 0; z < n; z++) {
      const segments = segFirst[z + 1]! - segFirst[z]!;
      const height = this.boxes[4 * z + 3]! - this.boxes[4 * z + 1]!;
      this.firstBand[z] = counts.length;
      this.bands[z] = segments > 0 && height > 0 ? Math.max(1, Math.ceil(segments / 4)) : 0;
      this.bandHeight[z] = this.bands[z] ? height / this.bands[z]! : 1;
      for (let b = 0; b < this.bands[z]!; b++) counts.push(0);
      if (!this.bands[z]) continue;
      for (let s = segFirst[z]!; s < segFirst[z + 1]!; s++) {
        const [a, b] = span(z, s);
        for (let k = a; k <= b; k++) counts[this.firstBand[z]! + k]!++;
      }
    }
    this.bandStart = new Int32Array(counts.length + 1);
    for (let b = 0; b < counts.length; b++) this.bandStart[b + 1] = this.bandStart[b]! + counts[b]!;
    this.bandSeg = new Int32Array(this.bandStart[counts.length]!);
    const fill = this.bandStart.slice(0, counts.length);
    for (let z = 0; z < n; z++) {
      if (!this.bands[z]) continue;
      for (let s = segFirst[z]!; s < segFirst[z + 1]!; s++) {
        const [a, b] = span(z, s);
        for (let k = a; k <= b; k++) this.bandSeg[fill[this.firstBand[z]! + k]!++] = s;
      }
    }
    const located = Array.from({ length: n }, (_, z) => z).filter((z) => this.bands[z]! > 0);
    this.index = located.length ? new Flatbush(located.length) : null;
    for (const z of located)
      this.index!.add(this.boxes[4 * z]!, this.boxes[4 * z + 1]!, this.boxes[4 * z + 2]!, this.boxes[4 * z + 3]!);
    this.index?.finish();
    this.zoneOfItem = Int32Array.from(located);
  }

  private readonly zoneOfItem: Int32Array;

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

  /** The bounding box of zone `z`: [minX, minY, maxX, maxY]. */
  bbox(z: number): [number, number, number, number] {
    const b = this.boxes;
    return [b[4 * z]!, b[4 * z + 1]!, b[4 * z + 2]!, b[4 * z + 3]!];
  }

  /** Indices (into `codes`) of the zones containing (x, y), ascending. */
  zonesAt(x: number, y: number): number[] {
    if (!this.index) return [];
    const { segXY, bandStart, bandSeg } = this;
    const inside: number[] = [];
    for (const item of this.index.search(x, y, x, y)) {
      const z = this.zoneOfItem[item]!;
      const band =
        this.firstBand[z]! +
        Math.min(this.bands[z]! - 1, Math.max(0, Math.floor((y - this.boxes[4 * z + 1]!) / this.bandHeight[z]!)));
      let odd = false;
      for (let k = bandStart[band]!; k < bandStart[band + 1]!; k++) {
        const s = bandSeg[k]!;
        const y1 = segXY[4 * s + 1]!;
        const y2 = segXY[4 * s + 3]!;
        if (y1 > y === y2 > y) continue;
        const x1 = segXY[4 * s]!;
        const x2 = segXY[4 * s + 2]!;
        if (x < x1 + ((y - y1) / (y2 - y1)) * (x2 - x1)) odd = !odd;
      }
      if (odd) inside.push(z);
    }
    return inside.sort((a, b) => a - b);
  }
}
