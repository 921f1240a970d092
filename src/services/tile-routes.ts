/**
 * Vector tiles over HTTP: `/tiles/{layer}/{z}/{x}/{y}.mvt` and `/tiles/{layer}.json` (TileJSON).
 * Outside /api, so MapLibre and GIS desktops reach them by plain URLs; anyone may call them, and the
 * layer's own rule decides per request (public layers for all, internal ones for those who may read
 * them, cut to their region).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';
import { readableLayer, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';
import { isValidTile, MAX_TILE_ZOOM } from './tile-math.js';
import { layerTile, tileEtag, tileJson } from './tiles.js';

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

const layerParam = { type: 'string', minLength: 1, maxLength: 64 } as const;

export function tileRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { layer: string; z: number; x: number; y: number } }>(
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
      const access = await readableLayer(ctx.store, request.principal, code);
      const etag = tileEtag(access, tile);
      cacheHeaders(reply, access, etag);
      if (notModified(request, etag)) return reply.status(304).send();
      const body = await layerTile(ctx, access, tile, etag);
      if (body.byteLength === 0) return reply.status(204).send();
      return reply.type(MVT_MEDIA_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
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
      const access = await readableLayer(ctx.store, request.principal, request.params.layer);
      reply.header('cache-control', access.layer.is_public === 1 ? 'public, max-age=60' : 'private, no-cache');
      return tileJson(ctx, access, `${request.protocol}://${request.host}`);
    },
  );
}

/**
 * Public tiles may sit in shared caches for a minute; internal ones only in the reader's own, and are
 * revalidated every time (their ETag changes with the layer, so a 304 costs one small query).
 */
function cacheHeaders(reply: FastifyReply, access: LayerAccess, etag: string): void {
  reply.header('etag', etag);
  reply.header('cache-control', access.layer.is_public === 1 ? 'public, max-age=60' : 'private, no-cache');
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
