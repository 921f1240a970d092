/**
 * Land-survey patches (图斑) from cells. Most patches are single cells; some are merged so the layer has
 * what real survey layers have and the patch count hits the target exactly:
 * - rings: the cells around a lone cell of another class (a pond in a paddy) become one patch with a
 *   hole — the lone cell is its own patch inside it;
 * - two-part patches: two cells of one class on either side of a different cell (a field split by a
 *   ditch or farm road) share one BSM;
 * - pairs and small groups of neighbouring same-class cells, until the count is right.
 * Merged cells keep one class in every survey year (so a patch never splits between years) and stay in
 * one planning unit (so units, townships and districts are exact sums of patches).
 */
import { unitHash } from './random.js';
import type { CellMesh } from './voronoi-mesh.js';

export const SINGLE = 0;
export const RING = 1;
export const TWO_PART = 2;

export interface Patches {
  count: number;
  /** Patch p's cells are cells[start[p] .. start[p+1]). */
  start: Int32Array;
  cells: Int32Array;
  kind: Uint8Array;
}

/**
 * @param classes one class array per survey year
 * @param order   patches are numbered by this small integer key (township index), then by their first cell
 */
export function buildPatches(
  seed: number,
  mesh: CellMesh,
  unitOfCell: Int32Array,
  classes: Uint8Array[],
  target: number,
  order: (cell: number) => number,
): Patches {
  const n = mesh.cellCount;
  const base = classes[0]!;
  const stable = (c: number) => classes.every((cls) => cls[c] === base[c]);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const size = new Int32Array(n).fill(1);
  const fixed = new Uint8Array(n);
  const kindOf = new Uint8Array(n);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    parent[rb] = ra;
    size[ra]! += size[rb]!;
  };
  const neighbors = (c: number) => Array.from(mesh.ringNeighbor.subarray(mesh.ringStart[c]!, mesh.ringStart[c + 1]!));
  const free = (c: number, like: number) =>
    c >= 0 &&
    !fixed[c] &&
    size[find(c)] === 1 &&
    stable(c) &&
    base[c] === base[like] &&
    unitOfCell[c] === unitOfCell[like];
  const visitOrder = scrambledOrder(seed, n);

  let merged = 0;
  const rings = Math.max(3, Math.round(target * 0.0015));
  for (let i = 0, made = 0; i < n && made < rings; i++) {
    const c = visitOrder[i]!;
    const around = neighbors(c);
    const first = around[0]!;
    if (fixed[c] || !stable(c) || first < 0 || base[first] === base[c] || unitOfCell[first] !== unitOfCell[c]) continue;
    if (!around.every((m) => free(m, first))) continue;
    for (const m of around) join(first, m);
    for (const m of [c, ...around]) fixed[m] = 1;
    kindOf[first] = RING;
    merged += around.length - 1;
    made++;
  }
  const twoParts = Math.max(3, Math.round(target * 0.002));
  for (let i = 0, made = 0; i < n && made < twoParts; i++) {
    const m = visitOrder[i]!;
    const around = neighbors(m);
    const pair = findSplitPair(
      around,
      (a, b) => free(a, a) && free(b, a) && base[a] !== base[m] && !neighbors(a).includes(b),
    );
    if (!pair) continue;
    join(pair[0], pair[1]);
    fixed[pair[0]] = fixed[pair[1]] = 1;
    kindOf[pair[0]] = TWO_PART;
    merged++;
    made++;
  }
  for (let pass = 0; pass < 4 && n - merged > target; pass++) {
    for (let i = 0; i < n && n - merged > target; i++) {
      const c = visitOrder[i]!;
      if (fixed[c] || !stable(c)) continue;
      for (let k = mesh.ringStart[c]!; k < mesh.ringStart[c + 1]!; k++) {
        const m = mesh.ringNeighbor[k]!;
        if (m < 0 || fixed[m] || base[m] !== base[c] || unitOfCell[m] !== unitOfCell[c] || !stable(m)) continue;
        if (find(m) === find(c) || size[find(m)]! + size[find(c)]! > 4) continue;
        join(c, m);
        merged++;
        break;
      }
    }
  }
  return collect(n, find, kindOf, order);
}

/**
 * All cells in a scrambled but fixed order (a stride through the indices coprime with n), so merges
 * spread over the city instead of sweeping it row by row.
 */
function scrambledOrder(seed: number, n: number): Int32Array {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let stride = Math.floor(n * 0.6180339887) + 1;
  while (gcd(stride, n) !== 1) stride++;
  const offset = Math.floor(unitHash(seed, 0, 61) * n);
  return Int32Array.from({ length: n }, (_, i) => (offset + i * stride) % n);
}

/** Two cells of `around` that are not next to each other around the ring and pass `ok`. */
function findSplitPair(around: number[], ok: (a: number, b: number) => boolean): [number, number] | null {
  const k = around.length;
  for (let i = 0; i < k; i++) {
    const a = around[i]!;
    const b = around[(i + Math.floor(k / 2)) % k]!;
    if (a >= 0 && b >= 0 && ok(a, b)) return [a, b];
  }
  return null;
}

/** Number patches by (order key, first cell) and lay their cells out contiguously. */
function collect(n: number, find: (i: number) => number, kindOf: Uint8Array, order: (cell: number) => number): Patches {
  const byOrder = countingSort(n, order);
  const patchOfRoot = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  const kinds: number[] = [];
  const patchOfCell = new Int32Array(n);
  for (const c of byOrder) {
    const r = find(c);
    if (patchOfRoot[r]! < 0) {
      patchOfRoot[r] = sizes.length;
      sizes.push(0);
      kinds.push(kindOf[r]!);
    }
    const p = patchOfRoot[r]!;
    patchOfCell[c] = p;
    sizes[p]!++;
  }
  const start = new Int32Array(sizes.length + 1);
  sizes.forEach((s, p) => (start[p + 1] = start[p]! + s));
  const fill = start.slice(0, sizes.length);
  const cells = new Int32Array(n);
  for (const c of byOrder) cells[fill[patchOfCell[c]!]!++] = c;
  return { count: sizes.length, start, cells, kind: Uint8Array.from(kinds) };
}

/** Cell indices sorted by a small non-negative integer key, stable (index order within a key). */
function countingSort(n: number, key: (cell: number) => number): Int32Array {
  const keys = Int32Array.from({ length: n }, (_, c) => key(c));
  let max = 0;
  for (const k of keys) max = Math.max(max, k);
  const start = new Int32Array(max + 2);
  for (const k of keys) start[k + 1]!++;
  for (let k = 0; k <= max; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let c = 0; c < n; c++) out[start[keys[c]!]!++] = c;
  return out;
}
