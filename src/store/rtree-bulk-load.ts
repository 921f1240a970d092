/**
 * Fill an EMPTY SQLite R*Tree (a GeoPackage spatial index) in one pass by writing its three shadow
 * tables — `<name>_node`, `<name>_rowid`, `<name>_parent` — instead of a million `INSERT`s through the
 * virtual table. Each of those runs the R* choose-leaf / split / reinsert algorithm (7–8 µs a row,
 * measured; more than the feature row itself), while a packed tree is sorted once and written as
 * ~N/51 node blobs plus one small row per feature. GDAL does the same for its GeoPackage writer
 * (`sqlite_rtree_bulk_load`, GDAL ≥ 3.7); SQLite offers no bulk-load API.
 *
 * The on-disk format is the one documented at the top of SQLite's ext/rtree/rtree.c:
 * - every node is a blob as long as the root's (fixed when the table was created: page size − 64,
 *   capped at 51 cells, so 1,228 bytes for 2-D on 4 KiB pages);
 * - bytes 0–1: the tree depth, big-endian, in the root (node 1) only; bytes 2–3: the cell count;
 * - then the cells: an 8-byte big-endian rowid (a feature's id in a leaf, a child's node number
 *   above) and the box as big-endian float32 in column order (minx, maxx, miny, maxy), each rounded
 *   outward exactly as rtreeValueDown/rtreeValueUp do, so a stored box always contains the true one.
 * `rtreecheck()` (tests) verifies the result against these rules.
 *
 * Leaves are filled in Hilbert order of the boxes' centres (the order GDAL and packed R-trees use),
 * full except the last. The caller holds the write transaction; the shadow tables are written with
 * better-sqlite3's defensive mode lifted for this one call.
 */
import type Sqlite from 'better-sqlite3';
import { hilbertOrder } from './hilbert-order.js';

/** Rowids and boxes to index, as parallel columns (the bulk insert collects them while writing). */
export interface RtreeEntries {
  length: number;
  fid: Float64Array;
  minX: Float64Array;
  minY: Float64Array;
  maxX: Float64Array;
  maxY: Float64Array;
}

const HEADER = 4;
const CELL = 8 + 4 * 4;
// SQLite's RNDTOWARDS / RNDAWAY: one float32 ulp of relative nudge.
const TOWARDS = 1 - 1 / 8388608;
const AWAY = 1 + 1 / 8388608;

/** The largest float32 not above `d` (rtreeValueDown). */
export function float32Down(d: number): number {
  const f = Math.fround(d);
  return f > d ? Math.fround(d * (d < 0 ? AWAY : TOWARDS)) : f;
}

/** The smallest float32 not below `d` (rtreeValueUp). */
export function float32Up(d: number): number {
  const f = Math.fround(d);
  return f < d ? Math.fround(d * (d < 0 ? TOWARDS : AWAY)) : f;
}

/** True when the R*Tree holds no entry, which is when a bulk load may replace its shadow tables. */
export function rtreeIsEmpty(sqlite: Sqlite.Database, rtree: string): boolean {
  return sqlite.prepare(`select 1 from "${rtree}_rowid" limit 1`).get() === undefined;
}

/** One level of the tree: its cells (child ids and float32 boxes, minx maxx miny maxy) and node numbers. */
interface Level {
  count: number;
  ids: Float64Array;
  boxes: Float32Array;
  /** Number of the node that holds cells [i·capacity, (i+1)·capacity). */
  nodeNo: Int32Array;
}

/**
 * Write `entries` into the empty R*Tree `rtree` (a 2-D `rtree(id, minx, maxx, miny, maxy)` table).
 * Returns the number of nodes written.
 */
