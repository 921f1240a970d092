/**
 * An in-process LRU of encoded tiles, bounded by bytes. Keys carry the layer's `updated_at` and feature
 * count (read from the store on every request), so a change to a layer made by any process makes every
 * process's old entries unreachable; they age out. Nothing here is state another process needs.
 */
import { LantuError } from '../errors.js';

/** What an entry costs besides its bytes (key, map slot): empty tiles are cached too, and must count. */
const ENTRY_OVERHEAD = 128;

export class TileCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;

  /** @param maxBytes total size of the tiles kept; 0 turns the cache off. */
  constructor(readonly maxBytes: number) {}

  get(key: string): Uint8Array | undefined {
    const tile = this.entries.get(key);
    if (tile === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key);
    this.entries.set(key, tile);
    return tile;
  }

  /** Whether the key is cached, without marking it used. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, tile: Uint8Array): void {
    if (cost(tile) > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= cost(old);
      this.entries.delete(key);
    }
    this.entries.set(key, tile);
    this.bytes += cost(tile);
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= cost(value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

const cost = (tile: Uint8Array) => tile.byteLength + ENTRY_OVERHEAD;

/** Cache size from LANTU_TILE_CACHE_MB (default 64 MB; 0 disables caching, as the benchmark does). */
export function tileCacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LANTU_TILE_CACHE_MB?.trim();
  const mb = raw ? Number(raw) : 64;
  if (!Number.isFinite(mb) || mb < 0) {
    throw new LantuError(
      'config_invalid',
      500,
      `设置 LANTU_TILE_CACHE_MB 的值 “${raw}” 无效：应为不小于 0 的兆字节数`,
      `setting LANTU_TILE_CACHE_MB = "${raw}" is invalid: expected a number of megabytes ≥ 0`,
      { field: 'LANTU_TILE_CACHE_MB' },
    );
  }
  return Math.floor(mb * 1024 * 1024);
}
