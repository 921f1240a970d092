/**
 * generateDemoCity: the whole fictional 示范市, deterministic from a seed. The pipeline, each step one
 * module: outline and cells → layout → units/townships/districts → roads → per-cell land model →
 * classes per year → patches → zones → plan versions (control lines, planning zones, planned use) →
 * facilities, population, statistics and plan targets. Land-survey features are not built here but
 * streamed on demand (land-survey.ts), so a million-patch city costs typed arrays, not objects.
 */
import { LantuError } from '../errors.js';
import { buildCityCells, makeOutline } from './city-cells.js';
import type { DemoCity, DemoOptions } from './demo-city.js';
import { DEMO_DEPARTMENTS } from './departments.js';
import { buildHierarchy } from './hierarchy.js';
import { classifyCell } from './land-cover.js';
import { buildLandCoverModel } from './land-cover-model.js';
import { landSurveyFeatures } from './land-survey.js';
import { makeLayout } from './layout.js';
import { buildOwnership } from './ownership.js';
import { buildPatches } from './patches.js';
import { buildPlanData } from './plan-data.js';
import { hashSeed } from './random.js';
import { buildRoads } from './roads.js';
import { buildZones } from './zones.js';

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  seed: 'lantu',
  patches: 50_000,
  years: [2020, 2021, 2022, 2023, 2024, 2025],
};

/** The city's area, km² (the outline is scaled to it). */
const CITY_AREA_KM2 = 2000;
/** Cells per patch: the surplus is merged into multi-cell patches (patches.ts). */
const CELLS_PER_PATCH = 1.12;

export function generateDemoCity(options: Partial<DemoOptions> = {}): DemoCity {
  const opts = checkOptions({ ...DEFAULT_DEMO_OPTIONS, ...options });
  const seed = hashSeed(opts.seed);
  const outline = makeOutline(seed, CITY_AREA_KM2);
  const cells = buildCityCells(seed, outline, CITY_AREA_KM2, Math.ceil(opts.patches * CELLS_PER_PATCH));
  const layout = makeLayout(seed, outline);
  const hierarchy = buildHierarchy(seed, cells, layout);
  const roads = buildRoads(seed, layout, hierarchy);
  const model = buildLandCoverModel(seed, cells, layout, hierarchy, roads);
  const n = cells.mesh.cellCount;
  const townshipOfCell = Int32Array.from(hierarchy.unitOfCell, (u) => hierarchy.units[u]!.township);
  const districtOfCell = Int32Array.from(townshipOfCell, (t) => hierarchy.townships[t]!.district);

  const classify = (year: number) => {
    const cls = new Uint8Array(n);
    const czcs = new Uint8Array(n);
    for (let c = 0; c < n; c++) [cls[c], czcs[c]] = classifyCell(model, c, year);
    return { cls, czcs };
  };
  const years = [...opts.years];
  const survey = years.map(classify);
  const patches = buildPatches(
    seed,
    cells.mesh,
    hierarchy.unitOfCell,
    survey.map((s) => s.cls),
    opts.patches,
    (c) => townshipOfCell[c]!,
  );
  const zones = buildZones(cells, layout, hierarchy);
  const ownership = buildOwnership(hierarchy);
  const plan = buildPlanData({
    seed,
    cells,
    layout,
    hierarchy,
    roads,
    model,
    zones,
    townshipOfCell,
    districtOfCell,
    years,
    survey,
    classify,
  });

  const city: DemoCity = {
    options: opts,
    seed,
    cells,
    layout,
    hierarchy,
    townshipOfCell,
    districtOfCell,
    roads,
    model,
    ownership,
    patches,
    nature: model.nature,
    years,
    classes: survey.map((s) => s.cls),
    czcs: survey.map((s) => s.czcs),
    departments: DEMO_DEPARTMENTS,
    zones,
    ...plan,
    landSurvey: (year: number) => landSurveyFeatures(city, year),
  };
  return city;
}

function checkOptions(opts: DemoOptions): DemoOptions {
  const years = [...new Set(opts.years)].sort((a, b) => a - b);
  const bad = (field: string, zh: string, en: string) => new LantuError('invalid_demo_options', 400, zh, en, { field });
  if (typeof opts.seed !== 'string' || opts.seed.length === 0)
    throw bad('seed', '种子不能为空', 'the seed must be a non-empty string');
  if (!Number.isInteger(opts.patches) || opts.patches < 500 || opts.patches > 5_000_000) {
    throw bad('patches', '图斑数应为 500 至 5,000,000 之间的整数', 'patches must be an integer from 500 to 5,000,000');
  }
  if (years.length === 0 || years.some((y) => !Number.isInteger(y) || y < 2000 || y > 2100)) {
    throw bad(
      'years',
      '调查年份应为 2000—2100 之间的整数且至少一个',
      'years must be one or more integers from 2000 to 2100',
    );
  }
  return { seed: opts.seed, patches: opts.patches, years };
}
