/**
 * The faults real land-survey files arrive with, as a checked catalogue, and the geometry that carries
 * each one. An import's validation report is checked against the faults.json written from this: every
 * code here must be found on the features that carry it, and nothing on the clean ones. `ogc` says
 * what an OGC validity check (GEOS ST_IsValidReason) reports, or why the fault is not an OGC one.
 */
import type { Position } from 'geojson';
import proj4 from 'proj4';

export const DIRTY_FAULTS = {
  self_intersection: { zh: '面自相交', en: 'a ring crosses itself', ogc: 'Self-intersection' },
  bow_tie: {
    zh: '蝴蝶结（8字形）面',
    en: 'bow-tie: a four-vertex ring crossing itself in the middle',
    ogc: 'Self-intersection',
  },
  duplicate_vertex: { zh: '相邻重复节点', en: 'the same vertex twice in a row', ogc: 'valid; a data-quality fault' },
  wrong_orientation: {
    zh: '环方向错误',
    en: 'outer ring clockwise (RFC 7946 §3.1.6 wants counter-clockwise)',
    ogc: 'valid; violates RFC 7946',
  },
  unclosed_ring: {
    zh: '环未闭合',
    en: 'the last position of a ring differs from the first',
    ogc: 'invalid: ring not closed',
  },
  sliver: { zh: '狭长碎图斑', en: 'sliver: about 1 cm wide, 100 m long', ogc: 'valid; a data-quality fault' },
  spike: { zh: '尖刺', en: 'spike: the ring runs out 80 m and back along itself', ogc: 'valid; a data-quality fault' },
  empty_geometry: { zh: '空几何', en: 'empty geometry (no coordinates)', ogc: 'empty' },
  null_geometry: { zh: '几何缺失', en: 'no geometry at all (null / empty WKT)', ogc: 'null' },
  unknown_class_code: { zh: '未知地类编码', en: 'DLBM not in the 三调 working classification', ogc: 'n/a (attribute)' },
  missing_required_field: {
    zh: '必填字段缺失',
    en: 'a required field (BSM, DLBM, ZLDWDM) absent or empty',
    ogc: 'n/a (attribute)',
  },
  duplicate_bsm: { zh: '标识码重复', en: 'two features share one BSM (both are marked)', ogc: 'n/a (attribute)' },
  hole_outside_shell: {
    zh: '内环位于外环之外',
    en: 'an inner ring lying outside its outer ring',
    ogc: 'Hole lies outside shell',
  },
  projected_coordinates: {
    zh: '投影坐标误作经纬度',
    en: 'coordinates in CGCS2000 3-degree Gauss-Krüger zone 39 (EPSG:4527) metres, labelled as EPSG:4490 degrees',
    ogc: 'valid; out of range for geographic coordinates',
  },
} as const;

export type DirtyFault = keyof typeof DIRTY_FAULTS;

/** A parcel's corner (lon, lat) and size in degrees. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The clean counter-clockwise outline of a box with one extra vertex on the top edge. */
export function cleanRing({ x, y, w, h }: Box): Position[] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x + 0.45 * w, y + h * 1.08],
    [x, y + h],
    [x, y],
  ];
}

/** The rings (polygon coordinates) of a box carrying one geometric fault. */
export function faultyRings(fault: DirtyFault, box: Box): Position[][] {
  const { x, y, w, h } = box;
  switch (fault) {
    case 'self_intersection':
      return [
        [
          [x, y],
          [x + w, y],
          [x + w, y + h],
          [x + 0.2 * w, y - 0.3 * h],
          [x, y + h],
          [x, y],
        ],
      ];
    case 'bow_tie':
      return [
        [
          [x, y],
          [x + w, y + h],
          [x + w, y],
          [x, y + h],
          [x, y],
        ],
      ];
    case 'duplicate_vertex': {
      const ring = cleanRing(box);
      return [[ring[0]!, ring[1]!, [...ring[1]!], ...ring.slice(2)]];
    }
    case 'wrong_orientation':
      return [cleanRing(box).reverse()];
    case 'unclosed_ring':
      return [cleanRing(box).slice(0, -1)];
    case 'sliver':
      return [
        [
          [x, y],
          [x + w, y],
          [x + w, y + 1e-7],
          [x, y + 1e-7],
          [x, y],
        ],
      ];
    case 'spike':
      return [
        [
          [x, y],
          [x + w, y],
          [x + w, y + h / 2],
          [x + 1.8 * w, y + h / 2],
          [x + w, y + h / 2 + 1e-9],
          [x + w, y + h],
          [x, y + h],
          [x, y],
        ],
      ];
    case 'hole_outside_shell': {
      const hole: Position[] = [
        [x + 1.3 * w, y + 0.2 * h],
        [x + 1.3 * w, y + 0.8 * h],
        [x + 1.6 * w, y + 0.8 * h],
        [x + 1.6 * w, y + 0.2 * h],
        [x + 1.3 * w, y + 0.2 * h],
      ];
      return [cleanRing(box), hole];
    }
    case 'projected_coordinates':
      return [cleanRing(box).map(([lon, lat]) => toGaussKruger(lon!, lat!))];
    default:
      return [cleanRing(box)];
  }
}

/** CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527): central meridian 117°E, zone number in the easting. */
const GK_ZONE_39 = '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

function toGaussKruger(lon: number, lat: number): Position {
  const [e, n] = proj4('WGS84', GK_ZONE_39, [lon, lat]) as [number, number];
  return [Math.round(e * 1000) / 1000, Math.round(n * 1000) / 1000];
}
