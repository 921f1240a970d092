/**
 * checkConflicts: a parcel (polygon) or a line (road, pipeline) against the control lines and the
 * planned land use of the plans in force — every overlap with its ellipsoidal area (m²) or geodesic
 * length (m), the overlap itself as evidence, totals per layer and class, and the layers checked and
 * found clear. Approval, special-plan review and the public 空间码 call this.
 *
 *   await checkConflicts(store, viewer, { geometry: parcel })
 *   // → { input: { kind: 'parcel', areaM2: 5234.1, … },
 *   //     hits: [{ layer: 'controlline-v2', class: '永久基本农田', areaM2: 812.4, evidence: {…MultiPolygon} }],
 *   //     clear: [{ layer: 'plannedlanduse-v2', … }], … }
 *
 * Which layers: category control_line or planned_land_use whose plan version is the current one (or
 * that belong to no plan version — a control line delivered on its own is not superseded by anything),
 * that the viewer may read. Candidates come from the store's spatial index (`bboxCondition`: R*Tree on
 * SQLite, GiST on PostGIS); each is clipped to the input's box before the exact GEOS intersection, so
 * a township-sized red line with ten thousand vertices costs what its few edges near the parcel cost.
 *
 * Input: GeoJSON geometry (or Feature) in CGCS2000 longitude/latitude, or in the CRS `crs` names
 * (any supported EPSG code, or 'gcj02' for web-map data). Invalid input is repaired (MakeValid) and the
 * repairs are reported; points, and coordinates that are really metres, are refused naming the field.
 */
import type { Geometry } from 'geojson';
import { sql } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { badRequest, LantuError } from '../errors.js';
import { assertSupportedCrs, projectedAsGeographic, transformGeometry, type CrsRef } from '../geo/crs.js';
import { ellipsoidalArea } from '../geo/ellipsoidal-area.js';
import { geodesicLength } from '../geo/geodesic-length.js';
import { firstBadPosition } from '../geo/geometry-parts.js';
import { GEOS_TYPE, getGeos, type Geom, type Geos } from '../geo/geos.js';
import { makeValid, type Repair } from '../geo/make-valid.js';
import { gpkgWkbOffset } from '../geo/wkb.js';
import { getLayer } from '../onemap/layers.js';
import type { Store } from '../store/store.js';
import { FeatureCache, type CachedFeature } from './feature-cache.js';

export interface ConflictRequest {
  /** A GeoJSON Polygon/MultiPolygon (parcel) or LineString/MultiLineString (line), or a Feature of one. */
  geometry: unknown;
  /** The CRS of the input: an EPSG code (default 4490) or 'gcj02'. */
  crs?: number | 'gcj02';
  /** Check only these layers (codes); default: every control-line and planned-land-use layer in force. */
  layers?: string[];
}

export type ConflictCategory = 'control_line' | 'planned_land_use';

export interface CheckedLayer {
  code: string;
  title: string;
  category: ConflictCategory;
  planVersionId: number | null;
  planVersionLabel: string | null;
  updatedAt: string;
  featureCount: number;
  /** Features whose boxes met the input's box: the ones actually tested. */
  candidates: number;
}

export interface ConflictHit {
  layer: string;
  category: ConflictCategory;
  fid: number;
  /** line_type for control lines, ydyh_code for planned land use. */
  class: string | null;
  /** sub_type for control lines, ydyh_name for planned land use. */
  subclass: string | null;
  name: string | null;
  regionCode: string;
  areaM2?: number;
  lengthM?: number;
  /** Share of the input's area (parcels) or length (lines) inside this feature. */
  share: number;
  /** The overlap, CGCS2000 longitude/latitude. */
  evidence: Geometry;
}

export interface ConflictSummary {
  layer: string;
  class: string | null;
  features: number;
  areaM2?: number;
  lengthM?: number;
  share: number;
}

