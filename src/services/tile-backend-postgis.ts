/**
 * Vector tiles on PostGIS: the GiST index finds the tile's features (`&&` on the buffered tile in
 * EPSG:4490), the same size rule as on the GeoPackage leaves out features too small for the zoom
 * (their boxes read from the geometry header, not computed), and the rows are cut and encoded by the
 * same code as the GeoPackage's (tile-features.ts) — not by ST_AsMVT, which the benchmark measured
 * at several times the time for the same tile (decision 0011, "Faster cuts"); bench:tiles keeps
 * ST_AsMVT as its reference.
 */
import { sql, type RawBuilder } from 'kysely';
import type { BBox, Store } from '../store/store.js';
import { CANONICAL_SRID } from '../store/spatial-schema.js';
import type { LayerAccess } from './layer-access.js';
import type { TileBackend, TileQuery } from './tile-backend.js';
import type { BaseCell } from './tile-overview.js';
import { encodeTileRows } from './tile-features.js';

export function postgisTileBackend(store: Store): TileBackend {
  return {
    async renderTile({ access, tile, bounds, minSize }: TileQuery) {
      const { layer, spec } = access;
      const [minX, minY, maxX, maxY] = bounds;
      const sizeCondition = minSize
        ? sql`and (ST_XMax(geom) - ST_XMin(geom) >= ${minSize.dLon} or ST_YMax(geom) - ST_YMin(geom) >= ${minSize.dLat})`
        : sql``;
      // The geometry comes as PostGIS's own text output, hex EWKB: no conversion in the database.
      const { rows } = await sql<Record<string, unknown>>`
        select fid, ${sql.join(spec.tileColumns.map((c) => sql.ref(c)))}, geom
        from ${sql.table(layer.feature_table)}
        where geom && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, ${sql.lit(CANONICAL_SRID)})
          ${sizeCondition} ${rowConditions(access)}`.execute(store.db);
      return encodeTileRows(access, tile, rows, (row) =>
        typeof row.geom === 'string' ? { bytes: Buffer.from(row.geom, 'hex'), offset: 0 } : null,
      );
    },

    async layerExtent(access: LayerAccess): Promise<BBox | null> {
      const { rows } = await sql<{ minx: number | null; miny: number; maxx: number; maxy: number }>`
        select ST_XMin(e) as minx, ST_YMin(e) as miny, ST_XMax(e) as maxx, ST_YMax(e) as maxy
        from (select ST_Extent(geom) as e from ${sql.table(access.layer.feature_table)}
              where true ${rowConditions({ ...access, regionPrefix: null })}) s`.execute(store.db);
      const e = rows[0];
      return e && e.minx !== null ? [e.minx, e.miny, e.maxx, e.maxy] : null;
    },

    async overviewCells(access: LayerAccess, level: number, classColumn: string | null): Promise<BaseCell[]> {
      const n = sql.lit(2 ** level);
      const cls = classColumn ? sql`coalesce(left(${sql.ref(classColumn)}, 2), '')` : sql`''`;
      // The same cell arithmetic as tileAt (tile-math.ts), on the centre of the box in the geometry header.
      const { rows } = await sql<{ cx: number; cy: number; cls: string; area: number; n: string }>`
        select cx, cy, cls, sum(area) as area, count(*) as n from (
          select floor(((ST_XMin(geom) + ST_XMax(geom)) / 2 + 180) / 360 * ${n})::int as cx,
            floor((1 - ln(tan(pi() / 4 + radians((ST_YMin(geom) + ST_YMax(geom)) / 2) / 2)) / pi()) / 2 * ${n})::int as cy,
            ${cls} as cls, ST_Area(geom) as area
          from ${sql.table(access.layer.feature_table)} where true ${rowConditions(access)}
        ) s group by cx, cy, cls`.execute(store.db);
      return rows.map((r) => ({ cx: r.cx, cy: r.cy, cls: r.cls, area: Number(r.area), n: Number(r.n) }));
    },
  };
}

function rowConditions({ layer, spec, regionPrefix }: LayerAccess): RawBuilder<unknown> {
  const parts = [];
  if (spec.layerColumn) parts.push(sql`and layer_id = ${layer.id}`);
  if (regionPrefix) parts.push(sql`and region_code like ${`${regionPrefix}%`}`);
  return sql.join(parts, sql` `);
}
