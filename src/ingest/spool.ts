/**
 * Rows checked but not yet written. An import decides whether to write anything only after it has
 * read the whole source (all-or-nothing), and writes in one short transaction afterwards, so the rows
 * wait here: in memory while they are few, in a file of the import's work folder (one JSON array per
 * line) once there are more — a million-feature file never sits in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const IN_MEMORY_ROWS = 20_000;
const WRITE_CHUNK = 1 << 20;

export class RowSpool {
  private memory: string[] = [];
  private fd: number | null = null;
  private buffer: string[] = [];
  private buffered = 0;
  count = 0;

  constructor(private readonly file: string) {}

  push(row: unknown[]): void {
    this.pushLine(JSON.stringify(row));
  }

  /** A row already serialised as a JSON array (worker threads hand rows over this way). */
  pushLine(line: string): void {
    this.count++;
    if (this.fd === null) {
      this.memory.push(line);
      if (this.memory.length > IN_MEMORY_ROWS) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'w');
        for (const l of this.memory) this.append(l);
        this.memory = [];
      }
      return;
    }
    this.append(line);
  }

  private append(line: string): void {
    this.buffer.push(line);
    this.buffered += line.length + 1;
    if (this.buffered >= WRITE_CHUNK) this.drain();
  }

  private drain(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    fs.writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.buffered = 0;
  }

  /** The rows in the order pushed; the spool is finished by the first call. */
  async *rows(): AsyncGenerator<unknown[]> {
    if (this.fd === null) {
      for (const line of this.memory) yield JSON.parse(line) as unknown[];
      return;
    }
    this.drain();
    fs.closeSync(this.fd);
    this.fd = null;
    const lines = readline.createInterface({ input: fs.createReadStream(this.file), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as unknown[];
  }

  discard(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.memory = [];
    fs.rmSync(this.file, { force: true });
  }
}
