/**
 * The value of an indicator in a zone as a check-up sees it: the check-up's current snapshot first
 * (what the check-up stands on), else the latest computed or reported value up to the check-up's year.
 * Tasks take their baseline from here and the readback their "now", so both sides use one rule.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';

export interface CheckupValueBasis {
  current_snapshot_id: number | null;
  year: number;
}

export interface SeenValue {
  value: number;
  year: number;
  source: 'snapshot' | 'indicator_value';
}

export async function checkupValue(
  db: Kysely<Database>,
  checkup: CheckupValueBasis,
  indicatorCode: string,
  zoneCode: string,
): Promise<SeenValue | null> {
  if (checkup.current_snapshot_id !== null) {
    const frozen = await db
      .selectFrom('checkup_snapshot_value')
      .select(['value', 'year'])
      .where('snapshot_id', '=', checkup.current_snapshot_id)
      .where('indicator_code', '=', indicatorCode)
      .where('zone_code', '=', zoneCode)
      .where('value', 'is not', null)
      .orderBy('year', 'desc')
      .executeTakeFirst();
    if (frozen?.value !== null && frozen?.value !== undefined)
      return { value: Number(frozen.value), year: frozen.year, source: 'snapshot' };
  }
  const latest = await db
    .selectFrom('indicator_value')
    .select(['value', 'year'])
    .where('indicator_code', '=', indicatorCode)
    .where('zone_code', '=', zoneCode)
    .where('year', '<=', checkup.year)
    .where('value', 'is not', null)
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (latest?.value === null || latest?.value === undefined) return null;
  return { value: Number(latest.value), year: latest.year, source: 'indicator_value' };
}
