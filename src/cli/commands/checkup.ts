/**
 * `lantu checkup …` — the check-up loop from the command line: create and list check-ups, move them
 * through the workflow, run them (monitoring run + frozen snapshot), read the frozen values, draft and
 * edit findings, read a finding's quantitative support, and add causes and countermeasures.
 * `--as <username>` acts as that user (permissions and region scope checked as over HTTP); without it
 * the command acts as Lantu itself, audited as automated.
 *
 * `registerCheckupCommands` returns the `checkup` command so tasks and the report add their own
 * sub-commands to it.
 */
import type { Command } from 'commander';
import { badRequest } from '../../errors.js';
import { CHECKUP_EVENT_NAMES } from '../../checkup/checkup-status.js';
import type { CheckupKind, CheckupLevel, CheckupStatus } from '../../checkup/checkup-tables.js';
import {
  createCheckup,
  getCheckup,
  listCheckups,
  transitionCheckup,
  type CheckupDetail,
  type CheckupView,
} from '../../checkup/checkups.js';
import { actorFor, withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

/** A whole number from a flag or argument, or a bilingual refusal naming it. */
export function wholeNumber(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw badRequest('number_invalid', `${name} “${value}” 应为整数`, `${name} "${value}" must be a whole number`, {
      field: name,
    });
  }
  return n;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function registerCheckupCommands(program: Command, globals: () => Global): Command {
  const checkup = program
    .command('checkup')
    .description('体检评估：项目、流程、快照、问题、原因与对策 the check-up loop: projects, workflow, findings');

  checkup
    .command('create')
    .description('新建体检评估项目 create a check-up')
    .requiredOption('--kind <kind>', 'annual 年度体检 | five_year 五年评估 | special 专项评估')
    .requiredOption('--region <code>', '行政区划代码 region code')
    .requiredOption('--year <year>', '体检年度 the year')
    .option('--levels <levels>', '层级 levels, comma-separated: city,urban,unit')
    .option('--title <title>', '标题 title (default: e.g. 示范市2025年度国土空间规划实施体检)')
    .option('--previous <id>', '上一轮体检 previous check-up id (default: the latest earlier one)')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(
      async (o: {
        kind: string;
        region: string;
        year: string;
        levels?: string;
        title?: string;
        previous?: string;
        as?: string;
      }) => {
        const g = globals();
        const view = await withStore(g, async (store) =>
          createCheckup(store.db, await actorFor(store, o.as), {
            kind: o.kind as CheckupKind,
            regionCode: o.region,
            year: wholeNumber(o.year, '--year'),
            levels: list(o.levels) as CheckupLevel[] | undefined,
            title: o.title,
            ...(o.previous !== undefined ? { previousId: wholeNumber(o.previous, '--previous') } : {}),
          }),
        );
        emit(g, view, () => `体检 #${view.id} created: ${describe(view)}`);
      },
    );

  checkup
    .command('list')
    .description('体检评估项目列表 list check-ups')
    .option('--region <code>', '行政区划代码 region code')
    .option('--year <year>', '年度 year')
    .option('--status <status>', '状态 status')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (o: { region?: string; year?: string; status?: string; as?: string }) => {
      const g = globals();
      const items = await withStore(g, async (store) =>
        listCheckups(store.db, await actorFor(store, o.as), {
          regionCode: o.region,
          year: o.year === undefined ? undefined : wholeNumber(o.year, '--year'),
          status: o.status as CheckupStatus | undefined,
        }),
      );
      emit(g, { items }, () => (items.length ? items.map((c) => `#${c.id} ${describe(c)}`).join('\n') : '（无 none）'));
    });

  checkup
    .command('show <id>')
    .description('体检详情：流程记录、快照、数量 a check-up with its transitions, snapshots and counts')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (id: string, o: { as?: string }) => {
      const g = globals();
      const detail = await withStore(g, async (store) =>
        getCheckup(store.db, await actorFor(store, o.as), wholeNumber(id, 'id')),
      );
      emit(g, detail, () => describeDetail(detail));
    });

  checkup
    .command('transition <id> <event>')
    .description(`体检流程流转 move a check-up through its workflow (${CHECKUP_EVENT_NAMES.join(', ')})`)
    .option('--reason <text>', '理由（退回时必填） reason (needed to send back)')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (id: string, event: string, o: { reason?: string; as?: string }) => {
      const g = globals();
      const view = await withStore(g, async (store) =>
        transitionCheckup(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), { event, reason: o.reason }),
      );
      emit(g, view, () => `体检 #${view.id}: ${view.statusLabel.zh} ${view.statusLabel.en}`);
    });

  return checkup;
}

function describe(c: CheckupView): string {
  return `${c.title} [${c.kindLabel.zh}, ${c.regionCode}, ${c.year}, ${c.levels.join('/')}] — ${c.statusLabel.zh} ${c.statusLabel.en}`;
}

function describeDetail(d: CheckupDetail): string {
  const lines = [
    `体检 #${d.id} ${describe(d)}`,
    `  指标体系 system #${d.systemId}; 规划版本 plan version ${d.planVersionId ?? '—'}; 上一轮 previous ${d.previousId ?? '—'}`,
    `  问题 findings ${d.counts.findings}, 原因 causes ${d.counts.causes}, 对策 measures ${d.counts.measures}, 任务 tasks ${d.counts.tasks}`,
  ];
  for (const s of d.snapshots)
    lines.push(
      `  快照 snapshot #${s.id} seq ${s.seq}${s.runId ? ` run ${s.runId}` : ''}${s.published ? ' (已发布 published)' : ''}`,
    );
  for (const t of d.transitions)
    lines.push(`  ${t.at} ${t.actor}: ${t.event} ${t.from} → ${t.to}${t.reason ? ` — ${t.reason}` : ''}`);
  return lines.join('\n');
}