export interface ConflictResult {
  input: { kind: 'parcel' | 'line'; areaM2?: number; lengthM?: number; repairs: Repair[]; geometry: Geometry };
  conflict: boolean;
  hits: ConflictHit[];
  summary: ConflictSummary[];
  checked: CheckedLayer[];
  clear: string[];
  provenance: {
    computedAt: string;
    crs: 'EPSG:4490';
    ellipsoid: 'CGCS2000';
    inputCrs: string;
    geos: string;
    seconds: number;
  };
}

/** Bigger inputs are refused: a parcel or a route, not a county. */
export const MAX_INPUT_VERTICES = 100_000;

const CLASS_COLUMNS: Record<ConflictCategory, { cls: string; sub: string; name: string | null }> = {
  control_line: { cls: 'line_type', sub: 'sub_type', name: 'name' },
  planned_land_use: { cls: 'ydyh_code', sub: 'ydyh_name', name: null },
};

export async function checkConflicts(
  store: Store,
  viewer: Principal,
  request: ConflictRequest,
): Promise<ConflictResult> {
  const started = performance.now();
  const { geometry, kind, repairs, inputCrs } = await prepareInput(request);
  const layers = await layersInForce(store, viewer, request.layers);
  const geos = await getGeos();
  const inputMeasure = kind === 'parcel' ? ellipsoidalArea(geometry) : geodesicLength(geometry);
  const box = geos.scope((own) => geos.extent(own(geos.fromGeoJSON(geometry))));
  let cache = featureCaches.get(store);
  if (!cache) featureCaches.set(store, (cache = new FeatureCache(geos)));
  const candidates: { layer: LayerInForce; features: CachedFeature[] }[] = [];
  for (const layer of layers) candidates.push({ layer, features: await candidatesOf(store, cache, layer, box) });
  const hits: ConflictHit[] = [];
  const checked: CheckedLayer[] = candidates.map(({ layer, features }) => ({
    ...layer.view,
    candidates: features.length,
  }));
  geos.scope((own) => {
    const input = own(geos.fromGeoJSON(geometry));
    for (const { layer, features } of candidates) {
      for (const feature of features) {
        const overlap = overlapOf(geos, input, box, feature, kind);
        if (!overlap) continue;
        const measure = kind === 'parcel' ? ellipsoidalArea(overlap) : geodesicLength(overlap);
        if (measure <= 0) continue;
        hits.push({
          layer: layer.view.code,
          category: layer.category,
          fid: feature.fid,
          class: feature.cls,
          subclass: feature.sub,
          name: feature.name,
          regionCode: feature.regionCode,
          ...(kind === 'parcel' ? { areaM2: measure } : { lengthM: measure }),
          share: inputMeasure > 0 ? measure / inputMeasure : 0,
          evidence: overlap,
        });
      }
    }
  });
  const summary = summarise(hits, kind, inputMeasure);
  const hitLayers = new Set(hits.map((h) => h.layer));
  return {
    input: {
      kind,
      ...(kind === 'parcel' ? { areaM2: inputMeasure } : { lengthM: inputMeasure }),
      repairs,
      geometry,
    },
    conflict: hits.length > 0,
    hits,
    summary,
    checked,
    clear: checked.filter((l) => !hitLayers.has(l.code)).map((l) => l.code),
    provenance: {
      computedAt: new Date().toISOString(),
      crs: 'EPSG:4490',
      ellipsoid: 'CGCS2000',
      inputCrs,
      geos: geos.version,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/** The input as a valid CGCS2000 polygonal or lineal geometry, with what had to be repaired. */
async function prepareInput(request: ConflictRequest) {
  const fail = (zh: string, en: string) =>
    badRequest('geometry_invalid', `geometry：${zh}`, `geometry: ${en}`, { field: 'geometry' });
  let value = request.geometry as { type?: unknown; geometry?: unknown; coordinates?: unknown } | null;
  if (value && typeof value === 'object' && value.type === 'Feature') value = value.geometry as typeof value;
  if (!value || typeof value !== 'object' || typeof value.type !== 'string') {
    throw fail('应为 GeoJSON 几何对象或要素', 'expected a GeoJSON geometry or Feature');
  }
  const type = value.type;
  const kind =
    type === 'Polygon' || type === 'MultiPolygon'
      ? 'parcel'
      : type === 'LineString' || type === 'MultiLineString'
        ? 'line'
        : null;
  if (!kind) {
    throw badRequest(
      'geometry_type_unsupported',
      `geometry：冲突检测需要地块（Polygon/MultiPolygon）或线（LineString/MultiLineString），而不是 ${type}`,
      `geometry: a conflict check needs a parcel (Polygon/MultiPolygon) or a line (LineString/MultiLineString), not ${type}`,
      { field: 'geometry' },
    );
  }
  if (!Array.isArray(value.coordinates)) throw fail('缺少坐标数组 coordinates', 'coordinates must be an array');
  let geometry = value as Geometry;
  const bad = firstBadPosition(geometry);
  if (bad) throw fail(`坐标 ${bad.path} 不是两个有限数值`, `position ${bad.path} is not two finite numbers`);
  const vertices = JSON.stringify(value.coordinates).split('[').length;
  if (vertices > MAX_INPUT_VERTICES * 1.5) {
    throw fail(`顶点过多（上限 ${MAX_INPUT_VERTICES}）`, `too many vertices (at most ${MAX_INPUT_VERTICES})`);
  }
  const crs: CrsRef = request.crs === 'gcj02' ? 'gcj02' : { epsg: request.crs ?? 4490 };
  assertSupportedCrs(crs, 'crs');
  if (crs === 'gcj02' || crs.epsg !== 4490) geometry = transformGeometry(geometry, crs, { epsg: 4490 }, 'geometry');
  else assertLonLat(geometry);
  const { geometry: repaired, repairs } = await makeValid(geometry);
  if (!repaired) {
    throw badRequest(
      'geometry_empty',
      'geometry：几何为空或退化（修复后不剩任何面积或长度）',
      'geometry: the geometry is empty or degenerate (nothing is left after repair)',
      { field: 'geometry' },
      { repairs },
    );
  }
  return {
    geometry: repaired,
    kind: kind as 'parcel' | 'line',
    repairs,
    inputCrs: crs === 'gcj02' ? 'GCJ-02' : `EPSG:${crs.epsg}`,
  };
}

/** Degrees are degrees: metres passed as CGCS2000 longitude/latitude are refused with the likely zone. */
function assertLonLat(g: Geometry): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node) && typeof node[0] === 'number') {
      const [x, y] = node as number[];
      if (Math.abs(x!) > 180 || Math.abs(y!) > 90) throw projectedAsGeographic(x!, y!, { epsg: 4490 }, 'geometry');
    } else if (Array.isArray(node)) node.forEach(visit);
  };
  if ('coordinates' in g) visit(g.coordinates);
}

