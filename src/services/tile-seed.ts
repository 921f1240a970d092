/**
 * Tiles cut ahead of the map. A map opens on a layer's extent (or the reader's region) and pans and
 * zooms around it, so the zooms at which the whole layer spans a few screens are the ones every map
 * asks for first — and, cut on demand, a screenful of them queues on one Node process (12–20 requests
 * at once, several layers each; the last waits for the sum: 36 first-time z13 tiles of the 1M demo
 * city took p95 287 ms in the browser, each 3–15 ms alone). When a reader's map asks for a layer's
 * TileJSON, its tiles are cut into the tile cache in the background, lowest zoom first, whole zooms
 * at a time while the count stays within SEED_TILES. A dense layer stops where its own tiles start
 * (minzoom): below it its tiles come from the stored overview and cost a few milliseconds, but its own
 * hold up to 5,000 features each (~40 ms; the 667 z14 tiles of the 1M city would be 27 s of work).
 *
 * Requests come first: the seeder cuts one tile at a time, and only after QUIET_MS without a tile
 * request — a map asks for its tiles in bursts. On a GeoPackage the cuts run in a thread of their own
 * (tile-seed-worker.ts, a reading connection to the same file): a cut is 5–40 ms of synchronous work,
 * and a burst arriving just after one started waited for it — tiles already in the cache answered in
 * 40–60 ms in the browser while a city's plan layers were being seeded (bench:web, 2026-11-22). On
 * PostgreSQL the database cuts, so this thread only waits. It runs once per layer version and reader
 * scope per process, and stops at an eighth of the tile cache, so it never evicts more than it adds.
 */
import { Worker } from 'node:worker_threads';
import { workerModule } from '../jobs/worker-module.js';
import { scopeKey, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';
import { tileAt, type TileCoord } from './tile-math.js';
import { overviewMinZoom } from './tile-overview.js';
import type { SeedReply, SeedRequest } from './tile-seed-worker.js';
import { gzippedTile, tileEtag } from './tiles.js';

/**
 * Tiles seeded per layer at most, counted by whole zooms over the layer's extent: the demo city's z0–z14
 * (937 tiles, 5–6 s of cutting for its zones or control lines, a few MB gzipped).
 */
export const SEED_TILES = 1024;
/** Never above this zoom: a layer this small is a few tiles at any zoom, and cut in milliseconds. */
const SEED_MAX_ZOOM = 16;
/** How long no tile may have been asked for before the seeder cuts its next one. */
const QUIET_MS = 50;

interface SeedState {
  /** Tile requests being served now. */
  live: number;
  /** When the last tile request started or ended (performance.now()). */
  lastRequest: number;
  /** Layer version seeded (or being seeded) per layer and scope. */
  seeded: Map<string, string>;
  /** The cutting thread of a GeoPackage store, once started. */
  thread: SeedThread | null;
}

interface SeedThread {
  worker: Worker;
  next: number;
  waiting: Map<number, { resolve: (body: Uint8Array) => void; reject: (error: Error) => void }>;
}

const states = new WeakMap<ServiceContext, SeedState>();

function stateOf(ctx: ServiceContext): SeedState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { live: 0, lastRequest: 0, seeded: new Map(), thread: null }));
  return state;
}

/** Serve a tile request; while any is being served, seeding waits. */
export async function servingTile<T>(ctx: ServiceContext, serve: () => Promise<T>): Promise<T> {
  const state = stateOf(ctx);
  state.live++;
  state.lastRequest = performance.now();
  try {
    return await serve();
  } finally {
    state.live--;
    state.lastRequest = performance.now();
  }
}

/** Start cutting the layer's first zooms into the cache, unless done or under way for this version. */
export function seedLayerTiles(ctx: ServiceContext, access: LayerAccess): Promise<number> {
  const state = stateOf(ctx);
  const key = `${access.layer.id}|${scopeKey(access)}`;
  const version = `${access.layer.updated_at}|${access.layer.feature_count}`;
  if (ctx.tiles.maxBytes === 0 || state.seeded.get(key) === version) return Promise.resolve(0);
  state.seeded.set(key, version);
  const run = seed(ctx, state, access);
  // A failed run is not kept: the next TileJSON starts it again.
  run.catch(() => state.seeded.delete(key));
  return run;
}