export function bulkLoadRtree(sqlite: Sqlite.Database, rtree: string, entries: RtreeEntries): number {
  const n = entries.length;
  if (n === 0) return 0;
  const root = sqlite.prepare(`select length(data) as size from "${rtree}_node" where nodeno = 1`).get() as
    { size: number } | undefined;
  if (!root) throw new Error(`R*Tree ${rtree} has no root node`);
  const capacity = Math.floor((root.size - HEADER) / CELL);
  const order = hilbertOrder(entries.minX, entries.minY, entries.maxX, entries.maxY, n);

  // The leaves' cells in Hilbert order, then each level above, until one node is left: the root.
  const leaves: Level = {
    count: n,
    ids: new Float64Array(n),
    boxes: new Float32Array(n * 4),
    nodeNo: new Int32Array(0),
  };
  for (let k = 0; k < n; k++) {
    const e = order[k]!;
    leaves.ids[k] = entries.fid[e]!;
    leaves.boxes[k * 4] = float32Down(entries.minX[e]!);
    leaves.boxes[k * 4 + 1] = float32Up(entries.maxX[e]!);
    leaves.boxes[k * 4 + 2] = float32Down(entries.minY[e]!);
    leaves.boxes[k * 4 + 3] = float32Up(entries.maxY[e]!);
  }
  const levels = [leaves];
  let nextNo = 2;
  for (let level = leaves; ;) {
    const nodes = Math.ceil(level.count / capacity);
    level.nodeNo = new Int32Array(nodes);
    if (nodes === 1) {
      level.nodeNo[0] = 1;
      break;
    }
    const above: Level = {
      count: nodes,
      ids: new Float64Array(nodes),
      boxes: new Float32Array(nodes * 4),
      nodeNo: new Int32Array(0),
    };
    for (let j = 0; j < nodes; j++) {
      level.nodeNo[j] = nextNo++;
      above.ids[j] = level.nodeNo[j]!;
      const b = above.boxes;
      b.set([Infinity, -Infinity, Infinity, -Infinity], j * 4);
      for (let c = j * capacity; c < Math.min(level.count, (j + 1) * capacity); c++) {
        b[j * 4] = Math.min(b[j * 4]!, level.boxes[c * 4]!);
        b[j * 4 + 1] = Math.max(b[j * 4 + 1]!, level.boxes[c * 4 + 1]!);
        b[j * 4 + 2] = Math.min(b[j * 4 + 2]!, level.boxes[c * 4 + 2]!);
        b[j * 4 + 3] = Math.max(b[j * 4 + 3]!, level.boxes[c * 4 + 3]!);
      }
    }
    levels.push(above);
    level = above;
  }
  const depth = levels.length - 1;

  const blob = Buffer.alloc(root.size);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let written = 0;
  // Shadow tables are read-only to SQL in defensive mode — statements on them cannot even be prepared.
  sqlite.unsafeMode(true);
  try {
    const writeNode = sqlite.prepare(`insert or replace into "${rtree}_node" (nodeno, data) values (?, ?)`);
    const writeParent = sqlite.prepare(`insert into "${rtree}_parent" (nodeno, parentnode) values (?, ?)`);
    levels.forEach((level, height) => {
      for (let j = 0; j < level.nodeNo.length; j++) {
        const first = j * capacity;
        const cells = Math.min(level.count, first + capacity) - first;
        blob.fill(0);
        if (level.nodeNo[j] === 1) view.setUint16(0, depth);
        view.setUint16(2, cells);
        for (let c = 0; c < cells; c++) {
          const at = HEADER + c * CELL;
          const id = level.ids[first + c]!;
          // A 64-bit big-endian integer from a double (ids stay below 2^53), without a BigInt a cell.
          view.setUint32(at, Math.floor(id / 2 ** 32));
          view.setUint32(at + 4, id >>> 0);
          for (let d = 0; d < 4; d++) view.setFloat32(at + 8 + d * 4, level.boxes[(first + c) * 4 + d]!);
          if (height > 0) writeParent.run(id, level.nodeNo[j]!);
        }
        writeNode.run(level.nodeNo[j]!, blob);
        written++;
      }
    });
    writeRowids(sqlite, rtree, entries, order, leaves.nodeNo, capacity);
  } finally {
    sqlite.unsafeMode(false);
  }
  return written;
}

/**
 * The `_rowid` table: each entry's leaf. Ids a bulk insert gave a new table run consecutively, and then
 * the leaves go in as JSON arrays that SQLite expands itself (json_each): a few statements for a
 * million rows instead of a million, half the time (measured). Otherwise row by row.
 */
function writeRowids(
  sqlite: Sqlite.Database,
  rtree: string,
  entries: RtreeEntries,
  order: Uint32Array,
  leafNo: Int32Array,
  capacity: number,
): void {
  const n = entries.length;
  const leafOf = new Int32Array(n);
  for (let k = 0; k < n; k++) leafOf[order[k]!] = leafNo[Math.floor(k / capacity)]!;
  const first = entries.fid[0]!;
  let consecutive = true;
  for (let e = 1; e < n && consecutive; e++) consecutive = entries.fid[e] === first + e;
  if (consecutive) {
    const chunk = sqlite.prepare(
      `insert into "${rtree}_rowid" (rowid, nodeno) select key + ?, value from json_each(?)`,
    );
    for (let e = 0; e < n; e += ROWID_CHUNK)
      chunk.run(first + e, JSON.stringify(Array.from(leafOf.subarray(e, Math.min(n, e + ROWID_CHUNK)))));
    return;
  }
  const one = sqlite.prepare(`insert into "${rtree}_rowid" (rowid, nodeno) values (?, ?)`);
  for (let e = 0; e < n; e++) one.run(entries.fid[e]!, leafOf[e]!);
}

const ROWID_CHUNK = 65_536;
