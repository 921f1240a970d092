/**
 * edgeMinutes: the travel time of every edge of a road graph in one mode, in minutes — its geodesic
 * length over the speed its road class has in the speed table. An edge the mode may not use (a walker on
 * an expressway) costs Infinity, which the searches treat as absent. Classes the table does not list
 * take the table's fallback speed and are named in `unlistedClasses`, so a report can say so.
 *
 *   edgeMinutes(graph, 'walk').minutes[e] // 1,200 m of 城市支路 → 15 min
 */
import type { RoadGraph } from './road-graph.js';
import { classSpeed, DEFAULT_SPEEDS, metresPerMinute, type SpeedTable, type TravelMode } from './travel-modes.js';

export interface EdgeMinutes {
  mode: TravelMode;
  minutes: Float64Array;
  /** Classes met in the graph but missing from the table (given the fallback speed). */
  unlistedClasses: (string | null)[];
  speedsVersion: string;
}

export function edgeMinutes(graph: RoadGraph, mode: TravelMode, speeds: SpeedTable = DEFAULT_SPEEDS): EdgeMinutes {
  const unlistedClasses: (string | null)[] = [];
  const perMinute = graph.classes.map((roadClass) => {
    let kmh = classSpeed(speeds, roadClass, mode);
    if (kmh === undefined) {
      unlistedClasses.push(roadClass);
      kmh = mode === 'walk' ? speeds.fallback.walkKmh : speeds.fallback.driveKmh;
    }
    return kmh === null || !(kmh > 0) ? 0 : metresPerMinute(kmh);
  });
  const minutes = new Float64Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) {
    const v = perMinute[graph.edgeClass[e]!]!;
    minutes[e] = v > 0 ? graph.edgeLength[e]! / v : Infinity;
  }
  return { mode, minutes, unlistedClasses, speedsVersion: speeds.version };
}
