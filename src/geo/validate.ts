/**
 * validateGeometry: is a GeoJSON geometry valid in the OGC Simple Features sense, and if not, why and
 * where? The answer is GEOS's own (GEOSisValidDetail, the check behind PostGIS ST_IsValidDetail), so
 * it reads the same as in PostGIS, QGIS or GDAL:
 *
 *   await validateGeometry({ type: 'Polygon', coordinates: [[[0,0],[1,1],[1,0],[0,1],[0,0]]] })
 *   // → { valid: false, reason: 'Self-intersection', location: [0.5, 0.5] }
 *
 * Rings GEOS cannot even build are answered here with GEOS's wording for them: a ring whose last
 * position differs from its first ('Ring is not closed'), fewer than 4 positions in a ring or 2 in a
 * line ('Too few points in geometry component'), a coordinate that is not a finite number ('Invalid
 * Coordinate'). An empty geometry is valid (as in OGC and PostGIS); `makeValid` reports it as `empty`.
 * Coordinates are taken as they are: the check is planar and says nothing about the CRS.
 */
import type { Geometry, Position } from 'geojson';
import { getGeos, type ValidityDetail } from './geos.js';
import { firstBadPosition, linesOf, polygonsOf, samePosition } from './geometry-parts.js';

export async function validateGeometry(g: Geometry): Promise<ValidityDetail> {
  const structural = structuralFault(g);
  if (structural) return structural;
  const geos = await getGeos();
  return geos.scope((own) => geos.isValidDetail(own(geos.fromGeoJSON(g))));
}

/** Faults that stop GEOS from building the geometry at all. */
function structuralFault(g: Geometry): ValidityDetail | null {
  const bad = firstBadPosition(g);
  if (bad) return { valid: false, reason: `Invalid Coordinate at ${bad.path}` };
  const at = (p: Position): [number, number] => [p[0]!, p[1]!];
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      if (ring.length === 0) continue;
      if (!samePosition(ring[0]!, ring[ring.length - 1]!)) {
        return { valid: false, reason: 'Ring is not closed', location: at(ring[0]!) };
      }
      if (ring.length < 4)
        return { valid: false, reason: 'Too few points in geometry component', location: at(ring[0]!) };
    }
  }
  for (const line of linesOf(g)) {
    if (line.length === 1)
      return { valid: false, reason: 'Too few points in geometry component', location: at(line[0]!) };
  }
  return null;
}
