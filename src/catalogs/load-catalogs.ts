import type { Store } from '../store/store.js';
/** Placeholder until the catalog loader lands (being written now). */
export async function loadCatalogs(_store: Store): Promise<void> {}
