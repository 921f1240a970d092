/**
 * readResidentialPatches: where people live, as points with a head count — the residents of each planning
 * unit (`population`) spread over the unit's residential land-survey patches (dasymetric mapping with the
 * land survey as the ancillary layer; Mennis & Hultgren 2006, "Intelligent dasymetric mapping").
 *
 * - Residential land: 三调 0701 城镇住宅用地 and 0702 农村宅基地 (GB/T 21010-2017 with the 三调 work
 *   classification). A patch belongs to the unit its centroid lies in (zone-locator.ts).
 * - Within a unit, residents go to its patches in proportion to area × class weight. The weights say
 *   that a hectare of rural homestead houses about a fifth of the people of a hectare of urban housing:
 *   ~25,000–30,000 residents/km² of net urban residential land at the FAR GB 50180-2018 allows for
 *   multi-storey housing, against ~5,000–6,500/km² at the 150–200 m² of homestead per rural resident
 *   (often 120–150 m² per household in provincial rules, 3–4 persons per household incl. yard and
 *   outbuildings). They are data (`RESIDENTIAL_CLASSES`), to be calibrated locally.
 * - A unit that has residents but no 0701/0702 patch (housing mapped as 05 商服 mixed use, or a survey
 *   that lags the census) spreads them over its 城镇村 patches instead — 三调 CZCSXM 201 城市, 202 建制镇,
 *   203 村庄 — by area; a unit with neither keeps them as `unlocated`, reported, never counted as covered.
 *
 * Centroids are area-weighted over the patch's rings (planar in degrees: at patch size the difference
 * from the ellipsoidal centroid is far below a metre); areas are ellipsoidal (geo/ellipsoidal-area.ts).
 *
 *   const homes = await readResidentialPatches(store, { landSurveyLayerId: 7, populationYear: 2025 });
 *   homes.residents[i] // people in patch i; homes.x[i], homes.y[i] its centroid
 */
import { ringArea } from '../geo/ellipsoidal-area.js';
import { emptyFlat, readFlatWkb, RING_HOLE, RING_SHELL, type FlatGeometry } from '../geo/wkb.js';
import type { Store } from '../store/store.js';
import { featureWkb } from './feature-wkb.js';
import { layerFidRange, onLayer } from '../store/layer-scan.js';
import { ZoneLocator } from './zone-locator.js';

export const RESIDENTIAL_CLASSES: readonly { dlbm: string; name: string; weight: number }[] = [
  { dlbm: '0701', name: '城镇住宅用地', weight: 1 },
  { dlbm: '0702', name: '农村宅基地', weight: 0.2 },
];
/** 城镇村属性码 of built-up land used when a unit has no residential patch. */
export const FALLBACK_CZCSXM = ['201', '202', '203'] as const;

export interface ResidentialPatches {
  count: number;
  fid: Float64Array;
  /** Centroid, longitude and latitude. */
  x: Float64Array;
  y: Float64Array;
  areaM2: Float64Array;
  residents: Float64Array;
  /** Planning unit (index into `units`) of each patch; -1 when its centroid lies in none. */
  unit: Int32Array;
  /** 1 when the patch is 城镇村 land standing in for missing residential patches. */
  fallback: Uint8Array;
  units: string[];
  /** Residents of units with nowhere to put them. */
  unlocated: { unitCode: string; residents: number }[];
  /** Residents in the population table for units that are not in the zone table. */
  unknownUnits: { unitCode: string; residents: number }[];
}

const PAGE = 20_000;

