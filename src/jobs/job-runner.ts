/**
 * The in-process job runner: the server starts work in the background and answers at once with the
 * job's id; the work runs here, one job at a time per process (imports are CPU-bound and, on the
 * embedded store, write through one connection — two at once would only take turns), and its state
 * goes to the job table as it moves. The CLI does not use this: it runs the same work in the
 * foreground and prints the progress.
 */
import type { Store } from '../store/store.js';
import { failJob, finishJob, JobProgress, startJob } from './jobs.js';

export type JobWork<T> = (progress: JobProgress) => Promise<T>;

export class JobRunner {
  private tail: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly store: Store) {}

  /** Queue `work` for job `jobId`; `cleanup` runs whatever happens (e.g. removing an upload). */
  submit<T>(jobId: number, work: JobWork<T>, cleanup?: () => void | Promise<void>): Promise<void> {
    const db = this.store.db;
    const task = this.tail.then(async () => {
      const progress = new JobProgress(db, jobId);
      try {
        await startJob(db, jobId, 'starting');
        const result = await work(progress);
        await progress.flush();
        await finishJob(db, jobId, result);
      } catch (error) {
        await progress.flush();
        await failJob(db, jobId, error).catch(() => undefined);
      } finally {
        await cleanup?.();
      }
    });
    this.tail = task.catch(() => undefined);
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /** Resolves when every submitted job has ended (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
