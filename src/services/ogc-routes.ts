/**
 * OGC API – Features at /ogc (Part 1 Core + GeoJSON + OpenAPI 3.0; Part 2 CRS by reference): one
 * collection per layer the caller may read — anonymous callers see the public ones. Outside /api so
 * GIS clients find it by the usual paths; every request is checked against the layer's own rule and
 * errors come in the platform's one JSON error shape.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Geometry, Position } from 'geojson';
import { badRequest, notFound } from '../errors.js';
import { listLayers } from '../onemap/layers.js';
import { attributeColumns } from './feature-columns.js';
import { readableLayer } from './layer-access.js';
import {
  collectionDocument,
  collectionUrl,
  conformance,
  GEOJSON,
  JSON_TYPE,
  landingPage,
  type Link,
} from './ogc-documents.js';
import { layerItem, layerItems, type LayerFeature } from './ogc-features.js';
import {
  EPSG_4490,
  overlaps,
  parseBbox,
  parseCrs,
  parseDatetime,
  yearInterval,
  type SupportedCrs,
} from './ogc-params.js';
import type { ServiceContext } from './service-context.js';

export const OGC_DEFAULT_LIMIT = 10;
export const OGC_MAX_LIMIT = 10_000;

interface ItemsQuerystring {
  limit: number;
  offset: number;
  bbox?: string;
  'bbox-crs'?: string;
  crs?: string;
  datetime?: string;
  f?: string;
  [property: string]: unknown;
}

const KNOWN_PARAMETERS = new Set(['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'datetime', 'f']);
const collectionParams = {
  type: 'object',
  properties: { collectionId: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;
const f = { type: 'string', enum: ['json', 'geojson'], description: 'Only JSON is served' } as const;
const tags = ['OGC API – Features'];

export function ogcRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const common = { config: { access: 'public' as const } };

  app.get(
    '/ogc',
    {
      ...common,
      schema: { tags, summary: 'OGC API 首页 Landing page', querystring: { type: 'object', properties: { f } } },
    },
    async (request, reply) => reply.type(JSON_TYPE).send(landingPage(base(request))),
  );

  app.get(
    '/ogc/conformance',
    {
      ...common,
      schema: { tags, summary: '符合性声明 Conformance classes', querystring: { type: 'object', properties: { f } } },
    },
    async (_request, reply) => reply.type(JSON_TYPE).send(conformance()),
  );

  app.get(
    '/ogc/collections',
    {
      ...common,
      schema: {
        tags,
        summary: '要素集合（可读图层） Collections: the layers you may read',
        querystring: { type: 'object', properties: { f } },
      },
    },
    async (request, reply) => {
      const collections = [];
      for (const view of await listLayers(ctx.store, request.principal)) {
        const access = await readableLayer(ctx.store, request.principal, view.code);
        const { extent } = await ctx.stats(access);
        collections.push(collectionDocument(base(request), access.layer, extent));
      }
      const links: Link[] = [{ href: `${base(request)}/ogc/collections`, rel: 'self', type: JSON_TYPE }];
      return reply.type(JSON_TYPE).send({ links, collections });
    },
  );

  app.get<{ Params: { collectionId: string } }>(
    '/ogc/collections/:collectionId',
    {
      ...common,
      schema: {
        tags,
        summary: '要素集合 One collection',
        params: collectionParams,
        querystring: { type: 'object', properties: { f } },
      },
    },
    async (request, reply) => {
      const access = await readableLayer(ctx.store, request.principal, request.params.collectionId);
      const { extent } = await ctx.stats(access);
      return reply.type(JSON_TYPE).send(collectionDocument(base(request), access.layer, extent));
    },
  );

  app.get<{ Params: { collectionId: string }; Querystring: ItemsQuerystring }>(
    '/ogc/collections/:collectionId/items',
    {
      ...common,
      schema: {
        tags,
        summary: '要素（GeoJSON，分页） Features of a collection, a page at a time',
        description:
          "Also filters by equality on the layer's typed attributes, e.g. `?dlbm=0101` (see the collection's layer category).",
        params: collectionParams,
        querystring: {
          type: 'object',
          additionalProperties: true,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT },
            offset: { type: 'integer', minimum: 0, default: 0 },
            bbox: { type: 'string', description: 'minx,miny,maxx,maxy in the axis order of bbox-crs' },
            'bbox-crs': { type: 'string' },
            crs: { type: 'string' },
            datetime: { type: 'string', description: 'RFC 3339 instant or interval; layers with a status year only' },
            f,
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const access = await readableLayer(ctx.store, request.principal, request.params.collectionId);
      const columns = attributeColumns(access.layer);
      const filters: Record<string, string> = {};
      for (const [name, value] of Object.entries(q)) {
        if (KNOWN_PARAMETERS.has(name)) continue;
        if (!columns.includes(name)) {
          throw badRequest(
            'parameter_unknown',
            `未知的查询参数 ${name}；可按以下属性筛选：${columns.join('、')}`,
            `unknown query parameter ${name}; the properties you may filter on: ${columns.join(', ')}`,
            { field: name },
          );
        }
        if (typeof value !== 'string') {
          throw badRequest('parameter_repeated', `参数 ${name} 只能给一次`, `parameter ${name} may be given once`, {
            field: name,
          });
        }
        filters[name] = value;
      }
      const crs = parseCrs(q.crs, 'crs');
      const bbox = q.bbox === undefined ? undefined : parseBbox(q.bbox, parseCrs(q['bbox-crs'], 'bbox-crs'));
      if (q.bbox === undefined && q['bbox-crs'] !== undefined) parseCrs(q['bbox-crs'], 'bbox-crs');
      let inTime = true;
      if (q.datetime !== undefined) {
        const year = access.layer.status_year;
        if (year === null) {
          throw badRequest(
            'datetime_not_applicable',
            `图层 ${access.layer.code} 没有时间属性（无现状年份），不能按 datetime 筛选`,
            `layer ${access.layer.code} has no time (no status year); datetime does not apply`,
            { field: 'datetime' },
          );
        }
        inTime = overlaps(parseDatetime(q.datetime), yearInterval(year));
      }
      const page = await layerItems(ctx, access, { bbox, filters, limit: q.limit, offset: q.offset, inTime });
      const url = new URL(request.url, base(request));
      const pageLink = (rel: string, offset: number): Link => {
        const u = new URL(url);
        u.searchParams.set('offset', String(offset));
        u.searchParams.set('limit', String(q.limit));
        return { href: u.toString(), rel, type: GEOJSON, title: rel === 'next' ? 'Next page' : 'Previous page' };
      };
      const links: Link[] = [
        { href: url.toString(), rel: 'self', type: GEOJSON, title: 'This page' },
        { href: collectionUrl(base(request), access.layer.code), rel: 'collection', type: JSON_TYPE },
      ];
      if (q.offset + page.features.length < page.numberMatched) links.push(pageLink('next', q.offset + q.limit));
      if (q.offset > 0) links.push(pageLink('prev', Math.max(0, q.offset - q.limit)));
      sendGeoJSON(reply, crs, {
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: page.numberMatched,
        numberReturned: page.features.length,
        features: page.features.map((feature) => inCrs(feature, crs)),
        links,
      });
    },
  );

  app.get<{ Params: { collectionId: string; featureId: string }; Querystring: { crs?: string; f?: string } }>(
    '/ogc/collections/:collectionId/items/:featureId',
    {
      ...common,
      schema: {
        tags,
        summary: '单个要素 One feature',
        params: {
          type: 'object',
          properties: { ...collectionParams.properties, featureId: { type: 'string', maxLength: 20 } },
        },
        querystring: { type: 'object', additionalProperties: false, properties: { crs: { type: 'string' }, f } },
      },
    },
    async (request, reply) => {
      const { collectionId, featureId } = request.params;
      const access = await readableLayer(ctx.store, request.principal, collectionId);
      const crs = parseCrs(request.query.crs, 'crs');
      const fid = /^\d{1,15}$/.test(featureId) ? Number(featureId) : null;
      const feature = fid === null ? null : await layerItem(ctx, access, fid);
      if (!feature)
        throw notFound({ zh: `图层 ${collectionId} 中的要素`, en: `feature of layer ${collectionId}` }, featureId);
      const url = collectionUrl(base(request), access.layer.code);
      const links: Link[] = [
        { href: `${url}/items/${featureId}`, rel: 'self', type: GEOJSON },
        { href: url, rel: 'collection', type: JSON_TYPE },
      ];
      sendGeoJSON(reply, crs, { ...inCrs(feature, crs), links });
    },
  );
}

/** GeoJSON with the CRS named in `Content-Crs` (Part 2 §6.2.2), also when it is the CRS84 default. */
function sendGeoJSON(reply: FastifyReply, crs: SupportedCrs, body: unknown): void {
  reply.header('content-crs', `<${crs}>`);
  reply.type(GEOJSON).send(body);
}

/**
 * Coordinates in the axis order the CRS defines: stored lon/lat is CRS84's order already; EPSG:4490
 * puts latitude first (OGC 18-058r1 §6.2, "the axis order is as defined by the CRS").
 */
function inCrs(feature: LayerFeature, crs: SupportedCrs): LayerFeature {
  if (crs !== EPSG_4490 || !feature.geometry) return feature;
  return { ...feature, geometry: swapAxes(feature.geometry) };
}

function swapAxes(g: Geometry): Geometry {
  const p = (c: Position): Position => [c[1]!, c[0]!, ...c.slice(2)];
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: p(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(p) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(p)) } as Geometry;
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((poly) => poly.map((l) => l.map(p))) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map(swapAxes) };
  }
}
