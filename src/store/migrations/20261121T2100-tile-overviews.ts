/**
 * Stored overviews of dense layers for the zooms where their features are too many to tile
 * (decision 0011, "Overviews"): per layer, reader scope and overview cell level, runs of grid cells
 * along a row that share their dominant class. Built once per layer version, kept until the layer
 * changes. Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import { doubleType, idType, registerAttributesTable, timestampType } from '../spatial-schema.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

export async function up(db: Db, kind: StoreKind): Promise<void> {
  await db.schema
    .createTable('tile_overview')
    .addColumn('id', idType(kind), (c) => c.primaryKey())
    .addColumn('layer_id', 'integer', (c) => c.notNull().references('layer.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('cy', 'integer', (c) => c.notNull())
    .addColumn('cx0', 'integer', (c) => c.notNull())
    .addColumn('cx1', 'integer', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('share', doubleType(kind), (c) => c.notNull())
    .addColumn('patches', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tile_overview_cell_idx')
    .on('tile_overview')
    .columns(['layer_id', 'scope', 'level', 'cy', 'cx0'])
    .execute();
  await registerAttributesTable(db, kind, 'tile_overview', 'Tile overviews');

  await db.schema
    .createTable('tile_overview_build')
    .addColumn('layer_id', 'integer', (c) => c.notNull().references('layer.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('built_at', timestampType(kind), (c) => c.notNull())
    .addPrimaryKeyConstraint('tile_overview_build_pk', ['layer_id', 'scope'])
    .execute();
  await registerAttributesTable(db, kind, 'tile_overview_build', 'Tile overview builds');
}
