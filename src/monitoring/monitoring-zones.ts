/**
 * The zones a monitoring run computes for: the city (市域), its districts and counties, the central
 * urban area (中心城区), the planning units (详细规划编制单元) and the governance zones that cut across
 * district lines (新区、开发区、园区 — the first seed paper names the mismatch of statistical and
 * governance zones as a real pain). Every zone knows the planning units it is made of, so any quantity
 * kept per unit (population) adds up to any zone:
 * - a region holds the units whose region code it prefixes (the codes nest: 9901 ⊃ 990102 ⊃ 990102001);
 * - the central urban area and governance zones hold the units they cover, and a unit they cut holds
 *   to the zone with more than half of its area (planar shares in degrees: a ratio of two nearby areas).
 *
 * Catalog levels map to zone levels: 'city' → the city and its districts (市域 indicators are reported
 * and decomposed per district), 'urban' → the central urban area and governance zones, 'unit' → the
 * planning units, 'any' → all of them.
 */
import Flatbush from 'flatbush';
import type { Geometry } from 'geojson';
import { getGeos } from '../geo/geos.js';
import type { Store } from '../store/store.js';
import type { IndicatorLevel } from './read-indicator-catalog.js';

export const ZONE_LEVELS = ['city', 'district', 'central_urban', 'unit', 'governance'] as const;
export type ZoneLevel = (typeof ZONE_LEVELS)[number];

export const ZONE_LEVEL_LABELS: Record<ZoneLevel, { zh: string; en: string }> = {
  city: { zh: '市域', en: 'city' },
  district: { zh: '区县', en: 'district or county' },
  central_urban: { zh: '中心城区', en: 'central urban area' },
  unit: { zh: '规划单元', en: 'planning unit' },
  governance: { zh: '功能区', en: 'governance zone' },
};

const LEVELS_OF: Record<IndicatorLevel, ZoneLevel[]> = {
  city: ['city', 'district'],
  urban: ['central_urban', 'governance'],
  unit: ['unit'],
  any: [...ZONE_LEVELS],
};

export function zoneLevelsFor(levels: readonly IndicatorLevel[]): Set<ZoneLevel> {
  return new Set(levels.flatMap((l) => LEVELS_OF[l] ?? []));
}

export interface MonitoringZone {
  code: string;
  name: string;
  nameEn: string | null;
  level: ZoneLevel;
  regionCode: string;
  /** Codes of the planning units the zone is made of (a unit: itself). */
  units: string[];
}

export interface ZoneSet {
  regionCode: string;
  zones: MonitoringZone[];
  byCode: Map<string, MonitoringZone>;
  /** The planning units with their geometries (EPSG:4490), for formulas that place features in units. */
  unitGeometries: Map<string, Geometry>;
}

export async function buildZoneSet(store: Store, regionCode: string): Promise<ZoneSet> {
  const rows = await store.db
    .selectFrom('zone')
    .select(['code', 'kind', 'level', 'name', 'name_en', 'parent_code', 'region_code', 'geom'])
    .where((eb) => eb.or([eb('region_code', 'like', `${regionCode}%`), eb('code', '=', regionCode)]))
    .orderBy('code')
    .execute();
  const units = rows.filter((r) => r.kind === 'planning_unit');
  const unitGeometries = new Map<string, Geometry>();
  for (const u of units) {
    const g = store.dialect.decodeGeometry(u.geom);
    if (g) unitGeometries.set(u.code, g);
  }
  const zones: MonitoringZone[] = [];
  for (const r of rows) {
    const level = levelOf(r, regionCode);
    if (!level) continue;
    let members: string[];
    if (level === 'unit') members = [r.code];
    else if (r.kind === 'region') members = units.filter((u) => u.region_code.startsWith(r.code)).map((u) => u.code);
    else {
      const g = store.dialect.decodeGeometry(r.geom);
      members = g ? await unitsCoveredBy(g, unitGeometries) : [];
    }
    zones.push({ code: r.code, name: r.name, nameEn: r.name_en, level, regionCode: r.region_code, units: members });
  }
  return { regionCode, zones, byCode: new Map(zones.map((z) => [z.code, z])), unitGeometries };
}

function levelOf(r: { code: string; kind: string; parent_code: string | null }, regionCode: string): ZoneLevel | null {
  if (r.kind === 'region') {
    if (r.code === regionCode) return 'city';
    return r.parent_code === regionCode ? 'district' : null;
  }
  if (r.kind === 'central_urban') return 'central_urban';
  if (r.kind === 'planning_unit') return 'unit';
  if (r.kind === 'governance') return 'governance';
  return null;
}

async function unitsCoveredBy(zone: Geometry, units: Map<string, Geometry>): Promise<string[]> {
  const geos = await getGeos();
  const codes = [...units.keys()];
  if (!codes.length) return [];
  const index = new Flatbush(codes.length);
  const boxes = codes.map((c) => bbox(units.get(c)!));
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  const zb = bbox(zone);
  return geos.scope((own) => {
    const z = own(geos.fromGeoJSON(zone));
    const prepared = own.prepared(geos.prepare(z));
    const out: string[] = [];
    for (const i of index.search(zb[0], zb[1], zb[2], zb[3])) {
      const u = own(geos.fromGeoJSON(units.get(codes[i]!)!));
      if (geos.preparedCovers(prepared, u)) out.push(codes[i]!);
      else if (geos.preparedIntersects(prepared, u)) {
        const share = geos.area(own(geos.intersection(z, u))) / geos.area(u);
        if (share > 0.5) out.push(codes[i]!);
      }
    }
    return out.sort();
  });
}

export function bbox(g: Geometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x! < minX) minX = x!;
      if (x! > maxX) maxX = x!;
      if (y! < minY) minY = y!;
      if (y! > maxY) maxY = y!;
    } else for (const child of c as unknown[]) visit(child);
  };
  if (g.type === 'GeometryCollection') for (const member of g.geometries) visit(bboxCoordinates(member));
  else visit(g.coordinates);
  return [minX, minY, maxX, maxY];
}

function bboxCoordinates(g: Geometry): unknown {
  return g.type === 'GeometryCollection' ? g.geometries.map(bboxCoordinates) : g.coordinates;
}
