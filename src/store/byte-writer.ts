/**
 * Bytes written one after another into one buffer that doubles as it fills, then handed over whole as an
 * ArrayBuffer of their own — which a worker thread can transfer instead of copying. The common part of
 * the writers that build a batch for another thread: the demo's GeoPackage blobs and text
 * (land-survey-rows.ts) and an import's row records (row-records.ts).
 */
export class ByteWriter {
  protected buf: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity: number) {
    // Not from Node's shared pool: take() copies out anyway, and a big buffer would pin a pool slab.
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  /** Append `s` as UTF-8; returns the offset where it ends. */
  utf8(s: string): number {
    this.reserve(s.length * 3);
    this.length += this.buf.write(s, this.length);
    return this.length;
  }

  /** The written bytes, as an ArrayBuffer of their own. */
  takeBytes(): ArrayBuffer {
    return this.buf.buffer.slice(this.buf.byteOffset, this.buf.byteOffset + this.length) as ArrayBuffer;
  }

  /** Make room for `bytes` more after what is written. */
  protected reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}
