/**
 * makeValid: repair a GeoJSON geometry and say what was repaired, so an import's validation report can
 * tell the supplier exactly what happened to each feature.
 *
 *   await makeValid({ type: 'Polygon', coordinates: [[[0,0],[1,1],[1,0],[0,1],[0,0]]] })
 *   // → { geometry: MultiPolygon of two triangles,
 *   //     repairs: [{ kind: 'self_intersection_repaired', detail: 'Self-intersection at (0.5, 0.5) …' }] }
 *
 * Steps: rings are closed and exact consecutive duplicate positions dropped (in JavaScript, since GEOS
 * cannot build an unclosed ring); rings and lines left with too few positions are dropped as collapsed;
 * then GEOS decides validity (GEOSisValidDetail) and repairs with GEOS MakeValid, method `structure`
 * (JTS GeometryFixer: shells minus holes; a hole outside its shell becomes a polygon of its own, as in
 * PostGIS ST_MakeValid); lower-dimension leftovers of polygonal input are dropped and reported, so
 * polygonal input stays polygonal; finally shells are oriented counter-clockwise and holes clockwise
 * (RFC 7946 §3.1.6). `geometry` is null when nothing is left.
 * Not repaired, because they are valid: slivers, spikes that do not touch themselves, coordinates in
 * the wrong CRS — those are data-quality questions for the importer.
 */
import type { Geometry, Position } from 'geojson';
import { badRequest } from '../errors.js';
import { GEOS_TYPE, getGeos, type Geom, type Geos } from './geos.js';
import { dimensionOf, firstBadPosition, polygonsOf, ringSignedArea, samePosition } from './geometry-parts.js';

export type RepairKind =
  | 'ring_closed'
  | 'duplicate_vertices_removed'
  | 'orientation_fixed'
  | 'self_intersection_repaired'
  | 'collapsed_to_lower_dimension'
  | 'empty'
  | 'hole_outside_shell';

export interface Repair {
  kind: RepairKind;
  detail: string;
}

export async function makeValid(g: Geometry | null): Promise<{ geometry: Geometry | null; repairs: Repair[] }> {
  const repairs: Repair[] = [];
  if (!g) return { geometry: null, repairs: [{ kind: 'empty', detail: 'no geometry (null)' }] };
  const bad = firstBadPosition(g);
  if (bad) {
    throw badRequest(
      'geometry_invalid',
      `geometry：坐标 ${bad.path} 不是两个有限数值，无法修复`,
      `geometry: position ${bad.path} is not two finite numbers and cannot be repaired`,
      { field: 'geometry' },
    );
  }
  const polygonal = dimensionOf(g) === 2 && g.type !== 'GeometryCollection';
  const cleaned = cleanStructure(g, repairs);
  if (!cleaned) {
    repairs.push({ kind: 'empty', detail: 'no positions left: the geometry is empty' });
    return { geometry: null, repairs };
  }
  const wrongOrientation = polygonal ? countWrongOrientation(cleaned) : 0;
  const geos = await getGeos();
  const geometry = geos.scope((own) => {
    let current = own(geos.fromGeoJSON(cleaned));
    const validity = geos.isValidDetail(current);
    if (!validity.valid) {
      const at = validity.location ? ` at (${validity.location[0]}, ${validity.location[1]})` : '';
      if (validity.reason === 'Hole lies outside shell') {
        repairs.push({
          kind: 'hole_outside_shell',
          detail: `Hole lies outside shell${at}: the ring is kept as a polygon of its own (GEOS MakeValid)`,
        });
      } else {
        repairs.push({
          kind: 'self_intersection_repaired',
          detail: `${validity.reason ?? 'invalid'}${at}: rebuilt by GEOS MakeValid (structure)`,
        });
      }
      current = own(geos.makeValid(current, 'structure'));
      if (polygonal) current = own(keepPolygonal(geos, current, repairs));
      if (geos.isEmpty(current)) {
        repairs.push({
          kind: 'collapsed_to_lower_dimension',
          detail: 'the repaired geometry has no area left (it collapsed to lines or points) and was dropped',
        });
      }
    }
    if (geos.isEmpty(current)) return null;
    if (polygonal) geos.orientPolygons(current, false);
    return geos.toGeoJSON(current);
  });
  if (wrongOrientation > 0 && geometry) {
    repairs.push({
      kind: 'orientation_fixed',
      detail: `${wrongOrientation} ring(s) turned: shells counter-clockwise, holes clockwise (RFC 7946 §3.1.6)`,
    });
  }
  if (!geometry) {
    repairs.push({ kind: 'empty', detail: 'nothing is left after the repair' });
    return { geometry: null, repairs };
  }
  return { geometry: sameFamily(g, geometry), repairs };
}

