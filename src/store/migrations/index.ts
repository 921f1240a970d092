/**
 * The one migration list for both stores, in order. Names are timestamps; a shipped migration is frozen.
 */
import type { Kysely } from 'kysely';
import type { StoreKind } from '../store-kind.js';
import * as geopackageCore from './20261121T1700-geopackage-core.js';
import * as foundationSchema from './20261121T1710-foundation-schema.js';
import * as dataPlane from './20261121T1800-data-plane.js';
import * as monitoring from './20261121T1900-monitoring.js';
import * as checkup from './20261121T2000-checkup.js';
import * as tileOverviews from './20261121T2100-tile-overviews.js';
import * as featureAttrsJson from './20261122T0200-feature-attrs-json.js';

export interface LantuMigration {
  up(db: Kysely<any>, kind: StoreKind): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const migrations: Record<string, LantuMigration> = {
  '20261121T1700-geopackage-core': geopackageCore,
  '20261121T1710-foundation-schema': foundationSchema,
  '20261121T1800-data-plane': dataPlane,
  '20261121T1900-monitoring': monitoring,
  '20261121T2000-checkup': checkup,
  '20261121T2100-tile-overviews': tileOverviews,
  '20261122T0200-feature-attrs-json': featureAttrsJson,
};
