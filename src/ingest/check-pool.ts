/**
 * Where the import's checking runs: in the import's own thread for small sources, or in worker threads
 * — one per core — for big ones, where GEOS's validity check per feature dominates and parallelises
 * perfectly. Batches go to the thread with the fewest in flight and come back in the order they were
 * sent, so the report and the duplicate-id check see the features in source order either way.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerModule } from '../jobs/worker-module.js';
import { LantuError } from '../errors.js';
import { BatchChecker, type CheckedBatch, type CheckSetup, type CheckWork } from './check-batch.js';
import type { FeatureLine } from './read-features.js';

export interface CheckRunner {
  /** Check a batch; results come back in the order of `check` calls. */
  check(work: CheckWork): Promise<CheckedBatch>;
  /** How many batches may be outstanding before the caller should wait for the oldest. */
  readonly capacity: number;
  readonly threads: number;
  close(): Promise<void>;
}

/** Below this many features a thread costs more to start (tsx, GEOS) than it saves. */
export const THREADS_FROM_FEATURES = 20_000;

/** Threads for a source of `featureCount` features: LANTU_IMPORT_THREADS decides when set. */
export function checkThreads(featureCount: number | null): number {
  const forced = process.env.LANTU_IMPORT_THREADS;
  if (forced !== undefined && forced !== '') return Math.max(0, Math.floor(Number(forced)) || 0);
  if (featureCount === null || featureCount < THREADS_FROM_FEATURES) return 0;
  return os.availableParallelism();
}

export async function createCheckRunner(setup: CheckSetup, threads: number): Promise<CheckRunner> {
  if (threads <= 0) {
    const checker = new BatchChecker(setup);
    return { check: (work) => checker.check(work), capacity: 1, threads: 0, close: async () => undefined };
  }
  return workerRunner(setup, threads);
}

interface Pending {
  resolve: (results: CheckedBatch) => void;
  reject: (error: Error) => void;
}

function workerRunner(setup: CheckSetup, threads: number): CheckRunner {
  const url = workerModule(import.meta.url, 'check-worker');
  const pending = new Map<number, Pending>();
  const load = new Array<number>(threads).fill(0);
  let failure: Error | null = null;
  let next = 0;
  const workers = Array.from({ length: threads }, (_, slot) => {
    const worker = new Worker(url, { workerData: setup });
    worker.on('message', (m: { id: number; results?: CheckedBatch; error?: Record<string, unknown> }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      load[slot]!--;
      if (!p) return;
      if (m.results) p.resolve(m.results);
      else p.reject(revive(m.error ?? {}));
    });
    worker.on('error', (error) => {
      failure = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    return worker;
  });
  return {
    threads,
    capacity: threads * 2,
    check(work) {
      if (failure) return Promise.reject(failure);
      let slot = 0;
      for (let i = 1; i < threads; i++) if (load[i]! < load[slot]!) slot = i;
      const id = next++;
      load[slot]!++;
      return new Promise<CheckedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // A record range is two numbers; the thread reads the records itself (shapefile-reader.ts).
        workers[slot]!.postMessage(Array.isArray(work) ? { id, ...packLines(work) } : { id, range: work });
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * A batch as one text and its first row (the rows of a batch are consecutive): copying one string to
 * a thread costs a fraction of copying hundreds of small objects, and the import's thread is the one
 * every checking thread waits on. GDAL's lines hold no line break (COPY and JSON escape them).
 */
export function packLines(lines: FeatureLine[]): PackedLines {
  const first = lines[0]?.row ?? 1;
  if (lines.every((l, i) => l.row === first + i)) return { first, text: lines.map((l) => l.text).join('\n') };
  return { first, text: null, lines };
}

export interface PackedLines {
  first: number;
  text: string | null;
  lines?: FeatureLine[];
}

export function unpackLines(p: PackedLines): FeatureLine[] {
  if (p.text === null) return p.lines ?? [];
  return p.text.split('\n').map((text, i) => ({ row: p.first + i, text }));
}

function revive(e: Record<string, unknown>): Error {
  if (typeof e.code === 'string') {
    return new LantuError(
      e.code,
      Number(e.status) || 400,
      String(e.zh),
      String(e.en),
      (e.location as LantuError['location']) ?? {},
    );
  }
  return new Error(String(e.message ?? 'import check failed in a worker thread'));
}
