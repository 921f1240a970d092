/**
 * readRoadGraph: the routable graph of one road layer in the store, read in pages of rows by feature id
 * (layer-scan.ts: keyset paging on the primary key, the same on both stores) with coordinates taken straight from the WKB. Lines and the
 * parts of multi-lines become edges (road-graph.ts); other geometry types are skipped and counted.
 *
 *   const graph = await readRoadGraph(store, layerId);
 */
import { emptyFlat, readFlatWkb, RING_LINE } from '../geo/wkb.js';
import type { Store } from '../store/store.js';
import { featureWkb } from './feature-wkb.js';
import { layerFidRange, onLayer } from '../store/layer-scan.js';
import { RoadGraphBuilder, type RoadGraph } from './road-graph.js';

const PAGE = 20_000;

export interface StoredRoadGraph extends RoadGraph {
  layerId: number;
  /** Features read; and of them, those without a line (NULL, empty, points or polygons). */
  features: number;
  notLines: number;
}

export async function readRoadGraph(store: Store, layerId: number): Promise<StoredRoadGraph> {
  const builder = new RoadGraphBuilder();
  const flat = emptyFlat();
  const range = await layerFidRange(store, 'road', layerId);
  let after = range ? range.first - 1 : 0;
  let features = 0;
  let notLines = 0;
  while (range) {
    const rows = await store.db
      .selectFrom('road')
      .select(['fid', 'road_class', 'geom'])
      .where(onLayer(layerId))
      .where('fid', '>', after)
      .where('fid', '<=', range.last)
      .orderBy('fid')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      features++;
      const wkb = featureWkb(row.geom);
      if (wkb) readFlatWkb(wkb.bytes, wkb.offset, flat);
      let lines = 0;
      for (let r = 0; wkb && r < flat.rings; r++) {
        if (flat.ringKind[r] !== RING_LINE) continue;
        builder.addLine(row.fid, row.road_class, flat.xy, flat.ringStart[r]!, flat.ringStart[r + 1]!);
        lines++;
      }
      if (lines === 0) notLines++;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.fid;
  }
  return { ...builder.finish(), layerId, features, notLines };
}
