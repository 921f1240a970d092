/**
 * coverageShare: the life-circle coverage indicators, measured along the road network — per zone, the
 * share of residents (or of residential land) whose home can reach a facility of the given type within
 * so many minutes on foot or by fire engine.
 *
 * The method (docs/decisions/0021-network-coverage.md):
 * 1. The status year's road layer becomes a graph (read-road-graph.ts), timed per mode (edge-minutes.ts).
 * 2. Each facility of the type snaps to the nearest point on the nearest road its mode may use, within
 *    `maxAccessMetres` (500 m); its straight walk or drive to that point counts against the budget at the
 *    access speed. Facilities farther from every road are listed in the detail and do not serve.
 * 3. One multi-source search from all of them (service-area.ts).
 * 4. Residents are spread over residential patches (residential-patches.ts). Each patch reaches the
 *    network at the nearest point of a usable road from its centroid, with the same access rule; it is
 *    covered when access + the time at that road point ≤ the budget. A patch farther than
 *    `maxAccessMetres` from every usable road is off-network: counted in the total, never covered.
 * 5. Per zone, sums over the patches whose centroid it contains.
 *
 * `share` is covered / total as a fraction (0–1; the catalog's % is ×100), null when the zone has no
 * residents (or no residential land). Values say which data they were computed from (`dataVersions`), so
 * a later change to any of them marks them stale.
 *
 *   await coverageShare(store, { facilityType: '学校', mode: 'walk', minutes: 15, year: 2025, zones: ['9901'] })
 *   // → [{ zoneCode: '9901', covered: 1.41e6, total: 1.62e6, share: 0.87, dataVersions: [...], detail: {...} }]
 */
import { LantuError } from '../errors.js';
import type { Layer, LayerCategory } from '../onemap/onemap-tables.js';
import { readJson, type Store } from '../store/store.js';
import { edgeMinutes } from './edge-minutes.js';
import { minutesAt } from './edge-portions.js';
import { readResidentialPatches, RESIDENTIAL_CLASSES, type ResidentialPatches } from './residential-patches.js';
import { readRoadGraph } from './read-road-graph.js';
import { RoadSnapper } from './road-snapper.js';
import { serviceArea, type Source } from './service-area.js';
import { DEFAULT_SPEEDS, metresPerMinute, type SpeedTable, type TravelMode } from './travel-modes.js';
import { ZoneLocator } from './zone-locator.js';

export interface CoverageOptions {
  /** Facility type(s) as in `facility.facility_type`; several count as one kind (e.g. 公园 and 广场). */
  facilityType: string | readonly string[];
  mode: TravelMode;
  /** The budget, minutes (15-minute walk: 15; fire engine: 5 or 4). */
  minutes: number;
  /**
   * Destinations given as points, serving like facilities of the kind (the edges of forest patches);
   * with them `facilityType` may be empty.
   */
  points?: readonly (readonly [number, number])[];
  /** Only facilities whose attribute `key` is one of `values` (学校 with level 小学). */
  facilityAttr?: FacilityAttr;
  /**
   * Further kinds a home must reach as well, each within its own budget: a home counts as covered only
   * when it reaches all of them (a 15-minute life circle is several services at once, not any one).
   */
  alsoReach?: readonly { facilityType: string | readonly string[]; facilityAttr?: FacilityAttr; minutes: number }[];
  /** Status year: the newest road, facility and land-survey layers and population of this year or before. */
  year: number;
  zones: readonly string[];
  /** What the share counts: residents (default) or residential land area. */
  measure?: 'residents' | 'area';
  /** 'edge' (default): facilities at their nearest road point. 'node': at that road's nearer end, no
   *  access leg — pgRouting's `pgr_drivingDistance` convention, for comparison. */
  snap?: 'edge' | 'node';
  maxAccessMetres?: number;
  speeds?: SpeedTable;
  /** Layer codes instead of the status year's choice. */
  layers?: { road?: string; facility?: string; landSurvey?: string };
  /** Reuse graphs and patches between calls of one monitoring run. */
  cache?: CoverageCache;
}

export interface FacilityAttr {
  key: string;
  values: readonly string[];
}

/**
 * An input a value was computed from, in the monitoring capability's shape (a layer by code and
 * `updated_at`; the year's population by row count and sum), so a changed input marks the value stale.
 */
