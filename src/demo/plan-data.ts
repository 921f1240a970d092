/**
 * Everything of the demo city that is read off the per-year classes: the two master-plan versions'
 * control lines, planning zones and planned land use; roads and facilities of the last survey year;
 * population per unit and year; summary statistics; plans with targets derived from the base year.
 */
import type { CityCells } from './city-cells.js';
import { nearestCell } from './cell-grid.js';
import { controlLineFeatures } from './control-lines.js';
import type { Geometry } from 'geojson';
import { EncodedGeometry, geometryEnvelope } from '../store/gpkg-blob.js';
import { encodeWkb } from '../store/wkb.js';
import type { DemoCity, DemoPlanVersionData, EncodedFeature } from './demo-city.js';
import { facilityFeatures } from './facilities.js';
import type { Hierarchy } from './hierarchy.js';
import type { LandCoverModel } from './land-cover.js';
import type { CityLayout, Point } from './layout.js';
import { planCells } from './plan-cells.js';
import { masterPlanTargets } from './plan-targets.js';
import { plannedLandUseFeatures } from './planned-land-use.js';
import { planningZoneFeatures } from './planning-zones.js';
import { buildPlans } from './plans.js';
import { cellResidents, populationRows } from './population.js';
import { ARTERIAL, COLLECTOR, LOCAL, TRUNK } from './road-classes.js';
import { roadFeatures } from './road-features.js';
import type { RoadNetwork } from './roads.js';
import { classIndex } from './sandiao-classes.js';
import { planAreaStats, yearStats } from './stats.js';
import { CENTRAL_URBAN_CODE, type DemoZone } from './zones.js';

interface YearClasses {
  cls: Uint8Array;
  czcs: Uint8Array;
}

export interface PlanDataInput {
  seed: number;
  cells: CityCells;
  layout: CityLayout;
  hierarchy: Hierarchy;
  roads: RoadNetwork;
  model: LandCoverModel;
  zones: DemoZone[];
  townshipOfCell: Int32Array;
  districtOfCell: Int32Array;
  years: number[];
  survey: YearClasses[];
  classify: (year: number) => YearClasses;
}

type PlanData = Pick<
  DemoCity,
  'planVersions' | 'roadFeatures' | 'facilities' | 'statusYear' | 'population' | 'plans' | 'stats'
>;

