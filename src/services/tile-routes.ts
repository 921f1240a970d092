/**
 * Vector tiles over HTTP: `/tiles/{layer}/{z}/{x}/{y}.mvt` and `/tiles/{layer}.json` (TileJSON).
 * Outside /api, so MapLibre and GIS desktops reach them by plain URLs; anyone may call them, and the
 * layer's own rule decides per request (public layers for all, internal ones for those who may read
 * them, cut to their region).
 */
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';
import { readableLayer, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';
import { isValidTile, MAX_TILE_ZOOM } from './tile-math.js';
import { tileAccess } from './tile-scope.js';
import { seedLayerTiles, servingTile } from './tile-seed.js';
import { gzippedTile, tileEtag, tileJson, tileVersion } from './tiles.js';

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

const layerParam = { type: 'string', minLength: 1, maxLength: 64 } as const;

export function tileRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { layer: string; z: number; x: number; y: number }; Querystring: { v?: string } }>(
    '/tiles/:layer/:z/:x/:y.mvt',
    {
      config: { access: 'public' },
      schema: {
        tags: ['layer services'],
        summary: '矢量瓦片（MVT） A vector tile of a layer (Mapbox Vector Tile, Web Mercator XYZ)',
        params: {
          type: 'object',
          properties: {
            layer: layerParam,
            z: { type: 'integer', minimum: 0, maximum: MAX_TILE_ZOOM },
            x: { type: 'integer', minimum: 0 },
            y: { type: 'integer', minimum: 0 },
          },
        },
        querystring: {
          type: 'object',
          properties: { v: { type: 'string', maxLength: 64, description: 'layer version tag from TileJSON' } },
        },
      },
    },
    async (request, reply) => {
      const { layer: code, z, x, y } = request.params;
      const tile = { z, x, y };
      if (!isValidTile(tile)) {
        const field = x >= 2 ** z ? 'x' : 'y';
        throw badRequest(
          'tile_out_of_range',
          `瓦片 ${z}/${x}/${y} 超出范围：第 ${z} 级的 ${field} 应在 0 到 ${2 ** z - 1} 之间`,
          `tile ${z}/${x}/${y} is out of range: at zoom ${z}, ${field} must be from 0 to ${2 ** z - 1}`,
          { field },
        );
      }
      const access = await tileAccess(ctx.store, await readableLayer(ctx.store, request.principal, code));
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      const etag = tileEtag(access, tile);
      // A strong ETag names one representation: the gzipped one gets its own (RFC 9110 §8.8.3).
      const sentTag = gzip ? `${etag.slice(0, -1)}-gz"` : etag;
      cacheHeaders(reply, access, sentTag, request.query.v === tileVersion(access));
      reply.header('vary', 'accept-encoding');
      if (notModified(request, sentTag)) return reply.status(304).send();
      const started = performance.now();
      const cached = ctx.tiles.has(etag);
      const body = await servingTile(ctx, () => gzippedTile(ctx, access, tile, etag));
      // How long the tile took here and whether it was cut for this request (devtools show it).
      reply.header(
        'server-timing',
        `tile;dur=${(performance.now() - started).toFixed(1)};desc=${cached ? 'cache' : 'cut'}`,
      );
      if (body.byteLength === 0) return reply.status(204).send();
      reply.type(MVT_MEDIA_TYPE);
      if (!gzip) return reply.send(zlib.gunzipSync(body));
      return reply.header('content-encoding', 'gzip').send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );

  app.get<{ Params: { layer: string } }>(
    '/tiles/:layer.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['layer services'],
        summary: 'TileJSON：瓦片地址、范围与字段 TileJSON 3.0 of a layer, for MapLibre',
        params: { type: 'object', properties: { layer: layerParam } },
      },
    },
    async (request, reply) => {
      const access = await tileAccess(
        ctx.store,
        await readableLayer(ctx.store, request.principal, request.params.layer),
      );
      reply.header('cache-control', access.layer.is_public === 1 ? 'public, max-age=60' : 'private, no-cache');
      const doc = await tileJson(ctx, access, `${request.protocol}://${request.host}`);
      // A map is opening on this layer: cut its first zooms ahead of it. Its failure is not this answer's.
      seedLayerTiles(ctx, access).catch(() => undefined);
      return doc;
    },
  );
}

/**
 * A tile asked for under the layer's current version tag (the URL TileJSON gives) never changes, so
 * the browser keeps it for good and a map panning back over it asks nothing. Asked for without the
 * tag (or an old one), public tiles may sit in shared caches for a minute; internal ones only in the
 * reader's own, and are revalidated every time (their ETag changes with the layer, so a 304 costs one
 * small query). Internal tiles never go to shared caches.
 */
function cacheHeaders(reply: FastifyReply, access: LayerAccess, etag: string, current: boolean): void {
  const visibility = access.layer.is_public === 1 ? 'public' : 'private';
  reply.header('etag', etag);
  if (current) reply.header('cache-control', `${visibility}, max-age=31536000, immutable`);
  else reply.header('cache-control', visibility === 'public' ? 'public, max-age=60' : 'private, no-cache');
}

/** Whether Accept-Encoding allows gzip (RFC 9110 §12.5.3): named, or `*`, with a q above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const allowed = q === undefined || Number(q) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star;
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
