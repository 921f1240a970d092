/**
 * The check-up and evaluation loop (issue #5): check-up projects with a guarded workflow and frozen
 * value snapshots; findings → causes → countermeasures → tasks with progress reports; the generated
 * report with its editable sections and stored documents; and public participation — publications,
 * moderated comments with a handling workflow, and satisfaction surveys. Frozen once shipped.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import { doubleType, idType, jsonType, registerAttributesTable, timestampType } from '../spatial-schema.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

export async function up(db: Db, kind: StoreKind): Promise<void> {
  const id = idType(kind);
  const ts = timestampType(kind);
  const json = jsonType(kind);
  const double = doubleType(kind);
  const blob = kind === 'sqlite' ? sql`blob` : sql`bytea`;

  await db.schema
    .createTable('checkup')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('levels', json, (c) => c.notNull())
    .addColumn('system_id', 'integer', (c) => c.notNull().references('indicator_system.id'))
    .addColumn('plan_version_id', 'integer', (c) => c.references('plan_version.id'))
    .addColumn('previous_id', 'integer', (c) => c.references('checkup.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('team', json)
    .addColumn('current_snapshot_id', 'integer')
    .addColumn('published_snapshot_id', 'integer')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkup_region_idx').on('checkup').columns(['region_code', 'year']).execute();

  await db.schema
    .createTable('checkup_transition')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();

  // A snapshot freezes the values a check-up stands on; recomputing makes a new one, never edits a row.
  await db.schema
    .createTable('checkup_snapshot')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.references('monitoring_run.id'))
    .addColumn('summary', json)
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('checkup_snapshot_seq_uq', ['checkup_id', 'seq'])
    .execute();

  await db.schema
    .createTable('checkup_snapshot_value')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('checkup_snapshot.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', double)
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('expected', double)
    .addColumn('target', double)
    .addColumn('grade', 'text')
    .addColumn('value_id', 'integer')
    .addColumn('data_versions', json)
    .addUniqueConstraint('checkup_snapshot_value_uq', ['snapshot_id', 'indicator_code', 'zone_code', 'year'])
    .execute();

  await db.schema
    .createTable('checkup_finding')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('zone_code', 'text')
    .addColumn('dimension', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('indicator_codes', json)
    .addColumn('zone_codes', json)
    .addColumn('evidence', json)
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text')
    .addColumn('merged_into_id', 'integer', (c) => c.references('checkup_finding.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkup_finding_checkup_idx').on('checkup_finding').column('checkup_id').execute();

  await db.schema
    .createTable('checkup_cause')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('checkup_finding.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('evidence', json)
    .addColumn('support', json)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkup_measure')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('checkup_finding.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('weight', double, (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checkup_task')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('checkup_measure.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('co_departments', json)
    .addColumn('zone_code', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('target_indicator_code', 'text')
    .addColumn('target_value', double)
    .addColumn('baseline_value', double)
    .addColumn('deliverable', 'text')
    .addColumn('weight', double, (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', double, (c) => c.notNull().defaultTo(0))
    .addColumn('carried_from_id', 'integer', (c) => c.references('checkup_task.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .execute();
  await db.schema
    .createIndex('checkup_task_department_idx')
    .on('checkup_task')
    .columns(['department_code', 'status'])
    .execute();
  await db.schema.createIndex('checkup_task_checkup_idx').on('checkup_task').column('checkup_id').execute();

  await db.schema
    .createTable('checkup_task_report')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('task_id', 'integer', (c) => c.notNull().references('checkup_task.id'))
    .addColumn('progress', double, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('evidence', json)
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', ts, (c) => c.notNull())
    .execute();

  // What people wrote in the report is kept apart from what Lantu generates, so regeneration keeps it.
  await db.schema
    .createTable('checkup_report_section')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('generated_text', 'text')
    .addColumn('edited_text', 'text')
    .addColumn('edited_by', 'text')
    .addColumn('edited_at', ts)
    .addUniqueConstraint('checkup_report_section_uq', ['checkup_id', 'section_key'])
    .execute();

  await db.schema
    .createTable('checkup_report')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('checkup_id', 'integer', (c) => c.notNull().references('checkup.id'))
    .addColumn('snapshot_id', 'integer', (c) => c.references('checkup_snapshot.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', blob, (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('generated_by', 'text', (c) => c.notNull())
    .addColumn('generated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('publication')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('content', json)
    .addColumn('report_id', 'integer', (c) => c.references('checkup_report.id'))
    .addColumn('opens_at', ts, (c) => c.notNull())
    .addColumn('closes_at', ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // Commenters' names and contacts stay internal; the public sees the moderated text and the answer.
  await db.schema
    .createTable('public_comment')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publication.id'))
    .addColumn('zone_code', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('public_body', 'text')
    .addColumn('author_name', 'text')
    .addColumn('contact', 'text')
    .addColumn('client_hash', 'text')
    .addColumn('moderation', 'text', (c) => c.notNull())
    .addColumn('moderation_flags', json)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assigned_department', 'text')
    .addColumn('answer', 'text')
    .addColumn('answer_published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('handled_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('public_comment_publication_idx')
    .on('public_comment')
    .columns(['publication_id', 'moderation'])
    .execute();

  await db.schema
    .createTable('survey')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('questions', json, (c) => c.notNull())
    .addColumn('checkup_id', 'integer', (c) => c.references('checkup.id'))
    .addColumn('indicator_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_at', ts)
    .addColumn('closes_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_response')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('survey_id', 'integer', (c) => c.notNull().references('survey.id'))
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('answers', json, (c) => c.notNull())
    .addColumn('score', double)
    .addColumn('client_hash', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_response_survey_idx')
    .on('survey_response')
    .columns(['survey_id', 'zone_code'])
    .execute();

  for (const [table, title] of [
    ['checkup', '体检评估项目 Check-ups'],
    ['checkup_finding', '体检问题 Check-up findings'],
    ['checkup_task', '任务清单 Check-up tasks'],
  ] as const) {
    await registerAttributesTable(db, kind, table, title);
  }
}
