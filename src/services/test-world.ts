/**
 * Layers for the layer-service tests, on top of the API tests' world (test/api-fixture.ts: city 9901,
 * districts 990102 west of 117.2° and 990103 east of it, public layer `redline`, internal `survey-d1`).
 * Every feature's place is known, so a test can say which must land in a tile, a bbox or a click:
 *
 * - `survey-2025` (internal, city-wide, land survey of 2025): 20 × 10 square patches of 0.02° from
 *   (117.0, 31.0), inset by 0.001° so neighbours do not touch; patch i at column i % 20, row ⌊i/20⌋.
 *   DLBM cycles 0101, 0201, 0301. Patch 0 has a square hole in its middle.
 * - `survey-d2` (internal, district 990103): one patch.
 * - `roads-2025` (internal, roads of 2025): a west–east road along latitude 31.1005 and a north–south
 *   one along longitude 117.3; `roads-2024` one road further north, its row between those two.
 * - `facilities` (public): two points.
 */
import type { Geometry, Polygon } from 'geojson';
import { nowIso, type Store } from '../store/store.js';

export const GRID = { lon0: 117.0, lat0: 31.0, step: 0.02, inset: 0.001, columns: 20, rows: 10 } as const;
export const DLBM = [
  ['0101', '水田'],
  ['0201', '果园'],
  ['0301', '乔木林地'],
] as const;
export const ROAD_LAT = 31.1005;
export const ROAD_LON = 117.3;
export const FACILITIES: [number, number, string][] = [
  [117.105, 31.155, '第一小学'],
  [117.305, 31.155, '第二医院'],
];

/** Bounding box of patch i: [minLon, minLat, maxLon, maxLat]. */
export function patchBox(i: number): [number, number, number, number] {
  const col = i % GRID.columns;
  const row = Math.floor(i / GRID.columns);
  const x = GRID.lon0 + col * GRID.step + GRID.inset;
  const y = GRID.lat0 + row * GRID.step + GRID.inset;
  const size = GRID.step - 2 * GRID.inset;
  return [x, y, x + size, y + size];
}

export const patchCount = GRID.columns * GRID.rows;
export const patchRegion = (i: number) => (patchBox(i)[0] < 117.2 ? '990102001' : '990103001');

const ring = ([x0, y0, x1, y1]: number[]) => [
  [x0!, y0!],
  [x1!, y0!],
  [x1!, y1!],
  [x0!, y1!],
  [x0!, y0!],
];

function patchGeometry(i: number): Geometry {
  const box = patchBox(i);
  const polygon: Polygon = { type: 'Polygon', coordinates: [ring(box)] };
  if (i === 0) {
    const [x0, y0, x1, y1] = box;
    const q = (x1 - x0) / 4;
    polygon.coordinates.push(ring([x0 + q, y0 + q, x1 - q, y1 - q]).reverse());
  }
  return { type: 'MultiPolygon', coordinates: [polygon.coordinates] };
}

type NewLayer = { code: string; title: string; table: string; isPublic: boolean; region: string; year: number | null };

async function addLayer(store: Store, l: NewLayer, count: number): Promise<number> {
  const now = nowIso();
  const row = await store.db
    .insertInto('layer')
    .values({
      code: l.code,
      title: l.title,
      title_en: null,
      category: l.table as 'land_survey',
      feature_table: l.table as 'land_survey',
      status_year: l.year,
      is_public: l.isPublic ? 1 : 0,
      region_code: l.region,
      feature_count: count,
      created_at: now,
      updated_at: now,
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function seedServiceLayers(store: Store): Promise<void> {
  const geom = (g: Geometry) => store.dialect.encodeGeometry(g);
  const survey = await addLayer(
    store,
    {
      code: 'survey-2025',
      title: '2025年度地类图斑',
      table: 'land_survey',
      isPublic: false,
      region: '9901',
      year: 2025,
    },
    patchCount,
  );
  for (let i = 0; i < patchCount; i++) {
    const [dlbm, dlmc] = DLBM[i % 3]!;
    await store.db
      .insertInto('land_survey')
      .values({
        layer_id: survey,
        region_code: patchRegion(i),
        bsm: `B${i}`,
        dlbm,
        dlmc,
        czcsxm: null,
        attrs: JSON.stringify({ TBBH: String(i) }),
        geom: geom(patchGeometry(i)),
      })
      .execute();
  }
  const d2 = await addLayer(
    store,
    { code: 'survey-d2', title: '二区现状', table: 'land_survey', isPublic: false, region: '990103', year: 2025 },
    1,
  );
  await store.db
    .insertInto('land_survey')
    .values({
      layer_id: d2,
      region_code: '990103001',
      bsm: 'D2',
      dlbm: '0101',
      dlmc: '水田',
      czcsxm: null,
      attrs: null,
      geom: geom(patchGeometry(15)),
    })
    .execute();
  const roads = await addLayer(
    store,
    { code: 'roads-2025', title: '道路', table: 'road', isPublic: false, region: '9901', year: 2025 },
    2,
  );
  const oldRoads = await addLayer(
    store,
    { code: 'roads-2024', title: '道路（2024）', table: 'road', isPublic: false, region: '9901', year: 2024 },
    1,
  );
  const road = (layer: number, name: string, coordinates: number[][]) =>
    store.db
      .insertInto('road')
      .values({
        layer_id: layer,
        region_code: coordinates[0]![0]! < 117.2 ? '990102001' : '990103001',
        road_class: '主干路',
        name,
        attrs: null,
        geom: geom({ type: 'LineString', coordinates }),
      })
      .execute();
  // The two layers' rows interleave, as after edits: roads-2025 does not hold one unbroken run of fids.
  await road(roads, '东西大道', [
    [117.0, ROAD_LAT],
    [117.4, ROAD_LAT],
  ]);
  await road(oldRoads, '旧路', [
    [117.1, 31.3],
    [117.5, 31.35],
  ]);
  await road(roads, '南北路', [
    [ROAD_LON, 31.0],
    [ROAD_LON, 31.2],
  ]);
  const facilities = await addLayer(
    store,
    { code: 'facilities', title: '公共服务设施', table: 'facility', isPublic: true, region: '9901', year: null },
    FACILITIES.length,
  );
  for (const [lon, lat, name] of FACILITIES) {
    await store.db
      .insertInto('facility')
      .values({
        layer_id: facilities,
        region_code: lon < 117.2 ? '990102001' : '990103001',
        facility_type: '学校',
        name,
        attrs: null,
        geom: geom({ type: 'Point', coordinates: [lon, lat] }),
      })
      .execute();
  }
}
