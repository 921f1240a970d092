/**
 * GEOS (the geometry engine inside PostGIS) through `geos-wasm`, behind the small typed interface the
 * kernel uses. `getGeos()` loads the WebAssembly module once per thread and opens one GEOS context.
 *
 * Memory is explicit: every geometry handle a method returns is owned by the caller and must be given
 * back with `destroy` (prepared handles with `destroyPrepared`, before their base geometry) — or
 * created inside `scope(…)`, which frees what it was given when the work returns or throws. `live`
 * counts the handles not yet given back, so tests can prove there is no leak.
 *
 * Errors: GEOS reports through a message handler and returns 0 / 2; we turn that into a LantuError
 * (code `geometry_operation_failed`) carrying GEOS's own text, instead of throwing across the wasm
 * boundary (which would skip GEOS's C++ destructors and leak).
 *
 *   const geos = await getGeos();
 *   const area = geos.scope((own) => geos.area(own(geos.fromGeoJSON(polygon))));
 *   geos.scope((own) => { const p = own.prepared(geos.prepare(own(geos.fromGeoJSON(zone)))); … });
 */
import type { Geometry } from 'geojson';
import initGeosJs from 'geos-wasm';
import { LantuError } from '../errors.js';
import { encodeWkb } from '../store/wkb.js';
import { wkbToGeoJSON } from './wkb.js';

/** A GEOS geometry handle (a pointer into the wasm heap). */
export type Geom = number & { readonly __geos: 'geometry' };
/** A GEOS prepared-geometry handle. */
export type Prepared = number & { readonly __geos: 'prepared' };

/** GEOS geometry type ids (geos_c.h GEOSGeomTypes). */
export const GEOS_TYPE = {
  Point: 0,
  LineString: 1,
  LinearRing: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
} as const;

/** Given to `scope` work: `own(g)` frees a geometry at the end, `own.prepared(p)` a prepared one. */
export interface Owner {
  (g: Geom): Geom;
  prepared(p: Prepared): Prepared;
}

export interface ValidityDetail {
  valid: boolean;
  reason?: string;
  location?: [number, number];
}

/** The raw exports of the wasm module we call; each takes the context handle first. */
interface GeosModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPF64: Float64Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  UTF8ToString(ptr: number): string;
  addFunction(fn: (...args: number[]) => void, signature: string): number;
  // The GEOS C API functions we call, each exported by the module with the context handle first.
  _GEOSArea_r: CFunction;
  _GEOSClipByRect_r: CFunction;
  _GEOSContext_setErrorMessageHandler_r: CFunction;
  _GEOSContext_setNoticeMessageHandler_r: CFunction;
  _GEOSDifference_r: CFunction;
  _GEOSFree_r: CFunction;
  _GEOSGeomFromWKB_buf_r: CFunction;
  _GEOSGeomGetX_r: CFunction;
  _GEOSGeomGetY_r: CFunction;
  _GEOSGeomToWKB_buf_r: CFunction;
  _GEOSGeomTypeId_r: CFunction;
  _GEOSGeom_clone_r: CFunction;
  _GEOSGeom_createCollection_r: CFunction;
  _GEOSGeom_createRectangle_r: CFunction;
  _GEOSGeom_destroy_r: CFunction;
  _GEOSGeom_getDimensions_r: CFunction;
  _GEOSGeom_getExtent_r: CFunction;
  _GEOSGetGeometryN_r: CFunction;
  _GEOSGetNumCoordinates_r: CFunction;
  _GEOSGetNumGeometries_r: CFunction;
  _GEOSIntersection_r: CFunction;
  _GEOSIntersects_r: CFunction;
  _GEOSLength_r: CFunction;
  _GEOSMakeValidParams_create_r: CFunction;
  _GEOSMakeValidParams_destroy_r: CFunction;
  _GEOSMakeValidParams_setKeepCollapsed_r: CFunction;
  _GEOSMakeValidParams_setMethod_r: CFunction;
  _GEOSMakeValidWithParams_r: CFunction;
  _GEOSOrientPolygons_r: CFunction;
  _GEOSPrepare_r: CFunction;
  _GEOSPreparedContains_r: CFunction;
  _GEOSPreparedCovers_r: CFunction;
  _GEOSPreparedGeom_destroy_r: CFunction;
  _GEOSPreparedIntersects_r: CFunction;
  _GEOSPreparedIntersectsXY_r: CFunction;
  _GEOSPreparedRelatePattern_r: CFunction;
  _GEOSRemoveRepeatedPoints_r: CFunction;
  _GEOSUnaryUnion_r: CFunction;
  _GEOSUnion_r: CFunction;
  _GEOS_init_r: CFunction;
  _GEOSisEmpty_r: CFunction;
  _GEOSisValidDetail_r: CFunction;
  _GEOSisValid_r: CFunction;
  _GEOSversion: CFunction;
}

