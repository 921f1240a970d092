/**
 * Small walkers over GeoJSON geometries shared by the kernel's operations: the polygons and lines a
 * geometry is made of, the planar signed area of a ring, and its dimension.
 */
import type { Geometry, Position } from 'geojson';

/** Every polygon of a geometry (of a MultiPolygon, of a collection's members) as ring lists. */
export function polygonsOf(g: Geometry): Position[][][] {
  switch (g.type) {
    case 'Polygon':
      return [g.coordinates];
    case 'MultiPolygon':
      return g.coordinates;
    case 'GeometryCollection':
      return g.geometries.flatMap(polygonsOf);
    default:
      return [];
  }
}

/** Every line of a geometry (LineString, MultiLineString members, collection members). */
export function linesOf(g: Geometry): Position[][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'GeometryCollection':
      return g.geometries.flatMap(linesOf);
    default:
      return [];
  }
}

/** 2 polygonal, 1 lineal, 0 puntal, -1 an empty collection; a collection's highest member. */
export function dimensionOf(g: Geometry): number {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      return 0;
    case 'LineString':
    case 'MultiLineString':
      return 1;
    case 'Polygon':
    case 'MultiPolygon':
      return 2;
    case 'GeometryCollection':
      return Math.max(-1, ...g.geometries.map(dimensionOf));
  }
}

/**
 * Planar signed area of a ring by the shoelace formula, counter-clockwise positive, taken relative to
 * the first vertex so large coordinates (Gauss-Krüger eastings of 39,500,000 m) keep their precision.
 */
export function ringSignedArea(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += (a[0]! - x0) * (b[1]! - y0) - (b[0]! - x0) * (a[1]! - y0);
  }
  return sum / 2;
}

export const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

const DEPTH = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 } as const;

/** The first position that is not two finite numbers (a `null` answer means all are), with its path. */
export function firstBadPosition(g: Geometry): { position: unknown; path: string } | null {
  if (g.type === 'GeometryCollection') {
    for (const [i, m] of g.geometries.entries()) {
      const bad = firstBadPosition(m);
      if (bad) return { ...bad, path: `geometries[${i}].${bad.path}` };
    }
    return null;
  }
  const walk = (node: unknown, depth: number, path: string): { position: unknown; path: string } | null => {
    if (depth === 0) {
      const ok = Array.isArray(node) && node.length >= 2 && Number.isFinite(node[0]) && Number.isFinite(node[1]);
      return ok ? null : { position: node, path };
    }
    if (!Array.isArray(node)) return { position: node, path };
    for (let i = 0; i < node.length; i++) {
      const bad = walk(node[i], depth - 1, `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  };
  // An empty Point has no position at all, which is allowed.
  if (g.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length === 0) return null;
  return walk(g.coordinates, DEPTH[g.type], 'coordinates');
}
