/**
 * The foundation's tables: spatial hierarchy, plans and versions, layers and their feature tables,
 * reference catalogs, accounts, sessions and the append-only audit log. Frozen once shipped.
 *
 * Conventions (docs/decisions/0003-store-conventions.md): timestamps are ISO-8601 UTC text on SQLite
 * and timestamptz on PostgreSQL (read back as ISO strings); booleans are 0/1 integers on both;
 * JSON is text on SQLite and jsonb on PostgreSQL; every row that belongs to a place carries
 * `region_code` (statistical division code, unpadded, so a region's subtree is a prefix match).
 */
import { sql, type Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import {
  addGeometryColumn,
  doubleType,
  idType,
  jsonType,
  registerAttributesTable,
  timestampType,
  type FeatureTableSpec,
} from '../spatial-schema.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are frozen in time, untyped

export async function up(db: Db, kind: StoreKind): Promise<void> {
  const id = idType(kind);
  const ts = timestampType(kind);
  const json = jsonType(kind);
  const double = doubleType(kind);

  // ── accounts ───────────────────────────────────────────────────────────
  await db.schema
    .createTable('department')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.references('department.code'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('last_login_at', ts)
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempt_user_at_idx').on('login_attempt').columns(['username', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('automated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('region_code', 'text')
    .addColumn('before', json)
    .addColumn('after', json)
    .addColumn('comment', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await makeAppendOnly(db, kind, 'audit_log');

  // ── spatial hierarchy ─────────────────────────────────────────────────
  await db.schema
    .createTable('zone')
    .addColumn('fid', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('parent_code', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('attrs', json)
    .execute();
  await db.schema.createIndex('zone_parent_idx').on('zone').column('parent_code').execute();
  await db.schema.createIndex('zone_kind_region_idx').on('zone').columns(['kind', 'region_code']).execute();
  await addGeometryColumn(db, kind, featureTables.zone);

  // ── plans, versions, targets ──────────────────────────────────────────
  await db.schema
    .createTable('plan')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('approval_authority', 'text')
    .addColumn('approval_doc', 'text')
    .addColumn('approval_date', 'text')
    .addColumn('base_year', 'integer', (c) => c.notNull())
    .addColumn('near_year', 'integer')
    .addColumn('target_year', 'integer', (c) => c.notNull())
    .addColumn('parent_plan_id', 'integer', (c) => c.references('plan.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_region_idx').on('plan').column('region_code').execute();

  await db.schema
    .createTable('plan_version')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('change_reason', 'text')
    .addColumn('approval_doc', 'text')
    .addColumn('approval_date', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_version_no_uq', ['plan_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('plan_target')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('plan_version_id', 'integer', (c) => c.notNull().references('plan_version.id'))
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('indicator_name', 'text', (c) => c.notNull())
    .addColumn('indicator_name_en', 'text')
    .addColumn('category', 'text')
    .addColumn('attribute', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('base_year', 'integer', (c) => c.notNull())
    .addColumn('base_value', double)
    .addColumn('near_year', 'integer')
    .addColumn('near_value', double)
    .addColumn('target_year', 'integer', (c) => c.notNull())
    .addColumn('target_value', double)
    .addColumn('is_bottom_line', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('plan_target_uq', ['plan_version_id', 'zone_code', 'indicator_name'])
    .execute();

  // ── layers (dataset registry) and their feature tables ────────────────
  await db.schema
    .createTable('layer')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('feature_table', 'text', (c) => c.notNull())
    .addColumn('plan_version_id', 'integer', (c) => c.references('plan_version.id'))
    .addColumn('status_year', 'integer')
    .addColumn('classification', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('feature_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  const featureColumns: Record<FeatureTable, [string, 'text' | 'integer'][]> = {
    zone: [],
    control_line: [
      ['line_type', 'text'],
      ['sub_type', 'text'],
      ['name', 'text'],
    ],
    planning_zone: [
      ['zone_type', 'text'],
      ['zone_name', 'text'],
    ],
    planned_land_use: [
      ['ydyh_code', 'text'],
      ['ydyh_name', 'text'],
    ],
    land_survey: [
      ['bsm', 'text'],
      ['dlbm', 'text'],
      ['dlmc', 'text'],
      ['czcsxm', 'text'],
    ],
    road: [
      ['road_class', 'text'],
      ['name', 'text'],
    ],
    facility: [
      ['facility_type', 'text'],
      ['name', 'text'],
    ],
  };
  for (const [table, columns] of Object.entries(featureColumns) as [FeatureTable, typeof featureColumns.zone][]) {
    if (table === 'zone') continue;
    let create = db.schema
      .createTable(table)
      .addColumn('fid', id, (c) => c.primaryKey())
      .addColumn('layer_id', 'integer', (c) => c.notNull().references('layer.id'))
      .addColumn('region_code', 'text', (c) => c.notNull());
    for (const [name, type] of columns) create = create.addColumn(name, type);
    await create.addColumn('attrs', json).execute();
    await db.schema.createIndex(`${table}_layer_idx`).on(table).columns(['layer_id', 'region_code']).execute();
    await addGeometryColumn(db, kind, featureTables[table]);
  }

  await db.schema
    .createTable('population')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('zone_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('resident', 'integer', (c) => c.notNull())
    .addColumn('households', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('population_zone_year_uq', ['zone_code', 'year'])
    .execute();

  const attributeTables: [string, string][] = [
    ['department', '部门 Departments'],
    ['plan', '规划 Plans'],
    ['plan_version', '规划版本 Plan versions'],
    ['plan_target', '规划指标目标 Plan targets'],
    ['layer', '图层目录 Layer registry'],
    ['population', '人口 Population by unit and year'],
  ];
  for (const [table, title] of attributeTables) await registerAttributesTable(db, kind, table, title);

  // ── reference catalogs (standards as data) ────────────────────────────
  await db.schema
    .createTable('landuse_class')
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('parent_code', 'text')
    .addColumn('properties', json)
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('landuse_class_pk', ['classification', 'code'])
    .execute();

  await db.schema
    .createTable('landuse_crosswalk')
    .addColumn('from_classification', 'text', (c) => c.notNull())
    .addColumn('from_code', 'text', (c) => c.notNull())
    .addColumn('to_classification', 'text', (c) => c.notNull())
    .addColumn('to_code', 'text', (c) => c.notNull())
    .addColumn('needs_split', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('landuse_crosswalk_pk', [
      'from_classification',
      'from_code',
      'to_classification',
      'to_code',
    ])
    .execute();
  await registerAttributesTable(db, kind, 'landuse_class', '用地分类目录 Land-use classifications');
  await registerAttributesTable(db, kind, 'landuse_crosswalk', '分类衔接 Classification crosswalks');
}

/** The audit log is evidence: the store itself refuses updates and deletes, whoever asks. */
async function makeAppendOnly(db: Db, kind: StoreKind, table: string) {
  if (kind === 'sqlite') {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger ${table}_append_only before update or delete on ${table} for each statement execute function ${table}_append_only()`,
    )
    .execute(db);
}

type FeatureTable = keyof typeof featureTables;

const featureTables = {
  zone: {
    table: 'zone',
    geometryType: 'MULTIPOLYGON',
    identifier: '区划与单元 Zones',
    description: 'Administrative regions, central urban area, planning units, governance zones',
  },
  control_line: {
    table: 'control_line',
    geometryType: 'MULTIPOLYGON',
    identifier: '控制线 Control lines',
    description: '三区三线 and other control lines, by plan version',
  },
  planning_zone: {
    table: 'planning_zone',
    geometryType: 'MULTIPOLYGON',
    identifier: '规划分区 Planning zones',
    description: 'Planning zones of a plan version',
  },
  planned_land_use: {
    table: 'planned_land_use',
    geometryType: 'MULTIPOLYGON',
    identifier: '规划用地 Planned land use',
    description: '用地用海 classification of a plan version',
  },
  land_survey: {
    table: 'land_survey',
    geometryType: 'MULTIPOLYGON',
    identifier: '现状用地 Land survey',
    description: '国土调查 current-status patches by survey year',
  },
  road: {
    table: 'road',
    geometryType: 'LINESTRING',
    identifier: '道路 Roads',
    description: 'Road network with classes',
  },
  facility: {
    table: 'facility',
    geometryType: 'POINT',
    identifier: '设施 Facilities',
    description: 'Public service facilities',
  },
} satisfies Record<string, FeatureTableSpec>;
