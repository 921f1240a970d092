/**
 * subdivide: cut a polygonal geometry into pieces of at most `maxVertices` vertices each, as PostGIS
 * ST_Subdivide does: the bounding box is halved across its longer side, each half clipped, recursively.
 * The pieces tile the input (their union is the input, their interiors are disjoint), so per-piece
 * sums of areas equal the whole; but each piece is small, so a point-in-polygon test, a prepared
 * `contains` or an intersection against it costs O(maxVertices) instead of O(size of the zone). This is
 * what makes zonal statistics against a 10,000-vertex district boundary cheap.
 *
 *   const geos = await getGeos();
 *   geos.scope((own) => subdivide(geos, own(geos.fromGeoJSON(district)), 256)) // → Geom[] (caller frees)
 *
 * Cuts are axis-parallel lines through the middle of the box, so the two sides of a cut meet exactly.
 * Clipping uses GEOSClipByRect (linear time, as PostGIS does); its result is checked, and where it is
 * not valid (it does not promise to be) the exact intersection with the half box is taken instead.
 */
import { GEOS_TYPE, type Geom, type Geos } from './geos.js';

export function subdivide(geos: Geos, g: Geom, maxVertices = 256): Geom[] {
  if (maxVertices < 8) throw new Error('subdivide: maxVertices must be at least 8');
  const out: Geom[] = [];
  split(geos, geos.clone(g), maxVertices, out, 0);
  return out;
}

/** GEOSClipByRect (linear time); when its result is not valid, the exact intersection with the box. */
function clip(geos: Geos, g: Geom, x0: number, y0: number, x1: number, y1: number): Geom {
  const fast = geos.clipByRect(g, x0, y0, x1, y1);
  if (geos.isValid(fast)) return fast;
  geos.destroy(fast);
  const box = geos.rectangle(x0, y0, x1, y1);
  try {
    return geos.intersection(g, box);
  } finally {
    geos.destroy(box);
  }
}

function split(geos: Geos, g: Geom, maxVertices: number, out: Geom[], depth: number): void {
  if (geos.isEmpty(g) || geos.dimension(g) < 2) {
    geos.destroy(g);
    return;
  }
  // Collections are taken apart: every piece is one Polygon, with a bounding box of its own.
  const type = geos.typeId(g);
  if (type === GEOS_TYPE.MultiPolygon || type === GEOS_TYPE.GeometryCollection) {
    const members = geos.members(g);
    geos.destroy(g);
    for (const m of members) split(geos, m, maxVertices, out, depth);
    return;
  }
  if (geos.numCoordinates(g) <= maxVertices || depth > 50) {
    out.push(g);
    return;
  }
  const [minX, minY, maxX, maxY] = geos.extent(g);
  const halves =
    maxX - minX >= maxY - minY
      ? [
          [minX, minY, (minX + maxX) / 2, maxY],
          [(minX + maxX) / 2, minY, maxX, maxY],
        ]
      : [
          [minX, minY, maxX, (minY + maxY) / 2],
          [minX, (minY + maxY) / 2, maxX, maxY],
        ];
  for (const [x0, y0, x1, y1] of halves) {
    split(geos, clip(geos, g, x0!, y0!, x1!, y1!), maxVertices, out, depth + 1);
  }
  geos.destroy(g);
}
