/**
 * The layer an analysis names, with the reader's right to it checked. People get the one-map rule
 * (onemap/layers.ts getLayer: public layers for all, internal ones with `layer.read_internal` in their
 * region scope); Lantu's own work (the CLI run by the operator on the machine, scheduled jobs — the
 * automated SYSTEM principal) reads every layer. An unknown code is refused naming the request field.
 */
import type { Principal } from '../auth/principal.js';
import { badRequest, LantuError } from '../errors.js';
import { getLayer } from '../onemap/layers.js';
import type { Layer } from '../onemap/onemap-tables.js';
import type { Store } from '../store/store.js';

export async function analysisLayer(store: Store, viewer: Principal, code: string, field: string): Promise<Layer> {
  const unknown = () =>
    badRequest('layer_unknown', `${field}：图层 ${code} 不存在`, `${field}: there is no layer ${code}`, { field });
  if (viewer.automated) {
    const layer = await store.db.selectFrom('layer').selectAll().where('code', '=', code).executeTakeFirst();
    if (!layer) throw unknown();
    return layer;
  }
  try {
    return await getLayer(store, viewer, code);
  } catch (error) {
    if (error instanceof LantuError && error.status === 404) throw unknown();
    throw error;
  }
}
