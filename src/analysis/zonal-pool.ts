/**
 * Runs ZonalEngines: in worker threads (one per core) for big layers, or one in the calling thread
 * for small ones, where starting threads would cost more than the work. Batches go to the thread with
 * the fewest in flight; at most two wait per thread, so memory stays bounded however big the layer.
 */
import { Worker } from 'node:worker_threads';
import { workerModule } from '../jobs/worker-module.js';
import { getGeos } from '../geo/geos.js';
import { ZonalEngine, type EngineZones, type FeatureBatch, type PartialResult } from './zonal-engine.js';

export interface EngineRunner {
  /** Hand over a batch; resolves when there is room for the next one. */
  add(batch: FeatureBatch): Promise<void>;
  /** Wait for every batch, collect the partial sums and stop. */
  finish(): Promise<PartialResult[]>;
  /** Stop without results (after a failure elsewhere). */
  abort(): Promise<void>;
  readonly threads: number;
}

export async function inProcessRunner(zones: EngineZones): Promise<EngineRunner> {
  const engine = new ZonalEngine(await getGeos(), zones);
  return {
    threads: 0,
    add: async (batch) => engine.add(batch),
    finish: async () => {
      const partial = engine.partial();
      engine.dispose();
      return [partial];
    },
    abort: async () => engine.dispose(),
  };
}

const IN_FLIGHT_PER_THREAD = 2;

interface Slot {
  worker: Worker;
  inFlight: number;
  failure: Error | null;
  result: Promise<PartialResult>;
}

export async function workerRunner(zones: EngineZones, threads: number): Promise<EngineRunner> {
  const url = workerModule(import.meta.url, 'zonal-worker');
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const slots: Slot[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(url, { workerData: zones });
    let resolveResult!: (p: PartialResult) => void;
    let rejectResult!: (e: Error) => void;
    const slot: Slot = {
      worker,
      inFlight: 0,
      failure: null,
      result: new Promise<PartialResult>((res, rej) => {
        resolveResult = res;
        rejectResult = rej;
      }),
    };
    slot.result.catch(() => undefined);
    ready.push(
      new Promise<void>((resolveReady, rejectReady) => {
        worker.on('message', (m: { type: string; partial?: PartialResult; message?: string }) => {
          if (m.type === 'ready') resolveReady();
          else if (m.type === 'done') {
            slot.inFlight--;
            notify();
          } else if (m.type === 'result') resolveResult(m.partial!);
          else if (m.type === 'error') {
            slot.failure = new Error(`zonal worker: ${m.message}`);
            rejectReady(slot.failure);
            rejectResult(slot.failure);
            notify();
          }
        });
        worker.on('error', (error) => {
          slot.failure = error;
          rejectReady(error);
          rejectResult(error);
          notify();
        });
        worker.on('exit', (code) => {
          if (code !== 0 && !slot.failure) {
            slot.failure = new Error(`zonal worker exited with code ${code}`);
            rejectReady(slot.failure);
            rejectResult(slot.failure);
            notify();
          }
        });
      }),
    );
    slots.push(slot);
  }
  const terminate = () => Promise.all(slots.map((s) => s.worker.terminate())).then(() => undefined);
  try {
    await Promise.all(ready);
  } catch (error) {
    await terminate();
    throw error;
  }
  const failed = () => slots.find((s) => s.failure)?.failure ?? null;
  const waitFor = async (condition: () => boolean) => {
    while (!condition()) {
      const failure = failed();
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    const failure = failed();
    if (failure) throw failure;
  };
  return {
    threads,
    add: async (batch) => {
      await waitFor(() => slots.some((s) => s.inFlight < IN_FLIGHT_PER_THREAD));
      const slot = slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      slot.inFlight++;
      slot.worker.postMessage({ type: 'batch', batch }, [batch.data.buffer as ArrayBuffer]);
    },
    finish: async () => {
      try {
        await waitFor(() => slots.every((s) => s.inFlight === 0));
        for (const s of slots) s.worker.postMessage({ type: 'finish' });
        return await Promise.all(slots.map((s) => s.result));
      } finally {
        await terminate();
      }
    },
    abort: terminate,
  };
}
