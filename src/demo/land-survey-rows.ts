/**
 * The land-survey layer of one year as rows for the store's bulk insert, with each geometry already
 * encoded (WKB and envelope). For a big city the rows are made in worker threads while the calling
 * thread writes them: on a million patches making them costs more CPU than writing them, so two
 * threads make alternate batches and, with the writer, keep both cores busy
 * (docs/decisions/0002-geopackage-store.md, "Load speed").
 *
 * A batch crosses threads as columns in transferred buffers — every WKB in one, the unique text fields
 * (bsm, attrs) as UTF-8 in another, offsets and envelopes in typed arrays, the repeated text fields
 * (region, class code and name, 城镇村属性码) as numbers into a dictionary that grows batch by batch —
 * since a structured clone of row objects would copy a million small objects and lose EncodedGeometry's
 * class. Nothing of a waiting batch is on the writer's JavaScript heap: its strings are made as its rows
 * are written and die at once, so the writer's garbage collector has almost nothing to keep (a million
 * rows' strings cloned whole and queued cost the writing thread ~1 s of its ~9 s in collection).
 */
import { Worker } from 'node:worker_threads';
import { workerModule } from '../jobs/worker-module.js';
import type { MultiPolygon } from 'geojson';
import { ByteWriter } from '../store/byte-writer.js';
import { EncodedGeometry, geometryEnvelope, gpkgHeaderSize, writeGpkgHeader } from '../store/gpkg-blob.js';
import { CANONICAL_SRID } from '../store/spatial-schema.js';
import type { RowSource } from '../store/store.js';
import { encodeWkb } from '../store/wkb.js';
import type { SurveyPatch, SurveySource } from './land-survey.js';
import { landSurveyFeatures, patchGeometry, surveyPatches, surveySource } from './land-survey.js';

/** Columns of a land-survey row after `layer_id`, in the order the rows give them. */
export const LAND_SURVEY_COLUMNS = ['region_code', 'bsm', 'dlbm', 'dlmc', 'czcsxm', 'attrs', 'geom'];
/** Per row, the dictionary numbers of region_code, dlbm, dlmc and czcsxm. */
const WORDS = 4;
/** A GeoPackage header with its XY envelope. */
const HEAD = gpkgHeaderSize({ minX: 0, minY: 0, maxX: 0, maxY: 0 });

/** From this many patches the rows are made in a worker; below, starting a thread costs more than it saves. */
export const WORKER_FROM_PATCHES = 100_000;
const BATCH = 4096;
/** Batches a worker may run ahead of the writer: bounds memory at ~8 × 4096 rows (≈ 30 MB) a thread. */
const AHEAD = 8;

export interface SurveyBatch {
  /** Words first used in this batch: the thread's dictionary continues with them, in this order. */
  newWords: string[];
  /** Per row, WORDS numbers into the dictionary (-1: null). */
  words: Int32Array<ArrayBuffer>;
  /** Every row's bsm then attrs, UTF-8. */
  text: ArrayBuffer;
  /** Row i's bsm is text[textOffsets[2i] .. textOffsets[2i+1]), its attrs runs on to textOffsets[2i+2]. */
  textOffsets: Int32Array;
  /** GeoPackage blobs (header, then WKB). */
  wkb: ArrayBuffer;
  /** Row i's blob is wkb[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  /** minX, minY, maxX, maxY per row. */
  envelopes: Float64Array;
}

export function landSurveyRows(
  city: SurveySource,
  year: number,
  { thread = city.patches.count >= WORKER_FROM_PATCHES }: { thread?: boolean } = {},
): { count: number; rows: RowSource } {
  const count = city.patches.count;
  if (!thread) return { count, rows: inProcessRows(city, year) };
  return { count, rows: { batches: workerBatches(surveySource(city), year) } };
}

function* inProcessRows(city: SurveySource, year: number): Generator<unknown[]> {
  for (const f of landSurveyFeatures(city, year)) {
    const wkb = encodeWkb(f.geometry);
    yield [...textFields(f), new EncodedGeometry(wkb, geometryEnvelope(f.geometry))];
  }
}

const textFields = (f: SurveyPatch) => [f.regionCode, f.bsm, f.dlbm, f.dlmc, f.czcsxm, f.attrsJson];

