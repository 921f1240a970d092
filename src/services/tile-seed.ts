/**
 * Tiles cut ahead of the map. A map opens on a layer's extent (or the reader's region) and pans and
 * zooms around it, so the zooms at which the whole layer spans a few screens are the ones every map
 * asks for first — and, cut on demand, a screenful of them queues on one Node process (12–20 requests
 * at once; the last waits for the sum). When a reader's map asks for a layer's TileJSON, the tiles of
 * those zooms (each zoom whose tiles over the layer's extent number at most SEED_TILES) are cut into
 * the tile cache in the background, lowest zoom first.
 *
 * Requests come first: the seeder cuts one tile at a time and waits while any tile request is being
 * served. It runs once per layer version and reader scope per process, and stops at an eighth of the
 * tile cache, so it never evicts more than it adds.
 */
import { scopeKey, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';
import { tileAt } from './tile-math.js';
import { overviewMinZoom } from './tile-overview.js';
import { gzippedTile } from './tiles.js';

/** At most this many tiles at a zoom over the layer's extent (~4 screens of 512-pixel tiles) to seed it. */
export const SEED_TILES = 64;
/** Never above this zoom: a layer this small is a few tiles at any zoom, and cut in milliseconds. */
const SEED_MAX_ZOOM = 16;

interface SeedState {
  /** Tile requests being served now. */
  live: number;
  /** Layer version seeded (or being seeded) per layer and scope. */
  seeded: Map<string, string>;
}

const states = new WeakMap<ServiceContext, SeedState>();

function stateOf(ctx: ServiceContext): SeedState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = { live: 0, seeded: new Map() }));
  return state;
}

/** Serve a tile request; while any is being served, seeding waits. */
export async function servingTile<T>(ctx: ServiceContext, serve: () => Promise<T>): Promise<T> {
  const state = stateOf(ctx);
  state.live++;
  try {
    return await serve();
  } finally {
    state.live--;
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
  let bytes = 0;
  let count = 0;
  for (let z = overviewMinZoom(stats); z <= SEED_MAX_ZOOM; z++) {
    const nw = tileAt(minX, maxY, z);
    const se = tileAt(maxX, minY, z);
    if ((se.x - nw.x + 1) * (se.y - nw.y + 1) > SEED_TILES) break;
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
  while (state.live > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}
