/**
 * Server assembly only: plugins, the error model, access control, OpenAPI, and each capability's routes.
 * Capabilities own their routes; nothing here knows what a plan or a zone is.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { analysisRoutes } from '../analysis/analysis-routes.js';
import { auditRoutes } from '../auth/audit-routes.js';
import { authRoutes } from '../auth/auth-routes.js';
import { userRoutes } from '../auth/user-routes.js';
import { catalogRoutes } from '../catalogs/catalog-routes.js';
import { checkupRoutes } from '../checkup/checkup-routes.js';
import { reportRoutes } from '../checkup/report/report-routes.js';
import { taskRoutes } from '../checkup/task-routes.js';
import { ingestRoutes } from '../ingest/ingest-routes.js';
import { jobRoutes } from '../jobs/job-routes.js';
import type { LantuConfig } from '../config.js';
import { monitoringRoutes } from '../monitoring/monitoring-routes.js';
import { onemapRoutes } from '../onemap/onemap-routes.js';
import { participationRoutes } from '../participation/participation-routes.js';
import { layerServiceRoutes } from '../services/layer-service-routes.js';
import type { Store } from '../store/store.js';
import { zoneRoutes } from '../zones/zone-routes.js';
import { installAccessControl } from './access.js';
import { installErrorHandling } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { validationError } from './validation-messages.js';
import { webApp } from './web-app.js';
import { LANTU_VERSION } from '../version.js';

export interface ServerOptions {
  store: Store;
  config: LantuConfig;
  /** Fastify's logger; off in tests. */
  logger?: boolean;
}

export async function buildServer({ store, config, logger = false }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    trustProxy: true,
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    schemaErrorFormatter: (errors, dataVar) => validationError(errors, dataVar),
  });
  installErrorHandling(app);
  await app.register(cookie);
  // Limits apply where a route asks (public endpoints); counters are per process (see docs/operations.md).
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lantu 蓝图 API',
        description: '国土空间规划“一张图”实施监督信息系统 — territorial spatial planning implementation supervision',
        version: LANTU_VERSION,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'lantu_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  installAccessControl(app, store);
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const deps = { store, config, version: LANTU_VERSION };
  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(zoneRoutes, deps);
  await app.register(onemapRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(monitoringRoutes, deps);
  await app.register(participationRoutes, deps);
  await app.register(jobRoutes, deps);
  await app.register(ingestRoutes, deps);
  await app.register(layerServiceRoutes, deps);
  await app.register(analysisRoutes, deps);
  await app.register(checkupRoutes, deps);
  await app.register(taskRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(webApp);
  return app;
}
