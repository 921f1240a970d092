/** Writes the demo city's plans, versions and targets (part of loadDemoCity's one transaction). */
import type { BulkTransaction } from '../store/store.js';
import { CREATED_BY } from './datasets.js';
import type { DemoPlan } from './plans.js';

/** Plans (parents first), their versions and targets; returns the master plan's version ids by number. */
export async function insertPlans(tx: BulkTransaction, plans: DemoPlan[], now: string): Promise<number[]> {
  const planIds = new Map<string, number>();
  let masterVersionIds: number[] = [];
  for (const p of plans) {
    const { id } = await tx.db
      .insertInto('plan')
      .values({
        name: p.name,
        name_en: p.nameEn,
        kind: p.kind,
        level: p.level,
        status: p.status,
        region_code: p.regionCode,
        approval_authority: p.approvalAuthority,
        approval_doc: p.approvalDoc,
        approval_date: p.approvalDate,
        base_year: p.baseYear,
        near_year: p.nearYear,
        target_year: p.targetYear,
        parent_plan_id: p.parentKey ? planIds.get(p.parentKey)! : null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    planIds.set(p.key, id);
    const versionIds: number[] = [];
    for (const v of p.versions) {
      const version = await tx.db
        .insertInto('plan_version')
        .values({
          plan_id: id,
          version_no: v.versionNo,
          label: v.label,
          change_reason: v.changeReason,
          approval_doc: v.approvalDoc,
          approval_date: v.approvalDate,
          is_current: v.isCurrent ? 1 : 0,
          created_at: now,
          created_by: CREATED_BY,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      versionIds.push(version.id);
      if (v.targets.length === 0) continue;
      await tx.db
        .insertInto('plan_target')
        .values(
          v.targets.map((t) => ({
            plan_version_id: version.id,
            zone_code: t.zoneCode,
            region_code: t.regionCode,
            indicator_name: t.indicatorName,
            indicator_name_en: t.indicatorNameEn,
            category: t.category,
            attribute: t.attribute,
            unit: t.unit,
            base_year: t.baseYear,
            base_value: t.baseValue,
            near_year: t.nearYear,
            near_value: t.nearValue,
            target_year: t.targetYear,
            target_value: t.targetValue,
            is_bottom_line: t.isBottomLine ? 1 : 0,
          })),
        )
        .execute();
    }
    if (p.key === 'master') masterVersionIds = versionIds;
  }
  return masterVersionIds;
}
