/** Open the configured store for a command, and close it whatever happens. */
import { resolveConfig, type ConfigFlags, type LantuConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';

export async function withStore<T>(
  flags: ConfigFlags,
  work: (store: Store, config: LantuConfig) => Promise<T>,
  { migrateFirst = true } = {},
): Promise<T> {
  const config = resolveConfig(flags);
  const store = await openStore(config);
  try {
    if (migrateFirst) await migrate(store);
    return await work(store, config);
  } finally {
    await store.close();
  }
}
