/** A worker for thread-priority.test.ts: lowers its own priority and says what it did, then waits to be ended. */
import { parentPort } from 'node:worker_threads';
import { currentThreadId, runAtLowestPriority } from './thread-priority.js';

const lowered = runAtLowestPriority();
parentPort!.postMessage({ lowered, tid: currentThreadId() });
setInterval(() => undefined, 1000);
