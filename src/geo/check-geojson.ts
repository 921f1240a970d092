/**
 * Structural check of a GeoJSON geometry arriving over the API: the right type, positions of two
 * finite numbers inside the CGCS2000 geographic range, rings of at least four positions and closed.
 * Topological validity (self-intersection and the like) is the spatial kernel's job; this only keeps
 * malformed input out of the store, with a message that says where it is wrong.
 */
import type { Geometry, MultiPolygon, Position } from 'geojson';
import { badRequest } from '../errors.js';

type Kind = 'polygonal' | 'lineal' | 'puntal';

export function checkGeometry(value: unknown, kind: Kind, field = 'geometry'): Geometry {
  const fail = (zh: string, en: string) =>
    badRequest('geometry_invalid', `${field}：${zh}`, `${field}: ${en}`, { field });
  if (!value || typeof value !== 'object') throw fail('应为 GeoJSON 几何对象', 'expected a GeoJSON geometry object');
  const g = value as { type?: unknown; coordinates?: unknown };
  const allowed = {
    polygonal: ['Polygon', 'MultiPolygon'],
    lineal: ['LineString', 'MultiLineString'],
    puntal: ['Point', 'MultiPoint'],
  }[kind];
  if (typeof g.type !== 'string' || !allowed.includes(g.type)) {
    throw fail(
      `几何类型应为 ${allowed.join(' 或 ')}，实际为 ${String(g.type)}`,
      `geometry type must be ${allowed.join(' or ')}, got ${String(g.type)}`,
    );
  }
  const depth = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[g.type]!;
  const checkPosition = (p: unknown, path: string) => {
    if (!Array.isArray(p) || p.length < 2 || !p.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw fail(`坐标 ${path} 应为两个有限数值`, `position ${path} must be two finite numbers`);
    }
    const [x, y] = p as number[];
    if (x! < -180 || x! > 180 || y! < -90 || y! > 90) {
      throw fail(
        `坐标 ${path} (${x}, ${y}) 超出经纬度范围：数据应为 CGCS2000 经纬度（EPSG:4490），投影坐标请先转换`,
        `position ${path} (${x}, ${y}) is outside longitude/latitude range: expected CGCS2000 degrees (EPSG:4490); reproject projected data first`,
      );
    }
  };
  const walk = (node: unknown, level: number, path: string): void => {
    if (level === 0) return checkPosition(node, path);
    if (!Array.isArray(node)) throw fail(`坐标 ${path} 的嵌套层级不正确`, `coordinates at ${path} are nested wrongly`);
    if (kind === 'polygonal' && level === 1) checkRing(node as Position[], path);
    if (kind === 'lineal' && level === 1 && node.length < 2)
      throw fail(`线 ${path} 至少需要两个点`, `line ${path} needs at least two positions`);
    node.forEach((child, i) => walk(child, level - 1, `${path}[${i}]`));
  };
  const checkRing = (ring: Position[], path: string) => {
    if (ring.length < 4) throw fail(`环 ${path} 至少需要 4 个坐标`, `ring ${path} needs at least 4 positions`);
    const a = ring[0]!;
    const b = ring[ring.length - 1]!;
    if (!Array.isArray(a) || !Array.isArray(b) || a[0] !== b[0] || a[1] !== b[1]) {
      throw fail(`环 ${path} 未闭合（首尾坐标不同）`, `ring ${path} is not closed (first and last positions differ)`);
    }
  };
  walk(g.coordinates, depth, 'coordinates');
  return value as Geometry;
}

/** Polygonal input stored as MultiPolygon, the type of every polygon layer. */
export function toMultiPolygon(geometry: Geometry): MultiPolygon {
  if (geometry.type === 'MultiPolygon') return geometry;
  if (geometry.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
  throw new Error(`not polygonal: ${geometry.type}`);
}
