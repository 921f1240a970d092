/**
 * Road features for the `road` table: one LineString per network edge, so segments meet at shared
 * end points and the layer routes as a graph (15-minute walk coverage and the like). Width and lanes
 * are typical of the class (CJJ 37 城市道路工程设计规范 cross-sections, JTG B01 for highways).
 */
import type { LineString } from 'geojson';
import { nearestCell, type CellGrid } from './cell-grid.js';
import { kmToLat, kmToLon, segmentLength } from './frame.js';
import type { Hierarchy } from './hierarchy.js';
import { ROAD_CLASSES } from './road-classes.js';
import type { RoadNetwork } from './roads.js';

export interface RoadFeature {
  roadClass: string;
  name: string;
  regionCode: string;
  attrs: Record<string, string | number>;
  geometry: LineString;
}

const WIDTH_M = [28, 24, 40, 24, 14, 5];
const LANES = [6, 4, 6, 4, 2, 1];

export function roadFeatures(grid: CellGrid, hierarchy: Hierarchy, roads: RoadNetwork): RoadFeature[] {
  const lon = roads.nodeX.map(kmToLon);
  const lat = roads.nodeY.map(kmToLat);
  const out: RoadFeature[] = [];
  for (let e = 0; e < roads.edgeA.length; e++) {
    const a = roads.edgeA[e]!;
    const b = roads.edgeB[e]!;
    const cell = nearestCell(grid, (roads.nodeX[a]! + roads.nodeX[b]!) / 2, (roads.nodeY[a]! + roads.nodeY[b]!) / 2);
    const unit = hierarchy.units[hierarchy.unitOfCell[Math.max(0, cell)]!]!;
    const cls = roads.edgeClass[e]!;
    out.push({
      roadClass: ROAD_CLASSES[cls]!,
      name: roads.edgeName[e]!,
      regionCode: hierarchy.townships[unit.township]!.code,
      attrs: {
        DLMC: roads.edgeName[e]!,
        DLDJ: ROAD_CLASSES[cls]!,
        CD: Math.round(segmentLength(lon[a]!, lat[a]!, lon[b]!, lat[b]!) * 100) / 100,
        KD: WIDTH_M[cls]!,
        CDS: LANES[cls]!,
      },
      geometry: {
        type: 'LineString',
        coordinates: [
          [lon[a]!, lat[a]!],
          [lon[b]!, lat[b]!],
        ],
      },
    });
  }
  return out;
}
