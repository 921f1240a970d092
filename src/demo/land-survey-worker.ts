/**
 * A worker thread making its share of one year's land-survey rows (land-survey-rows.ts): it runs at
 * most `ahead` batches ahead of the writer, which answers each batch it takes with 'more'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SurveySource } from './land-survey.js';
import { packedBatches } from './land-survey-rows.js';

const port = parentPort!;
const { source, year, ahead, share, of } = workerData as {
  source: SurveySource;
  year: number;
  ahead: number;
  share: number;
  of: number;
};
let credit = ahead;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  const w = wake;
  wake = null;
  w?.();
});
try {
  for (const batch of packedBatches(source, year, share, of)) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    port.postMessage({ type: 'batch', batch }, [batch.wkb, batch.text, batch.words.buffer]);
  }
  port.postMessage({ type: 'done' });
} catch (error) {
  port.postMessage({ type: 'error', message: (error as Error).stack ?? String(error) });
}