export type DataVersion =
  { kind: 'layer'; code: string; updatedAt: string } | { kind: 'population'; year: number; fingerprint: string };

export interface ZoneCoverage {
  zoneCode: string;
  covered: number;
  total: number;
  share: number | null;
  dataVersions: DataVersion[];
  detail: {
    measure: 'residents' | 'area';
    residents: { covered: number; total: number; offNetwork: number };
    residentialAreaM2: { covered: number; total: number; offNetwork: number };
    patches: number;
    facilities: { serving: number; offNetwork: { fid: number; name: string | null; metres: number | null }[] };
    method: {
      mode: TravelMode;
      minutes: number;
      snap: 'edge' | 'node';
      maxAccessMetres: number;
      speedsVersion: string;
      residentialClasses: string[];
    };
  };
}

/** Graphs, snappers and residential patches kept between calls; keyed by what they were read from. */
export class CoverageCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    let hit = this.entries.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = make();
      this.entries.set(key, hit);
      hit.catch(() => this.entries.delete(key));
    }
    return hit;
  }
}

const DEFAULT_MAX_ACCESS_M = 500;

export async function coverageShare(store: Store, options: CoverageOptions): Promise<ZoneCoverage[]> {
  const { mode, minutes, year } = options;
  const types = typeof options.facilityType === 'string' ? [options.facilityType] : [...options.facilityType];
  const measure = options.measure ?? 'residents';
  const snapMode = options.snap ?? 'edge';
  const maxAccess = options.maxAccessMetres ?? DEFAULT_MAX_ACCESS_M;
  const speeds = options.speeds ?? DEFAULT_SPEEDS;
  const cache = options.cache ?? new CoverageCache();
  checkOptions(options, types, maxAccess);

  const roadLayer = await pickLayer(store, 'road', year, options.layers?.road);
  const facilityLayer = await pickLayer(store, 'facility', year, options.layers?.facility);
  const surveyLayer = await pickLayer(store, 'land_survey', year, options.layers?.landSurvey);
  const population = await pickPopulationYear(store, year);
  const zones = await cache.get(`zones:${options.zones.join(',')}`, () =>
    ZoneLocator.read(store, { codes: options.zones }),
  );
  const missing = options.zones.filter((c) => !zones.codes.includes(c));
  if (missing.length) {
    throw new LantuError(
      'zone_unknown',
      400,
      `分区不存在：${missing.join('、')}`,
      `unknown zones: ${missing.join(', ')}`,
      {
        field: 'zones',
      },
    );
  }

  const graphKey = `graph:${roadLayer.id}:${roadLayer.updated_at}`;
  const graph = await cache.get(graphKey, () => readRoadGraph(store, roadLayer.id));
  const costs = await cache.get(`${graphKey}:${mode}:${speeds.version}`, async () => edgeMinutes(graph, mode, speeds));
  const snapper = await cache.get(`${graphKey}:snapper`, async () => new RoadSnapper(graph));
  const usable = (e: number) => costs.minutes[e]! !== Infinity;
  const accessPerMinute = metresPerMinute(speeds.accessKmh[mode]);

  const sourceAt = (s: { edge: number; fraction: number; distance: number }): Source => {
    if (snapMode === 'edge') return { edge: s.edge, fraction: s.fraction, minutes: s.distance / accessPerMinute };
    return { node: s.fraction < 0.5 ? graph.edgeSource[s.edge]! : graph.edgeTarget[s.edge]!, minutes: 0 };
  };
  /** Where facilities of the given kind enter the network, and those too far from every usable road. */
  const sourcesOf = async (kinds: readonly string[], attr: FacilityAttr | undefined) => {
    const rows = !kinds.length
      ? []
      : await store.db
          .selectFrom('facility')
          .select(['fid', 'name', 'attrs', 'geom'])
          .where('layer_id', '=', facilityLayer.id)
          .where('facility_type', 'in', [...kinds])
          .orderBy('fid')
          .execute();
    const sources: Source[] = [];
    const offNetwork: ZoneCoverage['detail']['facilities']['offNetwork'] = [];
    for (const f of rows) {
      if (attr && !attr.values.includes(String(readJson<Record<string, unknown>>(f.attrs)?.[attr.key] ?? ''))) continue;
      const point = store.dialect.decodeGeometry(f.geom);
      const [x, y] = point?.type === 'Point' ? point.coordinates : [NaN, NaN];
      const s = Number.isFinite(x) ? snapper.snap(x!, y!, maxAccess, usable) : null;
      if (!s) {
        offNetwork.push({
          fid: f.fid,
          name: f.name,
          metres: Number.isFinite(x) ? nearestMetres(snapper, x!, y!, usable) : null,
        });
        continue;
      }
      sources.push(sourceAt(s));
    }
    return { sources, offNetwork };
  };
  const { sources, offNetwork } = await sourcesOf(types, options.facilityAttr);
  for (const [x, y] of options.points ?? []) {
    const s = snapper.snap(x, y, maxAccess, usable);
    if (s) sources.push(sourceAt(s));
  }
  const area = serviceArea(graph, costs.minutes, sources, minutes);
  const also: { minutes: number; area: ReturnType<typeof serviceArea> }[] = [];
  for (const extra of options.alsoReach ?? []) {
    const kinds = typeof extra.facilityType === 'string' ? [extra.facilityType] : [...extra.facilityType];
    const found = await sourcesOf(kinds, extra.facilityAttr);
    also.push({ minutes: extra.minutes, area: serviceArea(graph, costs.minutes, found.sources, extra.minutes) });
  }

  const patchKey = `patches:${surveyLayer.id}:${surveyLayer.updated_at}:${population.year}`;
  const homes = await cache.get(patchKey, () =>
    readResidentialPatches(store, { landSurveyLayerId: surveyLayer.id, populationYear: population.year }),
  );
  const access = await cache.get(`${patchKey}:${graphKey}:${mode}:${maxAccess}:access`, async () =>
    patchAccess(homes, snapper, usable, maxAccess, accessPerMinute),
  );
  const membership = await cache.get(`${patchKey}:in:${options.zones.join(',')}`, async () => patchZones(homes, zones));

  const sums = zones.codes.map(() => ({ rc: 0, rt: 0, ro: 0, ac: 0, at: 0, ao: 0, patches: 0 }));
  for (let i = 0; i < homes.count; i++) {
    const e = access.edge[i]!;
    const off = e < 0;
    const reaches = (budget: number, within: typeof area) =>
      access.minutes[i]! + minutesAt(graph, within, e, access.fraction[i]!) <= budget;
    const covered = !off && reaches(minutes, area) && also.every((a) => reaches(a.minutes, a.area));
    const people = homes.residents[i]!;
    const m2 = homes.areaM2[i]!;
    for (let k = membership.start[i]!; k < membership.start[i + 1]!; k++) {
      const z = sums[membership.zone[k]!]!;
      z.patches++;
      z.rt += people;
      z.at += m2;
      if (covered) {
        z.rc += people;
        z.ac += m2;
      }
      if (off) {
        z.ro += people;
        z.ao += m2;
      }
    }
  }

  const dataVersions: DataVersion[] = [
    ...[roadLayer, facilityLayer, surveyLayer].map((l): DataVersion => ({
      kind: 'layer',
      code: l.code,
      updatedAt: l.updated_at,
    })),
    { kind: 'population', year: population.year, fingerprint: population.fingerprint },
  ];
  return zones.codes.map((zoneCode, z) => {
    const s = sums[z]!;
    const [covered, total] = measure === 'residents' ? [s.rc, s.rt] : [s.ac, s.at];
    return {
      zoneCode,
      covered,
      total,
      share: total > 0 ? covered / total : null,
      dataVersions,
      detail: {
        measure,
        residents: { covered: s.rc, total: s.rt, offNetwork: s.ro },
        residentialAreaM2: { covered: s.ac, total: s.at, offNetwork: s.ao },
        patches: s.patches,
        facilities: { serving: sources.length, offNetwork },
        method: {
          mode,
          minutes,
          snap: snapMode,
          maxAccessMetres: maxAccess,
          speedsVersion: speeds.version,
          residentialClasses: RESIDENTIAL_CLASSES.map((c) => c.dlbm),
        },
      },
    };
  });
}

