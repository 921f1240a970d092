/**
 * The append-only audit log: who, when, what, before and after. Written in the same transaction as the
 * change it records, so a change without its audit row cannot exist. The store refuses UPDATE and
 * DELETE on the table (see the foundation migration).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { Principal } from './principal.js';

/** Audit activities are past-tense `entity.verb` keys; one spelling each. */
export type AuditActivity =
  | 'user.created'
  | 'user.updated'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.password_changed'
  | 'auth.logged_in'
  | 'auth.login_failed'
  | 'auth.logged_out'
  | 'zone.created'
  | 'zone.updated'
  | 'plan.created'
  | 'plan.updated'
  | 'plan.version_created'
  | 'layer.updated'
  | 'demo.loaded'
  | (string & {});

export interface AuditEntry {
  activity: AuditActivity;
  entityType: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
  comment?: string | null;
  ip?: string | null;
}

export async function recordAudit(db: Kysely<Database>, actor: Principal, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actor.userId,
      actor_name: actor.username,
      automated: actor.automated ? 1 : 0,
      activity: entry.activity,
      entity_type: entry.entityType,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      region_code: entry.regionCode ?? null,
      before: writeJson(entry.before),
      after: writeJson(entry.after),
      comment: entry.comment ?? null,
      ip: entry.ip ?? null,
    })
    .execute();
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  activity?: string;
  regionCode?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string;
  automated: boolean;
  activity: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
  ip: string | null;
}

/** Newest first. `regionCode` limits to that subtree plus rows not tied to a region. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<{ total: number; items: AuditRecord[] }> {
  let query = db.selectFrom('audit_log');
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.activity) query = query.where('activity', '=', q.activity);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<=', q.to);
  if (q.regionCode) {
    const region = q.regionCode;
    query = query.where((eb) => eb.or([eb('region_code', 'like', `${region}%`), eb('region_code', 'is', null)]));
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      automated: r.automated === 1,
      activity: r.activity,
      entityType: r.entity_type,
      entityId: r.entity_id,
      regionCode: r.region_code,
      before: readJson(r.before),
      after: readJson(r.after),
      comment: r.comment,
      ip: r.ip,
    })),
  };
}
