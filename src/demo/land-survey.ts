/**
 * The land-survey layer of one year (年度国土变更调查 地类图斑, DLTB) as a lazy stream of features: one
 * patch at a time, geometry built on demand, so a million patches never sit in memory together.
 *
 * Attributes carry the DLTB field names (统一调查监测 表5-13, see /work/shared/reference/control-lines.md):
 * BSM 标识码 (unchanged from the previous survey year while the patch is unchanged, a new one when its
 * class changes), TBBH 图斑编号 (per 坐落单位), TBMJ 图斑面积 (ellipsoidal, m²), cropland's 扣除地类
 * (田坎 1203) with its 扣除系数 by 耕地坡度级别, 图斑细化 and 种植属性 codes, CZCSXM, SJNF.
 */
import type { MultiPolygon, Position } from 'geojson';
import type { CityCells } from './city-cells.js';
import { cellRing, unionCells, type MeshRings, type VertexCoordinates } from './cell-union.js';
import type { Hierarchy } from './hierarchy.js';
import { CZCSXM_CODES } from './land-cover.js';
import type { Nature } from './nature.js';
import type { Owner, Ownership } from './ownership.js';
import type { Patches } from './patches.js';
import { unitHash } from './random.js';
import { SANDIAO_CLASSES } from './sandiao-classes.js';

export interface LandSurveyFeature extends SurveyPatch {
  geometry: MultiPolygon;
}

export interface SurveyPatch {
  /** Index of the patch in `Patches`. */
  patch: number;
  bsm: string;
  dlbm: string;
  dlmc: string;
  czcsxm: string | null;
  /** The township containing the patch. */
  regionCode: string;
  /**
   * The DLTB attributes as the JSON text stored in `attrs` — assembled from pre-serialised pieces,
   * because a million JSON.stringify calls would cost more than writing the rows.
   */
  attrsJson: string;
}

/**
 * What the land-survey layer is read from: typed arrays and a few small tables, no functions, so it
 * can be copied to a worker thread (land-survey-rows.ts) whole.
 */
export interface SurveySource {
  seed: number;
  cells: { mesh: MeshRings; coords: VertexCoordinates; cellAreaM2: CityCells['cellAreaM2'] };
  hierarchy: Hierarchy;
  nature: Pick<Nature, 'hills' | 'riverDistance'>;
  ownership: Ownership;
  patches: Patches;
  /** Survey years, ascending, and each year's class and 城镇村属性码 index per cell. */
  years: number[];
  classes: Uint8Array[];
  czcs: Uint8Array[];
}

/** Classes on state land (国有): railways, roads, public water, special use; plus all 城市 (201) land. */
const STATE_OWNED = new Set(['1001', '1003', '1004', '1101', '1102', '1103', '1109', '09']);
const CROP_PURPOSE: [string, string, number][] = [
  ['LS', '粮食作物', 0.7],
  ['FLS', '非粮作物', 0.85],
  ['LYFL', '粮与非粮轮作', 0.95],
  ['XG', '休耕', 0.98],
  ['WG', '未耕种', 1],
];
const json = JSON.stringify;

/**
 * The survey source of a city, trimmed to what the layer is read from (the mesh's rings, not its
 * sites), its arrays copied once into shared memory: every worker thread then reads the same bytes
 * instead of receiving its own copy (~130 MB at a million cells).
 */
export function surveySource(city: SurveySource): SurveySource {
  const { mesh, coords, cellAreaM2 } = city.cells;
  const { patches, hierarchy } = city;
  return {
    seed: city.seed,
    cells: {
      mesh: {
        ringStart: shared(mesh.ringStart),
        ringVertex: shared(mesh.ringVertex),
        ringNeighbor: shared(mesh.ringNeighbor),
      },
      coords: { xs: shared(coords.xs), ys: shared(coords.ys) },
      cellAreaM2: shared(cellAreaM2),
    },
    hierarchy: { ...hierarchy, unitOfCell: shared(hierarchy.unitOfCell) },
    nature: { hills: shared(city.nature.hills), riverDistance: shared(city.nature.riverDistance) },
    ownership: city.ownership,
    patches: { ...patches, start: shared(patches.start), cells: shared(patches.cells), kind: shared(patches.kind) },
    years: city.years,
    classes: city.classes.map(shared),
    czcs: city.czcs.map(shared),
  };
}

type Typed = Int32Array | Uint8Array | Float32Array | Float64Array;

function shared<T extends Typed>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

/**
 * Every patch of the survey year, in BSM order, with its attributes but not its geometry — or those
 * `take` keeps (a worker thread's share): TBBH numbers run per unit through all patches, so the others
 * are still counted, at the cost of three array reads each.
 */
