/**
 * Public service facilities of the last survey year, placed on cells of a fitting class in each
 * planning unit (schools and clinics on 科教文卫 land, parks on 公园与绿地 …) in numbers that follow the
 * unit's population — roughly the 城市居住区规划设计标准 (GB 50180-2018) provision rates. About one
 * unit in ten is left without what it should have, so coverage analyses find gaps.
 */
import type { Point as GeoPoint } from 'geojson';
import { kmToLat, kmToLon } from './frame.js';
import type { Hierarchy } from './hierarchy.js';
import { chineseOrdinal } from './names.js';
import { unitHash } from './random.js';
import { classIndex, isConstruction } from './sandiao-classes.js';

export const FACILITY_TYPES = [
  '学校',
  '医院',
  '社区卫生服务中心',
  '卫生院',
  '卫生室',
  '养老院',
  '公园',
  '广场',
  '体育设施',
  '文化设施',
  '消防站',
  '应急避难场所',
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export interface FacilityFeature {
  facilityType: FacilityType;
  name: string;
  regionCode: string;
  attrs: Record<string, string | number>;
  geometry: GeoPoint;
}

export interface FacilityInput {
  seed: number;
  hierarchy: Hierarchy;
  siteX: Float64Array;
  siteY: Float64Array;
  areaM2: Float64Array;
  classes: Uint8Array;
  /** Residents per unit in the year. */
  residents: number[];
  /** Units nearest the city centre first (for city-level hospitals and venues). */
  centralUnits: number[];
  countySeatUnits: number[];
}

export function facilityFeatures(input: FacilityInput): FacilityFeature[] {
  const { seed, hierarchy, classes } = input;
  const cellsOfUnit = hierarchy.units.map((): number[] => []);
  for (let c = 0; c < classes.length; c++) cellsOfUnit[hierarchy.unitOfCell[c]!]!.push(c);
  const out: FacilityFeature[] = [];
  const counters = new Map<string, number>();
  const used = new Set<number>();
  const schoolish = new Set(['08H2', '08H1'].map(classIndex));
  const green = new Set([classIndex('0810')]);
  const square = new Set([classIndex('0810A')]);

  const place = (
    u: number,
    type: FacilityType,
    label: string,
    prefer: Set<number>,
    attrs: Record<string, string | number>,
    k = 0,
    fullName?: string,
  ) => {
    // Each facility takes a cell of its own: the preferred class first, then any built-up cell.
    const cells = cellsOfUnit[u]!.filter((c) => !used.has(c));
    const fits = cells.filter((c) => prefer.has(classes[c]!));
    const pool = fits.length ? fits : cells.filter((c) => isConstruction(classes[c]!));
    if (!pool.length) return false;
    const c = pool[Math.floor(unitHash(seed, u * 97 + k, 111) * pool.length)]!;
    used.add(c);
    const township = hierarchy.townships[hierarchy.units[u]!.township]!;
    const short = township.name.replace(/(街道|镇|乡)$/, '');
    const key = `${township.code}:${label}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    out.push({
      facilityType: type,
      name: fullName ?? `${short}${n > 1 ? `第${chineseOrdinal(n)}` : ''}${label}`,
      regionCode: township.code,
      attrs,
      geometry: { type: 'Point', coordinates: [kmToLon(input.siteX[c]!), kmToLat(input.siteY[c]!)] },
    });
    return true;
  };
  const lacks = (u: number, salt: number) => unitHash(seed, u, 120 + salt) < 0.1;
  const area = (u: number, set: Set<number>) =>
    cellsOfUnit[u]!.reduce((s, c) => s + (set.has(classes[c]!) ? input.areaM2[c]! : 0), 0);

  hierarchy.units.forEach((unit, u) => {
    const township = hierarchy.townships[unit.township]!;
    const urban = township.kind === '街道';
    const people = input.residents[u] ?? 0;
    const seat = township.units[0] === u;
    const primary = urban ? Math.round(people / 12000) : people > 3500 ? 1 : 0;
    for (let k = 0; k < primary && !lacks(u, k); k++)
      place(u, '学校', '小学', schoolish, { level: '小学', capacity: urban ? 1800 : 900 }, k);
    if ((seat || people > 30000) && !lacks(u, 5))
      place(u, '学校', '中学', schoolish, { level: '中学', capacity: 2400 }, 5);
    if (seat && urban) place(u, '社区卫生服务中心', '社区卫生服务中心', schoolish, { beds: 20 }, 6);
    if (seat && !urban) place(u, '卫生院', '卫生院', schoolish, { beds: 40 }, 6);
    if (!urban && !seat && !lacks(u, 7)) place(u, '卫生室', '村卫生室', schoolish, { beds: 0 }, 7);
    if ((seat || (urban && people > 25000)) && !lacks(u, 8))
      place(u, '养老院', '养老院', schoolish, { beds: urban ? 300 : 80 }, 8);
    const parkArea = area(u, green);
    if (parkArea > 0) {
      place(u, '公园', '公园', green, { area_m2: Math.round(parkArea) }, 9);
      if (!lacks(u, 10) && unitHash(seed, u, 119) < 0.6) {
        place(
          u,
          '应急避难场所',
          '应急避难场所',
          green,
          { area_m2: Math.round(parkArea * 0.6), capacity: Math.round(parkArea * 0.3) },
          10,
        );
      }
    }
    const squareArea = area(u, square);
    if (squareArea > 0) place(u, '广场', '广场', square, { area_m2: Math.round(squareArea) }, 11);
    if (urban && unitHash(seed, u, 118) < 0.45)
      place(u, '体育设施', '全民健身中心', schoolish, { area_m2: 8000, seats: 600 }, 12);
    if (seat && urban) place(u, '文化设施', '文化站', schoolish, { kind: '文化站', area_m2: 1200 }, 13);
    if ((urban && unitHash(seed, u, 117) < 0.3) || input.countySeatUnits.includes(u)) {
      place(u, '消防站', '消防救援站', schoolish, { vehicles: urban ? 8 : 5, level: urban ? '一级站' : '二级站' }, 14);
    }
  });
  const cityLevel: [FacilityType, string, Record<string, string | number>][] = [
    ['医院', '示范市第一人民医院', { beds: 1500, grade: '三级甲等' }],
    ['医院', '示范市中医院', { beds: 800, grade: '三级甲等' }],
    ['医院', '示范市妇幼保健院', { beds: 500, grade: '三级' }],
    ['医院', '示范市第二人民医院', { beds: 1000, grade: '三级' }],
    ['文化设施', '示范市图书馆', { kind: '图书馆', area_m2: 30000 }],
    ['文化设施', '示范市博物馆', { kind: '博物馆', area_m2: 25000 }],
    ['体育设施', '示范市体育中心', { area_m2: 150000, seats: 40000 }],
  ];
  cityLevel.forEach(([type, name, attrs], i) =>
    place(input.centralUnits[i % input.centralUnits.length]!, type, name, schoolish, attrs, 20 + i, name),
  );
  input.countySeatUnits.forEach((u) => {
    const county = hierarchy.districts[hierarchy.townships[hierarchy.units[u]!.township]!.district]!;
    place(u, '医院', '人民医院', schoolish, { beds: 600, grade: '二级甲等' }, 30, `${county.name}人民医院`);
  });
  return out;
}
