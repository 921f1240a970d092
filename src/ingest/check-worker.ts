/** A worker thread of the import's check pool (check-pool.ts): checks the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { LantuError } from '../errors.js';
import { BatchChecker, type CheckSetup } from './check-batch.js';
import { unpackLines, type PackedLines } from './check-pool.js';
import type { RecordRange } from './shapefile-reader.js';

const checker = new BatchChecker(workerData as CheckSetup);

parentPort!.on('message', (message: { id: number; range?: RecordRange } & PackedLines) => {
  checker.check(message.range ?? unpackLines(message)).then(
    // The records' bytes are moved, not copied: the import's thread only appends them to the spool.
    (results) => parentPort!.postMessage({ id: message.id, results }, [results.spool.buffer]),
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
