/** Row types of the stored tile overviews (migration 20261121T2100-tile-overviews). */
import type { Generated } from 'kysely';

/** A run of overview cells along one row of the cell grid at `level`, sharing their dominant class. */
export interface TileOverviewTable {
  id: Generated<number>;
  layer_id: number;
  /** The reader's region cut the overview was built for ('' for the whole layer). */
  scope: string;
  /** Zoom of the Web Mercator grid whose tiles are the cells (cells of 2^-level of the world). */
  level: number;
  cy: number;
  cx0: number;
  cx1: number;
  /** Class group of the largest area in the run ('' for a layer without classes). */
  class: string;
  /** That class's share of the run's area, 0–1. */
  share: number;
  patches: number;
}

/** Which version of a layer (`updated_at|feature_count`) the stored overview rows describe. */
export interface TileOverviewBuildTable {
  layer_id: number;
  scope: string;
  version: string;
  rows: number;
  built_at: string;
}
