/**
 * The demo city (示范市): a fictional inland city of ~2,000 km² in east China, generated
 * deterministically from a seed, and its loader. See docs in generate-demo-city.ts and load-demo-city.ts.
 */
export { DEFAULT_DEMO_OPTIONS, generateDemoCity } from './generate-demo-city.js';
export { loadDemoCity, type DemoLoadSummary, type DemoProgress } from './load-demo-city.js';
export { writeDirtySample } from './dirty-sample.js';
export type { DemoCity, DemoOptions } from './demo-city.js';
export { DEMO_DEPARTMENTS, type DemoDepartment } from './departments.js';
export { CONTROL_LINE_TYPES } from './control-lines.js';
export { FACILITY_TYPES } from './facilities.js';
export { PLANNING_ZONES } from './planning-zones.js';
export { ROAD_CLASSES } from './road-classes.js';
export { CENTRAL_URBAN_CODE, CITY_CODE, PROVINCE_CODE } from './zones.js';
