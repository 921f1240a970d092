/** `lantu jobs show <id>` — a job's status and progress (imports run from the CLI or the server). */
import type { Command } from 'commander';
import { SYSTEM } from '../../auth/principal.js';
import { getJob } from '../../jobs/jobs.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

export function registerJobCommands(program: Command, globals: () => Global) {
  const jobs = program.command('jobs').description('后台任务 jobs');
  jobs
    .command('show <id>')
    .description('任务状态与进度 status and progress of a job')
    .action(async (id: string) => {
      const g = globals();
      const job = await withStore(g, (store) => getJob(store.db, SYSTEM, Number(id)));
      emit(g, job, () => {
        const p = job.progress;
        const pct = p.total ? ` (${Math.floor((100 * p.done) / Math.max(1, p.total))}%)` : '';
        const error = job.error as { message?: { zh: string; en: string } } | null;
        return [
          `任务 job #${job.id} ${job.kind} — ${job.status}${job.stage ? ` · ${job.stage}` : ''} · ${p.done}${p.total ? `/${p.total}` : ''}${pct}`,
          `  by ${job.createdBy} · region ${job.regionCode || '—'} · created ${job.createdAt}${job.startedAt ? ` · started ${job.startedAt}` : ''}${job.finishedAt ? ` · finished ${job.finishedAt}` : ''}`,
          ...(error?.message ? [`  错误 error: ${error.message.en} / ${error.message.zh}`] : []),
          ...(job.result ? [`  结果 result: ${JSON.stringify(job.result).slice(0, 400)}`] : []),
        ].join('\n');
      });
    });
}
