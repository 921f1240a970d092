/**
 * Rows of the `zone` table: province, city, districts/counties, townships, planning units, the central
 * urban area (中心城区) and the governance zones that cut across district lines (示范新区, the high-tech
 * zone, an industrial park). Every zone is a union of whole planning units, so statistics for any zone
 * are exact sums over units and patches.
 */
import type { MultiPolygon } from 'geojson';
import type { CityCells } from './city-cells.js';
import { unionByLabel } from './cell-union.js';
import type { Hierarchy } from './hierarchy.js';
import type { CityLayout, Point } from './layout.js';

export interface DemoZone {
  code: string;
  kind: 'region' | 'central_urban' | 'planning_unit' | 'governance';
  level: string | null;
  name: string;
  nameEn: string;
  parentCode: string | null;
  regionCode: string;
  attrs: Record<string, unknown>;
  geometry: MultiPolygon;
  /** Indices of the planning units the zone is made of. */
  units: number[];
}

export const CITY_CODE = '9901';
export const PROVINCE_CODE = '99';
export const CENTRAL_URBAN_CODE = '9901ZX';

interface ZoneSpec extends Omit<DemoZone, 'geometry' | 'attrs'> {
  attrs?: Record<string, unknown>;
}

export function buildZones(cells: CityCells, layout: CityLayout, hierarchy: Hierarchy): DemoZone[] {
  const { units, townships, districts } = hierarchy;
  const all = units.map((_, u) => u);
  const specs: ZoneSpec[] = [
    region(PROVINCE_CODE, 'province', '示范省', 'Shifan Province', null, all),
    region(CITY_CODE, 'city', '示范市', 'Shifan City', PROVINCE_CODE, all),
    ...districts.map((d) =>
      region(
        d.code,
        'county',
        d.name,
        d.nameEn,
        CITY_CODE,
        d.townships.flatMap((t) => townships[t]!.units),
        { type: d.kind },
      ),
    ),
    ...townships.map((t) =>
      region(t.code, 'township', t.name, t.nameEn, districts[t.district]!.code, t.units, { type: t.kind }),
    ),
    ...units.map((unit, u): ZoneSpec => {
      const township = townships[unit.township]!;
      const urban = township.kind === '街道';
      return {
        code: unit.code,
        kind: 'planning_unit',
        level: null,
        name: unit.name,
        nameEn: unit.nameEn,
        parentCode: township.code,
        regionCode: township.code,
        units: [u],
        attrs: { unit_type: urban ? '城镇单元' : '乡村单元' },
      };
    }),
    centralUrbanArea(layout, hierarchy),
    ...governanceZones(layout, hierarchy),
  ];
  return withGeometry(cells, hierarchy, specs);
}

function region(
  code: string,
  level: string,
  name: string,
  nameEn: string,
  parent: string | null,
  units: number[],
  attrs = {},
): ZoneSpec {
  return { code, kind: 'region', level, name, nameEn, parentCode: parent, regionCode: code, units, attrs };
}

/** 中心城区: the units of the four districts whose seeds lie within the planned core, new district or high-tech zone. */
function centralUrbanArea(layout: CityLayout, hierarchy: Hierarchy): ZoneSpec {
  const units = hierarchy.units.flatMap((unit, u) => {
    const district = hierarchy.districts[hierarchy.townships[unit.township]!.district]!;
    const inside = layout.centres.some((c) => Math.hypot(unit.x - c.x, unit.y - c.y) < c.radius2035[1] + 0.6);
    return district.kind === '区' && inside ? [u] : [];
  });
  return {
    code: CENTRAL_URBAN_CODE,
    kind: 'central_urban',
    level: null,
    name: '示范市中心城区',
    nameEn: 'Shifan Central Urban Area',
    parentCode: CITY_CODE,
    regionCode: CITY_CODE,
    units,
  };
}

/**
 * Governance zones drawn around a focus, taking the nearest units until the zone has `minUnits` units
 * and reaches into at least two districts — governance zones are set up across administrative lines.
 */