type CFunction = (...args: number[]) => number;

export class Geos {
  /** Handles created and not yet destroyed (geometries and prepared geometries). */
  live = 0;
  private lastError: string | null = null;
  private scratch = 0;
  private scratchSize = 0;
  private readonly out: number;

  constructor(
    private readonly m: GeosModule,
    private readonly ctx: number,
  ) {
    this.out = m._malloc(32);
    const handler = m.addFunction((message: number) => {
      this.lastError = m.UTF8ToString(message);
    }, 'vii');
    m._GEOSContext_setErrorMessageHandler_r(ctx, handler, 0);
    m._GEOSContext_setNoticeMessageHandler_r(
      ctx,
      m.addFunction(() => undefined, 'vii'),
      0,
    );
  }

  get version(): string {
    return this.m.UTF8ToString(this.m._GEOSversion());
  }

  /** Bytes of the wasm heap (it grows, never shrinks): for leak checks. */
  get heapBytes(): number {
    return this.m.HEAPU8.length;
  }

  // ── in and out ────────────────────────────────────────────────────────

  /** Read WKB or PostGIS EWKB (`length` bytes from `offset`). */
  fromWkb(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Geom {
    const ptr = this.scratchFor(length);
    this.m.HEAPU8.set(bytes.subarray(offset, offset + length), ptr);
    return this.owned(this.m._GEOSGeomFromWKB_buf_r(this.ctx, ptr, length), 'WKB');
  }

  fromGeoJSON(geometry: Geometry): Geom {
    return this.fromWkb(encodeWkb(geometry));
  }

  /** ISO WKB, little-endian, 2D (a copy; the GEOS buffer is freed). */
  toWkb(g: Geom): Uint8Array {
    const ptr = this.m._GEOSGeomToWKB_buf_r(this.ctx, g, this.out);
    if (!ptr) this.fail('WKB');
    const size = this.m.HEAP32[this.out >> 2]!;
    const copy = this.m.HEAPU8.slice(ptr, ptr + size);
    this.m._GEOSFree_r(this.ctx, ptr);
    return copy;
  }

  toGeoJSON(g: Geom): Geometry {
    return wkbToGeoJSON(this.toWkb(g));
  }

  // ── ownership ─────────────────────────────────────────────────────────

  destroy(g: Geom): void {
    this.m._GEOSGeom_destroy_r(this.ctx, g);
    this.live--;
  }

  /** Prepare `g` for repeated predicates; `g` must outlive the prepared handle. */
  prepare(g: Geom): Prepared {
    const p = this.m._GEOSPrepare_r(this.ctx, g);
    if (!p) this.fail('prepare');
    this.live++;
    return p as Prepared;
  }

  destroyPrepared(p: Prepared): void {
    this.m._GEOSPreparedGeom_destroy_r(this.ctx, p);
    this.live--;
  }

  /**
   * Run `work`, then free every handle given to the owner (prepared ones first, then geometries), whether
   * it returns or throws. A geometry handle returned out of the scope must not have been owned.
   */
  scope<T>(work: (own: Owner) => T): T {
    const geoms: Geom[] = [];
    const prepared: Prepared[] = [];
    const own = ((g: Geom) => (geoms.push(g), g)) as Owner;
    own.prepared = (p: Prepared) => (prepared.push(p), p);
    try {
      return work(own);
    } finally {
      for (const p of prepared) this.destroyPrepared(p);
      for (const g of geoms) this.destroy(g);
    }
  }

  // ── predicates ────────────────────────────────────────────────────────

  preparedContains = (p: Prepared, g: Geom) => this.bool(this.m._GEOSPreparedContains_r(this.ctx, p, g), 'contains');
  preparedCovers = (p: Prepared, g: Geom) => this.bool(this.m._GEOSPreparedCovers_r(this.ctx, p, g), 'covers');
  preparedIntersects = (p: Prepared, g: Geom) =>
    this.bool(this.m._GEOSPreparedIntersects_r(this.ctx, p, g), 'intersects');
  /** Point (x, y) in or on the prepared geometry, without building a point (GEOS ≥ 3.12). */
  preparedIntersectsXY = (p: Prepared, x: number, y: number) =>
    this.bool(this.m._GEOSPreparedIntersectsXY_r(this.ctx, p, x, y), 'intersectsXY');
  /**
   * Whether the DE-9IM matrix of (prepared, g) matches `pattern` (GEOS RelateNG, 3.13), e.g. 'T********':
   * the interiors meet — which, unlike `intersects`, is false where two polygons only touch.
   */
  preparedRelatePattern(p: Prepared, g: Geom, pattern: string): boolean {
    let ptr = this.patterns.get(pattern);
    if (ptr === undefined) {
      ptr = this.m._malloc(pattern.length + 1);
      for (let i = 0; i < pattern.length; i++) this.m.HEAPU8[ptr + i] = pattern.charCodeAt(i);
      this.m.HEAPU8[ptr + pattern.length] = 0;
      this.patterns.set(pattern, ptr);
    }
    return this.bool(this.m._GEOSPreparedRelatePattern_r(this.ctx, p, g, ptr), 'relate');
  }

  private readonly patterns = new Map<string, number>();

  intersects = (a: Geom, b: Geom) => this.bool(this.m._GEOSIntersects_r(this.ctx, a, b), 'intersects');
  isEmpty = (g: Geom) => this.bool(this.m._GEOSisEmpty_r(this.ctx, g), 'isEmpty');
  isValid = (g: Geom) => this.bool(this.m._GEOSisValid_r(this.ctx, g), 'isValid');

  /** OGC validity with GEOS's reason and the location of the first problem (GEOSisValidDetail). */
  isValidDetail(g: Geom): ValidityDetail {
    const reasonPtr = this.out;
    const locationPtr = this.out + 4;
    this.m.HEAP32[reasonPtr >> 2] = 0;
    this.m.HEAP32[locationPtr >> 2] = 0;
    const r = this.m._GEOSisValidDetail_r(this.ctx, g, 0, reasonPtr, locationPtr);
    if (r === 2) this.fail('isValidDetail');
    const reason = this.m.HEAP32[reasonPtr >> 2]!;
    const location = this.m.HEAP32[locationPtr >> 2]!;
    const detail: ValidityDetail = { valid: r === 1 };
    if (reason) {
      detail.reason = this.m.UTF8ToString(reason);
      this.m._GEOSFree_r(this.ctx, reason);
    }
    if (location) {
      this.live++;
      const [x, y] = this.pointXY(location as Geom);
      this.destroy(location as Geom);
      detail.location = [x, y];
    }
    return detail;
  }

  // ── constructive operations (each returns a new owned handle) ─────────

  intersection = (a: Geom, b: Geom) => this.owned(this.m._GEOSIntersection_r(this.ctx, a, b), 'intersection');
  difference = (a: Geom, b: Geom) => this.owned(this.m._GEOSDifference_r(this.ctx, a, b), 'difference');
  union = (a: Geom, b: Geom) => this.owned(this.m._GEOSUnion_r(this.ctx, a, b), 'union');
  unaryUnion = (g: Geom) => this.owned(this.m._GEOSUnaryUnion_r(this.ctx, g), 'unaryUnion');
  clone = (g: Geom) => this.owned(this.m._GEOSGeom_clone_r(this.ctx, g), 'clone');
  /** Fast clip to an axis-aligned box (GEOSClipByRect); exact for valid polygonal and lineal input. */
  clipByRect = (g: Geom, minX: number, minY: number, maxX: number, maxY: number) =>
    this.owned(this.m._GEOSClipByRect_r(this.ctx, g, minX, minY, maxX, maxY), 'clipByRect');
  rectangle = (minX: number, minY: number, maxX: number, maxY: number) =>
    this.owned(this.m._GEOSGeom_createRectangle_r(this.ctx, minX, minY, maxX, maxY), 'rectangle');
  /** Consecutive points closer than `tolerance` removed (0: exact duplicates only). */
  removeRepeatedPoints = (g: Geom, tolerance = 0) =>
    this.owned(this.m._GEOSRemoveRepeatedPoints_r(this.ctx, g, tolerance), 'removeRepeatedPoints');

  /**
   * GEOS MakeValid. `structure` (the default here) rebuilds polygons as shells minus holes and keeps
   * polygonal input polygonal; `linework` nodes all rings (PostGIS ST_MakeValid's default).
   */
  makeValid(g: Geom, method: 'structure' | 'linework' = 'structure', keepCollapsed = false): Geom {
    const params = this.m._GEOSMakeValidParams_create_r(this.ctx);
    try {
      this.m._GEOSMakeValidParams_setMethod_r(this.ctx, params, method === 'structure' ? 1 : 0);
      this.m._GEOSMakeValidParams_setKeepCollapsed_r(this.ctx, params, keepCollapsed ? 1 : 0);
      return this.owned(this.m._GEOSMakeValidWithParams_r(this.ctx, g, params), 'makeValid');
    } finally {
      this.m._GEOSMakeValidParams_destroy_r(this.ctx, params);
    }
  }

  /** Orient rings in place: shells counter-clockwise and holes clockwise (RFC 7946) unless `exteriorCW`. */
  orientPolygons(g: Geom, exteriorCW = false): void {
    if (this.m._GEOSOrientPolygons_r(this.ctx, g, exteriorCW ? 1 : 0) !== 0) this.fail('orientPolygons');
  }

  /** Build a collection of `type` from handles; the collection takes them over. */
  collect(type: number, members: Geom[]): Geom {
    const array = this.m._malloc(Math.max(4, members.length * 4));
    members.forEach((g, i) => (this.m.HEAP32[(array >> 2) + i] = g));
    const c = this.m._GEOSGeom_createCollection_r(this.ctx, type, array, members.length);
    this.m._free(array);
    if (!c) this.fail('collect');
    this.live -= members.length - 1;
    return c as Geom;
  }

  // ── measures and structure ────────────────────────────────────────────

  /** Planar area in the units of the coordinates (square degrees for lon/lat). */
  area(g: Geom): number {
    if (!this.m._GEOSArea_r(this.ctx, g, this.out)) this.fail('area');
    return this.m.HEAPF64[this.out >> 3]!;
  }

  length(g: Geom): number {
    if (!this.m._GEOSLength_r(this.ctx, g, this.out)) this.fail('length');
    return this.m.HEAPF64[this.out >> 3]!;
  }

  /** Copies of the members of a collection, each owned by the caller (a single geometry: one copy). */
  members(g: Geom): Geom[] {
    const n = this.numGeometries(g);
    return Array.from({ length: n }, (_, i) => this.clone(this.m._GEOSGetGeometryN_r(this.ctx, g, i) as Geom));
  }

  typeId = (g: Geom) => this.m._GEOSGeomTypeId_r(this.ctx, g);
  numGeometries = (g: Geom) => this.m._GEOSGetNumGeometries_r(this.ctx, g);
  numCoordinates = (g: Geom) => this.m._GEOSGetNumCoordinates_r(this.ctx, g);
  /** Topological dimension: 0 points, 1 lines, 2 polygons (the highest member of a collection). */
  dimension = (g: Geom) => this.m._GEOSGeom_getDimensions_r(this.ctx, g);

  /** [minX, minY, maxX, maxY]; NaN for an empty geometry. */
  extent(g: Geom): [number, number, number, number] {
    if (this.isEmpty(g)) return [NaN, NaN, NaN, NaN];
    const o = this.out;
    if (!this.m._GEOSGeom_getExtent_r(this.ctx, g, o, o + 8, o + 16, o + 24)) this.fail('extent');
    const f = this.m.HEAPF64;
    return [f[o >> 3]!, f[(o >> 3) + 1]!, f[(o >> 3) + 2]!, f[(o >> 3) + 3]!];
  }

  private pointXY(g: Geom): [number, number] {
    const o = this.out;
    this.m._GEOSGeomGetX_r(this.ctx, g, o);
    this.m._GEOSGeomGetY_r(this.ctx, g, o + 8);
    return [this.m.HEAPF64[o >> 3]!, this.m.HEAPF64[(o >> 3) + 1]!];
  }

  // ── helpers ───────────────────────────────────────────────────────────

  private scratchFor(size: number): number {
    if (size > this.scratchSize) {
      if (this.scratch) this.m._free(this.scratch);
      this.scratchSize = Math.max(size, 64 * 1024);
      this.scratch = this.m._malloc(this.scratchSize);
    }
    return this.scratch;
  }

  private owned(ptr: number, op: string): Geom {
    if (!ptr) this.fail(op);
    this.live++;
    return ptr as Geom;
  }

  private bool(r: number, op: string): boolean {
    if (r === 2) this.fail(op);
    return r === 1;
  }

  private fail(op: string): never {
    const message = this.lastError ?? 'unknown GEOS error';
    this.lastError = null;
    throw new LantuError(
      'geometry_operation_failed',
      422,
      `几何运算失败（${op}）：${message}`,
      `geometry operation failed (${op}): ${message}`,
    );
  }
}

let instance: Promise<Geos> | null = null;

/** The GEOS wrapper of this thread, loaded on first use (about 80 ms). */
export function getGeos(): Promise<Geos> {
  instance ??= initGeosJs({ autoInit: false }).then((geos) => {
    const m = geos.Module as unknown as GeosModule;
    return new Geos(m, m._GEOS_init_r());
  });
  return instance;
}
