/** `GET /api/identify`: what is at this point, in these layers. Anyone may ask; each layer's rule applies. */
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.js';
import { identify } from './identify.js';
import type { ServiceContext } from './service-context.js';
import { metresPerPixel } from './tile-math.js';

/** Without a tolerance: 3 pixels at the given zoom, or 5 m when no zoom is given. */
const DEFAULT_TOLERANCE_PX = 3;
const DEFAULT_TOLERANCE_M = 5;
/** A search square wider than this is a query, not a click: use OGC API items with a bbox. */
const MAX_TOLERANCE_M = 1000;
const MAX_LAYERS = 20;

interface IdentifyQuerystring {
  lon: number;
  lat: number;
  layers: string;
  tolerance?: string;
  zoom?: number;
}

export function identifyRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Querystring: IdentifyQuerystring }>(
    '/api/identify',
    {
      config: { access: 'public' },
      schema: {
        tags: ['layer services'],
        summary: '点查询 Identify: the features of the chosen layers at a point',
        querystring: {
          type: 'object',
          required: ['lon', 'lat', 'layers'],
          additionalProperties: false,
          properties: {
            lon: { type: 'number', minimum: -180, maximum: 180, description: 'longitude, EPSG:4490 degrees' },
            lat: { type: 'number', minimum: -90, maximum: 90, description: 'latitude, EPSG:4490 degrees' },
            layers: { type: 'string', minLength: 1, maxLength: 2000, description: 'layer codes, comma-separated' },
            tolerance: {
              type: 'string',
              pattern: '^\\d+(\\.\\d+)?(m|px)?$',
              description: 'search radius: metres (`5`, `5m`) or pixels at `zoom` (`3px`)',
            },
            zoom: { type: 'number', minimum: 0, maximum: 24, description: 'map zoom, for a tolerance in pixels' },
          },
        },
      },
    },
    async (request) => {
      const { lon, lat, tolerance, zoom } = request.query;
      const layers = [...new Set(request.query.layers.split(',').map((s) => s.trim()))].filter(Boolean);
      if (layers.length === 0 || layers.length > MAX_LAYERS) {
        throw badRequest(
          'layers_invalid',
          `参数 layers 应列出 1 到 ${MAX_LAYERS} 个图层代码`,
          `parameter layers must name 1 to ${MAX_LAYERS} layer codes`,
          { field: 'layers' },
        );
      }
      const toleranceM = toleranceMetres(tolerance, zoom, lat);
      return identify(ctx, request.principal, {
        lon,
        lat,
        layers,
        toleranceM,
        toleranceGiven: tolerance !== undefined,
      });
    },
  );
}

function toleranceMetres(tolerance: string | undefined, zoom: number | undefined, lat: number): number {
  const inPixels = tolerance === undefined ? zoom !== undefined : tolerance.endsWith('px');
  const value =
    tolerance === undefined ? (inPixels ? DEFAULT_TOLERANCE_PX : DEFAULT_TOLERANCE_M) : parseFloat(tolerance);
  if (inPixels && zoom === undefined) {
    throw badRequest(
      'zoom_required',
      '以像素给出容差时须同时给出地图级别 zoom',
      'a tolerance in pixels needs the map zoom (parameter zoom)',
      { field: 'zoom' },
    );
  }
  const metres = inPixels ? value * metresPerPixel(zoom!, lat) : value;
  if (metres > MAX_TOLERANCE_M) {
    throw badRequest(
      'tolerance_too_large',
      `容差 ${Math.round(metres)} 米过大（最大 ${MAX_TOLERANCE_M} 米）；范围查询请用 OGC API 的 bbox`,
      `tolerance of ${Math.round(metres)} m is too large (at most ${MAX_TOLERANCE_M} m); for an area, use OGC API items with bbox`,
      { field: 'tolerance' },
    );
  }
  return metres;
}