function checkOptions(options: CoverageOptions, types: string[], maxAccess: number): void {
  const bad = (field: string, zh: string, en: string) =>
    new LantuError('coverage_options_invalid', 400, zh, en, { field });
  if (types.length === 0 && !options.points) throw bad('facilityType', '未指定设施类型', 'no facility type given');
  if (options.mode !== 'walk' && options.mode !== 'drive') {
    throw bad(
      'mode',
      `出行方式应为 walk 或 drive：${String(options.mode)}`,
      `mode must be walk or drive: ${String(options.mode)}`,
    );
  }
  if (!(options.minutes > 0) || options.minutes > 240) {
    throw bad(
      'minutes',
      `时间阈值应在 0–240 分钟之间：${options.minutes}`,
      `minutes must be within 0–240: ${options.minutes}`,
    );
  }
  for (const extra of options.alsoReach ?? []) {
    if (!(extra.minutes > 0) || extra.minutes > 240) {
      throw bad(
        'alsoReach',
        `时间阈值应在 0–240 分钟之间：${extra.minutes}`,
        `minutes must be within 0–240: ${extra.minutes}`,
      );
    }
  }
  if (!(maxAccess >= 0)) throw bad('maxAccessMetres', '接入距离应不小于 0', 'maxAccessMetres must be ≥ 0');
  if (options.zones.length === 0) throw bad('zones', '未指定分区', 'no zones given');
}