/** Prepared features of this thread's conflict checks, one cache per store (see feature-cache.ts). */
const featureCaches = new WeakMap<Store, FeatureCache>();

/**
 * Layers up to this many features are read whole into the cache on their first check (once per
 * updated_at): the first check pays a few seconds, every later one finds all its candidates ready.
 * Bigger layers are cached feature by feature as checks touch them.
 */
const READ_WHOLE_UP_TO = 20_000;

/**
 * Features of a layer whose boxes meet the input's box, through the store's spatial index: their fids
 * first, then the geometries of those not yet cached for the layer's current updated_at.
 */
async function candidatesOf(
  store: Store,
  cache: FeatureCache,
  layer: LayerInForce,
  box: [number, number, number, number],
) {
  const { id } = layer;
  const { updatedAt, featureCount } = layer.view;
  cache.forgetStale(id, updatedAt);
  if (featureCount <= READ_WHOLE_UP_TO && !cache.isComplete(id, updatedAt)) {
    let last = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = await featureRows(store, layer).where('fid', '>', last).orderBy('fid').limit(200).execute();
      if (rows.length === 0) break;
      for (const row of rows) cacheRow(cache, layer, row);
      last = Number(rows.at(-1)!.fid);
    }
    cache.markComplete(id, updatedAt);
  }
  let query = store.db
    .selectFrom(layer.table as 'control_line')
    .select('fid')
    .where('layer_id', '=', id)
    .where(store.dialect.bboxCondition(layer.table, box));
  if (layer.scopeRegion) query = query.where('region_code', 'like', `${layer.scopeRegion}%`);
  const fids = (await query.orderBy('fid').execute()).map((r) => Number(r.fid));
  const key = (fid: number) => FeatureCache.key(id, updatedAt, fid);
  const missing = fids.filter((fid) => !cache.get(key(fid)));
  for (let i = 0; i < missing.length; i += 500) {
    for (const row of await featureRows(store, layer)
      .where('fid', 'in', missing.slice(i, i + 500))
      .execute()) {
      cacheRow(cache, layer, row);
    }
  }
  return fids.flatMap((fid) => cache.get(key(fid)) ?? []);
}

