/** A worker thread of the import's check pool (check-pool.ts): checks the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { LantuError } from '../errors.js';
import { BatchChecker, type CheckSetup } from './check-batch.js';
import { unpackLines, type PackedLines } from './check-pool.js';
import type { RecordRange } from './shapefile-reader.js';

const checker = new BatchChecker(workerData as CheckSetup);

parentPort!.on('message', (message: { id: number; range?: RecordRange } & PackedLines) => {
  checker.check(message.range ?? unpackLines(message)).then(
    (results) => {
      // UTF-8 here, in parallel, and the bytes moved: the import's thread only appends them to the spool.
      const spool = new TextEncoder().encode(results.spool as string);
      parentPort!.postMessage({ id: message.id, results: { ...results, spool } }, [spool.buffer]);
    },
    (error: unknown) =>
      parentPort!.postMessage({
        id: message.id,
        error:
          error instanceof LantuError
            ? { code: error.code, status: error.status, zh: error.zh, en: error.en, location: error.location }
            : { message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
