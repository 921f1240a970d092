/**
 * Zone sets: the "per what" of zonal statistics. A zone set is either zones of the spatial hierarchy
 * (regions, central urban area, planning units, governance zones — by kind, level or code), or the
 * features of any polygon layer (control lines, planning zones, an uploaded zone layer), one zone per
 * feature or one per value of a column (e.g. `line_type`: all 生态保护红线 polygons as one zone).
 * Two zone sets overlay into their pairwise intersections ("per district, inside the red line").
 *
 * What a viewer may not read is not in the set: zones outside their region scope, internal layers
 * without the permission, features outside their subtree. Zone geometries are checked with GEOS and
 * repaired (MakeValid) when they are not valid, with a note in the result, since a zone set may come
 * from an upload.
 */
import type { Geometry, MultiPolygon } from 'geojson';
import { sql } from 'kysely';
import type { Principal } from '../auth/principal.js';
import { badRequest } from '../errors.js';
import { getGeos } from '../geo/geos.js';
import { makeValid } from '../geo/make-valid.js';
import { listLayers } from '../onemap/layers.js';
import { analysisLayer } from './analysis-layer.js';
import type { Store } from '../store/store.js';
import { encodeWkb } from '../store/wkb.js';
import { ZONE_KINDS, type ZoneKind } from '../zones/zone-table.js';
import { listZones } from '../zones/zones.js';
import { checkClassColumn, NAME_COLUMN, TABLE_MEASURE, type AnalysisTable } from './feature-columns.js';

export interface ZoneSetSpec {
  /** Zones of the spatial hierarchy of these kinds. */
  kinds?: ZoneKind[];
  /** Only zones of this level (regions: province, city, county, township; governance zones: their type). */
  level?: string;
  /** Only these zone codes. */
  codes?: string[];
  /** Or: the features of this polygon layer. */
  layer?: string;
  /** Layer zones: one zone per value of this column (default: one zone per feature). */
  groupBy?: string;
  /** Layer zones: only features whose `groupBy` value is one of these. */
  values?: string[];
}

export interface ZoneDef {
  /** Unique in the set: the zone code, the feature id, the group value, or "a ∩ b" for an overlay. */
  key: string;
  name: string;
  code: string | null;
  kind: string | null;
  level: string | null;
  /** Overlays: the key of the zone of the first set and of the second. */
  parts?: [string, string];
}

export interface ZoneSetProvenance {
  source: 'zone' | 'layer';
  layer: string | null;
  updatedAt: string | null;
  zones: number;
  kinds?: ZoneKind[];
  level?: string;
  groupBy?: string;
}

export interface ResolvedZones {
  zones: ZoneDef[];
  /** WKB of each zone, valid and polygonal, EPSG:4490. */
  wkb: Uint8Array[];
  envelope: [number, number, number, number] | null;
  provenance: ZoneSetProvenance;
  notes: string[];
}

/** Features of a layer used as zones: enough for any real zone layer, bounded so memory is. */
export const MAX_LAYER_ZONES = 50_000;

export async function resolveZoneSet(
  store: Store,
  viewer: Principal,
  spec: ZoneSetSpec,
  field = 'zones',
): Promise<ResolvedZones> {
  const hasKinds = Boolean(spec.kinds?.length || spec.codes?.length);
  if (hasKinds === Boolean(spec.layer)) {
    throw badRequest(
      'zone_set_invalid',
      `${field}：请给出区划类型（kinds/codes）或一个图层（layer），二者选一`,
      `${field}: give either zone kinds or codes, or one layer — exactly one of the two`,
      { field },
    );
  }
  const raw = spec.layer
    ? await layerZones(store, viewer, spec, field)
    : await hierarchyZones(store, viewer, spec, field);
  if (raw.zones.length === 0) {
    throw badRequest(
      'zone_set_empty',
      `${field}：没有可用的分区（条件不匹配，或不在您的权限范围内）`,
      `${field}: no zones match (or none is within your scope)`,
      { field },
    );
  }
  return finish(raw);
}

interface RawZones {
  zones: ZoneDef[];
  geometries: Geometry[];
  provenance: ZoneSetProvenance;
  notes: string[];
}

