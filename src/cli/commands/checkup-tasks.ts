/**
 * `lantu checkup task add|edit|cancel`, `tasks`, `progress`, `rollup`, `readback`, `carry-over` — the
 * check-up's task list from the command line, added under the `checkup` command. `--as <username>`
 * acts as that user: a department officer reports on their own department's tasks exactly as over
 * HTTP. `--today YYYY-MM-DD` judges overdue against another day (default: today in Beijing).
 */
import type { Command } from 'commander';
import { badRequest } from '../../errors.js';
import { TASK_STATUSES, type TaskStatus } from '../../checkup/checkup-tables.js';
import { carryOverTasks } from '../../checkup/task-carry-over.js';
import { checkupReadback, type Readback } from '../../checkup/task-readback.js';
import { EVIDENCE_KINDS, reportProgress } from '../../checkup/task-reports.js';
import { checkupRollup, type CheckupRollup } from '../../checkup/task-rollup.js';
import { bureauDate, isCalendarDate, REPORT_STATUSES, type ReportStatus } from '../../checkup/task-status.js';
import {
  cancelTask,
  createTask,
  editTask,
  listCheckupTasks,
  listMyTasks,
  type ReportView,
  type TaskPatch,
  type TaskView,
} from '../../checkup/tasks.js';
import { actorFor, withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { wholeNumber } from './checkup.js';

type Global = OutputOptions & { dataDir?: string };

interface TaskFlags {
  title?: string;
  description?: string;
  department?: string;
  co?: string;
  zone?: string;
  deadline?: string;
  indicator?: string;
  target?: string;
  deliverable?: string;
  weight?: string;
  as?: string;
}

function todayOf(flag: string | undefined): string {
  if (flag === undefined) return bureauDate();
  if (!isCalendarDate(flag)) {
    throw badRequest('today_invalid', `--today “${flag}” 应为日期 YYYY-MM-DD`, `--today "${flag}" must be YYYY-MM-DD`, {
      field: '--today',
    });
  }
  return flag;
}

function number(value: string, name: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw badRequest('number_invalid', `${name} “${value}” 应为数值`, `${name} "${value}" must be a number`, {
      field: name,
    });
  }
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(
      'option_invalid',
      `${name} “${value}” 无效（可选：${allowed.join(', ')}）`,
      `${name} "${value}" is invalid (one of ${allowed.join(', ')})`,
      { field: name },
    );
  }
  return value as T;
}

/** Only the flags given become fields, so `task edit` changes just those. */
function patchOf(o: TaskFlags): TaskPatch {
  const p: TaskPatch = {};
  if (o.title !== undefined) p.title = o.title;
  if (o.description !== undefined) p.description = o.description;
  if (o.department !== undefined) p.departmentCode = o.department;
  if (o.co !== undefined)
    p.coDepartments = o.co
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (o.zone !== undefined) p.zoneCode = o.zone;
  if (o.deadline !== undefined) p.deadline = o.deadline;
  if (o.indicator !== undefined) p.targetIndicatorCode = o.indicator;
  if (o.target !== undefined) p.targetValue = number(o.target, '--target');
  if (o.deliverable !== undefined) p.deliverable = o.deliverable;
  if (o.weight !== undefined) p.weight = number(o.weight, '--weight');
  return p;
}

/** `link:https://…`, `file:scan.pdf`, `text:…`; anything without a known kind is text. */
export function parseEvidence(items: string[]): ReportView['evidence'] {
  return items.map((item) => {
    const i = item.indexOf(':');
    const kind = item.slice(0, i);
    if (i > 0 && (EVIDENCE_KINDS as readonly string[]).includes(kind))
      return { kind: kind as ReportView['evidence'][number]['kind'], value: item.slice(i + 1) };
    return { kind: 'text', value: item };
  });
}

function withTaskOptions(command: Command): Command {
  return command
    .option('--title <text>', '任务名称 title')
    .option('--description <text>', '任务说明 description')
    .option('--department <code>', '牵头部门代码 responsible department code')
    .option('--co <codes>', '配合部门，逗号分隔 co-departments, comma-separated')
    .option('--zone <code>', '空间单元 zone code (default: the check-up’s region)')
    .option('--deadline <date>', '完成时限 deadline YYYY-MM-DD')
    .option('--indicator <code>', '目标指标代码 target indicator code, e.g. LOC-01')
    .option('--target <value>', '目标值 target value')
    .option('--deliverable <text>', '交付成果 deliverable (when there is no indicator target)')
    .option('--weight <n>', '权重 weight (> 0, default 1)')
    .option('--as <user>', '以该用户身份 act as this user');
}

