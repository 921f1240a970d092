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
 * request — a map asks for its tiles in bursts, and a seed tile started inside one (5–15 ms of
 * synchronous cutting) would hold up the rest of it. It runs once per layer version and reader scope
 * per process, and stops at an eighth of the tile cache, so it never evicts more than it adds.
 */
import { scopeKey, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';
import { tileAt } from './tile-math.js';
import { overviewMinZoom } from './tile-overview.js';
import { gzippedTile } from './tiles.js';

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
}

const states = new WeakMap<ServiceContext, SeedState>();

function stateOf(ctx: ServiceContext): SeedState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { live: 0, lastRequest: 0, seeded: new Map() }));
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
        bytes += (await gzippedTile(ctx, access, { z, x, y })).byteLength;
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
