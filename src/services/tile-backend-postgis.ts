/**
 * Vector tiles on PostGIS, as issue #3 asks: ST_AsMVT. One statement — the GiST index finds the
 * tile's features (`&&` on the buffered tile in EPSG:4490), each is projected to Web Mercator,
 * ST_AsMVTGeom clips and snaps it to the tile grid, ST_AsMVT encodes the layer. The projection is
 * ST_Affine with the tile's own linear Mercator where that is within half a grid cell
 * (mercator-fit.ts), ST_Transform elsewhere. The same size rule as on the GeoPackage leaves out
 * features too small for the zoom (their boxes are read from the geometry header, not computed).
 * The clipped rows are a MATERIALIZED CTE: as a plain subquery, PostgreSQL inlined it and evaluated
 * ST_AsMVTGeom twice a row, once for the `geom is not null` filter and once for the output.
 * Low zooms of dense layers come from the stored overview instead (tile-overview.ts), on both stores.
 */
import { sql, type RawBuilder } from 'kysely';
import type { BBox, Store } from '../store/store.js';
import { CANONICAL_SRID } from '../store/spatial-schema.js';
import type { LayerAccess } from './layer-access.js';
import { mercatorFit } from './mercator-fit.js';
import type { TileBackend, TileQuery } from './tile-backend.js';
import type { BaseCell } from './tile-overview.js';
import { EARTH_CIRCUMFERENCE_M, SIMPLIFY_BELOW_ZOOM, SIMPLIFY_CELLS, TILE_BUFFER, TILE_EXTENT } from './tile-math.js';

export function postgisTileBackend(store: Store): TileBackend {
  return {
    async renderTile({ access, tile, bounds, minSize }: TileQuery) {
      const { layer, spec } = access;
      const [minX, minY, maxX, maxY] = bounds;
      const sizeCondition = minSize
        ? sql`and (ST_XMax(geom) - ST_XMin(geom) >= ${minSize.dLon} or ST_YMax(geom) - ST_YMin(geom) >= ${minSize.dLat})`
        : sql``;
      const fit = mercatorFit(tile.z, bounds);
      const mercator = fit
        ? sql`ST_SetSRID(ST_Affine(geom, ${sql.lit(fit.xScale)}, 0, 0, ${sql.lit(fit.yScale)}, 0, ${sql.lit(fit.yOffset)}), 3857)`
        : sql`ST_Transform(geom, 3857)`;
      // The GeoPackage cutter's simplification (tile-math.ts SIMPLIFY_CELLS), in metres of this zoom's grid.
      const projected =
        tile.z < SIMPLIFY_BELOW_ZOOM
          ? sql`ST_Simplify(${mercator}, ${sql.lit((SIMPLIFY_CELLS * EARTH_CIRCUMFERENCE_M) / (2 ** tile.z * TILE_EXTENT))}, true)`
          : mercator;
      const { rows } = await sql<{ mvt: Buffer | null }>`
        with t as materialized (
          select fid, ${sql.join(spec.tileColumns.map((c) => sql.ref(c)))},
            ST_AsMVTGeom(${projected}, ST_TileEnvelope(${sql.lit(tile.z)}, ${sql.lit(tile.x)}, ${sql.lit(tile.y)}),
              ${sql.lit(TILE_EXTENT)}, ${sql.lit(TILE_BUFFER)}, true) as geom
          from ${sql.table(layer.feature_table)}
          where geom && ST_MakeEnvelope(${minX}, ${minY}, ${maxX}, ${maxY}, ${sql.lit(CANONICAL_SRID)})
            ${sizeCondition} ${rowConditions(access)}
        )
        select ST_AsMVT(t.*, ${layer.code}, ${sql.lit(TILE_EXTENT)}, 'geom', 'fid') as mvt
        from t where t.geom is not null`.execute(store.db);
      const mvt = rows[0]?.mvt;
      return mvt && mvt.length > 0 ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.byteLength) : null;
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
