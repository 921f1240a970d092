/**
 * A thread that cuts seed tiles of a GeoPackage store (tile-seed.ts): its own reading connection to
 * the file, the same cutter the server uses, and each tile sent back gzipped for the server's cache.
 * It never writes (`query_only`): a tile that would need an overview built first fails here, and the
 * server builds it on the next TileJSON. It runs at the lowest CPU priority (thread-priority.ts): its
 * tiles are for later, the requests being served and the map drawing them are for now.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LayerAccess } from './layer-access.js';
import { runAtLowestPriority } from '../jobs/thread-priority.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { createServiceContext } from './service-context.js';
import type { TileCoord } from './tile-math.js';
import { gzippedTile } from './tiles.js';

export interface SeedRequest {
  id: number;
  access: LayerAccess;
  tile: TileCoord;
}

export type SeedReply = { id: number; body: Uint8Array } | { id: number; error: string };

runAtLowestPriority();
const port = parentPort!;
const store = openSqliteStore((workerData as { file: string }).file, { readOnly: true });
// No cache here: the server's cache keeps what this thread cuts.
const ctx = createServiceContext(store, 0);

port.on('message', (request: SeedRequest) => {
  gzippedTile(ctx, request.access, request.tile).then(
    (body) => {
      // A copy of its own to move: the gzip output may be a view of a shared pool, or the empty tile's constant.
      const own = body.slice();
      port.postMessage({ id: request.id, body: own } satisfies SeedReply, [own.buffer]);
    },
    (error: unknown) => port.postMessage({ id: request.id, error: (error as Error).message } satisfies SeedReply),
  );
});
