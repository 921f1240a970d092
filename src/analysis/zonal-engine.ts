/**
 * The per-thread core of zonal statistics: zones cut into small prepared pieces behind a flatbush
 * index, and batches of features (raw WKB from the store) run against them. One engine lives in each
 * worker thread; small jobs run one in the calling thread. Both give the same answer.
 *
 * Per feature: read its coordinates straight from the WKB (no GEOS, no GeoJSON); ask the piece index
 * which zones its box meets, and the boundary index (every edge of every zone) near which of them it
 * lies. Far from a zone's boundary the feature is wholly inside or wholly outside, and one vertex
 * tested against the zone's pieces (GEOS prepared point-in-polygon) settles it — that is most
 * features, and they never become GEOS geometries. Near a boundary: if one piece *contains* the
 * feature, it counts whole; otherwise it is cut with each piece it intersects (GEOS intersection) and
 * the cuts measured — and when the cuts add up to the whole feature (inside the zone, across a piece
 * boundary), the whole feature's measure is taken, so the answer does not depend on where the zone was
 * cut (edges split at a cut line would otherwise shift geodesic areas by up to ~1e-5 for long edges).
 * A feature counting whole is measured once, from its own coordinates: ellipsoidal area (geodesic
 * length) with GeographicLib, planar in the chosen projection when asked.
 * Sums are compensated (Neumaier), so a million small areas add up without drift.
 */
import Flatbush from 'flatbush';
import { projectInto } from '../geo/crs.js';
import { equalAreaRingArea } from '../geo/equal-area-ring.js';
import { lineLength } from '../geo/geodesic-length.js';
import type { Geom, Geos, Prepared } from '../geo/geos.js';
import { subdivide } from '../geo/subdivide.js';
import {
  emptyFlat,
  gpkgWkbOffset,
  readFlatWkb,
  RING_HOLE,
  RING_LINE,
  RING_SHELL,
  type FlatGeometry,
} from '../geo/wkb.js';

/** Vertices per zone piece: PostGIS ST_Subdivide's default. */
export const PIECE_VERTICES = 256;

export interface EngineZones {
  /** WKB of each zone (polygonal, valid, EPSG:4490). */
  zones: Uint8Array[];
  /** EPSG code for planar measures as well, or null. */
  planarEpsg: number | null;
  /** Ellipsoidal measures too (the default); false when only planar ones are asked for. */
  ellipsoidal?: boolean;
}

/** A batch of features from the store: geometries back to back, with their class indices. */
export interface FeatureBatch {
  /** 'gpkg' blobs (GeoPackage header + WKB) or plain/extended WKB. */
  format: 'gpkg' | 'wkb';
  data: Uint8Array;
  /** Feature i spans data[offsets[i], offsets[i + 1]). */
  offsets: Int32Array;
  classes: Int32Array;
  fids: Float64Array;
}

/** What one engine has summed; cells keyed by zone·CLASS_SLOTS + class. */
export interface PartialResult {
  keys: number[];
  /** Per cell, in key order: [sum, compensation] pairs of each measure. */
  area: Float64Array;
  planarArea: Float64Array;
  length: Float64Array;
  planarLength: Float64Array;
  count: Float64Array;
  features: Float64Array;
  read: number;
  matched: number;
  failures: { fid: number; message: string }[];
}

export const CLASS_SLOTS = 1 << 20;

/** DE-9IM: the interiors of the two geometries share at least a point. */
const INTERIORS_MEET = 'T********';

/**
 * Cut pieces whose planar areas add up to the whole feature's within this share are the whole feature.
 * Shoelace sums in degrees near 117°E keep about 12 significant digits for a 0.005° patch, so the
 * pieces of a feature inside the zone agree with it to ~1e-12; a real boundary crossing that cuts off
 * less than 1e-10 of a feature changes no figure anyone reads.
 */
const INSIDE_TOLERANCE = 1e-10;