function featureRows(store: Store, layer: LayerInForce) {
  const columns = CLASS_COLUMNS[layer.category];
  return store.db
    .selectFrom(layer.table as 'control_line')
    .select(['fid', 'geom', 'region_code'])
    .select(sql<string | null>`${sql.ref(columns.cls)}`.as('cls'))
    .select(sql<string | null>`${sql.ref(columns.sub)}`.as('sub'))
    .select(sql<string | null>`${columns.name ? sql.ref(columns.name) : sql.lit(null)}`.as('name'))
    .where('layer_id', '=', layer.id);
}

function cacheRow(
  cache: FeatureCache,
  layer: LayerInForce,
  row: { fid: number; geom: unknown; region_code: string; cls: string | null; sub: string | null; name: string | null },
): void {
  const value = row.geom;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'hex') : (value as Uint8Array | null);
  const offset = !bytes ? -1 : typeof value === 'string' ? 0 : gpkgWkbOffset(bytes);
  if (!bytes || offset < 0) return;
  const fid = Number(row.fid);
  cache.put(FeatureCache.key(layer.id, layer.view.updatedAt, fid), bytes, offset, {
    fid,
    cls: row.cls,
    sub: row.sub,
    name: row.name,
    regionCode: row.region_code,
  });
}

interface LayerInForce {
  id: number;
  table: ConflictCategory;
  category: ConflictCategory;
  /** Internal layers: the viewer's region subtree, or null (public layers, Lantu's own work). */
  scopeRegion: string | null;
  view: Omit<CheckedLayer, 'candidates'>;
}

/**
 * Control-line and planned-land-use layers of current plan versions (or of none), that the viewer may
 * read: public ones for everyone, internal ones by the one-map rule (onemap/layers.ts getLayer).
 */
async function layersInForce(store: Store, viewer: Principal, only?: string[]): Promise<LayerInForce[]> {
  let query = store.db
    .selectFrom('layer')
    .leftJoin('plan_version', 'plan_version.id', 'layer.plan_version_id')
    .select([
      'layer.id',
      'layer.code',
      'layer.title',
      'layer.category',
      'layer.feature_table',
      'layer.plan_version_id',
      'layer.is_public',
      'layer.updated_at',
      'layer.feature_count',
      'plan_version.label',
      'plan_version.is_current',
    ])
    .where('layer.category', 'in', ['control_line', 'planned_land_use'])
    .orderBy('layer.category')
    .orderBy('layer.code');
  if (only?.length) query = query.where('layer.code', 'in', only);
  else
    query = query.where((eb) =>
      eb.or([eb('layer.plan_version_id', 'is', null), eb('plan_version.is_current', '=', 1)]),
    );
  const rows = await query.execute();
  if (only?.length) {
    const found = new Set(rows.map((r) => r.code));
    const missing = only.filter((c) => !found.has(c));
    if (missing.length) {
      throw badRequest(
        'layer_unknown',
        `layers：没有可检测的控制线或规划用地图层 ${missing.join('、')}`,
        `layers: no control-line or planned-land-use layer ${missing.join(', ')}`,
        { field: 'layers' },
      );
    }
  }
  const out: LayerInForce[] = [];
  for (const r of rows) {
    if (r.is_public !== 1 && !viewer.automated) {
      try {
        await getLayer(store, viewer, r.code);
      } catch (error) {
        if (error instanceof LantuError && error.status === 403 && !only?.length) continue;
        throw error;
      }
    }
    const category = r.category as ConflictCategory;
    out.push({
      id: r.id,
      table: r.feature_table as ConflictCategory,
      category,
      scopeRegion: r.is_public !== 1 && !viewer.automated && viewer.regionCode ? viewer.regionCode : null,
      view: {
        code: r.code,
        title: r.title,
        category,
        planVersionId: r.plan_version_id,
        planVersionLabel: r.label ?? null,
        updatedAt: r.updated_at,
        featureCount: r.feature_count,
      },
    });
  }
  return out;
}

