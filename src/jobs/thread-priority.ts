/**
 * Background work at the lowest CPU priority. A thread that works for later — tiles cut ahead of the map
 * (tile-seed-worker.ts) — should take only the CPU nobody else wants: on a small server the request
 * handling thread, and when the browser shares the machine (a planner's laptop, the benchmark) the
 * browser's rendering too. Measured before this: cached tiles waited 40–70 ms for the request thread
 * while the seeding thread cut on the other core (bench:web, 2026-11-22 session 5).
 *
 * On Linux a nice value belongs to a thread, not the process (setpriority(2), NOTES), so a worker thread
 * can lower its own by its thread id, leaving the server's threads as they are. Elsewhere nothing
 * changes: the thread runs at normal priority, as before.
 */
import fs from 'node:fs';
import os from 'node:os';

/** The calling thread's kernel id on Linux (from /proc/thread-self), or null. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lower the calling thread to the lowest priority (nice 19); returns whether it could. */
export function runAtLowestPriority(): boolean {
  const tid = currentThreadId();
  if (tid === null) return false;
  try {
    os.setPriority(tid, os.constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}
