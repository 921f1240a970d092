/**
 * GeoPackage 1.4 core tables (OGC 12-128r18 §1.1) for the embedded store, and nothing on PostgreSQL.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';

const CGCS2000_WKT =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]';
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

export async function up(db: Kysely<unknown>, kind: StoreKind): Promise<void> {
  if (kind !== 'sqlite') return;
  // application_id 'GPKG' and user_version are how readers recognise a GeoPackage. We declare 1.3
  // (10300): GDAL before 3.7 warns on 1.4, and nothing we write needs 1.4.
  await sql`pragma application_id = 1196444487`.execute(db);
  await sql`pragma user_version = 10300`.execute(db);
  await sql`create table gpkg_spatial_ref_sys (
      srs_name text not null, srs_id integer primary key, organization text not null,
      organization_coordsys_id integer not null, definition text not null, description text)`.execute(db);
  await sql`create table gpkg_contents (
      table_name text not null primary key, data_type text not null, identifier text unique,
      description text default '', last_change datetime not null default (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x double, min_y double, max_x double, max_y double, srs_id integer,
      constraint fk_gc_r_srs_id foreign key (srs_id) references gpkg_spatial_ref_sys(srs_id))`.execute(db);
  await sql`create table gpkg_geometry_columns (
      table_name text not null, column_name text not null, geometry_type_name text not null,
      srs_id integer not null, z tinyint not null, m tinyint not null,
      constraint pk_geom_cols primary key (table_name, column_name),
      constraint uk_gc_table_name unique (table_name),
      constraint fk_gc_tn foreign key (table_name) references gpkg_contents(table_name),
      constraint fk_gc_srs foreign key (srs_id) references gpkg_spatial_ref_sys (srs_id))`.execute(db);
  await sql`create table gpkg_extensions (
      table_name text, column_name text, extension_name text not null, definition text not null,
      scope text not null, constraint ge_tce unique (table_name, column_name, extension_name))`.execute(db);
  const srs: [string, number, string, number, string, string][] = [
    ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'],
    ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'],
    [
      'WGS 84 geodetic',
      4326,
      'EPSG',
      4326,
      WGS84_WKT,
      'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
    ],
    [
      'China Geodetic Coordinate System 2000',
      4490,
      'EPSG',
      4490,
      CGCS2000_WKT,
      'CGCS2000 geographic, Lantu canonical CRS (国家2000大地坐标系)',
    ],
  ];
  for (const [name, id, org, orgId, def, desc] of srs) {
    await sql`insert into gpkg_spatial_ref_sys values (${name}, ${id}, ${org}, ${orgId}, ${def}, ${desc})`.execute(db);
  }
}
