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
import type { Principal } from '../../auth/principal.js';
import { addCause, deleteCause, updateCause } from '../../checkup/causes.js';
import { createCheckupRun, executeCheckupRun, freezeSnapshot, listSnapshotValues } from '../../checkup/checkup-run.js';
import { draftCheckupFindings } from '../../checkup/finding-drafts.js';
import { findingSupport } from '../../checkup/finding-support.js';
import {
  addFinding,
  deleteFinding,
  editFinding,
  getFinding,
  listFindings,
  mergeFindings,
  type FindingView,
} from '../../checkup/findings.js';
import { addMeasure, deleteMeasure, updateMeasure } from '../../checkup/measures.js';
import { badRequest } from '../../errors.js';
import { createJob, failJob, finishJob, JobProgress, startJob } from '../../jobs/jobs.js';
import type { Store } from '../../store/store.js';
import { CHECKUP_EVENT_NAMES } from '../../checkup/checkup-status.js';
import type {
  CauseCategory,
  CheckupKind,
  CheckupLevel,
  CheckupStatus,
  FindingKind,
  FindingSeverity,
  MeasurePath,
} from '../../checkup/checkup-tables.js';
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

  /** Open the store and act as `--as` (or Lantu itself). */
  const act = <T>(o: { as?: string }, work: (store: Store, actor: Principal) => Promise<T>) =>
    withStore(globals(), async (store) => work(store, await actorFor(store, o.as)));
  const AS = ['--as <user>', '以该用户身份 act as this user'] as const;

  checkup
    .command('run <id>')
    .description('运行体检：监测运行并冻结新快照 run the check-up: a monitoring run, then a new snapshot')
    .option('--from-current', '不重新计算，以当前指标值冻结快照 snapshot the current values without a run')
    .option('--note <text>', '快照备注 note on the snapshot')
    .option(...AS)
    .action(async (id: string, o: { fromCurrent?: boolean; note?: string; as?: string }) => {
      const checkupId = wholeNumber(id, 'id');
      const result = await act(o, async (store, actor) => {
        if (o.fromCurrent)
          return { runId: null, snapshot: await freezeSnapshot(store.db, actor, checkupId, { note: o.note }) };
        const { checkup: c, runId } = await createCheckupRun(store, actor, checkupId);
        const jobId = await createJob(store.db, actor, {
          kind: 'checkup_run',
          params: { checkupId, runId, year: c.year },
          regionCode: c.region_code,
        });
        await store.db.updateTable('monitoring_run').set({ job_id: jobId }).where('id', '=', runId).execute();
        await startJob(store.db, jobId, 'starting');
        const progress = new JobProgress(store.db, jobId);
        try {
          const r = await executeCheckupRun(store, actor, checkupId, runId, (stage, done, total) =>
            progress.report(stage, done, total),
          );
          await progress.flush();
          await finishJob(store.db, jobId, { runId, snapshot: r.snapshot });
          return { runId, jobId, snapshot: r.snapshot };
        } catch (error) {
          await progress.flush();
          await failJob(store.db, jobId, error);
          throw error;
        }
      });
      emit(globals(), result, () => {
        const s = result.snapshot;
        return `快照 snapshot #${s.id} seq ${s.seq}${result.runId ? ` (监测运行 run #${result.runId})` : ''}: ${JSON.stringify(s.summary)}`;
      });
    });

  checkup
    .command('values <id>')
    .description('体检冻结的指标值 the frozen indicator values of a snapshot')
    .option('--snapshot <id>', '快照 id snapshot id (default: the current one)')
    .option('--seq <n>', '快照序号 snapshot seq')
    .option('--level <level>', 'city | urban | unit')
    .option('--indicator <code>', '指标代码 indicator code')
    .option('--zone <code>', '区域代码 zone code')
    .option(...AS)
    .action(
      async (
        id: string,
        o: { snapshot?: string; seq?: string; level?: string; indicator?: string; zone?: string; as?: string },
      ) => {
        const result = await act(o, (store, actor) =>
          listSnapshotValues(store.db, actor, wholeNumber(id, 'id'), {
            snapshot: o.snapshot === undefined ? undefined : wholeNumber(o.snapshot, '--snapshot'),
            seq: o.seq === undefined ? undefined : wholeNumber(o.seq, '--seq'),
            level: o.level as CheckupLevel | undefined,
            indicator: o.indicator,
            zone: o.zone,
          }),
        );
        emit(globals(), result, () =>
          [
            `快照 snapshot #${result.snapshot.id} seq ${result.snapshot.seq}${result.snapshot.published ? ' (已发布 published)' : ''}`,
            ...result.items.map(
              (v) =>
                `  ${v.level.padEnd(5)} ${v.indicatorCode.padEnd(7)} ${v.zoneCode.padEnd(12)} ${v.value ?? '—'} ${v.unit}` +
                `${v.expected !== null ? `  预期 expected ${v.expected}` : ''}${v.grade ? `  预警 ${v.grade}` : ''}  ${v.indicatorName ?? ''}`,
            ),
          ].join('\n'),
        );
      },
    );

  checkup
    .command('draft <id>')
    .description('根据当前快照起草问题清单 draft findings from the current snapshot (keeps edited ones)')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const r = await act(o, (store, actor) => draftCheckupFindings(store.db, actor, wholeNumber(id, 'id')));
      emit(
        globals(),
        r,
        () =>
          `起草 drafted from snapshot #${r.snapshotId}: new ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, ` +
          `kept edited ${r.keptEdited}, removed ${r.removed}${r.obsolete.length ? `, obsolete kept ${r.obsolete.join(',')}` : ''}`,
      );
    });

  checkup
    .command('findings <id>')
    .description('问题清单 the findings of a check-up')
    .option('--level <level>', 'city | urban | unit')
    .option('--kind <kind>', 'warning | trend | bottom_line | peer_lag | manual')
    .option(...AS)
    .action(async (id: string, o: { level?: string; kind?: string; as?: string }) => {
      const items = await act(o, (store, actor) =>
        listFindings(store.db, actor, wholeNumber(id, 'id'), {
          level: o.level as CheckupLevel | undefined,
          kind: o.kind as FindingKind | undefined,
        }),
      );
      emit(globals(), { items }, () => (items.length ? items.map(describeFinding).join('\n') : '（无 none）'));
    });

  const finding = checkup.command('finding').description('单个问题：查看、补充、修改、删除 one finding');
  finding
    .command('show <findingId>')
    .description('查看问题及其原因与对策 a finding with its causes and measures')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const f = await act(o, (store, actor) => getFinding(store.db, actor, wholeNumber(id, 'findingId')));
      emit(globals(), f, () => describeFinding(f) + (f.body ? `\n  ${f.body}` : ''));
    });
  finding
    .command('add <checkupId>')
    .description('人工补充问题 add a finding by hand')
    .requiredOption('--level <level>', 'city | urban | unit')
    .requiredOption('--title <title>', '标题 title')
    .option('--body <text>', '说明 description')
    .option('--severity <severity>', 'red | orange | yellow | blue | info')
    .option('--zones <codes>', '区域代码 zone codes, comma-separated')
    .option(...AS)
    .action(
      async (
        id: string,
        o: { level: string; title: string; body?: string; severity?: string; zones?: string; as?: string },
      ) => {
        const f = await act(o, (store, actor) =>
          addFinding(store.db, actor, wholeNumber(id, 'checkupId'), {
            level: o.level as CheckupLevel,
            title: o.title,
            body: o.body,
            severity: o.severity as FindingSeverity | undefined,
            zoneCodes: list(o.zones),
          }),
        );
        emit(globals(), f, () => describeFinding(f));
      },
    );
  finding
    .command('edit <findingId>')
    .description('修改问题（起草的问题改为“已编辑”） edit a finding')
    .option('--title <title>', '标题 title')
    .option('--body <text>', '说明 description')
    .option('--severity <severity>', 'red | orange | yellow | blue | info')
    .option('--level <level>', 'city | urban | unit')
    .option(...AS)
    .action(
      async (id: string, o: { title?: string; body?: string; severity?: string; level?: string; as?: string }) => {
        const f = await act(o, (store, actor) =>
          editFinding(store.db, actor, wholeNumber(id, 'findingId'), {
            title: o.title,
            body: o.body,
            severity: o.severity as FindingSeverity | undefined,
            level: o.level as CheckupLevel | undefined,
          }),
        );
        emit(globals(), f, () => describeFinding(f));
      },
    );
  finding
    .command('delete <findingId>')
    .description('删除人工补充的问题 delete a finding added by hand')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const findingId = wholeNumber(id, 'findingId');
      await act(o, (store, actor) => deleteFinding(store.db, actor, findingId));
      emit(globals(), { deleted: findingId }, () => `问题 finding #${findingId} deleted`);
    });

  checkup
    .command('merge <checkupId>')
    .description('合并问题（原因与对策随之转移） merge findings; causes and measures move along')
    .requiredOption('--ids <ids>', '问题 id，逗号分隔 finding ids, comma-separated')
    .requiredOption('--title <title>', '合并后的标题 title of the merged finding')
    .option('--body <text>', '说明 description')
    .option(...AS)
    .action(async (id: string, o: { ids: string; title: string; body?: string; as?: string }) => {
      const ids = (list(o.ids) ?? []).map((x) => wholeNumber(x, '--ids'));
      const f = await act(o, (store, actor) =>
        mergeFindings(store.db, actor, wholeNumber(id, 'checkupId'), { ids, title: o.title, body: o.body }),
      );
      emit(globals(), f, () => describeFinding(f));
    });

  checkup
    .command('support <findingId>')
    .description('原因诊断的量化支撑 co-moving indicators and where the problem concentrates')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const s = await act(o, (store, actor) => findingSupport(store.db, actor, wholeNumber(id, 'findingId')));
      emit(globals(), s, () => {
        const r = (c: { indicatorCode: string; name: string | null; n: number; r: number }) =>
          `    ${c.indicatorCode} ${c.name ?? ''}: r = ${c.r.toFixed(3)} (n = ${c.n})`;
        const lines = [
          `问题 finding #${s.findingId} ${s.indicatorCode ?? ''} (${s.level})`,
          '  跨区域相关 across zones:',
        ];
        lines.push(...(s.acrossZones.length ? s.acrossZones.map(r) : ['    —']));
        lines.push(`  跨年度相关 across years (${s.acrossYears.zoneCode}):`);
        lines.push(...(s.acrossYears.items.length ? s.acrossYears.items.map(r) : ['    —']));
        if (s.concentration) {
          const round = (v: number | null) => (v === null ? '—' : String(Number(v.toFixed(2))));
          lines.push(`  集中区域 where it concentrates (median ${round(s.concentration.median)}):`);
          for (const z of s.concentration.zones)
            lines.push(`    ${z.zoneCode} ${z.name ?? ''}: ${round(z.value)} (${(z.share * 100).toFixed(1)}%)`);
        }
        lines.push(`  ${s.note.zh}`);
        return lines.join('\n');
      });
    });

  const cause = checkup.command('cause').description('原因：添加、修改、删除 causes of a finding');
  cause
    .command('add <findingId>')
    .description('添加原因 add a cause')
    .requiredOption('--category <category>', 'plan_content | implementation | policy | market | data')
    .requiredOption('--text <text>', '原因说明 the diagnosis')
    .option(...AS)
    .action(async (id: string, o: { category: string; text: string; as?: string }) => {
      const c = await act(o, (store, actor) =>
        addCause(store.db, actor, wholeNumber(id, 'findingId'), {
          category: o.category as CauseCategory,
          description: o.text,
        }),
      );
      emit(globals(), c, () => `原因 cause #${c.id} (${c.category}): ${c.description}`);
    });
  cause
    .command('edit <causeId>')
    .description('修改原因 change a cause')
    .option('--category <category>', 'plan_content | implementation | policy | market | data')
    .option('--text <text>', '原因说明 the diagnosis')
    .option(...AS)
    .action(async (id: string, o: { category?: string; text?: string; as?: string }) => {
      const c = await act(o, (store, actor) =>
        updateCause(store.db, actor, wholeNumber(id, 'causeId'), {
          category: o.category as CauseCategory | undefined,
          description: o.text,
        }),
      );
      emit(globals(), c, () => `原因 cause #${c.id} (${c.category}): ${c.description}`);
    });
  cause
    .command('delete <causeId>')
    .description('删除原因 delete a cause')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const causeId = wholeNumber(id, 'causeId');
      await act(o, (store, actor) => deleteCause(store.db, actor, causeId));
      emit(globals(), { deleted: causeId }, () => `原因 cause #${causeId} deleted`);
    });

  const measure = checkup.command('measure').description('对策：添加、修改、删除 countermeasures of a finding');
  measure
    .command('add <findingId>')
    .description('添加对策 add a countermeasure')
    .requiredOption('--path <path>', 'government | bureau | department | market | society')
    .requiredOption('--text <text>', '对策说明 the measure')
    .option('--department <code>', '责任部门 department code')
    .option('--weight <n>', '权重 weight (default 1)')
    .option(...AS)
    .action(
      async (id: string, o: { path: string; text: string; department?: string; weight?: string; as?: string }) => {
        const m = await act(o, (store, actor) =>
          addMeasure(store.db, actor, wholeNumber(id, 'findingId'), {
            path: o.path as MeasurePath,
            description: o.text,
            departmentCode: o.department ?? null,
            weight: o.weight === undefined ? undefined : Number(o.weight),
          }),
        );
        emit(
          globals(),
          m,
          () =>
            `对策 measure #${m.id} (${m.path}${m.departmentCode ? ` ${m.departmentCode}` : ''}, w ${m.weight}): ${m.description}`,
        );
      },
    );
  measure
    .command('edit <measureId>')
    .description('修改对策 change a countermeasure')
    .option('--path <path>', 'government | bureau | department | market | society')
    .option('--text <text>', '对策说明 the measure')
    .option('--department <code>', '责任部门 department code')
    .option('--weight <n>', '权重 weight')
    .option(...AS)
    .action(
      async (id: string, o: { path?: string; text?: string; department?: string; weight?: string; as?: string }) => {
        const m = await act(o, (store, actor) =>
          updateMeasure(store.db, actor, wholeNumber(id, 'measureId'), {
            path: o.path as MeasurePath | undefined,
            description: o.text,
            departmentCode: o.department,
            weight: o.weight === undefined ? undefined : Number(o.weight),
          }),
        );
        emit(globals(), m, () => `对策 measure #${m.id} (${m.path}, w ${m.weight}): ${m.description}`);
      },
    );
  measure
    .command('delete <measureId>')
    .description('删除对策（已下达任务的不能删除） delete a countermeasure without tasks')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const measureId = wholeNumber(id, 'measureId');
      await act(o, (store, actor) => deleteMeasure(store.db, actor, measureId));
      emit(globals(), { deleted: measureId }, () => `对策 measure #${measureId} deleted`);
    });

  return checkup;
}

function describeFinding(f: FindingView): string {
  const zones =
    f.zoneCodes.length > 3 ? `${f.zoneCodes.slice(0, 3).join(',')}…(${f.zoneCodes.length})` : f.zoneCodes.join(',');
  return `#${f.id} [${f.level} ${f.severity} ${f.kind}${f.origin === 'drafted' ? '' : ` ${f.origin}`}] ${f.title}${zones ? ` — ${zones}` : ''} (原因 ${f.causes.length}, 对策 ${f.measures.length})`;
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
