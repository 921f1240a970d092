import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { currentThreadId } from './thread-priority.js';
import { workerModule } from './worker-module.js';

/** A thread's nice value, field 19 of /proc/<pid>/task/<tid>/stat (after the parenthesised name). */
const niceOf = (tid: number) => {
  const stat = fs.readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

it.skipIf(process.platform !== 'linux')('lowers the calling worker thread to nice 19, and only it', async () => {
  const mainTid = currentThreadId()!;
  expect(mainTid).toBe(process.pid);
  const before = niceOf(mainTid);
  const worker = new Worker(workerModule(import.meta.url, 'thread-priority-probe'));
  try {
    const reply = await new Promise<{ lowered: boolean; tid: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(reply.lowered).toBe(true);
    expect(reply.tid).not.toBe(mainTid);
    expect(niceOf(reply.tid)).toBe(19);
    expect(niceOf(mainTid)).toBe(before);
  } finally {
    await worker.terminate();
  }
});