/** Close rings, drop exact consecutive duplicates, drop collapsed rings and lines. Null when empty. */
function cleanStructure(g: Geometry, repairs: Repair[]): Geometry | null {
  let closed = 0;
  let duplicates = 0;
  const collapsed: string[] = [];
  const dedupe = (positions: Position[]) => {
    const out: Position[] = [];
    for (const p of positions) {
      if (out.length && samePosition(out[out.length - 1]!, p)) duplicates++;
      else out.push([p[0]!, p[1]!]);
    }
    return out;
  };
  const ring = (r: Position[], where: string): Position[] | null => {
    if (r.length === 0) return null;
    let out = dedupe(r);
    if (out.length > 1 && samePosition(out[0]!, out[out.length - 1]!)) out = out.slice(0, -1);
    else if (out.length > 1) closed++;
    const distinct = out.length;
    if (distinct < 3) {
      collapsed.push(`${where} has ${distinct} distinct position(s) and was dropped`);
      return null;
    }
    return [...out, out[0]!];
  };
  const polygon = (rings: Position[][], where: string): Position[][] | null => {
    const shell = ring(rings[0] ?? [], `the shell of ${where}`);
    if (!shell) return null;
    const holes = rings.slice(1).flatMap((h, i) => {
      const kept = ring(h, `hole ${i + 1} of ${where}`);
      return kept ? [kept] : [];
    });
    return [shell, ...holes];
  };
  const line = (l: Position[], where: string): Position[] | null => {
    const out = dedupe(l);
    if (out.length === 1) collapsed.push(`${where} has one distinct position and was dropped`);
    return out.length >= 2 ? out : null;
  };
  const walk = (geom: Geometry, where: string): Geometry | null => {
    switch (geom.type) {
      case 'Point':
        return geom.coordinates.length
          ? { type: 'Point', coordinates: [geom.coordinates[0]!, geom.coordinates[1]!] }
          : null;
      case 'MultiPoint':
        return geom.coordinates.length
          ? { type: 'MultiPoint', coordinates: geom.coordinates.map((p) => [p[0]!, p[1]!]) }
          : null;
      case 'LineString': {
        const l = line(geom.coordinates, `the ${where}line`);
        return l ? { type: 'LineString', coordinates: l } : null;
      }
      case 'MultiLineString': {
        const ls = geom.coordinates.flatMap((l, i) => {
          const kept = line(l, `line ${i + 1}`);
          return kept ? [kept] : [];
        });
        return ls.length ? { type: 'MultiLineString', coordinates: ls } : null;
      }
      case 'Polygon': {
        const p = polygon(geom.coordinates, `the ${where}polygon`);
        return p ? { type: 'Polygon', coordinates: p } : null;
      }
      case 'MultiPolygon': {
        const ps = geom.coordinates.flatMap((p, i) => {
          const kept = polygon(p, `polygon ${i + 1}`);
          return kept ? [kept] : [];
        });
        return ps.length ? { type: 'MultiPolygon', coordinates: ps } : null;
      }
      case 'GeometryCollection': {
        const members = geom.geometries.flatMap((m, i) => walk(m, `member ${i + 1} `) ?? []);
        return members.length ? { type: 'GeometryCollection', geometries: members } : null;
      }
    }
  };
  const out = walk(g, '');
  if (closed) repairs.push({ kind: 'ring_closed', detail: `${closed} ring(s) closed by repeating the first position` });
  if (duplicates) {
    repairs.push({
      kind: 'duplicate_vertices_removed',
      detail: `${duplicates} repeated consecutive position(s) removed`,
    });
  }
  for (const c of collapsed) repairs.push({ kind: 'collapsed_to_lower_dimension', detail: c });
  return out;
}

/** Rings turned the wrong way for RFC 7946 (zero-area rings, e.g. bow-ties, have no orientation). */
function countWrongOrientation(g: Geometry): number {
  let wrong = 0;
  for (const rings of polygonsOf(g)) {
    rings.forEach((r, i) => {
      const a = ringSignedArea(r);
      if ((i === 0 && a < 0) || (i > 0 && a > 0)) wrong++;
    });
  }
  return wrong;
}

/** The polygons of a MakeValid result; points and lines it collapsed to are dropped and reported. */
function keepPolygonal(geos: Geos, g: Geom, repairs: Repair[]): Geom {
  if (geos.typeId(g) !== GEOS_TYPE.GeometryCollection) return geos.clone(g);
  const gj = geos.toGeoJSON(g) as Extract<Geometry, { type: 'GeometryCollection' }>;
  const kept = gj.geometries.filter((m) => dimensionOf(m) === 2);
  const dropped = gj.geometries.length - kept.length;
  if (dropped) {
    repairs.push({
      kind: 'collapsed_to_lower_dimension',
      detail: `${dropped} part(s) collapsed to points or lines by the repair were dropped`,
    });
  }
  return geos.fromGeoJSON({ type: 'MultiPolygon', coordinates: kept.flatMap(polygonsOf) });
}

/** Keep the input's family: a Polygon stays a Polygon when one polygon is left; Multi stays Multi. */
function sameFamily(input: Geometry, out: Geometry): Geometry {
  if (input.type === 'MultiPolygon' && out.type === 'Polygon')
    return { type: 'MultiPolygon', coordinates: [out.coordinates] };
  if (input.type === 'MultiLineString' && out.type === 'LineString') {
    return { type: 'MultiLineString', coordinates: [out.coordinates] };
  }
  if (input.type === 'MultiPoint' && out.type === 'Point')
    return { type: 'MultiPoint', coordinates: [out.coordinates] };
  return out;
}