/**
 * Worker side: the patches of the year, packed into batches (see land-survey-worker.ts) — all of
 * them, or the batches `share` of `of` threads makes (batch j when j mod `of` = `share`).
 */
export function* packedBatches(source: SurveySource, year: number, share = 0, of = 1): Generator<SurveyBatch> {
  const dictionary = new Map<string, number>();
  let newWords: string[] = [];
  let out = new BlobWriter(BATCH * 400);
  let text = new ByteWriter(BATCH * 512);
  let textOffsets = [0];
  let words = new Int32Array(BATCH * WORDS);
  let offsets: number[] = [0];
  let envelopes = new Float64Array(BATCH * 4);
  const word = (value: string | null): number => {
    if (value === null) return -1;
    let n = dictionary.get(value);
    if (n === undefined) {
      dictionary.set(value, (n = dictionary.size));
      newWords.push(value);
    }
    return n;
  };
  const pack = (rows: number): SurveyBatch => {
    const batch = {
      newWords,
      words: words.subarray(0, rows * WORDS),
      text: text.takeBytes(),
      textOffsets: Int32Array.from(textOffsets),
      wkb: out.takeBytes(),
      offsets: Int32Array.from(offsets),
      envelopes: envelopes.subarray(0, rows * 4),
    };
    newWords = [];
    words = new Int32Array(BATCH * WORDS);
    text = new ByteWriter(BATCH * 512);
    textOffsets = [0];
    offsets = [0];
    envelopes = new Float64Array(BATCH * 4);
    out = new BlobWriter(BATCH * 400);
    return batch;
  };
  for (const f of surveyPatches(source, year, (p) => Math.floor(p / BATCH) % of === share)) {
    const i = offsets.length - 1;
    out.patch(source, f.patch, envelopes.subarray(i * 4, i * 4 + 4));
    offsets.push(out.length);
    words[i * WORDS] = word(f.regionCode);
    words[i * WORDS + 1] = word(f.dlbm);
    words[i * WORDS + 2] = word(f.dlmc);
    words[i * WORDS + 3] = word(f.czcsxm);
    textOffsets.push(text.utf8(f.bsm), text.utf8(f.attrsJson));
    if (i + 1 === BATCH) yield pack(BATCH);
  }
  if (offsets.length > 1) yield pack(offsets.length - 1);
}

/**
 * GeoPackage blobs (header and WKB, EPSG:4490) written one after another into one growing buffer. A
 * patch of one cell — most of them — is written straight from the mesh, the same ring cellRing()
 * would give (consecutive duplicate vertices dropped, closed), without the GeoJSON arrays; a merged
 * patch goes through its GeoJSON union and encodeWkb.
 */
