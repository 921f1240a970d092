/**
 * Checked rows handed straight to the store's bulk insert while the checking goes on — the other way
 * of holding them besides the spool (spool.ts), for an import that writes as it checks inside its
 * transaction (run-import.ts, `checkWhileWriting`). The checking side pushes chunks of records
 * (row-records.ts) as the spool takes them; the writing side iterates batches of rows. The checking side waits when the writer
 * falls behind by more than a few batches, so memory stays bounded.
 */
import { readRecords } from './row-records.js';
import type { RowSink } from './spool.js';

const MAX_CHUNKS = 32;

export class RowFeed implements RowSink {
  count = 0;
  private chunks: Uint8Array[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wakeWriter: (() => void) | null = null;
  private wakeChecker: (() => void) | null = null;

  pushRecords(records: Uint8Array, count: number): void {
    if (count === 0 || this.failure) return;
    this.count += count;
    this.chunks.push(records);
    this.wake();
  }

  /**
   * Wait while the writer is more than a few batches behind. Throws once the feed has failed — the
   * writer gave up (a COPY error) and nobody will take more rows, so the checking must stop too.
   */
  async ready(): Promise<void> {
    while (this.chunks.length > MAX_CHUNKS && !this.failure) {
      await new Promise<void>((resolve) => (this.wakeChecker = resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Every row has been pushed: the writer finishes once it has taken them. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Stop the writer: its iteration throws `error`, so the store abandons the insert. */
  fail(error: Error): void {
    this.failure = error;
    this.chunks = [];
    this.wake();
  }

  discard(): void {
    this.fail(new Error('import: rows discarded'));
  }

  /** The rows as the store takes them, a pushed chunk a batch, each led by `lead` (readRecords). */
  async *batches(lead: readonly unknown[] = []): AsyncGenerator<unknown[][]> {
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        this.wake();
        yield readRecords(chunk, lead);
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    }
  }

  private wake(): void {
    const writer = this.wakeWriter;
    const checker = this.wakeChecker;
    this.wakeWriter = null;
    this.wakeChecker = null;
    writer?.();
    checker?.();
  }
}
