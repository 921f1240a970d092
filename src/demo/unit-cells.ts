/**
 * Planning units from cells: each cell joins the unit whose seed is nearest (the seeds' Voronoi
 * regions, found by walking a Delaunay triangulation of the seeds from the previous cell's answer),
 * then any piece of a unit cut off from its seed — where a region straddles a bay of the outline —
 * joins the neighbouring unit it shares most edges with, until every unit is one piece.
 */
import { Delaunay } from 'd3-delaunay';
import { connectedPieces } from './cell-union.js';
import type { Point } from './layout.js';
import type { CellMesh } from './voronoi-mesh.js';

export function cellsToUnits(mesh: CellMesh, seeds: Point[], seedCells: number[]): Int32Array {
  const n = mesh.cellCount;
  const delaunay = Delaunay.from(
    seeds,
    (p) => p.x,
    (p) => p.y,
  );
  const labels = new Int32Array(n);
  let hint = 0;
  for (let c = 0; c < n; c++) labels[c] = hint = delaunay.find(mesh.siteX[c]!, mesh.siteY[c]!, hint);
  for (;;) {
    const piece = connectedPieces(mesh, labels);
    const main = new Set(seedCells.map((c) => piece[c]!));
    const votes = new Map<number, Map<number, number>>();
    for (let c = 0; c < n; c++) {
      if (main.has(piece[c]!)) continue;
      const tally = votes.get(piece[c]!) ?? new Map<number, number>();
      votes.set(piece[c]!, tally);
      for (let k = mesh.ringStart[c]!; k < mesh.ringStart[c + 1]!; k++) {
        const m = mesh.ringNeighbor[k]!;
        if (m >= 0 && labels[m] !== labels[c]) tally.set(labels[m]!, (tally.get(labels[m]!) ?? 0) + 1);
      }
    }
    if (votes.size === 0) return labels;
    const target = new Map(
      [...votes].map(([p, tally]) => [p, [...tally].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0]]),
    );
    for (let c = 0; c < n; c++) {
      const to = target.get(piece[c]!);
      if (to !== undefined) labels[c] = to;
    }
  }
}
