/**
 * Deterministic randomness for the demo city. Everything the generator draws comes from here, keyed by
 * the seed string, so one seed always yields the same city on every machine and Node version:
 * - `hashSeed` turns the seed text into 32 bits (FNV-1a);
 * - `unitHash(seed, i, salt)` is a stateless draw in [0, 1) for item `i` — used per cell, so a cell's
 *   draws do not depend on how many cells came before it (changing the patch count moves no village);
 * - `Rng` is a small sequential generator (sfc32) for places where order is natural (seed placement);
 * - `valueNoise`/`fractalNoise` give smooth fields (hills, land-use mosaics) on a lattice of hashed values.
 */

/** FNV-1a over the UTF-16 code units of `text`. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit integer mix (the finaliser of MurmurHash3), good enough to decorrelate neighbouring keys. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) for (seed, i, salt); salts separate the independent draws made for one item. */
export function unitHash(seed: number, i: number, salt = 0): number {
  return mix(mix(seed ^ Math.imul(salt + 1, 0x9e3779b1)) ^ Math.imul(i, 0x27d4eb2f)) / 4294967296;
}

/** Uniform in [0, 1) for a lattice point (ix, iy). */
function latticeHash(seed: number, ix: number, iy: number): number {
  return mix(mix(seed ^ Math.imul(ix, 0x1b873593)) ^ Math.imul(iy, 0xcc9e2d51)) / 4294967296;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes PractRand. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number) {
    this.a = seed >>> 0;
    this.b = mix(seed + 0x6d2b79f5);
    this.c = mix(seed ^ 0xdeadbeef);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Smooth value noise in [0, 1] with lattice spacing 1 (smoothstep-interpolated hashed corners). */
export function valueNoise(seed: number, x: number, y: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = latticeHash(seed, ix, iy);
  const b = latticeHash(seed, ix + 1, iy);
  const c = latticeHash(seed, ix, iy + 1);
  const d = latticeHash(seed, ix + 1, iy + 1);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** Sum of `octaves` noise layers, each twice the frequency and half the weight; in [0, 1]. */
export function fractalNoise(seed: number, x: number, y: number, octaves = 4): number {
  let sum = 0;
  let weight = 1;
  let total = 0;
  let f = 1;
  for (let o = 0; o < octaves; o++) {
    sum += weight * valueNoise(seed + o * 7919, x * f, y * f);
    total += weight;
    weight *= 0.5;
    f *= 2;
  }
  return sum / total;
}
