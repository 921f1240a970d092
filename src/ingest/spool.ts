/**
 * Rows checked but not yet written. An import decides whether to write anything only after it has
 * read the whole source (all-or-nothing), and writes in one short transaction afterwards, so the rows
 * wait here as binary records (row-records.ts): in memory while they are few, in a file of the import's
 * work folder once there are more — a million-feature file never sits in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readRecords, recordStarts } from './row-records.js';

const IN_MEMORY_ROWS = 20_000;
const WRITE_CHUNK = 1 << 20;

/** Where checked rows go as records (the import's `checkAll`): the spool, or a feed to the store (row-feed.ts). */
export interface RowSink {
  /** Rows taken so far. */
  readonly count: number;
  /** `count` rows as records (row-records.ts), one chunk of them. */
  pushRecords(records: Uint8Array, count: number): void;
  /** Resolves when the sink can take more (backpressure). */
  ready(): Promise<void>;
  /** The rows will not be written. */
  discard(): void;
}

export class RowSpool implements RowSink {
  /** Chunks of records, each as a checking thread handed it over. */
  private memory: Uint8Array[] = [];
  private fd: number | null = null;
  private buffer: Uint8Array[] = [];
  private buffered = 0;
  private writing: Promise<void> | null = null;
  private failure: Error | null = null;
  count = 0;

  constructor(private readonly file: string) {}

  pushRecords(records: Uint8Array, count: number): void {
    if (count === 0) return;
    this.count += count;
    if (this.fd === null) {
      this.memory.push(records);
      if (this.count > IN_MEMORY_ROWS) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'w');
        for (const chunk of this.memory) this.append(chunk);
        this.memory = [];
      }
      return;
    }
    this.append(records);
  }

  private append(records: Uint8Array): void {
    this.buffer.push(records);
    this.buffered += records.byteLength;
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

  /**
   * The rows in the order pushed, a batch at a time, each led by `lead` (readRecords); the spool is
   * finished by the first call.
   */
  async *batches(lead: readonly unknown[] = []): AsyncGenerator<unknown[][]> {
    if (this.fd === null) {
      for (const chunk of this.memory) yield readRecords(chunk, lead);
      return;
    }
    await this.finishWrites();
    fs.closeSync(this.fd);
    this.fd = null;
    // Big reads, cut at the last whole record; the partial one is carried into the next read.
    let rest: Buffer = Buffer.alloc(0);
    for await (const piece of fs.createReadStream(this.file, { highWaterMark: WRITE_CHUNK })) {
      const bytes = rest.length ? Buffer.concat([rest, piece as Buffer]) : (piece as Buffer);
      const { end } = recordStarts(bytes);
      if (end > 0) yield readRecords(bytes.subarray(0, end), lead);
      rest = bytes.subarray(end);
    }
    if (rest.length) throw new Error(`import spool ${this.file}: it ends inside a record`);
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
