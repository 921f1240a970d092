/**
 * Identify: the features of the chosen layers at a point on the map. Polygons are hit when they cover
 * the point (boundary included); lines and points, which a click never lands on exactly, when they
 * cross a small square around it. A tolerance given explicitly widens polygons to the square too.
 * Candidates come through the store's spatial index; the exact test is GEOS's (the kernel's
 * `intersects`, prepared on the point or square).
 *
 *   identify(ctx, viewer, { lon: 117.26, lat: 31.79, layers: ['landsurvey-2025'], toleranceM: 5 })
 */
import type { Polygon } from 'geojson';
import type { Principal } from '../auth/principal.js';
import { getGeos } from '../geo/geos.js';
import { layerRows, looseDb, readableLayer, type LayerAccess } from './layer-access.js';
import { selectedColumns, toFeature, type LayerFeature } from './ogc-features.js';
import type { ServiceContext } from './service-context.js';

/** Features returned per layer at most; a click rarely hits more than a handful. */
export const IDENTIFY_MAX_FEATURES = 50;
/** Candidates read per layer before the exact test (the index boxes of features near the point). */
const MAX_CANDIDATES = 500;
/** Metres per degree of latitude (CGCS2000 mean; 0.3 % from the local value, enough for a search box). */
const METRES_PER_DEGREE = 111_320;

export interface IdentifyQuery {
  lon: number;
  lat: number;
  layers: string[];
  /** Half the side of the search square, metres. */
  toleranceM: number;
  /** True when the caller set the tolerance: then polygons are searched with the square too. */
  toleranceGiven: boolean;
}

export interface IdentifyLayerResult {
  code: string;
  title: string;
  features: LayerFeature[];
  /** True when more features were hit than returned. */
  truncated: boolean;
}

export async function identify(ctx: ServiceContext, viewer: Principal, q: IdentifyQuery) {
  // Every layer is checked before any is read: one refused layer refuses the request.
  const accesses = [];
  for (const code of q.layers) accesses.push(await readableLayer(ctx.store, viewer, code));
  const results: IdentifyLayerResult[] = [];
  for (const access of accesses) results.push(await identifyInLayer(ctx, access, q));
  return { lon: q.lon, lat: q.lat, toleranceM: q.toleranceM, layers: results };
}

async function identifyInLayer(
  ctx: ServiceContext,
  access: LayerAccess,
  q: IdentifyQuery,
): Promise<IdentifyLayerResult> {
  const dLat = q.toleranceM / METRES_PER_DEGREE;
  const dLon = dLat / Math.max(0.01, Math.cos((q.lat * Math.PI) / 180));
  const rows = await layerRows(looseDb(ctx.store), access, { spatial: true })
    .where(
      ctx.store.dialect.bboxCondition(access.layer.feature_table, [
        q.lon - dLon,
        q.lat - dLat,
        q.lon + dLon,
        q.lat + dLat,
      ]),
    )
    .select(selectedColumns(access))
    .orderBy('fid')
    .limit(MAX_CANDIDATES)
    .execute();
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [q.lon - dLon, q.lat - dLat],
        [q.lon + dLon, q.lat - dLat],
        [q.lon + dLon, q.lat + dLat],
        [q.lon - dLon, q.lat + dLat],
        [q.lon - dLon, q.lat - dLat],
      ],
    ],
  };
  const geos = await getGeos();
  const hits = geos.scope((own) => {
    const point = own.prepared(geos.prepare(own(geos.fromGeoJSON({ type: 'Point', coordinates: [q.lon, q.lat] }))));
    const box = own.prepared(geos.prepare(own(geos.fromGeoJSON(square))));
    const found: LayerFeature[] = [];
    for (const row of rows) {
      const feature = toFeature(ctx, access, row);
      const geometry = feature.geometry;
      if (!geometry) continue;
      const polygonal = geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
      const probe = polygonal && !q.toleranceGiven ? point : box;
      if (geos.preparedIntersects(probe, own(geos.fromGeoJSON(geometry)))) found.push(feature);
    }
    return found;
  });
  return {
    code: access.layer.code,
    title: access.layer.title,
    features: hits.slice(0, IDENTIFY_MAX_FEATURES),
    truncated: hits.length > IDENTIFY_MAX_FEATURES,
  };
}
