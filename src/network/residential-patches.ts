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
  await scanPatches(store, landSurveyLayerId, 'dlbm', [...weightOf.keys()], (fid, code, flat) => {
    const { x, y, area } = centroidAndArea(flat);
    const [u] = units.zonesAt(x, y);
    acc.add(fid, x, y, area, area * weightOf.get(code!)!, u ?? -1, 0);
  });
  const weight = new Float64Array(units.codes.length);
  for (let i = 0; i < acc.count; i++) if (acc.unit[i]! >= 0) weight[acc.unit[i]!]! += acc.weight[i]!;
  const homeless = new Set<number>();
  people.forEach((p, u) => {
    if (p > 0 && !(weight[u]! > 0)) homeless.add(u);
  });
  if (homeless.size) {
    await scanPatches(store, landSurveyLayerId, 'czcsxm', FALLBACK_CZCSXM, (fid, _code, flat) => {
      const { x, y, area } = centroidAndArea(flat);
      const u = units.zonesAt(x, y).find((z) => homeless.has(z));
      if (u !== undefined) {
        acc.add(fid, x, y, area, area, u, 1);
        weight[u]! += area;
      }
    });
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

/** Stream a land-survey layer's patches whose `column` is one of `values`, geometry as flat WKB. */
async function scanPatches(
  store: Store,
  layerId: number,
  column: 'dlbm' | 'czcsxm',
  values: readonly string[],
  visit: (fid: number, code: string | null, flat: FlatGeometry) => void,
): Promise<void> {
  const flat = emptyFlat();
  for (let after = 0; ;) {
    const rows = await store.db
      .selectFrom('land_survey')
      .select(['fid', column, 'geom'])
      .where('layer_id', '=', layerId)
      .where(column, 'in', [...values])
      .where('fid', '>', after)
      .orderBy('fid')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const wkb = featureWkb(row.geom);
      if (!wkb) continue;
      readFlatWkb(wkb.bytes, wkb.offset, flat);
      if (flat.rings > 0) visit(row.fid, column === 'dlbm' ? row.dlbm : row.czcsxm, flat);
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.fid;
  }
}

/** Area-weighted centroid (holes subtracted) and ellipsoidal area of a flat polygonal geometry. */
function centroidAndArea(flat: FlatGeometry): { x: number; y: number; area: number } {
  const { xy, ringStart, ringKind } = flat;
  let sx = 0;
  let sy = 0;
  let sw = 0;
  let area = 0;
  for (let r = 0; r < flat.rings; r++) {
    const kind = ringKind[r];
    if (kind !== RING_SHELL && kind !== RING_HOLE) continue;
    const start = ringStart[r]!;
    const end = ringStart[r + 1]!;
    const sign = kind === RING_SHELL ? 1 : -1;
    area += sign * ringArea(xy, start, end);
    // Shoelace relative to the first vertex, for precision at large coordinates.
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
    const w = sign * Math.abs(a2);
    sx += w * (x0 + cx / (3 * a2));
    sy += w * (y0 + cy / (3 * a2));
    sw += w;
  }
  if (!(sw > 0)) return { x: (flat.minX + flat.maxX) / 2, y: (flat.minY + flat.maxY) / 2, area: Math.max(0, area) };
  return { x: sx / sw, y: sy / sw, area: Math.max(0, area) };
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
