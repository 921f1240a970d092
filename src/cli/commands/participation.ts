/**
 * `lantu publish`, `lantu comments …`, `lantu survey …` — public participation from the command line:
 * publish a check-up as a 公示 or its result, handle the public's comments (list, moderate, assign,
 * answer), and run satisfaction surveys (create from a JSON file, open, close, results, feed the scores
 * for review). `--as <username>` acts as that user (permission and region scope checked as over HTTP);
 * without it the command acts as Lantu itself, audited as automated.
 *
 *   lantu publish 3 --stage draft_notice --as planner
 *   lantu comments list --moderation pending --json
 *   lantu survey create --file q.json --as planner && lantu survey open 1 --as planner
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { badRequest } from '../../errors.js';
import { answerComment, assignComment, listComments, moderateComment } from '../../participation/comments.js';
import {
  COMMENT_STATUSES,
  MODERATION_STATES,
  PUBLICATION_STAGES,
  type CommentStatus,
  type ModerationState,
  type PublicationStage,
} from '../../participation/participation-tables.js';
import { publishCheckup } from '../../participation/publications.js';
import {
  createSurvey,
  feedSurvey,
  surveyResults,
  updateSurvey,
  type SurveyInput,
} from '../../participation/surveys.js';
import { actorFor, withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { wholeNumber } from './checkup.js';

type Global = OutputOptions & { dataDir?: string };

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(
      'option_invalid',
      `${name} “${value}” 无效，应为 ${allowed.join(' / ')}`,
      `${name} "${value}" is invalid: one of ${allowed.join(', ')}`,
      { field: name },
    );
  return value as T;
}

const AS = ['--as <user>', '以该用户身份 act as this user'] as const;

export function registerParticipationCommands(program: Command, globals: () => Global): void {
  program
    .command('publish <checkupId>')
    .description('公示或发布体检评估成果（冻结公开内容） publish a check-up as a notice or its result')
    .requiredOption('--stage <stage>', 'draft_notice 公示 | result 发布')
    .option('--closes-at <time>', '截止时间（公示默认 30 天） closing time (a notice defaults to 30 days)')
    .option('--title <title>', '标题 title')
    .option('--summary <text>', '摘要 summary')
    .option(...AS)
    .action(
      async (id: string, o: { stage: string; closesAt?: string; title?: string; summary?: string; as?: string }) => {
        const g = globals();
        const stage = oneOf<PublicationStage>(o.stage, PUBLICATION_STAGES, '--stage');
        const p = await withStore(g, async (store) =>
          publishCheckup(store.db, await actorFor(store, o.as), wholeNumber(id, 'checkupId'), stage, {
            closesAt: o.closesAt,
            title: o.title,
            summary: o.summary,
          }),
        );
        emit(
          g,
          p,
          () =>
            `公示/发布 #${p.id} ${p.title} — ${p.stageLabel.zh} ${p.stageLabel.en}, ${p.status}, ` +
            `${p.opensAt} → ${p.closesAt ?? '—'}; ${p.content?.indicators.length ?? 0} indicator values, ` +
            `${p.content?.findings.length ?? 0} findings, ${p.content?.tasks.length ?? 0} tasks` +
            (p.reportId ? `, report #${p.reportId}` : ''),
        );
      },
    );

  const comments = program.command('comments').description('公众意见：审核、分办、答复 the public’s comments');

  comments
    .command('list')
    .description('意见列表（含姓名与联系方式，仅内部） list comments, with author and contact (internal)')
    .option('--publication <id>', '公示/发布 id')
    .option('--moderation <state>', MODERATION_STATES.join(' | '))
    .option('--status <status>', COMMENT_STATUSES.join(' | '))
    .option('--limit <n>', '条数 how many', '100')
    .option(...AS)
    .action(async (o: { publication?: string; moderation?: string; status?: string; limit: string; as?: string }) => {
      const g = globals();
      const result = await withStore(g, async (store) =>
        listComments(store.db, await actorFor(store, o.as), {
          publication: o.publication === undefined ? undefined : wholeNumber(o.publication, '--publication'),
          moderation:
            o.moderation === undefined
              ? undefined
              : oneOf<ModerationState>(o.moderation, MODERATION_STATES, '--moderation'),
          status: o.status === undefined ? undefined : oneOf<CommentStatus>(o.status, COMMENT_STATUSES, '--status'),
          limit: wholeNumber(o.limit, '--limit'),
          offset: 0,
        }),
      );
      emit(g, result, () =>
        result.items.length
          ? result.items
              .map(
                (c) =>
                  `#${c.id} [${c.moderation}${c.moderationFlags.length ? ` ${c.moderationFlags.join(',')}` : ''}] ` +
                  `${c.status}${c.assignedDepartment ? ` → ${c.assignedDepartment}` : ''}: ${c.publicBody ?? c.body}`,
              )
              .join('\n') + `\n（共 ${result.total} 条 ${result.total} in all）`
          : '（无 none）',
      );
    });

  comments
    .command('moderate <id>')
    .description('审核意见 approve or reject a comment')
    .requiredOption('--decision <decision>', 'approve | reject')
    .option('--public-body <text>', '改写后的公开内容 the public text, rewritten')
    .option('--flags <flags>', '标记，逗号分隔 flags, comma-separated (spam, personal_data, abuse)')
    .option(...AS)
    .action(async (id: string, o: { decision: string; publicBody?: string; flags?: string; as?: string }) => {
      const g = globals();
      const decision = oneOf(o.decision, ['approve', 'reject'] as const, '--decision');
      const c = await withStore(g, async (store) =>
        moderateComment(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), {
          decision,
          publicBody: o.publicBody,
          flags: o.flags?.split(','),
        }),
      );
      emit(g, c, () => `意见 #${c.id}: ${c.moderation}`);
    });

  comments
    .command('assign <id>')
    .description('分办意见至承办部门 assign a comment to a department')
    .requiredOption('--department <code>', '部门代码 department code')
    .option(...AS)
    .action(async (id: string, o: { department: string; as?: string }) => {
      const g = globals();
      const c = await withStore(g, async (store) =>
        assignComment(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), o.department),
      );
      emit(g, c, () => `意见 #${c.id}: ${c.status} → ${c.assignedDepartment}`);
    });

  comments
    .command('answer <id>')
    .description('答复意见 answer a comment')
    .requiredOption('--answer <text>', '答复内容 the answer')
    .option('--publish', '公开答复 show the answer publicly')
    .option(...AS)
    .action(async (id: string, o: { answer: string; publish?: boolean; as?: string }) => {
      const g = globals();
      const c = await withStore(g, async (store) =>
        answerComment(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), {
          answer: o.answer,
          publish: Boolean(o.publish),
        }),
      );
      emit(
        g,
        c,
        () => `意见 #${c.id}: ${c.status}${c.answerPublished ? '（已公开 published）' : '（未公开 internal）'}`,
      );
    });

  const survey = program.command('survey').description('满意度调查 satisfaction surveys');

  survey
    .command('create')
    .description('从 JSON 文件新建问卷（草稿） create a survey from a JSON file (as a draft)')
    .requiredOption(
      '--file <path>',
      '{ regionCode, title, questions: [{ key, textZh, textEn?, kind, options?, weight? }], indicatorCode? }',
    )
    .option(...AS)
    .action(async (o: { file: string; as?: string }) => {
      const g = globals();
      let input: SurveyInput;
      try {
        input = JSON.parse(fs.readFileSync(o.file, 'utf8')) as SurveyInput;
      } catch (error) {
        throw badRequest(
          'file_invalid',
          `无法读取问卷文件 ${o.file}：${(error as Error).message}`,
          `cannot read the survey file ${o.file}: ${(error as Error).message}`,
          { field: '--file' },
        );
      }
      const s = await withStore(g, async (store) => createSurvey(store.db, await actorFor(store, o.as), input));
      emit(g, s, () => `问卷 #${s.id} ${s.title}: ${s.questions.length} questions, ${s.status}`);
    });

  for (const [name, status, zh] of [
    ['open', 'open', '开放问卷'],
    ['close', 'closed', '关闭问卷'],
  ] as const) {
    survey
      .command(`${name} <id>`)
      .description(`${zh} ${name} a survey`)
      .option(...AS)
      .action(async (id: string, o: { as?: string }) => {
        const g = globals();
        const s = await withStore(g, async (store) =>
          updateSurvey(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), { status }),
        );
        emit(g, s, () => `问卷 #${s.id}: ${s.status}`);
      });
  }

  survey
    .command('results <id>')
    .description('问卷结果：分单元与总体 results per unit and overall')
    .option(...AS)
    .action(async (id: string, o: { as?: string }) => {
      const g = globals();
      const r = await withStore(g, async (store) =>
        surveyResults(store.db, await actorFor(store, o.as), wholeNumber(id, 'id')),
      );
      const score = (v: number | null) => (v === null ? '—' : v.toFixed(2));
      emit(g, r, () =>
        [
          `${r.survey.title}: n=${r.overall.n}, 平均得分 mean score ${score(r.overall.meanScore)}`,
          ...r.units.map((u) => `  ${u.zoneCode} ${u.zoneName ?? ''}: n=${u.n}, ${score(u.meanScore)}`),
        ].join('\n'),
      );
    });

  survey
    .command('feed <id>')
    .description('将各单元平均得分提交为指标填报值（待审核） submit each unit’s mean score for review')
    .requiredOption('--year <year>', '数据年度 the year the values stand for')
    .option(...AS)
    .action(async (id: string, o: { year: string; as?: string }) => {
      const g = globals();
      const r = await withStore(g, async (store) =>
        feedSurvey(store.db, await actorFor(store, o.as), wholeNumber(id, 'id'), wholeNumber(o.year, '--year')),
      );
      emit(g, r, () =>
        [
          `${r.indicatorCode} ${r.year}: ${r.submitted.length} values submitted for review`,
          ...r.submitted.map((s) => `  ${s.zoneCode}: ${s.value} (n=${s.n}) → submission #${s.submissionId}`),
        ].join('\n'),
      );
    });
}
