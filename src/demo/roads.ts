/**
 * The road network of the demo city: geometry (road-network.ts), classes (road-classes.ts) and names
 * (road-names.ts) put together, with the route plan that ties them to the city's layout — two
 * expressways across the city, 国省道 from the core to the county seats and out to the neighbours.
 */
import type { Hierarchy } from './hierarchy.js';
import type { CityLayout, Point } from './layout.js';
import { buildAdjacency, classifyRoads, type Adjacency } from './road-classes.js';
import { buildRoadGraph, roadSpacing, type RoadGraph } from './road-network.js';
import { nameRoads } from './road-names.js';

export interface RoadNetwork extends RoadGraph {
  adjacency: Adjacency;
  /** Index into ROAD_CLASSES per edge. */
  edgeClass: Uint8Array;
  edgeName: string[];
}

const EXPRESSWAY_NAMES = ['S17 示青高速', 'S26 沿湖高速'];
const TRUNK_NAMES = ['S301 示青公路', 'S302 示丰公路', 'S303', 'S304', 'S305', 'S306', 'S307 青丰公路'];

export function buildRoads(seed: number, layout: CityLayout, hierarchy: Hierarchy): RoadNetwork {
  const towns = hierarchy.townships
    .filter((t) => t.kind !== '街道')
    .map((t) => ({ seat: t.seat, county: hierarchy.districts[t.district]!.seat === t.seat }));
  const spacing = (p: Point) => roadSpacing(layout, towns, p);
  const graph = buildRoadGraph(seed, layout, spacing);
  const edge = (angle: number): Point => {
    const a = layout.hillsAngle + angle;
    const r = layout.outline.radius(a) * 0.97;
    return { x: Math.cos(a) * r, y: Math.sin(a) * r };
  };
  const [countyA, countyB] = hierarchy.districts.filter((d) => d.kind === '县').map((d) => d.seat) as [Point, Point];
  const core = layout.core;
  const plan = {
    expressways: [
      [edge(0.35), edge(0.35 + Math.PI)],
      [edge(1.95), edge(1.95 + Math.PI)],
    ] as [Point, Point][],
    trunks: [
      [core, countyA],
      [core, countyB],
      [core, edge(1.0)],
      [core, edge(2.6)],
      [core, edge(4.3)],
      [core, edge(5.6)],
      [countyA, countyB],
    ] as [Point, Point][],
    isUrban: (p: Point) => spacing(p) < 1,
  };
  const { edgeClass, route } = classifyRoads(graph, plan);
  const adjacency = buildAdjacency(graph);
  const edgeName = nameRoads(graph, adjacency, edgeClass, route, [...EXPRESSWAY_NAMES, ...TRUNK_NAMES]);
  return { ...graph, adjacency, edgeClass, edgeName };
}