export function registerCheckupTaskCommands(checkup: Command, globals: () => Global): void {
  const task = checkup.command('task').description('体检任务：新建、修改、取消 set, edit and cancel tasks');

  withTaskOptions(task.command('add <measureId>').description('为对策措施新建任务 add a task under a countermeasure'))
    .option('--today <date>', '判断逾期的日期 the day to judge overdue against')
    .action(async (measureId: string, o: TaskFlags & { today?: string }) => {
      const g = globals();
      const p = patchOf(o);
      const view = await withStore(g, async (store) =>
        createTask(
          store.db,
          await actorFor(store, o.as),
          wholeNumber(measureId, 'measureId'),
          { ...p, title: p.title ?? '', departmentCode: p.departmentCode ?? '', deadline: p.deadline ?? '' },
          todayOf(o.today),
        ),
      );
      emit(g, view, () => `任务 task #${view.id} created: ${describeTask(view)}`);
    });

  withTaskOptions(task.command('edit <taskId>').description('修改任务 edit a task'))
    .option('--today <date>', '判断逾期的日期 the day to judge overdue against')
    .action(async (taskId: string, o: TaskFlags & { today?: string }) => {
      const g = globals();
      const view = await withStore(g, async (store) =>
        editTask(store.db, await actorFor(store, o.as), wholeNumber(taskId, 'taskId'), patchOf(o), todayOf(o.today)),
      );
      emit(g, view, () => `任务 task #${view.id}: ${describeTask(view)}`);
    });

  task
    .command('cancel <taskId>')
    .description('取消任务（须填理由） cancel a task, with a reason')
    .requiredOption('--reason <text>', '理由 reason')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (taskId: string, o: { reason: string; as?: string }) => {
      const g = globals();
      const view = await withStore(g, async (store) =>
        cancelTask(store.db, await actorFor(store, o.as), wholeNumber(taskId, 'taskId'), o.reason, bureauDate()),
      );
      emit(g, view, () => `任务 task #${view.id}: ${view.statusLabel.zh} ${view.statusLabel.en}`);
    });

  checkup
    .command('tasks [checkupId]')
    .description('任务清单（或 --mine 本部门任务） the task board of a check-up, or --mine')
    .option('--mine', '本部门（牵头或配合）的任务 my department’s tasks across check-ups')
    .option('--department <code>', '按部门筛选 only this department’s (lead or co-department)')
    .option('--status <status>', `按状态筛选 only this status (${TASK_STATUSES.join(', ')})`)
    .option('--overdue', '只看逾期 only overdue tasks')
    .option('--today <date>', '判断逾期的日期 the day to judge overdue against')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(
      async (
        checkupId: string | undefined,
        o: { mine?: boolean; department?: string; status?: string; overdue?: boolean; today?: string; as?: string },
      ) => {
        const g = globals();
        const today = todayOf(o.today);
        const status = oneOf<TaskStatus>(o.status, TASK_STATUSES, '--status');
        const q = { status, ...(o.overdue ? { overdue: true } : {}) };
        if (!o.mine && checkupId === undefined) {
          throw badRequest(
            'checkup_required',
            '请给出体检编号，或用 --mine 查看本部门任务',
            'give a check-up id, or --mine for your department’s tasks',
            { field: 'checkupId' },
          );
        }
        const items = await withStore(g, async (store) => {
          const actor = await actorFor(store, o.as);
          return o.mine
            ? listMyTasks(store.db, actor, q, today)
            : listCheckupTasks(
                store.db,
                actor,
                wholeNumber(checkupId!, 'checkupId'),
                { ...q, department: o.department },
                today,
              );
        });
        emit(g, { items }, () =>
          items.length ? items.map((t) => `#${t.id} ${describeTask(t)}`).join('\n') : '（无 none）',
        );
      },
    );

  checkup
    .command('progress <taskId>')
    .description('报送任务进展 report progress on a task (your department’s own)')
    .requiredOption('--progress <n>', '进度 0–100 progress')
    .option('--status <status>', `状态 status (${REPORT_STATUSES.join(', ')}; default: follows the progress)`)
    .option('--note <text>', '说明（进度回退时必填） note (needed when progress goes back)')
    .option('--evidence <item...>', '佐证 evidence: link:URL, file:NAME, text:… (repeatable)')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(
      async (
        taskId: string,
        o: { progress: string; status?: string; note?: string; evidence?: string[]; as?: string },
      ) => {
        const g = globals();
        const view = await withStore(g, async (store) =>
          reportProgress(
            store.db,
            await actorFor(store, o.as),
            wholeNumber(taskId, 'taskId'),
            {
              progress: number(o.progress, '--progress'),
              status: oneOf<ReportStatus>(o.status, REPORT_STATUSES, '--status'),
              note: o.note,
              evidence: parseEvidence(o.evidence ?? []),
            },
            bureauDate(),
          ),
        );
        emit(g, view, () => `任务 task #${view.id}: ${describeTask(view)}（报送 ${view.reports.length} 次 reports）`);
      },
    );

  checkup
    .command('rollup <checkupId>')
    .description('任务进度汇总与各部门逾期 progress rolled up by weight; overdue by department')
    .option('--today <date>', '判断逾期的日期 the day to judge overdue against')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (checkupId: string, o: { today?: string; as?: string }) => {
      const g = globals();
      const r = await withStore(g, async (store) =>
        checkupRollup(store.db, await actorFor(store, o.as), wholeNumber(checkupId, 'checkupId'), todayOf(o.today)),
      );
      emit(g, r, () => describeRollup(r));
    });

  checkup
    .command('readback <checkupId>')
    .description('回读上一轮体检任务：是否完成、指标是否改善 read back the previous check-up’s tasks')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (checkupId: string, o: { as?: string }) => {
      const g = globals();
      const r = await withStore(g, async (store) =>
        checkupReadback(store.db, await actorFor(store, o.as), wholeNumber(checkupId, 'checkupId')),
      );
      emit(g, r, () => describeReadback(r));
    });

  checkup
    .command('carry-over <checkupId>')
    .description('上一轮未完成任务转入本轮（不重复） carry the previous check-up’s unfinished tasks over, once')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (checkupId: string, o: { as?: string }) => {
      const g = globals();
      const r = await withStore(g, async (store) =>
        carryOverTasks(store.db, await actorFor(store, o.as), wholeNumber(checkupId, 'checkupId'), bureauDate()),
      );
      emit(
        g,
        r,
        () =>
          `转入 carried ${r.carried.length} 项 task(s) from check-up #${r.previousCheckupId}` +
          `（此前已转入 already carried ${r.alreadyCarried}）`,
      );
    });
}

