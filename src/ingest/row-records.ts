/**
 * Checked rows as binary records: how a checking thread hands its rows to the import's thread, and how
 * the spool and the row feed keep them until they are written. A row is the preset's typed columns, the
 * `attrs` JSON text, then the geometry (GeoJSON from the checker, read back as an `EncodedGeometry`).
 *
 * Why not text: rows went as JSON lines with the WKB in base64. Formatting them in the checking threads,
 * encoding them as UTF-8, and in the one writing thread decoding, splitting and parsing them back cost
 * ~6 CPU s of a million-feature import (decision 0012, addendum of 2026-11-22, session 5). A record
 * is written once and read with a few slices: strings decoded from their bytes, numbers read where they
 * lie, the WKB a view of the chunk.
 *
 * A record: u32 length of what follows, u16 the number of columns, then each column — a tag byte and
 * its value: NULL; TEXT (u32 byte length, UTF-8); NUMBER (f64); TRUE; FALSE; JSON (u32 byte length,
 * UTF-8 JSON text, for anything else a column may hold); GEOMETRY (four f64 of its envelope, NaN when
 * it has none, then u32 byte length and little-endian ISO WKB). Little-endian throughout. Records are
 * self-delimiting, so chunks of them may be joined, cut at record boundaries and read back in pieces.
 */
import type { Geometry } from 'geojson';
import { ByteWriter } from '../store/byte-writer.js';
import { EncodedGeometry, geometryEnvelope, type Envelope } from '../store/gpkg-blob.js';
import { encodeWkb } from '../store/wkb.js';

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const JSON_VALUE = 5;
const GEOMETRY = 6;

/** Rows appended as records into one growing buffer. */
export class RecordWriter extends ByteWriter {
  count = 0;

  constructor(capacity = 1 << 16) {
    super(capacity);
  }

  /** Append a row whose last column is a GeoJSON geometry (or null) and the one before it the `attrs` text. */
  row(row: readonly unknown[]): void {
    const attrs = row[row.length - 2];
    if (attrs !== null && attrs !== undefined && typeof attrs !== 'string')
      throw new Error('row records: attrs must be JSON text');
    const start = this.length;
    this.reserve(6);
    this.length += 4;
    this.length = this.buf.writeUInt16LE(row.length, this.length);
    const last = row.length - 1;
    for (let c = 0; c < last; c++) this.value(row[c]);
    this.geometry(row[last] as Geometry | null | undefined);
    this.buf.writeUInt32LE(this.length - start - 4, start);
    this.count++;
  }

  /** The records written so far as bytes of their own (a thread transfers their buffer). */
  take(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.takeBytes());
  }

  private value(v: unknown): void {
    if (v === null || v === undefined) return this.tag(NULL);
    switch (typeof v) {
      case 'string':
        return this.text(TEXT, v);
      case 'number':
        // JSON has no NaN or Infinity: the text spool stored them as null, and so do records.
        if (!Number.isFinite(v)) return this.tag(NULL);
        this.tag(NUMBER);
        this.reserve(8);
        this.length = this.buf.writeDoubleLE(v, this.length);
        return;
      case 'boolean':
        return this.tag(v ? TRUE : FALSE);
      default:
        return this.text(JSON_VALUE, JSON.stringify(v));
    }
  }

  private geometry(g: Geometry | null | undefined): void {
    if (g === null || g === undefined) return this.tag(NULL);
    const wkb = encodeWkb(g);
    const env = geometryEnvelope(g);
    this.tag(GEOMETRY);
    this.reserve(36 + wkb.length);
    const b = this.buf;
    let o = this.length;
    o = b.writeDoubleLE(env ? env.minX : NaN, o);
    o = b.writeDoubleLE(env ? env.minY : NaN, o);
    o = b.writeDoubleLE(env ? env.maxX : NaN, o);
    o = b.writeDoubleLE(env ? env.maxY : NaN, o);
    o = b.writeUInt32LE(wkb.length, o);
    wkb.copy(b, o);
    this.length = o + wkb.length;
  }

  private text(tag: number, s: string): void {
    this.tag(tag);
    this.reserve(4);
    const lengthAt = this.length;
    this.length += 4;
    // The end first: writing the text may move the bytes to a bigger buffer.
    const end = this.utf8(s);
    this.buf.writeUInt32LE(end - lengthAt - 4, lengthAt);
  }

  private tag(tag: number): void {
    this.reserve(1);
    this.buf[this.length++] = tag;
  }
}

/** Bytes as a Buffer view without copying. */
const view = (bytes: Uint8Array) =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Where each whole record of `bytes` starts, and where the whole records end (a partial one may follow). */
export function recordStarts(bytes: Uint8Array): { starts: number[]; end: number } {
  const b = view(bytes);
  const starts: number[] = [];
  let o = 0;
  while (o + 4 <= b.length) {
    const next = o + 4 + b.readUInt32LE(o);
    if (next > b.length) break;
    starts.push(o);
    o = next;
  }
  return { starts, end: o };
}

/**
 * The rows of whole records, as the store's bulk insert takes them, each led by the `lead` values
 * (the layer's id) — put in place as the row is made rather than shifted in after.
 */
export function readRecords(bytes: Uint8Array, lead: readonly unknown[] = []): unknown[][] {
  const b = view(bytes);
  const rows: unknown[][] = [];
  let o = 0;
  while (o < b.length) {
    const end = o + 4 + b.readUInt32LE(o);
    if (end > b.length) throw new Error('row records: a record runs past its chunk');
    const n = b.readUInt16LE(o + 4);
    o += 6;
    const row: unknown[] = new Array(lead.length + n);
    for (let c = 0; c < lead.length; c++) row[c] = lead[c];
    for (let c = lead.length; c < lead.length + n; c++) {
      const tag = b[o++];
      switch (tag) {
        case NULL:
          row[c] = null;
          break;
        case TEXT:
        case JSON_VALUE: {
          const len = b.readUInt32LE(o);
          const s = b.toString('utf8', o + 4, o + 4 + len);
          row[c] = tag === TEXT ? s : JSON.parse(s);
          o += 4 + len;
          break;
        }
        case NUMBER:
          row[c] = b.readDoubleLE(o);
          o += 8;
          break;
        case TRUE:
        case FALSE:
          row[c] = tag === TRUE;
          break;
        case GEOMETRY: {
          const minX = b.readDoubleLE(o);
          const envelope: Envelope | null = Number.isNaN(minX)
            ? null
            : { minX, minY: b.readDoubleLE(o + 8), maxX: b.readDoubleLE(o + 16), maxY: b.readDoubleLE(o + 24) };
          const len = b.readUInt32LE(o + 32);
          row[c] = new EncodedGeometry(b.subarray(o + 36, o + 36 + len), envelope);
          o += 36 + len;
          break;
        }
        default:
          throw new Error(`row records: unknown tag ${tag}`);
      }
    }
    if (o !== end) throw new Error('row records: a record is not the length it says');
    rows.push(row);
  }
  return rows;
}

/** The records of `bytes` whose `keep` entry is true, in order, as bytes of their own. */
export function keepRecords(bytes: Uint8Array, keep: readonly boolean[]): Uint8Array {
  const b = view(bytes);
  const { starts, end } = recordStarts(b);
  if (starts.length !== keep.length) throw new Error('row records: keep does not match the records');
  const parts: Buffer[] = [];
  starts.forEach((s, i) => {
    if (keep[i]) parts.push(b.subarray(s, i + 1 < starts.length ? starts[i + 1] : end));
  });
  return Buffer.concat(parts);
}
