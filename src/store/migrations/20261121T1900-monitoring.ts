/**
 * Indicator systems, values with provenance, department submissions, targets with trajectories,
 * warning rules as data, monitoring runs and warnings with a lifecycle (issue #4). Frozen once shipped.
 *
 * Annual values use period '' (not NULL) so the unique keys hold on both stores.
 */
import type { Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import { doubleType, idType, jsonType, registerAttributesTable, timestampType } from '../spatial-schema.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

export async function up(db: Db, kind: StoreKind): Promise<void> {
  const id = idType(kind);
  const ts = timestampType(kind);
  const json = jsonType(kind);
  const double = doubleType(kind);

  await db.schema
    .createTable('indicator_system')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('based_on_id', 'integer', (c) => c.references('indicator_system.id'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('indicator_system_version_uq', ['code', 'version_no'])
    .execute();

  await db.schema
    .createTable('indicator')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('system_id', 'integer', (c) => c.notNull().references('indicator_system.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('dimension', 'text')
    .addColumn('subdimension', 'text')
    .addColumn('tier', 'text')
    .addColumn('plan_attribute', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('range_low', double)
    .addColumn('range_high', double)
    .addColumn('levels', json)
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('formula_key', 'text')
    .addColumn('definition', 'text')
    .addColumn('data_layers', json)
    .addColumn('department_code', 'text')
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('successor_code', 'text')
    .addUniqueConstraint('indicator_system_code_uq', ['system_id', 'code'])
    .execute();

  await db.schema
    .createTable('indicator_mapping')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('system_id', 'integer', (c) => c.notNull().references('indicator_system.id'))
    .addColumn('from_code', 'text', (c) => c.notNull())
    .addColumn('to_code', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addUniqueConstraint('indicator_mapping_uq', ['system_id', 'from_code', 'to_code'])
    .execute();

  await db.schema
    .createTable('monitoring_run')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('job_id', 'integer', (c) => c.references('job.id'))
    .addColumn('system_id', 'integer', (c) => c.notNull().references('indicator_system.id'))
    .addColumn('plan_version_id', 'integer', (c) => c.references('plan_version.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', json)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();

  await db.schema
    .createTable('indicator_submission')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('batch_id', 'text')
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value', double, (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('evidence', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', ts, (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', ts)
    .execute();
  await db.schema
    .createIndex('indicator_submission_status_idx')
    .on('indicator_submission')
    .columns(['status', 'department_code'])
    .execute();

  // The value of an indicator for a zone and year, with where it came from: a monitoring run (computed,
  // with the data versions it read) or an accepted submission (reported/imported).
  await db.schema
    .createTable('indicator_value')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('value', double)
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.references('monitoring_run.id'))
    .addColumn('submission_id', 'integer', (c) => c.references('indicator_submission.id'))
    .addColumn('data_versions', json)
    .addColumn('detail', json)
    .addColumn('stale', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', ts, (c) => c.notNull())
    .addUniqueConstraint('indicator_value_uq', ['indicator_code', 'zone_code', 'year', 'period'])
    .execute();
  await db.schema
    .createIndex('indicator_value_zone_idx')
    .on('indicator_value')
    .columns(['zone_code', 'year'])
    .execute();

  await db.schema
    .createTable('indicator_target')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('plan_version_id', 'integer', (c) => c.notNull().references('plan_version.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('base_year', 'integer', (c) => c.notNull())
    .addColumn('base_value', double, (c) => c.notNull())
    .addColumn('target_year', 'integer', (c) => c.notNull())
    .addColumn('target_value', double, (c) => c.notNull())
    .addColumn('milestones', json)
    .addColumn('trajectory', 'text', (c) => c.notNull().defaultTo('linear'))
    .addColumn('trajectory_params', json)
    .addColumn('binding', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bottom_line', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('indicator_target_uq', ['plan_version_id', 'indicator_code', 'zone_code'])
    .execute();

  await db.schema
    .createTable('warning_rule')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('system_id', 'integer', (c) => c.notNull().references('indicator_system.id'))
    .addColumn('indicator_code', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('threshold', double)
    .addColumn('params', json)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('note', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('warning')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('monitoring_run.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'integer', (c) => c.references('warning_rule.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', double)
    .addColumn('expected', double)
    .addColumn('explanation_zh', 'text', (c) => c.notNull())
    .addColumn('explanation_en', 'text', (c) => c.notNull())
    .addColumn('evidence', json)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_by', 'text')
    .addColumn('status_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('warning_zone_idx').on('warning').columns(['region_code', 'year', 'grade']).execute();

  for (const [table, title] of [
    ['indicator_system', '指标体系 Indicator systems'],
    ['indicator', '指标 Indicators'],
    ['indicator_value', '指标值 Indicator values'],
    ['indicator_target', '指标目标 Indicator targets'],
    ['warning', '预警 Warnings'],
  ] as const) {
    await registerAttributesTable(db, kind, table, title);
  }
}
