/** Open the store the configuration names — PostgreSQL when a URL is set, the embedded GeoPackage otherwise. */
import path from 'node:path';
import type { LantuConfig } from '../config.js';
import { openPostgresStore } from './postgres-store.js';
import { GPKG_FILE_NAME, openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export async function openStore(
  config: Pick<LantuConfig, 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, config.databaseSchema ?? undefined);
  return openSqliteStore(path.join(config.dataDir, GPKG_FILE_NAME));
}
