/** The two stores Lantu runs on: the embedded GeoPackage (SQLite) and PostgreSQL with PostGIS. */
export type StoreKind = 'sqlite' | 'postgres';