async function hierarchyZones(store: Store, viewer: Principal, spec: ZoneSetSpec, field: string): Promise<RawZones> {
  const kinds = spec.kinds?.length ? spec.kinds : [...ZONE_KINDS];
  for (const kind of kinds) {
    if (!ZONE_KINDS.includes(kind)) {
      throw badRequest(
        'zone_kind_unknown',
        `${field}.kinds：未知的区划类型 ${kind}（可用：${ZONE_KINDS.join('、')}）`,
        `${field}.kinds: unknown zone kind ${kind} (known: ${ZONE_KINDS.join(', ')})`,
        { field: `${field}.kinds` },
      );
    }
  }
  const zones = [];
  for (const kind of kinds) zones.push(...(await listZones(store, { kind, level: spec.level, viewer }, true)));
  const codes = spec.codes?.length ? new Set(spec.codes) : null;
  const picked = zones.filter((z) => (!codes || codes.has(z.code)) && z.geometry);
  const registry = (await listLayers(store, viewer)).find((l) => l.category === 'zone');
  return {
    zones: picked.map((z) => ({ key: z.code, name: z.name, code: z.code, kind: z.kind, level: z.level })),
    geometries: picked.map((z) => z.geometry!),
    provenance: {
      source: 'zone',
      layer: registry?.code ?? null,
      updatedAt: registry?.updatedAt ?? null,
      zones: picked.length,
      kinds,
      ...(spec.level ? { level: spec.level } : {}),
    },
    notes: [],
  };
}

async function layerZones(store: Store, viewer: Principal, spec: ZoneSetSpec, field: string): Promise<RawZones> {
  const layer = await analysisLayer(store, viewer, spec.layer!, `${field}.layer`);
  const table = layer.feature_table as AnalysisTable;
  if (table === 'zone') {
    throw badRequest(
      'zone_set_invalid',
      `${field}.layer：区划图层请用 kinds 指定`,
      `${field}.layer: for the zone layer name the zone kinds instead`,
      { field: `${field}.layer` },
    );
  }
  if (TABLE_MEASURE[table] !== 'area' && TABLE_MEASURE[table] !== 'any') {
    throw badRequest(
      'zone_layer_not_polygonal',
      `${field}.layer：图层 ${layer.code} 不是面图层，不能作为统计分区`,
      `${field}.layer: layer ${layer.code} is not a polygon layer and cannot serve as zones`,
      { field: `${field}.layer` },
    );
  }
  const groupBy = spec.groupBy ? checkClassColumn(table, spec.groupBy, `${field}.groupBy`) : null;
  const nameColumn = NAME_COLUMN[table];
  let query = store.db
    .selectFrom(table as 'control_line')
    .select(['fid', 'geom'])
    .select(sql<string | null>`${sql.ref(groupBy ?? 'fid')}`.as('grp'))
    .select(sql<string | null>`${nameColumn ? sql.ref(nameColumn) : sql.lit(null)}`.as('name'))
    .where('layer_id', '=', layer.id);
  if (layer.is_public !== 1 && viewer.regionCode) query = query.where('region_code', 'like', `${viewer.regionCode}%`);
  if (groupBy && spec.values?.length) query = query.where(sql.ref(groupBy), 'in', spec.values);
  const rows = await query
    .orderBy('fid')
    .limit(MAX_LAYER_ZONES + 1)
    .execute();
  if (rows.length > MAX_LAYER_ZONES) {
    throw badRequest(
      'zone_set_too_large',
      `${field}.layer：图层 ${layer.code} 要素超过 ${MAX_LAYER_ZONES} 个，请用 groupBy 或 values 缩小分区`,
      `${field}.layer: layer ${layer.code} has more than ${MAX_LAYER_ZONES} features; narrow the zones with groupBy or values`,
      { field: `${field}.layer` },
    );
  }
  const groups = new Map<string, { name: string; geometries: Geometry[] }>();
  for (const row of rows) {
    const geometry = store.dialect.decodeGeometry(row.geom);
    if (!geometry) continue;
    const key = groupBy ? String(row.grp ?? '') : String(row.fid);
    const group = groups.get(key) ?? {
      name: groupBy ? String(row.grp ?? '（空）') : String(row.name ?? row.fid),
      geometries: [],
    };
    group.geometries.push(geometry);
    groups.set(key, group);
  }
  const geos = await getGeos();
  const zones: ZoneDef[] = [];
  const geometries: Geometry[] = [];
  for (const [key, group] of groups) {
    zones.push({ key, name: group.name, code: null, kind: layer.category, level: groupBy ? groupBy : null });
    // Features of one group may overlap: a zone is their union, so nothing is counted twice.
    geometries.push(
      group.geometries.length === 1
        ? group.geometries[0]!
        : geos.scope((own) => {
            const all = own(geos.fromGeoJSON({ type: 'GeometryCollection', geometries: group.geometries }));
            return geos.toGeoJSON(own(geos.unaryUnion(all)));
          }),
    );
  }
  return {
    zones,
    geometries,
    provenance: {
      source: 'layer',
      layer: layer.code,
      updatedAt: layer.updated_at,
      zones: zones.length,
      ...(groupBy ? { groupBy } : {}),
    },
    notes: [],
  };
}

