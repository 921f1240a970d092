/**
 * Overviews of dense layers: what a tile shows at the zooms where the layer has too many features to
 * cut (below its minzoom, layer-stats.ts). The features are aggregated once per layer version into a
 * grid of Web Mercator cells — each feature counted in the cell under the centre of its box, with its
 * planar area under its class group (the first two digits of DLBM, GB/T 21010's first-level class) —
 * and each cell takes the class with the largest area. Runs of cells along a row with the same class
 * are one stored row and one MVT rectangle. A z10 tile then carries a few thousand rectangles with
 * `class`, `class_name`, `share` (that class's share of the area under the rectangle) and `patches`,
 * cut by arithmetic from rows read by an ordinary index, the same on both stores.
 *
 * Cells are 1/64 of a tile side (4 pixels of a 256-pixel tile) and never finer than minzoom + 3, where
 * a cell holds about 1/64 of the tile budget (~20–80 patches): finer cells would be single patches
 * drawn as squares, with gaps between.
 *
 * The rows are stored (tile_overview, tile_overview_build) and tagged with the layer version and the
 * reader's region cut; a request finding another version rebuilds them first (once per process at a
 * time), so the first low-zoom tile after a change waits for the build — `ensureOverview` lets a loader
 * build it ahead.
 */
import type { Insertable } from 'kysely';
import type { Layer } from '../onemap/onemap-tables.js';
import { nowIso, type Store } from '../store/store.js';
import type { LayerAccess } from './layer-access.js';
import type { LayerStats } from './layer-stats.js';
import type { OverviewFeatures } from './overview-cells.js';
import type { CutFeature } from './mvt-writer.js';
import type { TileBackend } from './tile-backend.js';
import { MVT_POLYGON } from './tile-cutter.js';
import { TILE_BUFFER, TILE_EXTENT, type TileCoord } from './tile-math.js';
import type { TileOverviewTable } from './tile-tables.js';

/** log2 of overview cells per tile side. */
const CELLS_LOG2 = 6;
/** Zooms below minzoom that get an overview; below them the layer is a few pixels of a city anyway. */
const OVERVIEW_ZOOMS = 8;
/** Rows per insert statement (9 values each; well inside SQLite's 32,766 parameters). */
const INSERT_BATCH = 1000;

/** First-level land-use classes (GB/T 21010-2017 and the Third Land Survey's working classes). */
export const CLASS_NAMES: Record<string, string> = {
  '00': '湿地',
  '01': '耕地',
  '02': '园地',
  '03': '林地',
  '04': '草地',
  '05': '商业服务业用地',
  '06': '工矿用地',
  '07': '住宅用地',
  '08': '公共管理与公共服务用地',
  '09': '特殊用地',
  '10': '交通运输用地',
  '11': '水域及水利设施用地',
  '12': '其他土地',
  '20': '城镇村及工矿用地',
};

/** The column whose first two characters group a table's features for the overview; none: one group. */
const CLASS_COLUMN: Partial<Record<string, string>> = { land_survey: 'dlbm' };

export const classColumnOf = (table: string): string | null => CLASS_COLUMN[table] ?? null;

/** Features of a layer summed per cell of the base level and class group. */
export interface BaseCell {
  cx: number;
  cy: number;
  cls: string;
  /** Planar area in square degrees (only compared within a cell). */
  area: number;
  n: number;
}

/** The lowest zoom served from an overview (TileJSON's minzoom), or minZoom when the layer needs none. */
export function overviewMinZoom(stats: LayerStats): number {
  return stats.minZoom > 0 && stats.extent ? Math.max(0, stats.minZoom - OVERVIEW_ZOOMS) : stats.minZoom;
}

/** The cell level of the overview tile at zoom z for a layer served from minZoom. */
export const cellLevel = (z: number, minZoom: number) => Math.min(z + CELLS_LOG2, minZoom + 3);

const versionOf = (layer: Layer) => `${layer.updated_at}|${layer.feature_count}`;
const scopeOf = (access: LayerAccess) => access.regionPrefix ?? '';

/** Builds in flight per store, so concurrent requests for a stale overview wait for one build. */
const building = new WeakMap<Store, Map<string, { version: string; done: Promise<void> }>>();

/**
 * Make sure the stored overview matches the layer's version for this reader's cut; build it if not —
 * from `features` when the caller measured the layer's features as it wrote them (the whole layer, as
 * committed), else from the store.
 */
export async function ensureOverview(
  store: Store,
  backend: TileBackend,
  access: LayerAccess,
  stats: LayerStats,
  features?: OverviewFeatures,
) {
  const version = versionOf(access.layer);
  const scope = scopeOf(access);
  const key = `${access.layer.id}|${scope}`;
  let inFlight = building.get(store);
  if (!inFlight) building.set(store, (inFlight = new Map()));
  const known = inFlight.get(key);
  if (known && known.version === version) return known.done;
  const done = (async () => {
    const row = await store.db
      .selectFrom('tile_overview_build')
      .select('version')
      .where('layer_id', '=', access.layer.id)
      .where('scope', '=', scope)
      .executeTakeFirst();
    if (row?.version === version) return;
    await buildOverview(store, backend, access, stats, version, features);
  })();
  // A failed build is not kept: the next request tries again.
  done.catch(() => inFlight.delete(key));
  inFlight.set(key, { version, done });
  return done;
}

