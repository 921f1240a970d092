/**
 * The data plane's tables (issue #3): long-running jobs with progress, the import history with its
 * per-feature validation issues, and a generic feature table for layers that map to none of the typed
 * ones (an uploaded zone layer, a project's parcels). Frozen once shipped.
 */
import type { Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import { addGeometryColumn, idType, jsonType, registerAttributesTable, timestampType } from '../spatial-schema.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

export async function up(db: Db, kind: StoreKind): Promise<void> {
  const id = idType(kind);
  const ts = timestampType(kind);
  const json = jsonType(kind);

  // Long work (imports, zonal statistics, monitoring runs, reports) as jobs whose progress lives in the
  // store, so any process can report it and a restarted one can see what was under way.
  await db.schema
    .createTable('job')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer')
    .addColumn('params', json)
    .addColumn('result', json)
    .addColumn('error', json)
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('job_status_idx').on('job').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('import_run')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('job_id', 'integer', (c) => c.references('job.id'))
    .addColumn('layer_id', 'integer', (c) => c.references('layer.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_crs', 'text')
    .addColumn('options', json)
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('read_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('loaded_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('repaired_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await registerAttributesTable(db, kind, 'import_run', '导入记录 Import history');

  // One row per problem found in a source feature: typed code, what was done, where in the file.
  await db.schema
    .createTable('import_issue')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('import_run.id').onDelete('cascade'))
    .addColumn('source_row', 'integer')
    .addColumn('source_id', 'text')
    .addColumn('issue', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('value', 'text')
    .addColumn('message_zh', 'text', (c) => c.notNull())
    .addColumn('message_en', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_issue_import_idx')
    .on('import_issue')
    .columns(['import_id', 'source_row'])
    .execute();

  await db.schema
    .createTable('generic_feature')
    .addColumn('fid', id, (c) => c.primaryKey())
    .addColumn('layer_id', 'integer', (c) => c.notNull().references('layer.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('class_code', 'text')
    .addColumn('attrs', json)
    .execute();
  await db.schema
    .createIndex('generic_feature_layer_idx')
    .on('generic_feature')
    .columns(['layer_id', 'region_code'])
    .execute();
  await addGeometryColumn(db, kind, {
    table: 'generic_feature',
    geometryType: 'GEOMETRY',
    identifier: '其他图层 Other layers',
    description: 'Imported layers that map to no typed table (uploaded zones, parcels, lines)',
  });
}
