/**
 * A zonal-statistics worker thread: one GEOS instance and one ZonalEngine, fed batches by the main
 * thread (zonal-pool.ts), answering each with `done` and, at the end, with its partial sums.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getGeos } from '../geo/geos.js';
import { ZonalEngine, type EngineZones, type FeatureBatch } from './zonal-engine.js';

type Message = { type: 'batch'; batch: FeatureBatch } | { type: 'finish' };

const port = parentPort!;
try {
  const engine = new ZonalEngine(await getGeos(), workerData as EngineZones);
  port.postMessage({ type: 'ready', pieces: engine.pieceCount });
  port.on('message', (message: Message) => {
    try {
      if (message.type === 'batch') {
        engine.add(message.batch);
        port.postMessage({ type: 'done' });
      } else {
        const partial = engine.partial();
        engine.dispose();
        port.postMessage({ type: 'result', partial });
        port.close();
      }
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error).message });
    }
  });
} catch (error) {
  port.postMessage({ type: 'error', message: (error as Error).message });
}
