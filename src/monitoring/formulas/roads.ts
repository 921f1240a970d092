/**
 * Road densities from the status year's road layer (centre lines, `road_class`), per zone. A road is
 * cut by the planning units (GEOS intersection; a road inside a unit is taken whole) and each piece's
 * length is geodesic on CGCS2000 (geodesicLength); the zone's area is the ellipsoidal area of its
 * planning units. Layers read: road (status year or the latest before), zone.
 *
 * - 道路网密度 `road_network_density` (km/km²): length of urban roads — 城市快速路, 城市主干路, 城市次干路,
 *   城市支路 (also written 快速路/主干路/次干路/支路), the classes GB/T 51328-2018 《城市综合交通体系规划标准》
 *   counts in 城市道路网密度 — ÷ zone area (TD/T 1063 CX-05; MP-19). 高速公路, 国省道 and 乡村道路 are not
 *   城市道路 and are left out.
 * - 高速公路网密度 `expressway_density` (km/百km²): length of 高速公路 ÷ zone area × 100 (KF-10).
 * - 铁路网密度 `railway_density` (km/百km²): length of the line layer's 铁路, 高速铁路 and 城际铁路 ÷ zone area
 *   × 100 (KF-11). Railway centre lines are read from the same line layer as roads (their classes are not
 *   walkable or drivable, travel-modes.ts); the 三调 has only 1001 铁路用地 polygons, which carry no length.
 */
import type { Geometry } from 'geojson';
import { geodesicLength } from '../../geo/geodesic-length.js';
import { getGeos } from '../../geo/geos.js';
import type { FormulaContext } from '../formula-context.js';
import { registerFormula, type ZoneValue } from '../formula-registry.js';
import { bbox } from '../monitoring-zones.js';
import { ratioByZone, zoneAreaM2 } from './shared.js';

export const URBAN_ROAD_CLASSES = [
  '城市快速路',
  '快速路',
  '城市主干路',
  '主干路',
  '城市次干路',
  '次干路',
  '城市支路',
  '支路',
];

/** Geodesic length (m) per planning unit of the roads of the given classes; null without a road layer. */
export async function roadLengthByUnit(
  ctx: FormulaContext,
  classes: readonly string[],
): Promise<Map<string, number> | null> {
  const layer = await ctx.layerFor('road');
  if (!layer) return null;
  const rows = await ctx.store.db
    .selectFrom('road')
    .select('geom')
    .where('layer_id', '=', layer.id)
    .where('road_class', 'in', [...classes])
    .execute();
  const geos = await getGeos();
  const units = [...ctx.zoneSet.unitGeometries].map(([code, g]) => ({ code, g, box: bbox(g) }));
  const out = new Map<string, number>();
  const add = (unit: string, m: number) => {
    if (m > 0) out.set(unit, (out.get(unit) ?? 0) + m);
  };
  geos.scope((own) => {
    const handles = new Map<string, ReturnType<typeof geos.prepare>>();
    const geoms = new Map<string, ReturnType<typeof geos.fromGeoJSON>>();
    const unitHandle = (u: { code: string; g: Geometry }) => {
      let p = handles.get(u.code);
      if (!p) {
        const g = own(geos.fromGeoJSON(u.g));
        geoms.set(u.code, g);
        p = own.prepared(geos.prepare(g));
        handles.set(u.code, p);
      }
      return { prepared: p, geom: geoms.get(u.code)! };
    };
    for (const row of rows) {
      const line = ctx.store.dialect.decodeGeometry(row.geom);
      if (!line) continue;
      const [a, b, c, d] = bbox(line);
      const candidates = units.filter((u) => !(u.box[0] > c || a > u.box[2] || u.box[1] > d || b > u.box[3]));
      if (!candidates.length) continue;
      geos.scope((inner) => {
        const l = inner(geos.fromGeoJSON(line));
        for (const u of candidates) {
          const { prepared, geom } = unitHandle(u);
          if (!geos.preparedIntersects(prepared, l)) continue;
          if (geos.preparedCovers(prepared, l)) {
            add(u.code, geodesicLength(line));
            break;
          }
          add(u.code, geodesicLength(geos.toGeoJSON(inner(geos.intersection(geom, l)))));
        }
      });
    }
  });
  return out;
}

function density(key: string, classes: readonly string[], scale: number, definition: string): void {
  registerFormula(key, {
    layers: ['road', 'zone'],
    definition,
    async compute(ctx): Promise<ZoneValue[]> {
      const metres = await roadLengthByUnit(ctx, classes);
      if (!metres) return [];
      const km = new Map([...ctx.sumByZone(metres)].map(([z, m]) => [z, m / 1e3]));
      const km2 = new Map([...zoneAreaM2(ctx)].map(([z, m2]) => [z, m2 / 1e6]));
      return ratioByZone(ctx, km, km2, scale, ['roadKm', 'areaKm2']);
    },
  });
}

density(
  'road_network_density',
  URBAN_ROAD_CLASSES,
  1,
  '城市道路（快速路、主干路、次干路、支路）中心线测地线长度 / 区域面积，km/km² — urban road network density',
);
density(
  'expressway_density',
  ['高速公路'],
  100,
  '高速公路中心线测地线长度 / 区域面积 ×100，km/百km² — expressway density',
);
density(
  'railway_density',
  ['铁路', '高速铁路', '城际铁路'],
  100,
  '铁路（铁路、高速铁路、城际铁路）中心线测地线长度 / 区域面积 ×100，km/百km² — railway network density',
);