/** The newest layer of a category with status year ≤ year, or the one named. */
async function pickLayer(store: Store, category: LayerCategory, year: number, code?: string): Promise<Layer> {
  let query = store.db.selectFrom('layer').selectAll().where('category', '=', category);
  query = code ? query.where('code', '=', code) : query.where('status_year', '<=', year);
  const layer = await query.orderBy('status_year', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (layer) return layer;
  const names: Partial<Record<LayerCategory, string>> = {
    road: '道路',
    facility: '公共服务设施',
    land_survey: '国土调查',
  };
  throw new LantuError(
    'coverage_input_missing',
    422,
    code
      ? `图层不存在或类别不符：${code}`
      : `没有 ${year} 年或更早的${names[category] ?? category}图层，无法按路网计算覆盖率`,
    code
      ? `no ${category} layer ${code}`
      : `no ${category} layer of ${year} or earlier: network coverage cannot be computed`,
    { field: code ? 'layers' : 'year' },
  );
}

/** The newest population year ≤ year, with the fingerprint monitoring compares (rows and their sum). */
async function pickPopulationYear(store: Store, year: number): Promise<{ year: number; fingerprint: string }> {
  const row = await store.db
    .selectFrom('population')
    .select((eb) => ['year', eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('resident').as('total')])
    .where('year', '<=', year)
    .groupBy('year')
    .orderBy('year', 'desc')
    .executeTakeFirst();
  if (!row) {
    throw new LantuError(
      'coverage_input_missing',
      422,
      `没有 ${year} 年或更早的常住人口数据`,
      `no population of ${year} or earlier`,
      { field: 'year' },
    );
  }
  return { year: row.year, fingerprint: `rows=${Number(row.rows)};resident=${Number(row.total)}` };
}

/** Where each patch joins the network in one mode: edge (-1 off-network), fraction, access minutes. */
function patchAccess(
  homes: ResidentialPatches,
  snapper: RoadSnapper,
  usable: (e: number) => boolean,
  maxAccess: number,
  perMinute: number,
) {
  const edge = new Int32Array(homes.count).fill(-1);
  const fraction = new Float64Array(homes.count);
  const minutes = new Float64Array(homes.count);
  for (let i = 0; i < homes.count; i++) {
    const s = snapper.snap(homes.x[i]!, homes.y[i]!, maxAccess, usable);
    if (!s) continue;
    edge[i] = s.edge;
    fraction[i] = s.fraction;
    minutes[i] = s.distance / perMinute;
  }
  return { edge, fraction, minutes };
}

/** Zones containing each patch's centroid, CSR: zone[start[i] … start[i+1]). */
function patchZones(homes: ResidentialPatches, zones: ZoneLocator) {
  const start = new Int32Array(homes.count + 1);
  const zone: number[] = [];
  for (let i = 0; i < homes.count; i++) {
    for (const z of zones.zonesAt(homes.x[i]!, homes.y[i]!)) zone.push(z);
    start[i + 1] = zone.length;
  }
  return { start, zone: Int32Array.from(zone) };
}

/** Distance to the nearest usable road within 5 km, for the report on facilities off the network. */
function nearestMetres(snapper: RoadSnapper, x: number, y: number, usable: (e: number) => boolean): number | null {
  const s = snapper.snap(x, y, 5000, usable);
  return s ? Math.round(s.distance) : null;
}
