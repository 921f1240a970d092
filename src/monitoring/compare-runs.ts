/**
 * Compare two monitoring runs: value by value (indicator × zone) from each run's snapshot of its year,
 * so a run stays comparable after a later run of the same year replaced the value rows — and the
 * warnings each raised, by grade. Typical uses: this year against last year, or a re-run after a data
 * correction against the run before it.
 */
import type { Principal } from '../auth/principal.js';
import type { Store } from '../store/store.js';
import { getRun } from './run-monitoring.js';

export interface CompareQuery {
  indicator?: string;
  zone?: string;
  /** Only the rows whose value differs (default true). */
  changedOnly?: boolean;
  limit: number;
  offset: number;
}

export async function compareRuns(store: Store, viewer: Principal, a: number, b: number, q: CompareQuery) {
  const runA = await getRun(store, viewer, a, true);
  const runB = await getRun(store, viewer, b, true);
  const snapA = snapshotOf(runA.summary);
  const snapB = snapshotOf(runB.summary);
  const rows: {
    indicatorCode: string;
    zoneCode: string;
    a: number | null;
    b: number | null;
    change: number | null;
    changePct: number | null;
  }[] = [];
  const indicators = [...new Set([...Object.keys(snapA), ...Object.keys(snapB)])].sort();
  for (const indicator of indicators) {
    if (q.indicator && indicator !== q.indicator) continue;
    const zones = [...new Set([...Object.keys(snapA[indicator] ?? {}), ...Object.keys(snapB[indicator] ?? {})])].sort();
    for (const zone of zones) {
      if (q.zone && zone !== q.zone) continue;
      const va = snapA[indicator]?.[zone] ?? null;
      const vb = snapB[indicator]?.[zone] ?? null;
      const change = va !== null && vb !== null ? vb - va : null;
      if ((q.changedOnly ?? true) && va === vb) continue;
      rows.push({
        indicatorCode: indicator,
        zoneCode: zone,
        a: va,
        b: vb,
        change,
        changePct: change !== null && va !== 0 && va !== null ? (100 * change) / Math.abs(va) : null,
      });
    }
  }
  const warnings = async (runId: number) => {
    const byGrade = await store.db
      .selectFrom('warning')
      .select(['grade', (eb) => eb.fn.countAll<number>().as('n')])
      .where('run_id', '=', runId)
      .groupBy('grade')
      .execute();
    return Object.fromEntries(byGrade.map((g) => [g.grade, Number(g.n)]));
  };
  const strip = ({ summary, ...run }: typeof runA) => {
    const { snapshot: _snapshot, ...rest } = (summary ?? {}) as Record<string, unknown>;
    return { ...run, summary: rest };
  };
  return {
    a: { ...strip(runA), warningsRaised: await warnings(a) },
    b: { ...strip(runB), warningsRaised: await warnings(b) },
    total: rows.length,
    items: rows.slice(q.offset, q.offset + q.limit),
  };
}

function snapshotOf(summary: unknown): Record<string, Record<string, number | null>> {
  return ((summary as { snapshot?: Record<string, Record<string, number | null>> } | null)?.snapshot ?? {}) as Record<
    string,
    Record<string, number | null>
  >;
}