class BlobWriter extends ByteWriter {
  /** Write patch p; `env` receives minX, minY, maxX, maxY. */
  patch(src: SurveySource, p: number, env: Float64Array): void {
    const { patches, cells } = src;
    const s = patches.start[p]!;
    if (patches.start[p + 1]! - s > 1) return this.geoJson(patchGeometry(src, p), env);
    const { ringStart, ringVertex } = cells.mesh;
    const { xs, ys } = cells.coords;
    const c = patches.cells[s]!;
    const at = this.length;
    this.reserve(HEAD + 9 + 9 + 4 + (ringStart[c + 1]! - ringStart[c]! + 1) * 16);
    const b = this.buf;
    let o = at + HEAD;
    o = b.writeUInt8(1, o);
    o = b.writeUInt32LE(6, o); // MultiPolygon
    o = b.writeUInt32LE(1, o);
    o = b.writeUInt8(1, o);
    o = b.writeUInt32LE(3, o); // Polygon
    o = b.writeUInt32LE(1, o);
    const countAt = o;
    o += 4;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    let n = 0;
    let lastX = NaN;
    let lastY = NaN;
    for (let k = ringStart[c]!; k < ringStart[c + 1]!; k++) {
      const x = xs[ringVertex[k]!]!;
      const y = ys[ringVertex[k]!]!;
      if (x === lastX && y === lastY) continue;
      o = b.writeDoubleLE(y, b.writeDoubleLE(x, o));
      n++;
      lastX = x;
      lastY = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const firstX = b.readDoubleLE(countAt + 4);
    const firstY = b.readDoubleLE(countAt + 12);
    if (n > 1 && firstX === lastX && firstY === lastY) {
      o -= 16;
      n--;
    }
    o = b.writeDoubleLE(firstY, b.writeDoubleLE(firstX, o));
    b.writeUInt32LE(n + 1, countAt);
    env[0] = minX;
    env[1] = minY;
    env[2] = maxX;
    env[3] = maxY;
    writeGpkgHeader(b, at, CANONICAL_SRID, { minX, minY, maxX, maxY });
    this.length = o;
  }

  private geoJson(geometry: MultiPolygon, env: Float64Array): void {
    const e = geometryEnvelope(geometry)!;
    const wkb = encodeWkb(geometry);
    this.reserve(HEAD + wkb.length);
    writeGpkgHeader(this.buf, this.length, CANONICAL_SRID, e);
    wkb.copy(this.buf, this.length + HEAD);
    this.length += HEAD + wkb.length;
    env.set([e.minX, e.minY, e.maxX, e.maxY]);
  }
}

/**
 * Writer side: a batch back into rows, `size` at a time, so that the strings and objects of only that
 * many rows are alive when the garbage collector looks. `dictionary` is the making thread's, grown by
 * this batch's new words already.
 */
export function* unpackBatch(b: SurveyBatch, dictionary: readonly string[], size = 512): Generator<unknown[][]> {
  const wkb = Buffer.from(b.wkb);
  const text = Buffer.from(b.text);
  const { words, textOffsets: t, envelopes: e } = b;
  const count = b.offsets.length - 1;
  const word = (n: number) => (n < 0 ? null : dictionary[n]!);
  for (let from = 0; from < count; from += size) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(count, from + size); i++) {
      const w = i * WORDS;
      const envelope = { minX: e[i * 4]!, minY: e[i * 4 + 1]!, maxX: e[i * 4 + 2]!, maxY: e[i * 4 + 3]! };
      rows.push([
        word(words[w]!),
        text.toString('latin1', t[2 * i], t[2 * i + 1]),
        word(words[w + 1]!),
        word(words[w + 2]!),
        word(words[w + 3]!),
        text.toString('utf8', t[2 * i + 1], t[2 * i + 2]),
        new EncodedGeometry(null, envelope, wkb.subarray(b.offsets[i], b.offsets[i + 1])),
      ]);
    }
    yield rows;
  }
}

type FromWorker = { type: 'batch'; batch: SurveyBatch } | { type: 'done' } | { type: 'error'; message: string };

/** Threads making rows: two, so that with the writing thread the two cores stay busy (see the top). */
const ROW_THREADS = 2;

/** One row-making thread and the batches it has sent that the writer has not taken yet. */
class RowThread {
  readonly worker: Worker;
  readonly queue: SurveyBatch[] = [];
  /** The words of its batches so far (SurveyBatch.newWords). */
  readonly dictionary: string[] = [];
  finished = false;
  failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(workerData: unknown) {
    this.worker = new Worker(workerModule(import.meta.url, 'land-survey-worker'), { workerData });
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'batch') {
        for (const w of m.batch.newWords) this.dictionary.push(w);
        this.queue.push(m.batch);
      } else if (m.type === 'done') this.finished = true;
      else this.failure = new Error(`demo city: land-survey worker failed: ${m.message}`);
      this.notify();
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      this.notify();
    });
    this.worker.on('exit', (code) => {
      if (!this.finished && !this.failure)
        this.failure = new Error(`demo city: land-survey worker stopped (exit ${code})`);
      this.notify();
    });
  }

  /** Its next batch, or null when it has sent them all. */
  async next(): Promise<SurveyBatch | null> {
    for (;;) {
      const batch = this.queue.shift();
      if (batch) {
        this.worker.postMessage('more');
        return batch;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

/**
 * Batch j of the layer (patches j·BATCH …) is made by thread j mod ROW_THREADS; the writer takes them
 * in turn, so rows arrive in BSM order whichever thread made them.
 */
async function* workerBatches(source: SurveySource, year: number): AsyncGenerator<unknown[][]> {
  const threads = Array.from(
    { length: ROW_THREADS },
    (_, share) => new RowThread({ source, year, ahead: AHEAD, share, of: ROW_THREADS }),
  );
  try {
    for (let j = 0; ; j++) {
      const thread = threads[j % ROW_THREADS]!;
      const batch = await thread.next();
      if (!batch) return;
      yield* unpackBatch(batch, thread.dictionary);
    }
  } finally {
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
