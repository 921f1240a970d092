/**
 * The demo city as the datasets the store holds: one `layer` row each, its feature table, the columns
 * after `layer_id`, and a row source (land-survey rows are generated while they are written, in a worker
 * thread for a big city).
 */
import type { FeatureTableName } from '../onemap/onemap-tables.js';
import { writeJson, type RowSource } from '../store/store.js';
import { LAND_SURVEY_COLUMNS, landSurveyRows } from './land-survey-rows.js';
import type { DemoCity } from './demo-city.js';

export interface DemoDataset {
  code: string;
  title: string;
  titleEn: string;
  table: FeatureTableName;
  classification: string | null;
  isPublic: boolean;
  statusYear: number | null;
  /** Master-plan version the layer belongs to. */
  planVersionNo: number | null;
  source: string;
  /** Column names after `layer_id`; `geom` takes GeoJSON. */
  columns: string[];
  /** The rows (made while they are written, for the land survey) and how many there will be. */
  open: () => { count: number; rows: RowSource };
}

const SOURCE = '示范市自然资源和规划局（虚构示范数据，由 lantu demo 生成）';

export function demoDatasets(city: DemoCity): DemoDataset[] {
  const out: DemoDataset[] = city.years.map((year) => ({
    code: `landsurvey-${year}`,
    title: `${year}年度国土变更调查地类图斑`,
    titleEn: `Land survey patches ${year} (annual land change survey)`,
    table: 'land_survey',
    classification: 'sandiao',
    isPublic: false,
    statusYear: year,
    planVersionNo: null,
    source: `${year}年度国土变更调查成果；${SOURCE}`,
    columns: LAND_SURVEY_COLUMNS,
    open: () => landSurveyRows(city, year),
  }));
  for (const version of city.planVersions) {
    const v = version.versionNo;
    const label = city.plans[0]!.versions[v - 1]!.label;
    const planned = {
      isPublic: true,
      statusYear: null,
      planVersionNo: v,
      source: `示范市国土空间总体规划（2021—2035年）${label}；${SOURCE}`,
    };
    out.push(
      {
        ...planned,
        code: `controlline-v${v}`,
        title: `控制线（总体规划${label}）`,
        titleEn: `Control lines (master plan version ${v})`,
        table: 'control_line',
        classification: null,
        columns: ['region_code', 'line_type', 'sub_type', 'name', 'attrs', 'geom'],
        open: () =>
          listed(version.controlLines, (f) => [
            f.regionCode,
            f.lineType,
            f.subType,
            f.name,
            writeJson(f.attrs),
            f.geometry,
          ]),
      },
      {
        ...planned,
        code: `planningzone-v${v}`,
        title: `规划分区（总体规划${label}）`,
        titleEn: `Planning zones (master plan version ${v})`,
        table: 'planning_zone',
        classification: null,
        columns: ['region_code', 'zone_type', 'zone_name', 'attrs', 'geom'],
        open: () =>
          listed(version.planningZones, (f) => [f.regionCode, f.zoneType, f.zoneName, writeJson(f.attrs), f.geometry]),
      },
      {
        ...planned,
        code: `plannedlanduse-v${v}`,
        title: `中心城区规划用地用海（总体规划${label}）`,
        titleEn: `Planned land use of the central urban area (master plan version ${v})`,
        table: 'planned_land_use',
        classification: 'ydyh2023',
        columns: ['region_code', 'ydyh_code', 'ydyh_name', 'attrs', 'geom'],
        open: () =>
          listed(version.plannedLandUse, (f) => [f.regionCode, f.ydyhCode, f.ydyhName, writeJson(f.attrs), f.geometry]),
      },
    );
  }
  const status = { classification: null, isPublic: false, statusYear: city.statusYear, planVersionNo: null };
  out.push(
    {
      ...status,
      code: `roads-${city.statusYear}`,
      title: `${city.statusYear}年道路网现状`,
      titleEn: `Road network ${city.statusYear}`,
      table: 'road',
      source: `示范市交通运输局 ${city.statusYear}年路网数据；${SOURCE}`,
      columns: ['region_code', 'road_class', 'name', 'attrs', 'geom'],
      open: () => listed(city.roadFeatures, (f) => [f.regionCode, f.roadClass, f.name, writeJson(f.attrs), f.geometry]),
    },
    {
      ...status,
      code: `facilities-${city.statusYear}`,
      title: `${city.statusYear}年公共服务设施现状`,
      titleEn: `Public service facilities ${city.statusYear}`,
      table: 'facility',
      source: `各部门 ${city.statusYear}年设施台账汇总；${SOURCE}`,
      columns: ['region_code', 'facility_type', 'name', 'attrs', 'geom'],
      open: () =>
        listed(city.facilities, (f) => [f.regionCode, f.facilityType, f.name, writeJson(f.attrs), f.geometry]),
    },
  );
  return out;
}

function listed<T>(features: T[], row: (f: T) => unknown[]): { count: number; rows: Iterable<unknown[]> } {
  return { count: features.length, rows: features.map(row) };
}

/** `created_by` of every row the demo writes. */
export const CREATED_BY = 'lantu demo';

/** Code of the registry row for the zone table itself. */
export const ZONES_LAYER_CODE = 'zones';