function governanceZones(layout: CityLayout, hierarchy: Hierarchy): ZoneSpec[] {
  const [core, newDistrict, highTech] = [layout.centres[0]!, layout.centres[1]!, layout.centres[2]!];
  const plainsCounty = hierarchy.districts[5]!.seat;
  const park = {
    x: plainsCounty.x + (core.x - plainsCounty.x) * 0.45,
    y: plainsCounty.y + (core.y - plainsCounty.y) * 0.45,
  };
  const zone = (
    code: string,
    level: string,
    name: string,
    nameEn: string,
    focus: Point,
    minUnits: number,
    body: string,
  ): ZoneSpec => {
    const byDistance = hierarchy.units
      .map((u, i) => ({ i, d: Math.hypot(u.x - focus.x, u.y - focus.y) }))
      .sort((a, b) => a.d - b.d);
    const units: number[] = [];
    const districts = new Set<number>();
    for (const { i } of byDistance) {
      if (units.length >= minUnits && districts.size >= 2) break;
      units.push(i);
      districts.add(hierarchy.townships[hierarchy.units[i]!.township]!.district);
    }
    return {
      code,
      kind: 'governance',
      level,
      name,
      nameEn,
      parentCode: CITY_CODE,
      regionCode: CITY_CODE,
      units,
      attrs: { managing_body: body },
    };
  };
  return [
    zone('9901XQ', '新区', '示范新区', 'Shifan New Area', newDistrict, 8, '示范新区管理委员会'),
    zone(
      '9901GX',
      '开发区',
      '示范高新技术产业开发区',
      'Shifan High-tech Industrial Development Zone',
      highTech,
      6,
      '示范高新区管理委员会',
    ),
    zone('9901YQ', '园区', '丰乐经济开发区', 'Fengle Economic Development Park', park, 4, '丰乐经济开发区管理委员会'),
  ];
}

/** Union the units of each zone; zones of one level share a labelling pass, overlapping ones get their own. */
function withGeometry(cells: CityCells, hierarchy: Hierarchy, specs: ZoneSpec[]): DemoZone[] {
  const { mesh, cellAreaM2 } = cells;
  const n = mesh.cellCount;
  const out: DemoZone[] = [];
  const passes = new Map<string, ZoneSpec[]>();
  for (const spec of specs) {
    if (spec.code === PROVINCE_CODE) continue;
    const key = spec.kind === 'region' ? `region:${spec.level}` : spec.kind === 'planning_unit' ? 'unit' : spec.code;
    passes.set(key, [...(passes.get(key) ?? []), spec]);
  }
  const unitsLabels = new Int32Array(n);
  for (const group of passes.values()) {
    const labelOfUnit = new Int32Array(hierarchy.units.length).fill(-1);
    group.forEach((spec, l) => spec.units.forEach((u) => (labelOfUnit[u] = l)));
    for (let c = 0; c < n; c++) unitsLabels[c] = labelOfUnit[hierarchy.unitOfCell[c]!]!;
    const area = new Float64Array(group.length);
    for (let c = 0; c < n; c++) if (unitsLabels[c]! >= 0) area[unitsLabels[c]!]! += cellAreaM2[c]!;
    const polygons = unionByLabel(mesh, unitsLabels, group.length, cells.coords);
    group.forEach((spec, l) =>
      out.push({
        ...spec,
        attrs: { ...spec.attrs, area_m2: Math.round(area[l]! * 100) / 100 },
        geometry: { type: 'MultiPolygon', coordinates: polygons[l]! },
      }),
    );
  }
  // The province is drawn as the city: the demo has no other city in it.
  const city = out.find((z) => z.code === CITY_CODE)!;
  out.push({ ...specs.find((s) => s.code === PROVINCE_CODE)!, attrs: city.attrs, geometry: city.geometry });
  const order = new Map(specs.map((s, i) => [s.code, i]));
  return out.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
}
