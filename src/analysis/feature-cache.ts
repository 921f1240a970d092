/**
 * Control-line and planned-land-use features kept ready for conflict checks: cut into pieces of at
 * most 256 vertices (subdivide), each prepared, behind a flatbush index. A township's permanent farmland
 * can be one polygon of 80,000 vertices; reading, decoding and intersecting it whole for every parcel
 * costs tens of milliseconds, while its few pieces near a parcel cost a fraction of one.
 *
 * Entries are keyed by layer, fid and the layer's updated_at, so a layer that changes (whoever writes
 * features bumps its updated_at) is read afresh; the least recently used entries go first when the
 * cache holds more than its budget of vertices. One cache per thread (GEOS handles are per thread).
 * Nothing in it is needed by another process: a fresh process simply starts cold.
 */
import Flatbush from 'flatbush';
import type { Geom, Geos, Prepared } from '../geo/geos.js';
import { subdivide } from '../geo/subdivide.js';

export interface FeaturePiece {
  geom: Geom;
  prepared: Prepared;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface CachedFeature {
  fid: number;
  cls: string | null;
  sub: string | null;
  name: string | null;
  regionCode: string;
  pieces: FeaturePiece[];
  index: Flatbush;
  vertices: number;
}

/** About 20 million vertices: ~320 MB of coordinates in the GEOS heap at most. */
const DEFAULT_BUDGET = 20_000_000;
const PIECE_VERTICES = 256;

export class FeatureCache {
  private readonly entries = new Map<string, CachedFeature>();
  /** Layers (id|updated_at) read whole into the cache. */
  private readonly complete = new Set<string>();
  private vertices = 0;

  constructor(
    private readonly geos: Geos,
    private readonly budget = DEFAULT_BUDGET,
  ) {}

  static key = (layerId: number, updatedAt: string, fid: number) => `${layerId}|${updatedAt}|${fid}`;

  /** The entry, marked as most recently used. */
  get(key: string): CachedFeature | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Decode, cut and prepare a feature from its WKB (`offset` into `bytes`), and keep it. */
  put(
    key: string,
    bytes: Uint8Array,
    offset: number,
    attributes: Omit<CachedFeature, 'pieces' | 'index' | 'vertices'>,
  ): CachedFeature {
    const geos = this.geos;
    const whole = geos.fromWkb(bytes, offset);
    let pieces: FeaturePiece[];
    let vertices: number;
    try {
      vertices = geos.numCoordinates(whole);
      pieces = subdivide(geos, whole, PIECE_VERTICES).map((geom) => {
        const [minX, minY, maxX, maxY] = geos.extent(geom);
        return { geom, prepared: geos.prepare(geom), minX, minY, maxX, maxY };
      });
    } finally {
      geos.destroy(whole);
    }
    const index = new Flatbush(Math.max(1, pieces.length));
    for (const p of pieces) index.add(p.minX, p.minY, p.maxX, p.maxY);
    if (pieces.length === 0) index.add(0, 0, 0, 0);
    index.finish();
    const entry: CachedFeature = { ...attributes, pieces, index, vertices };
    if (this.entries.has(key)) this.drop(key);
    this.entries.set(key, entry);
    this.vertices += vertices;
    this.evict();
    return entry;
  }

  /** Forget every entry of a layer whose updated_at is not `updatedAt` (the layer changed). */
  forgetStale(layerId: number, updatedAt: string): void {
    const prefix = `${layerId}|`;
    const current = `${layerId}|${updatedAt}|`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix) && !key.startsWith(current)) this.drop(key);
    for (const key of [...this.complete])
      if (key.startsWith(prefix) && `${key}|` !== current) this.complete.delete(key);
  }

  /** Whether the whole layer (at this updated_at) was read in, and is still all here. */
  isComplete(layerId: number, updatedAt: string): boolean {
    return this.complete.has(`${layerId}|${updatedAt}`);
  }

  markComplete(layerId: number, updatedAt: string): void {
    this.complete.add(`${layerId}|${updatedAt}`);
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.vertices <= this.budget || this.entries.size <= 1) return;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    // A layer missing an entry is no longer complete.
    this.complete.delete(key.slice(0, key.lastIndexOf('|')));
    for (const p of entry.pieces) {
      this.geos.destroyPrepared(p.prepared);
      this.geos.destroy(p.geom);
    }
    this.vertices -= entry.vertices;
    this.entries.delete(key);
  }
}