/**
 * The part of a stored feature inside the input, as GeoJSON of the input's dimension, or null: the
 * input cut with each of the feature's pieces near it whose interior it meets (where they only touch
 * is no conflict), the cuts joined again.
 */
function overlapOf(
  geos: Geos,
  input: Geom,
  [x0, y0, x1, y1]: readonly [number, number, number, number],
  feature: CachedFeature,
  kind: 'parcel' | 'line',
): Geometry | null {
  return geos.scope((own) => {
    const parts: Geom[] = [];
    for (const i of feature.index.search(x0, y0, x1, y1)) {
      const piece = feature.pieces[i];
      if (!piece || !geos.preparedRelatePattern(piece.prepared, input, INTERIORS_MEET)) continue;
      if (geos.preparedContains(piece.prepared, input))
        return keepDimension(geos.toGeoJSON(input), kind === 'parcel' ? 2 : 1);
      parts.push(own(geos.intersection(input, piece.geom)));
    }
    if (parts.length === 0) return null;
    const joined =
      parts.length === 1
        ? parts[0]!
        : own(
            geos.unaryUnion(
              own(
                geos.collect(
                  GEOS_TYPE.GeometryCollection,
                  parts.map((p) => geos.clone(p)),
                ),
              ),
            ),
          );
    if (geos.isEmpty(joined)) return null;
    return keepDimension(geos.toGeoJSON(joined), kind === 'parcel' ? 2 : 1);
  });
}

/** DE-9IM: the interiors share a point. */
const INTERIORS_MEET = 'T********';

/** Only the polygons (parcels) or lines (lines) of an overlap: where they merely touch is no conflict. */
function keepDimension(g: Geometry, dim: 1 | 2): Geometry | null {
  const parts: Geometry[] = g.type === 'GeometryCollection' ? g.geometries : [g];
  if (dim === 2) {
    const polygons = parts.flatMap((p) =>
      p.type === 'Polygon' ? [p.coordinates] : p.type === 'MultiPolygon' ? p.coordinates : [],
    );
    return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  }
  const lines = parts.flatMap((p) =>
    p.type === 'LineString' ? [p.coordinates] : p.type === 'MultiLineString' ? p.coordinates : [],
  );
  return lines.length ? { type: 'MultiLineString', coordinates: lines } : null;
}

function summarise(hits: ConflictHit[], kind: 'parcel' | 'line', inputMeasure: number): ConflictSummary[] {
  const groups = new Map<string, ConflictSummary>();
  for (const h of hits) {
    const key = `${h.layer}\u0000${h.class ?? ''}`;
    const g = groups.get(key) ?? {
      layer: h.layer,
      class: h.class,
      features: 0,
      share: 0,
      ...(kind === 'parcel' ? { areaM2: 0 } : { lengthM: 0 }),
    };
    g.features++;
    if (kind === 'parcel') g.areaM2! += h.areaM2!;
    else g.lengthM! += h.lengthM!;
    g.share = inputMeasure > 0 ? (g.areaM2 ?? g.lengthM!) / inputMeasure : 0;
    groups.set(key, g);
  }
  return [...groups.values()];
}
