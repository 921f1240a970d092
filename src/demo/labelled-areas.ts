/**
 * Area features from a cell labelling: one MultiPolygon per non-empty label with its ellipsoidal area.
 * Control lines, planning zones and planned land use are all such labellings of the same cells, so
 * they align with each other and with the survey patches vertex for vertex.
 */
import type { MultiPolygon } from 'geojson';
import type { CityCells } from './city-cells.js';
import { unionByLabel } from './cell-union.js';

export interface LabelledArea {
  label: number;
  /** Ellipsoidal area, m². */
  areaM2: number;
  geometry: MultiPolygon;
}

export function labelledAreas(cells: CityCells, labels: Int32Array, labelCount: number): LabelledArea[] {
  const area = new Float64Array(labelCount);
  for (let c = 0; c < labels.length; c++) if (labels[c]! >= 0) area[labels[c]!]! += cells.cellAreaM2[c]!;
  const polygons = unionByLabel(cells.mesh, labels, labelCount, cells.coords);
  const out: LabelledArea[] = [];
  for (let l = 0; l < labelCount; l++) {
    if (area[l]! > 0)
      out.push({ label: l, areaM2: area[l]!, geometry: { type: 'MultiPolygon', coordinates: polygons[l]! } });
  }
  return out;
}

/** Area in m², rounded to the centimetre-square as survey tables print it. */
export const roundArea = (m2: number) => Math.round(m2 * 100) / 100;
