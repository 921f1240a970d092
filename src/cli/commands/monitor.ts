/**
 * `lantu monitor --year 2025` — run monitoring for a year in the foreground: every computed indicator
 * for every level and zone, then evaluation and warnings. The run is recorded as a job (kind
 * 'monitor') with its progress, like one started over the API, and audited as the system.
 */
import type { Command } from 'commander';
import { SYSTEM } from '../../auth/principal.js';
import { badRequest } from '../../errors.js';
import { createJob, failJob, finishJob, JobProgress, startJob } from '../../jobs/jobs.js';
import { importPlanTargets } from '../../monitoring/targets.js';
import { createMonitoringRun, executeMonitoringRun, getRun, type RunSummary } from '../../monitoring/run-monitoring.js';
import { listWarnings } from '../../monitoring/warnings.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

interface MonitorFlags {
  year: string;
  region?: string;
  planVersion?: string;
  importTargets?: boolean;
}

export function registerMonitorCommand(program: Command, globals: () => Global) {
  program
    .command('monitor')
    .description('监测运行：计算指标、评估并发出预警 run monitoring for a year: compute, evaluate, warn')
    .requiredOption('--year <year>', '监测年度 the year, e.g. 2025')
    .option('--region <code>', '行政区划代码 region code (default: the city of the master plan)')
    .option('--plan-version <id>', '目标所依据的规划版本 id plan version of the targets (default: current master plan)')
    .option('--import-targets', '运行前从规划指标表重新导入目标 re-import the plan’s targets first')
    .action(async (o: MonitorFlags) => {
      const g = globals();
      const year = Number(o.year);
      if (!/^\d{4}$/.test(o.year)) {
        throw badRequest(
          'year_invalid',
          `--year “${o.year}” 应为四位年份`,
          `--year "${o.year}" must be a four-digit year`,
          {
            field: '--year',
          },
        );
      }
      const planVersionId = o.planVersion === undefined ? undefined : Number(o.planVersion);
      if (planVersionId !== undefined && !Number.isInteger(planVersionId)) {
        throw badRequest('plan_version_invalid', '--plan-version 应为整数', '--plan-version must be a whole number', {
          field: '--plan-version',
        });
      }
      const result = await withStore(g, async (store) => {
        const runId = await createMonitoringRun(store, SYSTEM, { year, regionCode: o.region, planVersionId });
        const run = await getRun(store, SYSTEM, runId);
        if (o.importTargets && run.planVersionId !== null) await importPlanTargets(store.db, SYSTEM, run.planVersionId);
        const jobId = await createJob(store.db, SYSTEM, {
          kind: 'monitor',
          params: { year, runId },
          regionCode: run.regionCode,
        });
        await store.db.updateTable('monitoring_run').set({ job_id: jobId }).where('id', '=', runId).execute();
        await startJob(store.db, jobId, 'starting');
        const progress = new JobProgress(store.db, jobId);
        const tty = !g.json && process.stderr.isTTY;
        try {
          const summary = await executeMonitoringRun(store, SYSTEM, runId, (stage, done, total) => {
            progress.report(stage, done, total);
            if (tty) process.stderr.write(`\r  ${stage} ${done}${total === null ? '' : `/${total}`}          `);
          });
          await progress.flush();
          await finishJob(store.db, jobId, summary);
          if (tty) process.stderr.write('\n');
          const red = await listWarnings(store.db, SYSTEM, { year, grade: 'red', status: 'open', limit: 5, offset: 0 });
          return { runId, jobId, summary, red: red.items.map((w) => ({ id: w.id, explanation: w.explanation })) };
        } catch (error) {
          await progress.flush();
          await failJob(store.db, jobId, error);
          throw error;
        }
      });
      emit(g, result, () => describe(result.runId, result.summary, result.red));
    });
}

function describe(runId: number, s: RunSummary, red: { id: number; explanation: { zh: string } }[]): string {
  const open = Object.entries(s.warnings.open)
    .map(([grade, n]) => `${grade} ${n}`)
    .join(', ');
  const lines = [
    `监测运行 #${runId} monitoring run: ${s.year}, region ${s.regionCode}, indicator system v${s.systemVersion}, ${s.seconds} s`,
    `  区划 zones: ${Object.entries(s.zones)
      .map(([level, n]) => `${level} ${n}`)
      .join(', ')}`,
    `  计算 computed: ${s.formulas.length} formulas, ${s.formulas.reduce((n, f) => n + f.values, 0)} values; evaluated ${s.evaluated} of ${s.values} values`,
    `  预警 warnings: raised ${s.warnings.raised}, kept ${s.warnings.kept}, superseded ${s.warnings.superseded}, closed ${s.warnings.closed}; open now: ${open || 'none'}`,
  ];
  if (s.targets)
    lines.push(`  目标 targets imported: ${s.targets.imported} (${s.targets.unmatched} names not in the catalog)`);
  if (s.missingFormulas.length) {
    const keys = s.missingFormulas.map((m) => m.key);
    lines.push(
      `  尚无计算公式 formulas not registered yet (${keys.length}): ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`,
    );
  }
  for (const f of s.failures) lines.push(`  公式失败 formula failed: ${f.key} — ${JSON.stringify(f.error)}`);
  for (const w of red) lines.push(`  红色预警 #${w.id}: ${w.explanation.zh}`);
  return lines.join('\n');
}
