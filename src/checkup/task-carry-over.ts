/**
 * Carrying the previous check-up's unfinished tasks (open or in progress) into this one, so they stay
 * on the board instead of lapsing with the old check-up (docs/decisions/0041-task-tracking.md).
 * A task needs a countermeasure of its own check-up, so the carried tasks hang under one manual finding
 * “上轮体检未完成任务” (source_key `carry-over:<previous id>`) with one bureau-path measure, both made on
 * the first carry-over and found again later. Each carried task keeps its definition, progress and
 * status, and points back through carried_from_id; a task already carried is never carried twice, so
 * the call is idempotent. The baseline is taken again from this check-up's values, because the next
 * readback asks what moved during this round.
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../store/database.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import type { Checkup, CheckupLevel } from './checkup-tables.js';
import { previousOf } from './task-readback.js';
import { UNFINISHED_STATUSES } from './task-status.js';
import { writableCheckup } from './checkups.js';
import { baselineOf, presentTask, type TaskView } from './tasks.js';

export const CARRY_OVER_TITLE = '上轮体检未完成任务';

async function carryOverMeasure(trx: Transaction<Database>, actor: Principal, checkup: Checkup, previousId: number) {
  const key = `carry-over:${previousId}`;
  const now = nowIso();
  let finding = await trx
    .selectFrom('checkup_finding')
    .select('id')
    .where('checkup_id', '=', checkup.id)
    .where('source_key', '=', key)
    .executeTakeFirst();
  if (!finding) {
    const level = readJson<CheckupLevel[]>(checkup.levels)?.[0] ?? 'city';
    finding = await trx
      .insertInto('checkup_finding')
      .values({
        checkup_id: checkup.id,
        level,
        zone_code: null,
        dimension: null,
        kind: 'manual',
        severity: 'info',
        title: CARRY_OVER_TITLE,
        body: `上一轮体检（${previousId}）中尚未完成的任务，转入本轮继续督办。 Unfinished tasks of the previous check-up (${previousId}), carried on in this one.`,
        indicator_codes: null,
        zone_codes: null,
        evidence: null,
        origin: 'manual',
        source_key: key,
        merged_into_id: null,
        sort_order: 0,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_finding.created',
      entityType: 'checkup_finding',
      entityId: finding.id,
      regionCode: checkup.region_code,
      after: { title: CARRY_OVER_TITLE, sourceKey: key },
    });
  }
  let measure = await trx
    .selectFrom('checkup_measure')
    .select('id')
    .where('finding_id', '=', finding.id)
    .orderBy('id')
    .executeTakeFirst();
  if (!measure) {
    measure = await trx
      .insertInto('checkup_measure')
      .values({
        finding_id: finding.id,
        path: 'bureau',
        department_code: null,
        description: '督促落实上一轮体检未完成任务 Follow up the previous check-up’s unfinished tasks',
        weight: 1,
        created_by: actor.username,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      activity: 'checkup_measure.created',
      entityType: 'checkup_measure',
      entityId: measure.id,
      regionCode: checkup.region_code,
      after: { findingId: finding.id, path: 'bureau' },
    });
  }
  return Number(measure.id);
}

export interface CarryOverResult {
  checkupId: number;
  previousCheckupId: number;
  carried: TaskView[];
  alreadyCarried: number;
}

export async function carryOverTasks(
  db: Kysely<Database>,
  actor: Principal,
  checkupId: number,
  today: string,
): Promise<CarryOverResult> {
  const checkup = await writableCheckup(db, actor, checkupId);
  const previous = await previousOf(db, checkup);
  return db.transaction().execute(async (trx) => {
    // A no-op write to the check-up's row first: on PostgreSQL it holds the row lock until commit, so a
    // second carry-over racing this one waits and then sees these successors — never twice, on either store.
    await trx
      .updateTable('checkup')
      .set({ updated_at: (eb) => eb.ref('updated_at') })
      .where('id', '=', checkup.id)
      .execute();
    const unfinished = await trx
      .selectFrom('checkup_task')
      .selectAll()
      .where('checkup_id', '=', previous.id)
      .where('status', 'in', [...UNFINISHED_STATUSES])
      .orderBy('id')
      .execute();
    const done = new Set(
      (
        await trx
          .selectFrom('checkup_task')
          .select('carried_from_id')
          .where('checkup_id', '=', checkup.id)
          .where('carried_from_id', 'is not', null)
          .execute()
      ).map((r) => Number(r.carried_from_id)),
    );
    const todo = unfinished.filter((t) => !done.has(Number(t.id)));
    const carried: TaskView[] = [];
    if (todo.length === 0) {
      return { checkupId: checkup.id, previousCheckupId: previous.id, carried, alreadyCarried: done.size };
    }
    const measureId = await carryOverMeasure(trx, actor, checkup, previous.id);
    const now = nowIso();
    for (const t of todo) {
      const baseline =
        (await baselineOf(trx, checkup, t.target_indicator_code, t.zone_code)) ??
        (t.baseline_value === null ? null : Number(t.baseline_value));
      const { id: _, ...rest } = t;
      const row = await trx
        .insertInto('checkup_task')
        .values({
          ...rest,
          checkup_id: checkup.id,
          measure_id: measureId,
          // Re-serialised: PostgreSQL hands jsonb back parsed, and pg would write an array as a SQL array.
          co_departments: writeJson(readJson(t.co_departments)),
          baseline_value: baseline,
          carried_from_id: t.id,
          created_by: actor.username,
          created_at: now,
          updated_at: now,
          closed_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        activity: 'checkup_task.carried_over',
        entityType: 'checkup_task',
        entityId: row.id,
        regionCode: row.region_code,
        after: row,
        comment: `carried from task ${t.id} of check-up ${previous.id}`,
      });
      carried.push(presentTask(row, today));
    }
    return { checkupId: checkup.id, previousCheckupId: previous.id, carried, alreadyCarried: done.size };
  });
}