export function buildPlanData(input: PlanDataInput): PlanData {
  const { seed, cells, layout, hierarchy, model, years, survey } = input;
  const statYears = [...new Set([2020, 2025, ...years])].sort((a, b) => a - b);
  const byYear = new Map(statYears.map((y) => [y, years.includes(y) ? survey[years.indexOf(y)]! : input.classify(y)]));
  const residents = new Map(
    statYears.map((y) => [y, cellResidents(seed, hierarchy, model.growth, cells.cellAreaM2, byYear.get(y)!.cls, y)]),
  );
  const base = byYear.get(2020)!;

  const central = input.zones.find((z) => z.code === CENTRAL_URBAN_CODE)!;
  const centralUnits = new Set(central.units);
  const inCentral = Uint8Array.from(hierarchy.unitOfCell, (u) => (centralUnits.has(u) ? 1 : 0));
  const planVersions = ([0, 1] as const).map((v): DemoPlanVersionData => {
    const plan = planCells(model, cells.mesh, layout.oldTown, base.cls, inCentral, v);
    return {
      versionNo: (v + 1) as 1 | 2,
      cells: plan,
      controlLines: encodeFeatures(controlLineFeatures(cells, hierarchy, input.townshipOfCell, plan)),
      planningZones: encodeFeatures(
        planningZoneFeatures(cells, hierarchy, input.townshipOfCell, model, base.cls, plan),
      ),
      plannedLandUse: encodeFeatures(plannedLandUseFeatures(cells, hierarchy, model, base.cls, plan, inCentral)),
    };
  }) as [DemoPlanVersionData, DemoPlanVersionData];

  const roads = roadFeatures(cells.grid, hierarchy, input.roads);
  const statusYear = years[years.length - 1]!;
  const population = statYears.flatMap((y) => populationRows(seed, hierarchy, y, residents.get(y)!));
  const unitResidents = (y: number) => population.filter((p) => p.year === y).map((p) => p.resident);
  const byDistanceTo = (p: Point, units = hierarchy.units.map((_, u) => u)) =>
    [...units].sort((a, b) => dist(hierarchy.units[a]!, p) - dist(hierarchy.units[b]!, p));
  const facilities = facilityFeatures({
    seed,
    hierarchy,
    siteX: cells.mesh.siteX,
    siteY: cells.mesh.siteY,
    areaM2: cells.cellAreaM2,
    classes: byYear.get(statusYear)!.cls,
    residents: unitResidents(statusYear),
    centralUnits: byDistanceTo(layout.core).slice(0, 7),
    countySeatUnits: hierarchy.districts.filter((d) => d.kind === '县').map((d) => byDistanceTo(d.seat)[0]!),
  });

  const districts = hierarchy.districts.length;
  const planStats = planVersions.map((p) =>
    planAreaStats(p.cells, cells.cellAreaM2, input.districtOfCell, districts),
  ) as PlanData['stats']['plans'];
  const current = planVersions[1].cells;
  const stats: PlanData['stats'] = {
    years: statYears.map((y) =>
      yearStats(
        y,
        byYear.get(y)!.cls,
        byYear.get(y)!.czcs,
        residents.get(y)!,
        cells.cellAreaM2,
        input.districtOfCell,
        districts,
        current,
      ),
    ),
    plans: planStats,
    central: centralStats(cells, input.roads, inCentral, base.cls, residents.get(2020)!),
  };
  const baseStats = stats.years.find((s) => s.year === 2020)!;
  const districtCodes = hierarchy.districts.map((d) => d.code);
  const masterTargets = planStats.map((plan) =>
    masterPlanTargets({ base: baseStats, plan, central: stats.central, districtCodes }),
  );
  const streetUnits = hierarchy.units.flatMap((u, i) => (hierarchy.townships[u.township]!.kind === '街道' ? [i] : []));
  const coreUnit = byDistanceTo(layout.oldTown, streetUnits)[0]!;
  const newDistrictUnit = byDistanceTo(layout.centres[1]!)[0]!;
  const plans = buildPlans({
    hierarchy,
    masterTargets: masterTargets as [(typeof masterTargets)[0], (typeof masterTargets)[0]],
    coreUnit,
    newDistrictUnit,
    coreUnitResidents: unitResidents(2020)[coreUnit]!,
    newDistrictUnitResidents: unitResidents(2020)[newDistrictUnit]!,
    centralRoadDensity: stats.central.roadDensity,
  });
  return { planVersions, roadFeatures: roads, facilities, statusYear, population, plans, stats };
}

/** Features with their geometry encoded as they are made, so one layer's GeoJSON at a time is alive. */
function encodeFeatures<F extends { geometry: Geometry }>(features: F[]): EncodedFeature<F>[] {
  return features.map((f) => ({
    ...f,
    geometry: new EncodedGeometry(encodeWkb(f.geometry), geometryEnvelope(f.geometry)),
  }));
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** 中心城区 road network density (urban streets and 国省道, km per km²) and park green space per resident. */
function centralStats(
  cells: CityCells,
  roads: RoadNetwork,
  inCentral: Uint8Array,
  base: Uint8Array,
  residents: Float64Array,
) {
  let areaKm2 = 0;
  let parkM2 = 0;
  let people = 0;
  const park = classIndex('0810');
  for (let c = 0; c < inCentral.length; c++) {
    if (!inCentral[c]) continue;
    areaKm2 += cells.cellAreaM2[c]! / 1e6;
    if (base[c] === park) parkM2 += cells.cellAreaM2[c]!;
    people += residents[c]!;
  }
  let km = 0;
  const counted = new Set<number>([TRUNK, ARTERIAL, COLLECTOR, LOCAL]);
  for (let e = 0; e < roads.edgeA.length; e++) {
    if (!counted.has(roads.edgeClass[e]!)) continue;
    const [a, b] = [roads.edgeA[e]!, roads.edgeB[e]!];
    const c = nearestCell(cells.grid, (roads.nodeX[a]! + roads.nodeX[b]!) / 2, (roads.nodeY[a]! + roads.nodeY[b]!) / 2);
    if (c >= 0 && inCentral[c]) km += Math.hypot(roads.nodeX[a]! - roads.nodeX[b]!, roads.nodeY[a]! - roads.nodeY[b]!);
  }
  return { roadDensity: km / areaKm2, parkPerCapita: parkM2 / Math.max(1, people) };
}