export function* surveyPatches(
  src: SurveySource,
  year: number,
  take: (patch: number) => boolean = () => true,
): Generator<SurveyPatch> {
  const y = src.years.indexOf(year);
  if (y < 0) throw new Error(`demo city: no survey for ${year}`);
  const { patches, cells, hierarchy, ownership } = src;
  const tbbh = new Int32Array(hierarchy.units.length);
  const classJson = SANDIAO_CLASSES.map((c) => `"DLBM":${json(c.code)},"DLMC":${json(c.name)}`);
  const ownerJson = (owner: Owner, place: Owner, state: boolean) =>
    `"QSXZ":"${state ? '10' : '30'}","QSDWDM":${json(owner.code)},"QSDWMC":${json(owner.name)},"ZLDWDM":${json(place.code)},"ZLDWMC":${json(place.name)}`;
  const collective = hierarchy.units.map((_, u) => ownerJson(ownership.village[u]!, ownership.village[u]!, false));
  const stateOwned = hierarchy.units.map((unit, u) =>
    ownerJson(ownership.state[unit.township]!, ownership.village[u]!, true),
  );
  for (let p = 0; p < patches.count; p++) {
    const s = patches.start[p]!;
    const e = patches.start[p + 1]!;
    const first = patches.cells[s]!;
    const unit = hierarchy.unitOfCell[first]!;
    const number = ++tbbh[unit]!;
    if (!take(p)) continue;
    const classIndex = src.classes[y]![first]!;
    const cls = SANDIAO_CLASSES[classIndex]!;
    const czcs = CZCSXM_CODES[src.czcs[y]![first]!]!;
    const township = hierarchy.townships[hierarchy.units[unit]!.township]!;
    let area = 0;
    for (let k = s; k < e; k++) area += cells.cellAreaM2[patches.cells[k]!]!;
    let since = y;
    while (since > 0 && src.classes[since - 1]![first] === classIndex) since--;
    const county = hierarchy.districts[township.district]!.code;
    const bsm = `${county}${String(since * patches.count + p + 1).padStart(12, '0')}`;
    const state = STATE_OWNED.has(cls.code) || czcs === '201';
    const crop = cls.group === 'cropland' ? cropJson(src, first, area) : nonCropJson(area);
    yield {
      patch: p,
      bsm,
      dlbm: cls.code,
      dlmc: cls.name,
      czcsxm: czcs || null,
      regionCode: township.code,
      attrsJson:
        `{"BSM":"${bsm}","YSDM":"2001010100","TBBH":"${number}",${classJson[classIndex]},` +
        `${(state ? stateOwned : collective)[unit]},"TBMJ":${round2(area)},${crop},` +
        `"CZCSXM":${czcs ? `"${czcs}"` : 'null'},"SJNF":${year},"MSSM":null}`,
    };
  }
}

/** The survey's features: the attributes of surveyPatches with each patch's geometry. */
export function* landSurveyFeatures(src: SurveySource, year: number): Generator<LandSurveyFeature> {
  for (const patch of surveyPatches(src, year)) yield { ...patch, geometry: patchGeometry(src, patch.patch) };
}

/** A patch's outline: its one cell's ring, or the union of its cells (with holes, in parts). */
export function patchGeometry(src: SurveySource, p: number): MultiPolygon {
  const { patches, cells } = src;
  const s = patches.start[p]!;
  const e = patches.start[p + 1]!;
  const coordinates: Position[][][] =
    e - s === 1
      ? [[cellRing(cells.mesh, patches.cells[s]!, cells.coords)]]
      : unionCells(cells.mesh, patches.cells.subarray(s, e), cells.coords);
  return { type: 'MultiPolygon', coordinates };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function nonCropJson(area: number): string {
  return `"KCDLBM":null,"KCXS":0,"KCMJ":0,"TBDLMJ":${round2(area)},"GDLX":null,"GDPDJB":null,"TBXHDM":null,"TBXHMC":null,"ZZSXDM":null,"ZZSXMC":null`;
}

/** 扣除 (田坎), slope grade, 耕地类型, 图斑细化 and 种植属性 of a cropland patch. */
function cropJson(src: SurveySource, cell: number, area: number): string {
  const h = src.nature.hills[cell]!;
  const grade = h < 0.15 ? 1 : h < 0.3 ? 2 : h < 0.45 ? 3 : h < 0.6 ? 4 : 5;
  const kcxs = [0.02, 0.04, 0.08, 0.12, 0.16][grade - 1]!;
  const kcmj = round2(area * kcxs);
  const u = unitHash(src.seed, cell, 71);
  const [zzsxdm, zzsxmc] = CROP_PURPOSE.find(([, , upTo]) => u < upTo)!;
  const gdlx = grade === 1 ? 'null' : unitHash(src.seed, cell, 72) < 0.5 ? '"TT"' : '"PD"';
  const refined: [string | null, string | null] =
    src.nature.riverDistance[cell]! < 0.4 ? ['HDGD', '河道耕地'] : h > 0.5 ? ['LQGD', '林区耕地'] : [null, null];
  const [xhdm, xhmc] = refined;
  const str = (v: string | null) => (v === null ? 'null' : `"${v}"`);
  return (
    `"KCDLBM":"1203","KCXS":${kcxs},"KCMJ":${kcmj},"TBDLMJ":${round2(area - kcmj)},"GDLX":${gdlx},"GDPDJB":"${grade}",` +
    `"TBXHDM":${str(xhdm)},"TBXHMC":${str(xhmc)},"ZZSXDM":"${zzsxdm}","ZZSXMC":"${zzsxmc}"`
  );
}
