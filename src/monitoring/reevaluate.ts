/**
 * Re-evaluate after a rule change: for each year and region, the latest successful run of the active
 * system version evaluates its year again — no formula runs, the values stay — and its warnings are
 * reconciled under that run (new findings raised, superseded ones closed with the reason). The run's
 * summary keeps a list of these re-evaluations.
 */
import { recordAudit } from '../auth/audit.js';
import type { Principal } from '../auth/principal.js';
import type { Store } from '../store/store.js';
import { nowIso, readJson, writeJson } from '../store/store.js';
import { evaluateYear } from './evaluate-year.js';
import { activeSystem, indicatorsOf, sameAs } from './indicator-systems.js';
import { buildZoneSet } from './monitoring-zones.js';
import { zoneNames } from './run-monitoring.js';
import { targetsByKey } from './targets.js';
import { rulesOf } from './warning-rule-store.js';
import type { ReconcileResult } from './warnings.js';

export async function reevaluateLatestRuns(store: Store, actor: Principal, reason: string) {
  const system = await activeSystem(store.db);
  const runs = await store.db
    .selectFrom('monitoring_run')
    .selectAll()
    .where('system_id', '=', system.id)
    .where('status', '=', 'succeeded')
    .orderBy('id', 'desc')
    .execute();
  const latest = new Map<string, (typeof runs)[number]>();
  for (const r of runs) if (!latest.has(`${r.region_code}|${r.year}`)) latest.set(`${r.region_code}|${r.year}`, r);
  const indicators = await indicatorsOf(store.db, system.id);
  const rules = await rulesOf(store.db, system.id);
  const twins = await sameAs(store.db, system.id);
  const out: { runId: number; year: number; regionCode: string; warnings: ReconcileResult }[] = [];
  for (const run of [...latest.values()].sort((a, b) => a.year - b.year)) {
    const zoneSet = await buildZoneSet(store, run.region_code);
    const zones = await zoneNames(store, run.region_code, zoneSet);
    const targets = run.plan_version_id === null ? new Map() : await targetsByKey(store.db, run.plan_version_id);
    const result = await store.db.transaction().execute(async (trx) => {
      const year = await evaluateYear(trx, {
        run: { id: run.id, year: run.year, regionCode: run.region_code },
        indicators,
        rules,
        targets,
        zones,
        computed: [],
        replaced: new Set(),
        sameAs: twins,
      });
      const summary = readJson<Record<string, unknown>>(run.summary) ?? {};
      const reevaluations = [
        ...((summary.reevaluations as unknown[]) ?? []),
        { at: nowIso(), by: actor.username, reason, warnings: year.warnings },
      ];
      await trx
        .updateTable('monitoring_run')
        .set({ summary: writeJson({ ...summary, reevaluations, snapshot: year.snapshot }) })
        .where('id', '=', run.id)
        .execute();
      await recordAudit(trx, actor, {
        activity: 'monitoring_run.reevaluated',
        entityType: 'monitoring_run',
        entityId: run.id,
        regionCode: run.region_code,
        after: year.warnings,
        comment: reason,
      });
      return year.warnings;
    });
    out.push({ runId: run.id, year: run.year, regionCode: run.region_code, warnings: result });
  }
  return out;
}