interface Piece {
  zone: number;
  geom: Geom;
  prepared: Prepared;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface Cell {
  area: number;
  areaC: number;
  planarArea: number;
  planarAreaC: number;
  length: number;
  lengthC: number;
  planarLength: number;
  planarLengthC: number;
  count: number;
  features: number;
}

/** Whole-feature measures, computed at most once per feature. */
interface Whole {
  area: number;
  planarArea: number;
  length: number;
  planarLength: number;
  /** Planar area in the coordinates' own units (degrees²), for the "cut pieces add up" test. */
  degreeArea: number;
}

export class ZonalEngine {
  private readonly pieces: Piece[] = [];
  private readonly index: Flatbush | null;
  /** Every edge of every zone's rings, and the zone it belongs to. */
  private readonly boundaries: Flatbush | null;
  private readonly segmentZone: Int32Array;
  /** nearStamp[zone] === serial: the current feature's box meets an edge of the zone. */
  private readonly nearStamp: Float64Array;
  private serial = 0;
  private readonly cells = new Map<number, Cell>();
  private readonly flat: FlatGeometry = emptyFlat();
  private readonly cutFlat: FlatGeometry = emptyFlat();
  private readonly project: ((xy: ArrayLike<number>, n: number, out: Float64Array) => void) | null;
  private readonly ellipsoidal: boolean;
  private readonly whole: Whole = clear({} as Whole);
  private wholeReady = false;
  private readonly cut: Whole = clear({} as Whole);
  private readonly part: Whole = clear({} as Whole);
  private projected = new Float64Array(256);
  private read = 0;
  private matched = 0;
  private readonly failures: PartialResult['failures'] = [];

  constructor(
    private readonly geos: Geos,
    { zones, planarEpsg, ellipsoidal = true }: EngineZones,
  ) {
    this.project = planarEpsg === null ? null : projectInto(planarEpsg);
    this.ellipsoidal = ellipsoidal;
    this.nearStamp = new Float64Array(zones.length);
    const boundary = emptyFlat();
    let segments = 0;
    for (const wkb of zones) {
      readFlatWkb(wkb, 0, boundary);
      segments += boundary.points - boundary.rings;
    }
    this.segmentZone = new Int32Array(segments);
    this.boundaries = segments ? new Flatbush(segments) : null;
    zones.forEach((wkb, zone) => {
      readFlatWkb(wkb, 0, boundary);
      const xy = boundary.xy;
      for (let r = 0; r < boundary.rings; r++) {
        for (let k = boundary.ringStart[r]! + 1; k < boundary.ringStart[r + 1]!; k++) {
          const [x0, y0, x1, y1] = [xy[2 * k - 2]!, xy[2 * k - 1]!, xy[2 * k]!, xy[2 * k + 1]!];
          this.segmentZone[
            this.boundaries!.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))
          ] = zone;
        }
      }
    });
    this.boundaries?.finish();
    zones.forEach((wkb, zone) => {
      const whole = geos.fromWkb(wkb);
      try {
        for (const geom of subdivide(geos, whole, PIECE_VERTICES)) {
          const [minX, minY, maxX, maxY] = geos.extent(geom);
          this.pieces.push({ zone, geom, prepared: geos.prepare(geom), minX, minY, maxX, maxY });
        }
      } finally {
        geos.destroy(whole);
      }
    });
    if (this.pieces.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(this.pieces.length);
    for (const p of this.pieces) this.index.add(p.minX, p.minY, p.maxX, p.maxY);
    this.index.finish();
  }

  /** Number of zone pieces after subdivision. */
  get pieceCount(): number {
    return this.pieces.length;
  }

  add(batch: FeatureBatch): void {
    const n = batch.offsets.length - 1;
    for (let i = 0; i < n; i++) {
      const cls = batch.classes[i]!;
      if (cls < 0) continue;
      this.read++;
      const start = batch.offsets[i]!;
      const end = batch.offsets[i + 1]!;
      let offset = start;
      if (batch.format === 'gpkg') {
        const skip = gpkgWkbOffset(batch.data.subarray(start, end));
        if (skip < 0) continue;
        offset += skip;
      }
      try {
        this.feature(batch.data, offset, end - offset, cls);
      } catch (error) {
        this.failures.push({ fid: batch.fids[i]!, message: (error as Error).message });
      }
    }
  }

  private feature(data: Uint8Array, offset: number, length: number, cls: number): void {
    const flat = readFlatWkb(data, offset, this.flat);
    if (flat.points === 0 || !this.index) return;
    const candidates = this.index.search(flat.minX, flat.minY, flat.maxX, flat.maxY);
    if (candidates.length === 0) return;
    candidates.sort((a, b) => a - b); // pieces are stored zone by zone
    const serial = ++this.serial;
    for (const s of this.boundaries!.search(flat.minX, flat.minY, flat.maxX, flat.maxY)) {
      this.nearStamp[this.segmentZone[s]!] = serial;
    }
    const dim = dimensionOf(flat);
    const geos = this.geos;
    let geom: Geom | null = null;
    this.wholeReady = false;
    let matched = false;
    try {
      for (let c = 0; c < candidates.length;) {
        const zone = this.pieces[candidates[c]!]!.zone;
        let end = c;
        while (end < candidates.length && this.pieces[candidates[end]!]!.zone === zone) end++;
        let hit: boolean;
        if (this.nearStamp[zone] !== serial) {
          // No edge of the zone comes near the feature: it lies wholly inside or wholly outside, and
          // any one of its vertices says which.
          hit = this.vertexInside(flat.xy[0]!, flat.xy[1]!, candidates, c, end);
          if (hit && dim === 0) this.addCount(zone, cls);
          else if (hit) this.addWhole(zone, cls, this.wholeOf(flat, dim));
        } else {
          geom ??= geos.fromWkb(data, offset, length);
          hit =
            dim === 0
              ? this.countPoint(geom, candidates, c, end, zone, cls)
              : this.measureInZone(geom, flat, dim, candidates, c, end, zone, cls);
        }
        matched ||= hit;
        c = end;
      }
    } finally {
      if (geom !== null) geos.destroy(geom);
    }
    if (matched) this.matched++;
  }