export async function readResidentialPatches(
  store: Store,
  { landSurveyLayerId, populationYear }: { landSurveyLayerId: number; populationYear: number },
): Promise<ResidentialPatches> {
  const units = await ZoneLocator.read(store, { kind: 'planning_unit' });
  const unitIndex = new Map(units.codes.map((c, i) => [c, i]));
  const people = new Float64Array(units.codes.length);
  const unknownUnits: ResidentialPatches['unknownUnits'] = [];
  const rows = await store.db
    .selectFrom('population')
    .select(['zone_code', 'resident'])
    .where('year', '=', populationYear)
    .execute();
  for (const r of rows) {
    const u = unitIndex.get(r.zone_code);
    if (u === undefined) unknownUnits.push({ unitCode: r.zone_code, residents: r.resident });
    else people[u] = r.resident;
  }

  const weightOf = new Map(RESIDENTIAL_CLASSES.map((c) => [c.dlbm, c.weight]));
  const acc = new Accumulator();
  const range = await layerFidRange(store, 'land_survey', landSurveyLayerId);
  const flat = emptyFlat();
  for (let after = range ? range.first - 1 : 0; range;) {
    const page = await store.db
      .selectFrom('land_survey')
      .select(['fid', 'dlbm', 'geom'])
      .where(onLayer(landSurveyLayerId))
      .where('dlbm', 'in', [...weightOf.keys()])
      .where('fid', '>', after)
      .where('fid', '<=', range.last)
      .orderBy('fid')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      if (!readPatch(row.geom, flat)) continue;
      const [x, y] = centroid(flat);
      const area = patchArea(flat);
      acc.add(row.fid, x, y, area, area * weightOf.get(row.dlbm!)!, units.zonesAt(x, y)[0] ?? -1, 0);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.fid;
  }
  const weight = new Float64Array(units.codes.length);
  for (let i = 0; i < acc.count; i++) if (acc.unit[i]! >= 0) weight[acc.unit[i]!]! += acc.weight[i]!;
  // Units with residents and no residential patch: their 城镇村 patches, found through the spatial index
  // by the unit's bounding box (a whole-layer scan for a few units would read every patch again).
  const homeless = [...people.keys()].filter((u) => people[u]! > 0 && !(weight[u]! > 0));
  const taken = new Set<number>();
  for (const u of homeless) {
    const rows = await store.db
      .selectFrom('land_survey')
      .select(['fid', 'geom'])
      .where(onLayer(landSurveyLayerId))
      .where('czcsxm', 'in', [...FALLBACK_CZCSXM])
      .where(store.dialect.bboxCondition('land_survey', units.bbox(u)))
      .orderBy('fid')
      .execute();
    for (const row of rows) {
      if (taken.has(row.fid) || !readPatch(row.geom, flat)) continue;
      const [x, y] = centroid(flat);
      if (!units.zonesAt(x, y).includes(u)) continue;
      const area = patchArea(flat);
      taken.add(row.fid);
      acc.add(row.fid, x, y, area, area, u, 1);
      weight[u]! += area;
    }
  }
  const residents = new Float64Array(acc.count);
  for (let i = 0; i < acc.count; i++) {
    const u = acc.unit[i]!;
    if (u >= 0 && weight[u]! > 0) residents[i] = (people[u]! * acc.weight[i]!) / weight[u]!;
  }
  const unlocated = [...people.entries()]
    .filter(([u, p]) => p > 0 && !(weight[u]! > 0))
    .map(([u, p]) => ({ unitCode: units.codes[u]!, residents: p }));
  return {
    count: acc.count,
    fid: Float64Array.from(acc.fid),
    x: Float64Array.from(acc.x),
    y: Float64Array.from(acc.y),
    areaM2: Float64Array.from(acc.area),
    residents,
    unit: Int32Array.from(acc.unit),
    fallback: Uint8Array.from(acc.fallback),
    units: units.codes,
    unlocated,
    unknownUnits,
  };
}

/** Read a geometry column value into `flat`; false when it is NULL, empty or has no rings. */
function readPatch(value: unknown, flat: FlatGeometry): boolean {
  const wkb = featureWkb(value);
  if (!wkb) return false;
  readFlatWkb(wkb.bytes, wkb.offset, flat);
  return flat.rings > 0;
}

/** Ellipsoidal area (m²) of a flat polygonal geometry: shells less holes (geo/ellipsoidal-area.ts). */
function patchArea(flat: FlatGeometry): number {
  let area = 0;
  for (let r = 0; r < flat.rings; r++) {
    const kind = flat.ringKind[r];
    if (kind === RING_SHELL) area += ringArea(flat.xy, flat.ringStart[r]!, flat.ringStart[r + 1]!);
    else if (kind === RING_HOLE) area -= ringArea(flat.xy, flat.ringStart[r]!, flat.ringStart[r + 1]!);
  }
  return Math.max(0, area);
}

/** Area-weighted centroid (holes subtracted) of a flat polygonal geometry, planar in degrees. */
function centroid(flat: FlatGeometry): [number, number] {
  const { xy, ringStart, ringKind } = flat;
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (let r = 0; r < flat.rings; r++) {
    const kind = ringKind[r];
    if (kind !== RING_SHELL && kind !== RING_HOLE) continue;
    const start = ringStart[r]!;
    const end = ringStart[r + 1]!;
    // Shoelace relative to the first vertex, for precision; edges through it add nothing, so an
    // unclosed ring needs no closing edge.
    const x0 = xy[2 * start]!;
    const y0 = xy[2 * start + 1]!;
    let a2 = 0;
    let cx = 0;
    let cy = 0;
    for (let k = start; k < end - 1; k++) {
      const ax = xy[2 * k]! - x0;
      const ay = xy[2 * k + 1]! - y0;
      const bx = xy[2 * k + 2]! - x0;
      const by = xy[2 * k + 3]! - y0;
      const cross = ax * by - bx * ay;
      a2 += cross;
      cx += (ax + bx) * cross;
      cy += (ay + by) * cross;
    }
    if (a2 === 0) continue;
    const w = (kind === RING_SHELL ? 1 : -1) * Math.abs(a2);
    sx += w * (x0 + cx / (3 * a2));
    sy += w * (y0 + cy / (3 * a2));
    sw += w;
  }
  return sw > 0 ? [sx / sw, sy / sw] : [(flat.minX + flat.maxX) / 2, (flat.minY + flat.maxY) / 2];
}

/** Per-patch columns while the patches stream in. */
class Accumulator {
  count = 0;
  readonly fid: number[] = [];
  readonly x: number[] = [];
  readonly y: number[] = [];
  readonly area: number[] = [];
  readonly weight: number[] = [];
  readonly unit: number[] = [];
  readonly fallback: number[] = [];

  add(fid: number, x: number, y: number, area: number, weight: number, unit: number, fallback: number): void {
    this.count++;
    this.fid.push(fid);
    this.x.push(x);
    this.y.push(y);
    this.area.push(area);
    this.weight.push(weight);
    this.unit.push(unit);
    this.fallback.push(fallback);
  }
}
