/** The generated demo city: what generateDemoCity returns and loadDemoCity writes. */
import type { Geometry } from 'geojson';
import type { EncodedGeometry } from '../store/gpkg-blob.js';
import type { CityCells } from './city-cells.js';
import type { ControlLineFeature } from './control-lines.js';
import type { DemoDepartment } from './departments.js';
import type { FacilityFeature } from './facilities.js';
import type { Hierarchy } from './hierarchy.js';
import type { LandCoverModel } from './land-cover.js';
import type { LandSurveyFeature } from './land-survey.js';
import type { CityLayout } from './layout.js';
import type { Ownership } from './ownership.js';
import type { Patches } from './patches.js';
import type { PlanCells } from './plan-cells.js';
import type { PlannedLandUseFeature } from './planned-land-use.js';
import type { PlanningZoneFeature } from './planning-zones.js';
import type { DemoPlan } from './plans.js';
import type { PopulationRow } from './population.js';
import type { RoadFeature } from './road-features.js';
import type { RoadNetwork } from './roads.js';
import type { PlanAreaStats, YearStats } from './stats.js';
import type { DemoZone } from './zones.js';

export interface DemoOptions {
  /** Any text; the same seed gives the same city. */
  seed: string;
  /** Land-survey patches per survey year. */
  patches: number;
  /** Survey years, one full land-survey layer each. */
  years: number[];
}

/**
 * A feature as the city keeps it, its geometry encoded (WKB and envelope): 16 bytes a vertex, where
 * GeoJSON arrays take ~60. The plan layers of a million-cell city follow the cells' edges — some six
 * million vertices, ~380 MB as GeoJSON for the whole life of the city, ~100 MB encoded.
 */
export type EncodedFeature<F extends { geometry: Geometry }> = Omit<F, 'geometry'> & { geometry: EncodedGeometry };

/** One plan version's spatial content, built with the city (a load only writes it). */
export interface DemoPlanVersionData {
  versionNo: 1 | 2;
  cells: PlanCells;
  controlLines: EncodedFeature<ControlLineFeature>[];
  planningZones: EncodedFeature<PlanningZoneFeature>[];
  plannedLandUse: EncodedFeature<PlannedLandUseFeature>[];
}

export interface DemoCity {
  options: DemoOptions;
  /** The seed as 32 bits. */
  seed: number;
  cells: CityCells;
  layout: CityLayout;
  hierarchy: Hierarchy;
  townshipOfCell: Int32Array;
  districtOfCell: Int32Array;
  roads: RoadNetwork;
  model: LandCoverModel;
  ownership: Ownership;
  patches: Patches;
  nature: LandCoverModel['nature'];
  /** The survey years (ascending) with each year's class and 城镇村属性码 index per cell. */
  years: number[];
  classes: Uint8Array[];
  czcs: Uint8Array[];
  departments: readonly DemoDepartment[];
  zones: DemoZone[];
  planVersions: [DemoPlanVersionData, DemoPlanVersionData];
  roadFeatures: RoadFeature[];
  facilities: FacilityFeature[];
  /** Year of the road and facility layers (the last survey year). */
  statusYear: number;
  population: PopulationRow[];
  plans: DemoPlan[];
  stats: {
    years: YearStats[];
    plans: [PlanAreaStats, PlanAreaStats];
    central: { roadDensity: number; parkPerCapita: number };
  };
  /** The land-survey layer of a survey year, generated lazily patch by patch. */
  landSurvey(year: number): Iterable<LandSurveyFeature>;
}