  /** Whether (x, y) is in one of the zone's pieces candidates[from, to). */
  private vertexInside(x: number, y: number, candidates: number[], from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const p = this.pieces[candidates[k]!]!;
      if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) continue;
      if (this.geos.preparedIntersectsXY(p.prepared, x, y)) return true;
    }
    return false;
  }

  private addCount(zone: number, cls: number): void {
    const cell = this.cell(zone, cls);
    cell.count++;
    cell.features++;
  }

  private countPoint(geom: Geom, candidates: number[], from: number, to: number, zone: number, cls: number): boolean {
    for (let k = from; k < to; k++) {
      if (this.geos.preparedIntersects(this.pieces[candidates[k]!]!.prepared, geom)) {
        this.addCount(zone, cls);
        return true;
      }
    }
    return false;
  }

  private measureInZone(
    geom: Geom,
    flat: FlatGeometry,
    dim: number,
    candidates: number[],
    from: number,
    to: number,
    zone: number,
    cls: number,
  ): boolean {
    const geos = this.geos;
    for (let k = from; k < to; k++) {
      const p = this.pieces[candidates[k]!]!;
      const inBox = flat.minX >= p.minX && flat.maxX <= p.maxX && flat.minY >= p.minY && flat.maxY <= p.maxY;
      if (inBox && geos.preparedContains(p.prepared, geom)) {
        this.addWhole(zone, cls, this.wholeOf(flat, dim));
        return true;
      }
    }
    const cut = clear(this.cut);
    let touched = false;
    for (let k = from; k < to; k++) {
      const p = this.pieces[candidates[k]!]!;
      // Interiors apart (no overlap, or only a shared edge with the neighbouring zone): nothing to cut.
      if (!geos.preparedRelatePattern(p.prepared, geom, INTERIORS_MEET)) continue;
      const part = geos.intersection(p.geom, geom);
      try {
        if (geos.isEmpty(part)) continue;
        const m = this.measureFlat(readFlatWkb(geos.toWkb(part), 0, this.cutFlat), dim, this.part);
        cut.area += m.area;
        cut.planarArea += m.planarArea;
        cut.length += m.length;
        cut.planarLength += m.planarLength;
        cut.degreeArea += m.degreeArea;
        touched = true;
      } finally {
        geos.destroy(part);
      }
    }
    if (!touched) return false;
    const w = this.wholeOf(flat, dim);
    // Inside the zone but across pieces: the pieces' planar areas (lengths) add up to the whole's.
    const inside = dim === 2 && Math.abs(cut.degreeArea - w.degreeArea) <= INSIDE_TOLERANCE * w.degreeArea;
    const value = inside ? w : cut;
    const positive = dim === 2 ? value.degreeArea > 0 : value.length > 0 || value.planarLength > 0;
    if (!positive) return false;
    this.addWhole(zone, cls, value);
    return true;
  }

  private addWhole(zone: number, cls: number, m: Whole): void {
    const cell = this.cell(zone, cls);
    add(cell, 'area', 'areaC', m.area);
    add(cell, 'planarArea', 'planarAreaC', m.planarArea);
    add(cell, 'length', 'lengthC', m.length);
    add(cell, 'planarLength', 'planarLengthC', m.planarLength);
    cell.features++;
  }

  /** The current feature's own measures, computed at most once per feature. */
  private wholeOf(flat: FlatGeometry, dim: number): Whole {
    if (!this.wholeReady) {
      this.measureFlat(flat, dim, this.whole);
      this.wholeReady = true;
    }
    return this.whole;
  }

  /** Ellipsoidal and (when asked) planar measures of the rings of the feature's own dimension, into `m`. */
  private measureFlat(flat: FlatGeometry, dim: number, m: Whole): Whole {
    clear(m);
    const xy = flat.xy;
    let projected: Float64Array | null = null;
    if (this.project) {
      if (this.projected.length < flat.points * 2) this.projected = new Float64Array(flat.points * 4);
      projected = this.projected;
      this.project(xy, flat.points, projected);
    }
    for (let r = 0; r < flat.rings; r++) {
      const kind = flat.ringKind[r]!;
      const from = flat.ringStart[r]!;
      const to = flat.ringStart[r + 1]!;
      if (dim === 2 && (kind === RING_SHELL || kind === RING_HOLE)) {
        const sign = kind === RING_SHELL ? 1 : -1;
        if (this.ellipsoidal) m.area += sign * equalAreaRingArea(xy, from, to);
        m.degreeArea += sign * Math.abs(planarRingArea(xy, from, to));
        if (projected) m.planarArea += sign * Math.abs(planarRingArea(projected, from, to));
      } else if (dim === 1 && kind === RING_LINE) {
        if (this.ellipsoidal) m.length += lineLength(xy, from, to);
        if (projected) m.planarLength += planarLineLength(projected, from, to);
      }
    }
    return m;
  }

  private cell(zone: number, cls: number): Cell {
    const key = zone * CLASS_SLOTS + cls;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = {
        area: 0,
        areaC: 0,
        planarArea: 0,
        planarAreaC: 0,
        length: 0,
        lengthC: 0,
        planarLength: 0,
        planarLengthC: 0,
        count: 0,
        features: 0,
      };
      this.cells.set(key, cell);
    }
    return cell;
  }

  /** Everything summed so far, as arrays (cheap to post between threads). */
  partial(): PartialResult {
    const keys = [...this.cells.keys()].sort((a, b) => a - b);
    const pairs = (f: (c: Cell) => [number, number]) => {
      const out = new Float64Array(keys.length * 2);
      keys.forEach((k, i) => {
        const [s, c] = f(this.cells.get(k)!);
        out[2 * i] = s;
        out[2 * i + 1] = c;
      });
      return out;
    };
    return {
      keys,
      area: pairs((c) => [c.area, c.areaC]),
      planarArea: pairs((c) => [c.planarArea, c.planarAreaC]),
      length: pairs((c) => [c.length, c.lengthC]),
      planarLength: pairs((c) => [c.planarLength, c.planarLengthC]),
      count: Float64Array.from(keys, (k) => this.cells.get(k)!.count),
      features: Float64Array.from(keys, (k) => this.cells.get(k)!.features),
      read: this.read,
      matched: this.matched,
      failures: this.failures,
    };
  }

  /** Free every GEOS handle the engine holds. */
  dispose(): void {
    for (const p of this.pieces) {
      this.geos.destroyPrepared(p.prepared);
      this.geos.destroy(p.geom);
    }
    this.pieces.length = 0;
  }
}

