/** Open the configured store for a command, and close it whatever happens. */
import { resolveConfig, type ConfigFlags, type LantuConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { migrate } from '../store/migrate.js';
import type { Store } from '../store/store.js';
import { SYSTEM, type Principal } from '../auth/principal.js';
import { principalOf } from '../auth/sessions.js';
import { findUser } from '../auth/users.js';
import { forbidden } from '../errors.js';

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

/**
 * Who a command acts as: `--as <username>` acts as that user, with the user's role, region and
 * department checked exactly as over HTTP (a disabled user is refused); without it, as Lantu itself
 * (audited as automated). The operator already holds the store, so this is about the audit trail and
 * scoping a step to a person, not about authentication.
 */
export async function actorFor(store: Store, asUser: string | undefined): Promise<Principal> {
  if (asUser === undefined) return SYSTEM;
  const user = await findUser(store.db, asUser);
  if (user.disabled === 1) {
    throw forbidden(`用户“${asUser}”已停用`, `user "${asUser}" is disabled`);
  }
  return principalOf(user);
}
