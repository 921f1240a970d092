/**
 * The spatial hierarchy: list, read, create and change zones. Any zone — region, central urban area,
 * planning unit or governance zone — can be the zone of a statistic later; they share one table and tree.
 */
import type { Geometry } from 'geojson';
import type { Kysely } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import { assertReadRegion, assertWriteRegion, canReadRegion, regionAncestry } from '../auth/scope.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { checkGeometry, toMultiPolygon } from '../geo/check-geojson.js';
import type { Database } from '../store/database.js';
import { readJson, writeJson, type Store } from '../store/store.js';
import type { Zone, ZoneKind } from './zone-table.js';

export interface ZoneView {
  code: string;
  kind: ZoneKind;
  level: string | null;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
  regionCode: string;
  attrs: Record<string, unknown> | null;
  geometry?: Geometry | null;
}

export function presentZone(store: Store, z: Zone, withGeometry: boolean): ZoneView {
  return {
    code: z.code,
    kind: z.kind,
    level: z.level,
    name: z.name,
    nameEn: z.name_en,
    parentCode: z.parent_code,
    regionCode: z.region_code,
    attrs: readJson(z.attrs),
    ...(withGeometry ? { geometry: store.dialect.decodeGeometry(z.geom) } : {}),
  };
}

export interface ZoneQuery {
  kind?: ZoneKind;
  parent?: string;
  level?: string;
  /** Restrict to what this principal may read: its subtree and the regions above it. */
  viewer: Principal;
}

export async function listZones(store: Store, q: ZoneQuery, withGeometry = false): Promise<ZoneView[]> {
  let query = store.db.selectFrom('zone').selectAll().orderBy('code');
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.parent) query = query.where('parent_code', '=', q.parent);
  if (q.level) query = query.where('level', '=', q.level);
  const viewerRegion = q.viewer.regionCode;
  if (viewerRegion) {
    query = query.where((eb) =>
      eb.or([eb('region_code', 'like', `${viewerRegion}%`), eb('region_code', 'in', regionAncestry(viewerRegion))]),
    );
  }
  const rows = await query.execute();
  return rows.filter((z) => canReadRegion(q.viewer, z.region_code)).map((z) => presentZone(store, z, withGeometry));
}

export async function getZone(store: Store, viewer: Principal, code: string, withGeometry = true): Promise<ZoneView> {
  const row = await store.db.selectFrom('zone').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw notFound({ zh: '区划或单元', en: 'zone' }, code);
  assertReadRegion(viewer, row.region_code);
  return presentZone(store, row, withGeometry);
}

export interface NewZoneInput {
  code: string;
  kind: Exclude<ZoneKind, 'region'>;
  level?: string | null;
  name: string;
  nameEn?: string | null;
  parentCode?: string | null;
  regionCode: string;
  attrs?: Record<string, unknown>;
  geometry: unknown;
}

/**
 * Create a governance zone, planning unit or central urban area. Administrative regions come from
 * the statistical division data (import or the demo), not from this call.
 */
export async function createZone(store: Store, actor: Principal, input: NewZoneInput): Promise<ZoneView> {
  assertWriteRegion(actor, input.regionCode);
  const geometry = toMultiPolygon(checkGeometry(input.geometry, 'polygonal'));
  return store.db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('zone').select('code').where('code', '=', input.code).executeTakeFirst()) {
      throw conflict('zone_code_taken', `编码 ${input.code} 已被使用`, `code ${input.code} is already in use`, {
        field: 'code',
      });
    }
    await assertParentExists(trx, input.parentCode ?? null);
    const row = await trx
      .insertInto('zone')
      .values({
        code: input.code,
        kind: input.kind,
        level: input.level ?? null,
        name: input.name,
        name_en: input.nameEn ?? null,
        parent_code: input.parentCode ?? null,
        region_code: input.regionCode,
        attrs: writeJson(input.attrs ?? null),
        geom: store.dialect.encodeGeometry(geometry),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentZone(store, row, false);
    await recordAudit(trx, actor, {
      activity: 'zone.created',
      entityType: 'zone',
      entityId: row.code,
      regionCode: row.region_code,
      after: view,
    });
    return view;
  });
}

export interface ZoneChanges {
  name?: string;
  nameEn?: string | null;
  attrs?: Record<string, unknown>;
  geometry?: unknown;
}

export async function updateZone(
  store: Store,
  actor: Principal,
  code: string,
  changes: ZoneChanges,
): Promise<ZoneView> {
  const geometry =
    changes.geometry === undefined ? undefined : toMultiPolygon(checkGeometry(changes.geometry, 'polygonal'));
  return store.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('zone').selectAll().where('code', '=', code).executeTakeFirst();
    if (!current) throw notFound({ zh: '区划或单元', en: 'zone' }, code);
    assertWriteRegion(actor, current.region_code);
    const row = await trx
      .updateTable('zone')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.nameEn !== undefined ? { name_en: changes.nameEn } : {}),
        ...(changes.attrs !== undefined ? { attrs: writeJson(changes.attrs) } : {}),
        ...(geometry ? { geom: store.dialect.encodeGeometry(geometry) } : {}),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = presentZone(store, row, false);
    await recordAudit(trx, actor, {
      activity: 'zone.updated',
      entityType: 'zone',
      entityId: code,
      regionCode: row.region_code,
      before: presentZone(store, current, false),
      after: { ...after, geometryChanged: geometry !== undefined },
    });
    return after;
  });
}

async function assertParentExists(db: Kysely<Database>, parentCode: string | null) {
  if (!parentCode) return;
  const parent = await db.selectFrom('zone').select('code').where('code', '=', parentCode).executeTakeFirst();
  if (!parent) {
    throw badRequest(
      'zone_parent_unknown',
      `上级区划 ${parentCode} 不存在`,
      `parent zone ${parentCode} does not exist`,
      { field: 'parentCode' },
    );
  }
}
