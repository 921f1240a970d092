/**
 * Rows checked but not yet written. An import decides whether to write anything only after it has
 * read the whole source (all-or-nothing), and writes in one short transaction afterwards, so the rows
 * wait here: in memory while they are few, in a file of the import's work folder (one JSON array per
 * line) once there are more — a million-feature file never sits in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Geometry } from 'geojson';
import { EncodedGeometry, geometryEnvelope } from '../store/gpkg-blob.js';
import { encodeWkb } from '../store/wkb.js';

const IN_MEMORY_ROWS = 20_000;
const WRITE_CHUNK = 1 << 20;
const NEWLINE = Buffer.from('\n');

/** Where checked rows go as spool lines (the import's `checkAll`): the spool, or a feed to the store (row-feed.ts). */
export interface RowSink {
  /** Rows taken so far. */
  readonly count: number;
  /** `count` rows as spool lines joined by '\n', as text or UTF-8. */
  pushLines(text: string | Uint8Array, count: number): void;
  /** Resolves when the sink can take more (backpressure). */
  ready(): Promise<void>;
  /** The rows will not be written. */
  discard(): void;
}

export class RowSpool implements RowSink {
  /**
   * Chunks of one or more lines joined by '\n': a checking thread hands over a batch as one chunk,
   * already encoded as UTF-8 (encoding 60 MB of rows a 100k features was the import thread's largest cost).
   */
  private memory: (string | Uint8Array)[] = [];
  private fd: number | null = null;
  private buffer: Buffer[] = [];
  private buffered = 0;
  private writing: Promise<void> | null = null;
  private failure: Error | null = null;
  count = 0;

  constructor(private readonly file: string) {}

  push(row: unknown[]): void {
    this.pushLines(JSON.stringify(row), 1);
  }

  /** A row already serialised as a JSON array (worker threads hand rows over this way). */
  pushLine(line: string): void {
    this.pushLines(line, 1);
  }

  /** `count` rows already serialised, joined by '\n' (JSON text holds no raw line break), as text or UTF-8. */
  pushLines(text: string | Uint8Array, count: number): void {
    if (count === 0) return;
    this.count += count;
    if (this.fd === null) {
      this.memory.push(text);
      if (this.count > IN_MEMORY_ROWS) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'w');
        for (const chunk of this.memory) this.append(chunk);
        this.memory = [];
      }
      return;
    }
    this.append(text);
  }

  private append(text: string | Uint8Array): void {
    const bytes =
      typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    this.buffer.push(bytes, NEWLINE);
    this.buffered += bytes.length + 1;
    if (this.buffered >= WRITE_CHUNK && this.writing === null) this.startWrite();
  }

  /**
   * Write what is buffered without blocking the import's thread (the checking threads wait on it):
   * one write in flight at a time, in the thread pool; `ready()` holds the caller back only when the
   * buffer outgrows the disk.
   */
  private startWrite(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    const data = Buffer.concat(this.buffer);
    this.buffer = [];
    this.buffered = 0;
    const fd = this.fd;
    this.writing = new Promise<void>((resolve, reject) => {
      const next = (offset: number) =>
        fs.write(fd, data, offset, data.length - offset, null, (error, written) => {
          if (error) reject(error);
          else if (offset + written < data.length) next(offset + written);
          else resolve();
        });
      next(0);
    }).then(
      () => {
        this.writing = null;
        if (this.buffered >= WRITE_CHUNK) this.startWrite();
      },
      (error: unknown) => {
        this.failure = error as Error;
        this.writing = null;
      },
    );
  }

  /** Wait while more than a few chunks are buffered behind a write in flight. */
  async ready(): Promise<void> {
    while (this.writing && this.buffered >= 8 * WRITE_CHUNK) await this.writing;
    if (this.failure) throw this.failure;
  }

  private async finishWrites(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
    if (this.fd !== null && this.buffer.length) fs.writeSync(this.fd, Buffer.concat(this.buffer));
    this.buffer = [];
    this.buffered = 0;
  }

  /** The rows in the order pushed, parsed as JSON; the spool is finished by the first call. */
  async *rows(): AsyncGenerator<unknown[]> {
    for await (const line of this.lines()) yield JSON.parse(line) as unknown[];
  }

  /** The lines in the order pushed, as pushed; the spool is finished by the first call. */
  async *lines(): AsyncGenerator<string> {
    if (this.fd === null) {
      for (const chunk of this.memory) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        yield* text.split('\n');
      }
      return;
    }
    await this.finishWrites();
    fs.closeSync(this.fd);
    this.fd = null;
    // Big reads split by hand: a quarter of readline's cost per line.
    let rest = '';
    for await (const piece of fs.createReadStream(this.file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + (piece as string);
      let start = 0;
      let end: number;
      while ((end = text.indexOf('\n', start)) >= 0) {
        if (end > start) yield text.slice(start, end);
        start = end + 1;
      }
      rest = text.slice(start);
    }
    if (rest) yield rest;
  }

  discard(): void {
    const fd = this.fd;
    // Close only after a write in flight has finished, or it could land in a file opened meanwhile.
    if (fd !== null) void (this.writing ?? Promise.resolve()).finally(() => fs.closeSync(fd));
    this.fd = null;
    this.buffer = [];
    this.memory = [];
    fs.rmSync(this.file, { force: true });
  }
}

/**
 * A checked row as a spool line: `[the typed columns]` as JSON, a tab, the `attrs` JSON text as it
 * is, a tab, the geometry (the last column) as WKB in base64 with its envelope. Written as GeoJSON
 * inside one JSON array, a million polygons' coordinates were formatted as decimals in the checking
 * threads and parsed back and encoded again in the one writing thread, and every quote of `attrs` was
 * escaped and unescaped; now the checking threads encode once and the writer copies bytes and slices
 * text (`spooledRow`). JSON text holds no raw tab or line break, so the separators are unambiguous.
 */
export function spoolLine(row: unknown[]): string {
  const n = row.length;
  const attrs = row[n - 2];
  if (attrs !== null && typeof attrs !== 'string') throw new Error('spoolLine: attrs must be JSON text');
  const g = row[n - 1] as Geometry | null;
  let geometry = 'null';
  if (g !== null) {
    const env = geometryEnvelope(g);
    geometry = JSON.stringify([
      encodeWkb(g).toString('base64'),
      ...(env ? [env.minX, env.minY, env.maxX, env.maxY] : []),
    ]);
  }
  return `${JSON.stringify(row.slice(0, n - 2))}\t${attrs ?? ''}\t${geometry}`;
}

/** A spool line back as the row for the store's bulk insert, its geometry pre-encoded (see `spoolLine`). */
export function spooledRow(line: string): unknown[] {
  const second = line.lastIndexOf('\t');
  const first = line.lastIndexOf('\t', second - 1);
  const row = JSON.parse(line.slice(0, first)) as unknown[];
  const attrs = line.slice(first + 1, second);
  row.push(attrs === '' ? null : attrs);
  const g = JSON.parse(line.slice(second + 1)) as [string, number, number, number, number] | [string] | null;
  if (g === null) row.push(null);
  else {
    const envelope = g.length === 5 ? { minX: g[1], minY: g[2], maxX: g[3], maxY: g[4] } : null;
    row.push(new EncodedGeometry(Buffer.from(g[0], 'base64'), envelope));
  }
  return row;
}