/** Valid, polygonal WKB for every zone (repairing where needed) and the set's envelope. */
async function finish(raw: RawZones): Promise<ResolvedZones> {
  const geos = await getGeos();
  const wkb: Uint8Array[] = [];
  const zones: ZoneDef[] = [];
  const env = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  for (const [i, zone] of raw.zones.entries()) {
    let geometry: Geometry | null = raw.geometries[i]!;
    const valid = geos.scope((own) => geos.isValid(own(geos.fromGeoJSON(geometry!))));
    if (!valid) {
      const repaired = await makeValid(geometry);
      geometry = repaired.geometry;
      raw.notes.push(`zone ${zone.key}: ${repaired.repairs.map((r) => r.kind).join(', ')}`);
    }
    if (!geometry) continue;
    const bytes = encodeWkb(geometry);
    geos.scope((own) => {
      const [minX, minY, maxX, maxY] = geos.extent(own(geos.fromWkb(bytes)));
      env[0] = Math.min(env[0], minX);
      env[1] = Math.min(env[1], minY);
      env[2] = Math.max(env[2], maxX);
      env[3] = Math.max(env[3], maxY);
    });
    zones.push(zone);
    wkb.push(bytes);
  }
  return {
    zones,
    wkb,
    envelope: zones.length ? env : null,
    provenance: { ...raw.provenance, zones: zones.length },
    notes: raw.notes,
  };
}

/**
 * The pairwise intersections of two zone sets with positive area: zone "a ∩ b" for every a of the
 * first set and b of the second that overlap.
 */
export async function overlayZoneSets(a: ResolvedZones, b: ResolvedZones): Promise<ResolvedZones> {
  const geos = await getGeos();
  const zones: ZoneDef[] = [];
  const wkb: Uint8Array[] = [];
  const env = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  geos.scope((own) => {
    const bs = b.wkb.map((w) => {
      const g = own(geos.fromWkb(w));
      return { g, prepared: own.prepared(geos.prepare(g)), box: geos.extent(g) };
    });
    a.wkb.forEach((w, i) => {
      const ga = own(geos.fromWkb(w));
      const [minX, minY, maxX, maxY] = geos.extent(ga);
      bs.forEach((other, j) => {
        const [bx0, by0, bx1, by1] = other.box;
        if (bx0 > maxX || bx1 < minX || by0 > maxY || by1 < minY) return;
        if (!geos.preparedIntersects(other.prepared, ga)) return;
        const cut = own(geos.intersection(ga, other.g));
        if (geos.area(cut) <= 0) return;
        const za = a.zones[i]!;
        const zb = b.zones[j]!;
        zones.push({
          key: `${za.key} ∩ ${zb.key}`,
          name: `${za.name} ∩ ${zb.name}`,
          code: null,
          kind: null,
          level: null,
          parts: [za.key, zb.key],
        });
        const polygons = geos.toGeoJSON(cut);
        wkb.push(encodeWkb(polygonalPart(polygons)));
        const [x0, y0, x1, y1] = geos.extent(cut);
        env[0] = Math.min(env[0], x0);
        env[1] = Math.min(env[1], y0);
        env[2] = Math.max(env[2], x1);
        env[3] = Math.max(env[3], y1);
      });
    });
  });
  return {
    zones,
    wkb,
    envelope: zones.length ? env : null,
    provenance: { ...a.provenance, zones: zones.length },
    notes: [...a.notes, ...b.notes],
  };
}

/** The polygons of an intersection (dropping the lines and points where the zones only touch). */
function polygonalPart(g: Geometry): MultiPolygon {
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  if (g.type === 'MultiPolygon') return g;
  if (g.type === 'GeometryCollection') {
    return { type: 'MultiPolygon', coordinates: g.geometries.flatMap((m) => polygonalPart(m).coordinates) };
  }
  return { type: 'MultiPolygon', coordinates: [] };
}
