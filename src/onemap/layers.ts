/**
 * The layer registry and reading features. Public layers (published plans, control lines) are readable
 * by anyone, even without signing in; internal layers need `layer.read_internal`, and their features are
 * limited to the reader's region subtree.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { Principal } from '../auth/principal.js';
import { hasPermission } from '../auth/roles.js';
import { assertReadRegion, regionAncestry } from '../auth/scope.js';
import { forbidden, notFound } from '../errors.js';
import { readJson, type BBox, type Store } from '../store/store.js';
import type { FeatureTableName, Layer } from './onemap-tables.js';

export interface LayerView {
  code: string;
  title: string;
  titleEn: string | null;
  category: Layer['category'];
  planVersionId: number | null;
  statusYear: number | null;
  classification: string | null;
  isPublic: boolean;
  regionCode: string;
  source: string | null;
  featureCount: number;
  updatedAt: string;
}

const presentLayer = (l: Layer): LayerView => ({
  code: l.code,
  title: l.title,
  titleEn: l.title_en,
  category: l.category,
  planVersionId: l.plan_version_id,
  statusYear: l.status_year,
  classification: l.classification,
  isPublic: l.is_public === 1,
  regionCode: l.region_code,
  source: l.source,
  featureCount: l.feature_count,
  updatedAt: l.updated_at,
});

const mayReadInternal = (viewer: Principal) =>
  viewer.userId !== null && hasPermission(viewer.role, 'layer.read_internal');

export async function listLayers(store: Store, viewer: Principal): Promise<LayerView[]> {
  let query = store.db.selectFrom('layer').selectAll().orderBy('category').orderBy('code');
  if (!mayReadInternal(viewer)) query = query.where('is_public', '=', 1);
  else if (viewer.regionCode) {
    const region = viewer.regionCode;
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'in', regionAncestry(region))]),
    );
  }
  return (await query.execute()).map(presentLayer);
}

export async function getLayer(store: Store, viewer: Principal, code: string): Promise<Layer> {
  const layer = await store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirst();
  if (!layer) throw notFound({ zh: '图层', en: 'layer' }, code);
  if (layer.is_public !== 1) {
    if (!mayReadInternal(viewer)) throw forbidden(`图层 ${code} 不公开`, `layer ${code} is not public`);
    assertReadRegion(viewer, layer.region_code);
  }
  return layer;
}

export const getLayerView = async (store: Store, viewer: Principal, code: string) =>
  presentLayer(await getLayer(store, viewer, code));

export interface FeatureQuery {
  bbox?: BBox;
  limit: number;
  offset: number;
}

/**
 * Features of a layer as GeoJSON, in fid order, optionally within a bounding box. Internal layers are
 * cut to the reader's region subtree (feature region codes are townships or finer, so a prefix match).
 */
export async function layerFeatures(
  store: Store,
  viewer: Principal,
  code: string,
  q: FeatureQuery,
): Promise<FeatureCollection & { numberMatched: number }> {
  const layer = await getLayer(store, viewer, code);
  const table: FeatureTableName = layer.feature_table;
  // Feature tables share their base columns; the typed builder is used on the common ones only.
  let query = store.db.selectFrom(table as 'land_survey').where('layer_id', '=', layer.id);
  if (layer.is_public !== 1 && viewer.regionCode) query = query.where('region_code', 'like', `${viewer.regionCode}%`);
  if (q.bbox) query = query.where(store.dialect.bboxCondition(table, q.bbox));
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('fid').limit(q.limit).offset(q.offset).execute();
  const features: Feature[] = rows.map((row) => {
    const {
      fid,
      geom,
      attrs,
      layer_id: _layer,
      ...columns
    } = row as Record<string, unknown> & { fid: number; geom: unknown; attrs: unknown };
    return {
      type: 'Feature',
      id: fid,
      geometry: store.dialect.decodeGeometry(geom)!,
      properties: { ...columns, attrs: readJson(attrs) },
    };
  });
  return { type: 'FeatureCollection', features, numberMatched: Number(total.n) };
}
