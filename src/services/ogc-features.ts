/**
 * Reading a layer's features for OGC API – Features: a page in fid order with the count of all that
 * match (bbox through the store's spatial index, equality on typed columns), or one feature by id.
 * One Kysely code path on both stores; geometries come back as GeoJSON in EPSG:4490 lon/lat.
 */
import type { Feature, Geometry } from 'geojson';
import { readJson, type BBox } from '../store/store.js';
import { attributeColumns } from './feature-columns.js';
import { layerRows, looseDb, type FeatureRow, type LayerAccess } from './layer-access.js';
import type { ServiceContext } from './service-context.js';

/** A feature as GeoJSON; an empty stored geometry is `null`, as RFC 7946 §3.2 allows. */
export type LayerFeature = Feature<Geometry | null>;

export interface ItemsQuery {
  bbox?: BBox;
  /** Equality filters on the layer's attribute columns (already checked to be its own). */
  filters: Record<string, string>;
  limit: number;
  offset: number;
  /** False when the request's datetime misses the layer's time: nothing matches. */
  inTime: boolean;
}

export interface ItemsPage {
  features: LayerFeature[];
  numberMatched: number;
}

export async function layerItems(ctx: ServiceContext, access: LayerAccess, q: ItemsQuery): Promise<ItemsPage> {
  if (!q.inTime) return { features: [], numberMatched: 0 };
  const db = looseDb(ctx.store);
  let query = layerRows(db, access, { spatial: q.bbox !== undefined });
  if (q.bbox) query = query.where(ctx.store.dialect.bboxCondition(access.layer.feature_table, q.bbox));
  for (const [column, value] of Object.entries(q.filters)) query = query.where(column, '=', value);
  const unfiltered = !q.bbox && Object.keys(q.filters).length === 0 && !access.regionPrefix;
  // The registry keeps each layer's feature count: the common "whole layer" page needs no count(*).
  const numberMatched = unfiltered
    ? access.layer.feature_count
    : Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n as number);
  if (q.offset >= numberMatched) return { features: [], numberMatched };
  const rows = await query.select(selectedColumns(access)).orderBy('fid').limit(q.limit).offset(q.offset).execute();
  return { features: rows.map((row) => toFeature(ctx, access, row)), numberMatched };
}

/** One feature by its fid, if it belongs to the layer and the reader's region; otherwise null. */
export async function layerItem(ctx: ServiceContext, access: LayerAccess, fid: number): Promise<LayerFeature | null> {
  const row = await layerRows(looseDb(ctx.store), access)
    .select(selectedColumns(access))
    .where('fid', '=', fid)
    .executeTakeFirst();
  return row ? toFeature(ctx, access, row) : null;
}

/** The columns a feature is read with: fid, its attributes, the source attributes and the geometry. */
export const selectedColumns = (access: LayerAccess) => ['fid', ...attributeColumns(access.layer), 'attrs', 'geom'];

export function toFeature(ctx: ServiceContext, access: LayerAccess, row: FeatureRow): LayerFeature {
  const properties: Record<string, unknown> = {};
  for (const column of attributeColumns(access.layer)) properties[column] = row[column] ?? null;
  properties.attrs = readJson(row.attrs);
  return {
    type: 'Feature',
    id: Number(row.fid),
    geometry: ctx.store.dialect.decodeGeometry(row.geom),
    properties,
  };
}