/** The tiles seeded, lowest zoom first; returns how many were cut or found in the cache. */
async function seed(ctx: ServiceContext, state: SeedState, access: LayerAccess): Promise<number> {
  const stats = await ctx.stats(access);
  if (!stats.extent) return 0;
  const [minX, minY, maxX, maxY] = stats.extent;
  const budget = ctx.tiles.maxBytes / 8;
  const from = overviewMinZoom(stats);
  const to = Math.min(SEED_MAX_ZOOM, from < stats.minZoom ? stats.minZoom - 1 : SEED_MAX_ZOOM);
  let bytes = 0;
  let count = 0;
  let planned = 0;
  for (let z = from; z <= to; z++) {
    const nw = tileAt(minX, maxY, z);
    const se = tileAt(maxX, minY, z);
    planned += (se.x - nw.x + 1) * (se.y - nw.y + 1);
    if (planned > SEED_TILES) break;
    for (let x = nw.x; x <= se.x; x++) {
      for (let y = nw.y; y <= se.y; y++) {
        await requestsServed(state);
        bytes += (await seedTile(ctx, state, access, { z, x, y })).byteLength;
        count++;
        if (bytes > budget) return count;
      }
    }
  }
  return count;
}

async function requestsServed(state: SeedState): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  for (;;) {
    const wait = state.live > 0 ? QUIET_MS : state.lastRequest + QUIET_MS - performance.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A seed tile from the cache, or cut — in the cutting thread on a GeoPackage — and put in the cache. */
async function seedTile(ctx: ServiceContext, state: SeedState, access: LayerAccess, tile: TileCoord) {
  if (ctx.store.kind !== 'sqlite') return gzippedTile(ctx, access, tile);
  const etag = tileEtag(access, tile);
  const cached = ctx.tiles.get(etag);
  if (cached) return cached;
  const body = await cutInThread(ctx, state, { access, tile });
  ctx.tiles.set(etag, body);
  return body;
}

function cutInThread(ctx: ServiceContext, state: SeedState, request: Omit<SeedRequest, 'id'>): Promise<Uint8Array> {
  const thread = (state.thread ??= startThread(ctx, state));
  const id = thread.next++;
  return new Promise<Uint8Array>((resolve, reject) => {
    // Held only while it owes an answer: an idle cutting thread does not keep the process alive.
    if (thread.waiting.size === 0) thread.worker.ref();
    thread.waiting.set(id, { resolve, reject });
    thread.worker.postMessage({ ...request, id } satisfies SeedRequest);
  });
}

function startThread(ctx: ServiceContext, state: SeedState): SeedThread {
  const worker = new Worker(workerModule(import.meta.url, 'tile-seed-worker'), {
    workerData: { file: ctx.store.location },
  });
  worker.unref();
  const thread: SeedThread = { worker, next: 0, waiting: new Map() };
  worker.on('message', (reply: SeedReply) => {
    const waiter = thread.waiting.get(reply.id);
    thread.waiting.delete(reply.id);
    if (thread.waiting.size === 0) worker.unref();
    if ('error' in reply) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.body);
  });
  const fail = (error: Error) => {
    for (const waiter of thread.waiting.values()) waiter.reject(error);
    thread.waiting.clear();
    // The next seed run starts a new thread.
    if (state.thread === thread) state.thread = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`tile seeding thread stopped (exit ${code})`)));
  return thread;
}

/** Stop the cutting thread (the server is closing). */
export async function stopSeeding(ctx: ServiceContext): Promise<void> {
  const state = states.get(ctx);
  const thread = state?.thread;
  if (!state || !thread) return;
  state.thread = null;
  await thread.worker.terminate();
}