function clear(m: Whole): Whole {
  m.area = m.planarArea = m.length = m.planarLength = m.degreeArea = 0;
  return m;
}

/** Neumaier's compensated addition of `value` to cell[sum] with its running error in cell[comp]. */
function add<K extends keyof Cell, C extends keyof Cell>(cell: Cell, sum: K, comp: C, value: number): void {
  const s = cell[sum];
  const t = s + value;
  cell[comp] += Math.abs(s) >= Math.abs(value) ? s - t + value : value - t + s;
  cell[sum] = t;
}

/** 2 when the feature has polygon rings, 1 lines, 0 points only. */
function dimensionOf(flat: FlatGeometry): number {
  let dim = 0;
  for (let r = 0; r < flat.rings; r++) {
    const kind = flat.ringKind[r]!;
    if (kind === RING_SHELL) return 2;
    if (kind === RING_LINE) dim = 1;
  }
  return dim;
}

/** Shoelace area relative to the first vertex (large Gauss-Krüger eastings keep their precision). */
function planarRingArea(xy: ArrayLike<number>, from: number, to: number): number {
  if (to - from < 3) return 0;
  const x0 = xy[2 * from]!;
  const y0 = xy[2 * from + 1]!;
  let sum = 0;
  for (let k = from + 1; k < to - 1; k++) {
    sum += (xy[2 * k]! - x0) * (xy[2 * k + 3]! - y0) - (xy[2 * k + 2]! - x0) * (xy[2 * k + 1]! - y0);
  }
  return sum / 2;
}

function planarLineLength(xy: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let k = from + 1; k < to; k++) sum += Math.hypot(xy[2 * k]! - xy[2 * k - 2]!, xy[2 * k + 1]! - xy[2 * k - 1]!);
  return sum;
}