/** Values as a reader wants them in text (JSON keeps them whole): at most 4 decimals. */
const fmt = (v: number | null) => (v === null ? '—' : String(Math.round(v * 10_000) / 10_000));

function describeTask(t: TaskView): string {
  const target =
    t.targetIndicatorCode !== null
      ? `${t.targetIndicatorCode} ${fmt(t.baselineValue)} → ${fmt(t.targetValue)}`
      : `交付 ${t.deliverable ?? '—'}`;
  const late = t.overdue ? ` 逾期 overdue ${t.daysOverdue}d` : '';
  return `${t.title} [${t.departmentCode}${t.coDepartments.length ? '+' + t.coDepartments.join('+') : ''}, 至 ${t.deadline}] ${target} — ${t.statusLabel.zh} ${t.progress}%${late}`;
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

function describeRollup(r: CheckupRollup): string {
  const lines = [
    `体检 #${r.checkupId} 总进度 progress ${pct(r.progress)}（${r.asOf}）; 任务 tasks ${r.tasks.total}, 逾期 overdue ${r.tasks.overdue}`,
  ];
  for (const f of r.findings) {
    lines.push(`  问题 ${f.title}: ${pct(f.progress)}`);
    for (const m of f.measures) lines.push(`    措施 #${m.id} (×${m.weight}): ${pct(m.progress)}`);
  }
  for (const d of r.departments)
    lines.push(
      `  ${d.departmentCode}: ${Object.entries(d.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}; 逾期 overdue ${d.overdue}`,
    );
  return lines.join('\n');
}

function describeReadback(r: Readback): string {
  const share = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
  const lines = [
    `体检 #${r.checkupId} 回读上一轮 #${r.previousCheckupId}: 完成 closed ${r.summary.closed}/${r.summary.counted} (${share(r.summary.closedShare)}), ` +
      `指标向目标改善 moved toward target ${r.summary.movedTowardTarget}/${r.summary.indicatorTasks} (${share(r.summary.movedTowardTargetShare)})`,
  ];
  for (const t of r.tasks) {
    const ind = t.indicator
      ? ` ${t.indicator.indicatorCode}@${t.indicator.zoneCode} ${fmt(t.indicator.baselineValue)} → ${fmt(t.indicator.currentValue)} (目标 ${fmt(t.indicator.targetValue)}${t.indicator.movedTowardTarget ? '，改善' : ''}${t.indicator.targetReached ? '，达标' : ''})`
      : '';
    lines.push(
      `  #${t.taskId} ${t.title}: ${t.status} ${t.progress}%${t.closedOnTime === false ? ' 逾期完成 late' : ''}${ind}`,
    );
  }
  return lines.join('\n');
}