async function buildOverview(
  store: Store,
  backend: TileBackend,
  access: LayerAccess,
  stats: LayerStats,
  version: string,
  features: OverviewFeatures | undefined,
): Promise<void> {
  const base = cellLevel(stats.minZoom - 1, stats.minZoom);
  const cells = features
    ? features.cells(base)
    : await backend.overviewCells(access, base, classColumnOf(access.layer.feature_table));
  const levels = new Set<number>();
  for (let z = overviewMinZoom(stats); z < stats.minZoom; z++) levels.add(cellLevel(z, stats.minZoom));
  const rows: Insertable<TileOverviewTable>[] = [];
  const layer_id = access.layer.id;
  const scope = scopeOf(access);
  for (const level of levels) {
    for (const run of runsAt(cells, base - level)) rows.push({ layer_id, scope, level, ...run });
  }
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tile_overview').where('layer_id', '=', layer_id).where('scope', '=', scope).execute();
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await trx
        .insertInto('tile_overview')
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
    }
    await trx.deleteFrom('tile_overview_build').where('layer_id', '=', layer_id).where('scope', '=', scope).execute();
    await trx
      .insertInto('tile_overview_build')
      .values({ layer_id, scope, version, rows: rows.length, built_at: nowIso() })
      .execute();
  });
}

type Run = Pick<TileOverviewTable, 'cy' | 'cx0' | 'cx1' | 'class' | 'share' | 'patches'>;

/**
 * The base cells merged `shift` levels up (2^shift cells a side into one), each cell given its class
 * of largest area (ties: the lower code), then runs of equal class along each row merged.
 */
export function runsAt(cells: BaseCell[], shift: number): Run[] {
  const merged = new Map<string, { cx: number; cy: number; n: number; areas: Map<string, number> }>();
  for (const c of cells) {
    const cx = c.cx >> shift;
    const cy = c.cy >> shift;
    const key = `${cy}/${cx}`;
    let cell = merged.get(key);
    if (!cell) merged.set(key, (cell = { cx, cy, n: 0, areas: new Map() }));
    cell.n += c.n;
    cell.areas.set(c.cls, (cell.areas.get(c.cls) ?? 0) + c.area);
  }
  const classified = [...merged.values()].map(({ cx, cy, n, areas }) => {
    let cls = '';
    let best = -1;
    let total = 0;
    for (const [k, a] of areas) {
      total += a;
      if (a > best || (a === best && k < cls)) [cls, best] = [k, a];
    }
    return { cx, cy, n, cls, best, total };
  });
  classified.sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  const runs: Run[] = [];
  let open: { cy: number; cx0: number; cx1: number; cls: string; best: number; total: number; n: number } | null = null;
  const close = () => {
    if (!open) return;
    const share = open.total > 0 ? open.best / open.total : 1;
    runs.push({ cy: open.cy, cx0: open.cx0, cx1: open.cx1, class: open.cls, share, patches: open.n });
  };
  for (const c of classified) {
    if (open && open.cy === c.cy && open.cx1 + 1 === c.cx && open.cls === c.cls) {
      open.cx1 = c.cx;
      open.best += c.best;
      open.total += c.total;
      open.n += c.n;
      continue;
    }
    close();
    open = { cy: c.cy, cx0: c.cx, cx1: c.cx, cls: c.cls, best: c.best, total: c.total, n: c.n };
  }
  close();
  return runs;
}

/** The overview features of one tile, as rectangles on its grid; empty when the tile holds none. */
export async function overviewTile(
  store: Store,
  access: LayerAccess,
  { z, x, y }: TileCoord,
  minZoom: number,
): Promise<CutFeature[]> {
  const level = cellLevel(z, minZoom);
  const shift = level - z;
  const per = 2 ** shift; // cells per tile side
  const rows = await store.db
    .selectFrom('tile_overview')
    .select(['id', 'cy', 'cx0', 'cx1', 'class', 'share', 'patches'])
    .where('layer_id', '=', access.layer.id)
    .where('scope', '=', scopeOf(access))
    .where('level', '=', level)
    .where('cy', '>=', y * per)
    .where('cy', '<', (y + 1) * per)
    .where('cx0', '<', (x + 1) * per)
    .where('cx1', '>=', x * per)
    .execute();
  const size = TILE_EXTENT / per;
  const lo = -TILE_BUFFER;
  const hi = TILE_EXTENT + TILE_BUFFER;
  return rows.map((r) => {
    const x0 = Math.max(lo, r.cx0 * size - x * TILE_EXTENT);
    const x1 = Math.min(hi, (r.cx1 + 1) * size - x * TILE_EXTENT);
    const y0 = r.cy * size - y * TILE_EXTENT;
    const y1 = y0 + size;
    return {
      id: Number(r.id),
      properties: {
        class: r.class,
        class_name: CLASS_NAMES[r.class] ?? null,
        share: Math.round(Number(r.share) * 1000) / 1000,
        patches: Number(r.patches),
      },
      // Clockwise on screen (y down): positive area, an exterior ring as MVT wants it.
      geometry: { type: MVT_POLYGON, parts: [[x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]] },
    };
  });
}
