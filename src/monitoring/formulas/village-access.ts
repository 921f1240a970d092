/**
 * 等级医院交通30分钟行政村覆盖率 `hospital_30min_village_coverage` (%, XT-14): the share of administrative
 * villages (行政村) whose main settlement a graded hospital reaches within a 30-minute drive along the
 * road network ÷ all administrative villages of the zone × 100.
 *
 * - Villages come from the run year's land survey: the 坐落单位代码 (attribute ZLDWDM, 19 digits: the
 *   12-digit 统计用区划代码 padded) of the 村庄 patches (城镇村属性码 203). A code whose village-level
 *   digits (10–12) are 200–399 is a 村民委员会 — 001–199 are 居民委员会 (GB/T 10114 and the statistics
 *   bureau's 统计用区划代码 rule), which are not villages.
 * - A village's place is the centroid of its largest 0702 农村宅基地 patch — the main hamlet, where the
 *   村委会 usually stands — or, without homesteads, of its largest 村庄 patch.
 * - 等级医院: facilities of type 医院 with a `grade` attribute (一级/二级/三级…, as the facility layer and
 *   the demo city write it); ungraded hospitals do not count.
 * - Along the network as the life-circle formulas measure (src/network, docs/decisions/0021): hospitals
 *   and villages join the nearest drivable road within 500 m at the access speed; fire-engine speeds
 *   stand in for a car's, as the speed table has no other driving mode.
 * A village counts in the planning unit (and so the zones) its place lies in; null where a zone has no
 * village. Layers read: road, facility (status year or the latest before), land_survey (the year).
 */
import type { Position } from 'geojson';
import { polygonsOf } from '../../geo/geometry-parts.js';
import { minutesAt } from '../../network/edge-portions.js';
import { edgeMinutes } from '../../network/edge-minutes.js';
import { readRoadGraph } from '../../network/read-road-graph.js';
import { RoadSnapper } from '../../network/road-snapper.js';
import { serviceArea, type Source } from '../../network/service-area.js';
import { DEFAULT_SPEEDS, metresPerMinute } from '../../network/travel-modes.js';
import { registerFormula } from '../formula-registry.js';
import { attrsOf, classOf, ratioByZone } from './shared.js';

const MINUTES = 30;
const MAX_ACCESS_M = 500;

registerFormula('hospital_30min_village_coverage', {
  layers: ['road', 'facility', 'land_survey'],
  definition:
    '等级医院（医院且有 grade 属性）沿路网车行 30 分钟可达的行政村（ZLDWDM 村级码 200–399 的村庄图斑，以最大农村宅基地图斑质心为村址）数 / 行政村总数 ×100，% — share of administrative villages within a 30-minute drive of a graded hospital',
  async compute(ctx) {
    const road = await ctx.layerFor('road');
    const facility = await ctx.layerFor('facility');
    const survey = await ctx.layerFor('land_survey', { exactYear: true });
    if (!road || !facility || !survey) return [];

    // The largest homestead (else 村庄) patch of each village, and its centroid.
    const best = new Map<string, { homestead: boolean; area: number; x: number; y: number }>();
    const rows = await ctx.store.db
      .selectFrom('land_survey')
      .select(['dlbm', 'attrs', 'geom'])
      .where('layer_id', '=', survey.id)
      .where('czcsxm', '=', '203')
      .execute();
    for (const row of rows) {
      const code = String(attrsOf(row.attrs).ZLDWDM ?? '');
      const level = Number(code.slice(9, 12));
      if (code.length < 12 || !(level >= 200 && level <= 399)) continue;
      const g = ctx.store.dialect.decodeGeometry(row.geom);
      const shape = g ? planarShape(polygonsOf(g)) : null;
      if (!shape) continue;
      const homestead = classOf(row.dlbm) === '0702';
      const held = best.get(code);
      if (held && (held.homestead > homestead || (held.homestead === homestead && held.area >= shape.area))) continue;
      best.set(code, { homestead, ...shape });
    }

    const graph = await readRoadGraph(ctx.store, road.id);
    const costs = edgeMinutes(graph, 'drive', DEFAULT_SPEEDS).minutes;
    const usable = (e: number) => costs[e]! !== Infinity;
    const snapper = new RoadSnapper(graph);
    const perMinute = metresPerMinute(DEFAULT_SPEEDS.accessKmh.drive);
    const hospitals = await ctx.store.db
      .selectFrom('facility')
      .select(['attrs', 'geom'])
      .where('layer_id', '=', facility.id)
      .where('facility_type', '=', '医院')
      .execute();
    const sources: Source[] = [];
    for (const h of hospitals) {
      if (!String(attrsOf(h.attrs).grade ?? '').trim()) continue;
      const p = ctx.store.dialect.decodeGeometry(h.geom);
      const s = p?.type === 'Point' ? snapper.snap(p.coordinates[0]!, p.coordinates[1]!, MAX_ACCESS_M, usable) : null;
      if (s) sources.push({ edge: s.edge, fraction: s.fraction, minutes: s.distance / perMinute });
    }
    const area = serviceArea(graph, costs, sources, MINUTES);

    const locator = await ctx.unitLocator();
    const villages = new Map<string, number>();
    const reached = new Map<string, number>();
    for (const { x, y } of best.values()) {
      const unit = locator.locatePoint(x, y);
      if (!unit) continue;
      villages.set(unit, (villages.get(unit) ?? 0) + 1);
      const s = snapper.snap(x, y, MAX_ACCESS_M, usable);
      if (s && s.distance / perMinute + minutesAt(graph, area, s.edge, s.fraction) <= MINUTES) {
        reached.set(unit, (reached.get(unit) ?? 0) + 1);
      }
    }
    return ratioByZone(ctx, ctx.sumByZone(reached), ctx.sumByZone(villages), 100, ['villagesReached', 'villages']);
  },
});

/**
 * Planar (degree) area and area-weighted centroid of polygons, shells counted in and holes out
 * whatever their winding; null when empty. Choosing a village's largest patch and its place needs no
 * more than degrees at patch size.
 */
function planarShape(polygons: Position[][][]): { area: number; x: number; y: number } | null {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, r) => {
      // Shoelace in triangles about the ring's first vertex, so the sums keep their digits.
      const [x0, y0] = ring[0]!;
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 1; i + 1 < ring.length; i++) {
        const ax = ring[i]![0]! - x0!;
        const ay = ring[i]![1]! - y0!;
        const bx = ring[i + 1]![0]! - x0!;
        const by = ring[i + 1]![1]! - y0!;
        const t = (ax * by - ay * bx) / 2;
        ra += t;
        rx += t * (x0! + (ax + bx) / 3);
        ry += t * (y0! + (ay + by) / 3);
      }
      if (ra === 0) return;
      const sign = (r === 0 ? 1 : -1) * Math.sign(ra);
      area += sign * ra;
      cx += sign * rx;
      cy += sign * ry;
    });
  }
  return area > 0 ? { area, x: cx / area, y: cy / area } : null;
}
