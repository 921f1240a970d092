/**
 * A control-line type (生态保护红线, 城镇开发边界 …) of a plan version cut into small pieces, each inside one
 * planning unit: each polygon of the line, subdivided when it has more than 256 vertices (ST_Subdivide's
 * default, src/geo/subdivide.ts), intersected with the units its box meets. The pieces tile
 * line ∩ units, so
 * - the line's area per unit is the sum of its pieces' ellipsoidal areas (control-lines.ts), and
 * - the pieces serve as extra zones of the shared land-survey pass (survey-pass.ts), which then gives
 *   the area of every (三调 code, 城镇村属性码) pair inside the line per unit in the same pass over the
 *   patches — no overlay pass of its own.
 * Cutting small pieces is what makes this cheap: a 4,000-vertex 永久基本农田 polygon intersected whole with
 * every unit it meets cost seconds; its 256-vertex pieces cost milliseconds each.
 *
 * Features of one type that overlap (interiors meet, tested piece against piece) are unioned first, so
 * an area is never counted twice; features that only touch, as 三区三线 data usually are, are cut as
 * they are.
 * Computed once per run, line layer and type.
 */
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { ellipsoidalArea } from '../../geo/ellipsoidal-area.js';
import { polygonsOf } from '../../geo/geometry-parts.js';
import { GEOS_TYPE, getGeos, type Geom, type Geos, type Owner } from '../../geo/geos.js';
import { subdivide } from '../../geo/subdivide.js';
import { encodeWkb } from '../../store/wkb.js';
import type { FormulaContext } from '../formula-context.js';
import { bbox } from '../monitoring-zones.js';

export const LINE_TYPES = {
  red: '生态保护红线',
  pbf: '永久基本农田',
  udb: '城镇开发边界',
  heritage: '历史文化保护线',
} as const;

export interface LinePieces {
  /** Features of the type in the layer (0: the plan does not draw the line). */
  features: number;
  pieces: { unit: string; wkb: Uint8Array }[];
  /** Ellipsoidal area (m²) of the line per planning unit. */
  areaByUnit: Map<string, number>;
}

const PIECE_VERTICES = 256;
/** DE-9IM: the interiors of the two geometries share at least a point. */
const INTERIORS_MEET = 'T********';

const cache = new WeakMap<object, Map<string, Promise<LinePieces>>>();

export function linePieces(
  ctx: FormulaContext,
  layer: { id: number; updated_at: string },
  lineType: string,
): Promise<LinePieces> {
  let perRun = cache.get(ctx.zoneSet);
  if (!perRun) cache.set(ctx.zoneSet, (perRun = new Map()));
  const key = `${layer.id}:${layer.updated_at}:${lineType}`;
  let hit = perRun.get(key);
  if (!hit) {
    hit = cutLine(ctx, layer.id, lineType);
    perRun.set(key, hit);
    hit.catch(() => perRun.delete(key));
  }
  return hit;
}

async function cutLine(ctx: FormulaContext, layerId: number, lineType: string): Promise<LinePieces> {
  const rows = await ctx.store.db
    .selectFrom('control_line')
    .select('geom')
    .where('layer_id', '=', layerId)
    .where('line_type', '=', lineType)
    .execute();
  const geometries = rows.flatMap((r) => {
    const g = ctx.store.dialect.decodeGeometry(r.geom);
    return g ? [g] : [];
  });
  const out: LinePieces = { features: geometries.length, pieces: [], areaByUnit: new Map() };
  if (!geometries.length) return out;
  const geos = await getGeos();
  const units = [...ctx.zoneSet.unitGeometries].map(([code, g]) => ({ code, g, box: bbox(g) }));
  geos.scope((own) => {
    const unitHandles = new Map<string, { geom: Geom; prepared: ReturnType<Geos['prepare']> }>();
    const unitOf = (u: (typeof units)[number]) => {
      let h = unitHandles.get(u.code);
      if (!h) {
        const geom = own(geos.fromGeoJSON(u.g));
        unitHandles.set(u.code, (h = { geom, prepared: own.prepared(geos.prepare(geom)) }));
      }
      return h;
    };
    for (const piece of disjointPieces(geos, own, geometries)) {
      const [e, f, g, h] = geos.extent(piece);
      for (const u of units) {
        const [a, b, c, d] = u.box;
        if (a > g || e > c || b > h || f > d) continue;
        const { geom, prepared } = unitOf(u);
        if (!geos.preparedIntersects(prepared, piece)) continue;
        const inside = geos.preparedCovers(prepared, piece);
        const part = inside ? geos.toGeoJSON(piece) : geos.toGeoJSON(own(geos.intersection(geom, piece)));
        const polygons: MultiPolygon = { type: 'MultiPolygon', coordinates: polygonsOf(part) };
        const m2 = polygons.coordinates.length ? ellipsoidalArea(polygons) : 0;
        if (!(m2 > 0)) continue;
        out.pieces.push({ unit: u.code, wkb: encodeWkb(polygons) });
        out.areaByUnit.set(u.code, (out.areaByUnit.get(u.code) ?? 0) + m2);
        if (inside) break;
      }
    }
  });
  return out;
}

/**
 * The line as small GEOS polygons that tile it: each polygon of each feature, subdivided when it has
 * more than PIECE_VERTICES vertices (a 永久基本农田 feature is often thousands of small parts: cutting
 * the whole multi-polygon recursively would clip every part at every level). When features overlap
 * (interiors meet), they are unioned first.
 */
function disjointPieces(geos: Geos, own: Owner, features: Geometry[]): Geom[] {
  const cut = (g: Geometry) =>
    polygonsOf(g).flatMap((coordinates) => piecesOf(geos, own, { type: 'Polygon', coordinates }));
  return overlapping(geos, own, features) ? cut(union(geos, own, features)) : features.flatMap(cut);
}

function overlapping(geos: Geos, own: Owner, features: Geometry[]): boolean {
  return geos.scope((mine) => {
    const handles = features.map((g) => mine(geos.fromGeoJSON(g)));
    const boxes = handles.map((h) => geos.extent(h));
    for (let i = 0; i < handles.length; i++) {
      const [a, b, c, d] = boxes[i]!;
      let prepared: ReturnType<Geos['prepare']> | null = null;
      for (let j = i + 1; j < handles.length; j++) {
        const [e, f, g, h] = boxes[j]!;
        if (a > g || e > c || b > h || f > d) continue;
        prepared ??= mine.prepared(geos.prepare(handles[i]!));
        if (geos.preparedRelatePattern(prepared, handles[j]!, INTERIORS_MEET)) return true;
      }
    }
    return false;
  });
}

function union(geos: Geos, own: Owner, features: Geometry[]): Geometry {
  const all = own(
    geos.collect(
      GEOS_TYPE.GeometryCollection,
      features.map((f) => geos.fromGeoJSON(f)),
    ),
  );
  return geos.toGeoJSON(own(geos.unaryUnion(all)));
}

function piecesOf(geos: Geos, own: Owner, polygon: Polygon): Geom[] {
  const g = own(geos.fromGeoJSON(polygon));
  const vertices = polygon.coordinates.reduce((n, ring) => n + ring.length, 0);
  return vertices <= PIECE_VERTICES ? [g] : subdivide(geos, g, PIECE_VERTICES).map(own);
}
