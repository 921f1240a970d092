/**
 * Layer services over HTTP, for clients nobody here wrote: vector tiles for MapLibre, OGC API –
 * Features for QGIS, ArcGIS and GDAL, and identify for a click on the map. One registration; each
 * request is checked against the layer's own permission rule.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { createServiceContext } from './service-context.js';
import { identifyRoutes } from './identify-routes.js';
import { ogcRoutes } from './ogc-routes.js';
import { tileRoutes } from './tile-routes.js';
import { stopSeeding } from './tile-seed.js';

export async function layerServiceRoutes(app: FastifyInstance, { store }: { store: Store }) {
  const ctx = createServiceContext(store);
  tileRoutes(app, ctx);
  ogcRoutes(app, ctx);
  identifyRoutes(app, ctx);
  app.addHook('onClose', () => stopSeeding(ctx));
}
