/**
 * A layer's vector tile and its TileJSON. The cache key and the ETag name the layer's version
 * (`updated_at`, feature count — read with the layer on every request), what the reader may see of it,
 * and the tile; the bytes come from the cache or the store's tile backend, gzipped once when cut (an
 * MVT shrinks to a third or less) so that neither the cache nor any later response pays for it again.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { BBox } from '../store/store.js';
import { scopeKey, type LayerAccess } from './layer-access.js';
import { encodeMvtLayer } from './mvt-writer.js';
import type { ServiceContext } from './service-context.js';
import { minFeatureDegrees, TILE_BUFFER, tileBounds, type TileCoord } from './tile-math.js';
import { ensureOverview, overviewMinZoom, overviewTile } from './tile-overview.js';

/** Highest zoom TileJSON announces; MapLibre over-zooms beyond it (a 4096 grid at z18 is 0.15 m). */
export const TILEJSON_MAX_ZOOM = 18;

const EMPTY = new Uint8Array(0);
/**
 * Changes whenever what a tile holds changes for the same data (size rules, attributes, cutting), so
 * browsers holding an ETag from an older Lantu do not get a 304 for a tile that would now differ.
 */
const TILE_RULES = 'mvt-3';

const versionKey = (access: LayerAccess) => {
  const { layer } = access;
  return [TILE_RULES, layer.code, layer.updated_at, layer.feature_count, scopeKey(access)].join('|');
};
const hash = (text: string) => createHash('sha1').update(text).digest('base64url');

export function tileEtag(access: LayerAccess, { z, x, y }: TileCoord): string {
  return `"${hash([versionKey(access), z, x, y].join('|'))}"`;
}

/**
 * A short tag of the layer's version as this reader sees it. TileJSON puts it in the tile URLs
 * (`…/{z}/{x}/{y}.mvt?v=…`), so a tile asked for under the current tag may be kept by the browser for
 * good: a change to the layer changes the tag, and the next TileJSON names new URLs.
 */
export const tileVersion = (access: LayerAccess) => hash(versionKey(access)).slice(0, 12);

const gzip = promisify(zlib.gzip);

/**
 * The tile as a gzip stream of its MVT bytes, empty when no feature falls in it. Compressed on the
 * libuv thread pool (zlib level 6: ~2 ms for a 100 KB tile), off the thread that serves requests.
 */
export async function gzippedTile(
  ctx: ServiceContext,
  access: LayerAccess,
  tile: TileCoord,
  etag = tileEtag(access, tile),
): Promise<Uint8Array> {
  const cached = ctx.tiles.get(etag);
  if (cached) return cached;
  const mvt = await renderTile(ctx, access, tile);
  const body: Uint8Array = mvt ? await gzip(mvt) : EMPTY;
  ctx.tiles.set(etag, body);
  return body;
}

async function renderTile(ctx: ServiceContext, access: LayerAccess, tile: TileCoord): Promise<Uint8Array | null> {
  const stats = await ctx.stats(access);
  if (!stats.extent || tile.z < overviewMinZoom(stats)) return null;
  const bounds = tileBounds(tile, TILE_BUFFER);
  if (!intersects(bounds, stats.extent)) return null;
  if (tile.z < stats.minZoom) {
    // Too many features to cut at this zoom: the layer's stored overview stands for them.
    await ensureOverview(ctx.store, ctx.backend, access, stats);
    const features = await overviewTile(ctx.store, access, tile, stats.minZoom);
    return features.length ? encodeMvtLayer(access.layer.code, features) : null;
  }
  const sized = access.spec.geometry === 'polygon' || access.spec.geometry === 'line';
  return ctx.backend.renderTile({ access, tile, bounds, minSize: sized ? minFeatureDegrees(tile) : null });
}

const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** TileJSON 3.0.0 (github.com/mapbox/tilejson-spec) for MapLibre: where the tiles are and what they hold. */
export async function tileJson(ctx: ServiceContext, access: LayerAccess, baseUrl: string) {
  const { layer, spec } = access;
  const stats = await ctx.stats(access);
  const bounds = stats.extent ?? [-180, -85.0511, 180, 85.0511];
  const fields: Record<string, string> = {};
  for (const c of spec.tileColumns) fields[c] = 'String';
  const minzoom = Math.min(overviewMinZoom(stats), TILEJSON_MAX_ZOOM);
  if (minzoom < stats.minZoom) {
    // MapLibre asks for the TileJSON before any tile: start a stale overview's build now, so the first
    // low-zoom tiles wait for less of it. Its failure is not this answer's; a tile request retries.
    ensureOverview(ctx.store, ctx.backend, access, stats).catch(() => undefined);
    // Below the layer's own minzoom its tiles are the overview's (tile-overview.ts).
    fields.class = 'String';
    fields.class_name = 'String';
    fields.share = 'Number';
    fields.patches = 'Number';
  }
  const description = layer.title_en ? `${layer.title} ${layer.title_en}` : layer.title;
  return {
    tilejson: '3.0.0',
    name: layer.title,
    description,
    version: '1.0.0',
    attribution: layer.source ?? '',
    scheme: 'xyz',
    tiles: [`${baseUrl}/tiles/${encodeURIComponent(layer.code)}/{z}/{x}/{y}.mvt?v=${tileVersion(access)}`],
    minzoom,
    maxzoom: TILEJSON_MAX_ZOOM,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.max(minzoom, 12)],
    // Each feature's fid is its MVT feature id (MapLibre's feature.id, GDAL's FID), not a field.
    vector_layers: [{ id: layer.code, description, minzoom, maxzoom: TILEJSON_MAX_ZOOM, fields }],
  };
}
