/**
 * The report's sections, in the order of the standard's outline (TD/T 1063 体检评估报告), and their
 * text. Each section has a narrative Lantu writes from the model (generated_text) and what people wrote
 * over it (edited_text): regeneration refreshes generated_text only, and the document prints edited_text
 * when there is one. Tables, charts and maps are not text: they are always drawn from the snapshot.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../../auth/audit.js';
import type { Principal } from '../../auth/principal.js';
import { badRequest, conflict } from '../../errors.js';
import type { Database } from '../../store/database.js';
import { readableCheckup, writableCheckup } from '../checkups.js';
import { nowIso } from '../../store/store.js';
import { KIND_LABEL, LEVEL_LABEL, PATH_LABEL, SEVERITY_LABEL, STATUS_LABEL, fmt } from './report-labels.js';
import type { ReportModel, RowStatus } from './report-model.js';

export const SECTIONS = [
  { key: 'overview', title: '一、总体情况' },
  { key: 'indicators', title: '二、指标监测评估' },
  { key: 'dimensions', title: '三、分项评估' },
  { key: 'findings', title: '四、问题识别与成因分析' },
  { key: 'measures', title: '五、对策建议' },
  { key: 'tasks', title: '六、任务清单' },
  { key: 'readback', title: '七、上轮任务落实情况' },
  { key: 'maps', title: '附图 专题图' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];
export const SECTION_KEYS = SECTIONS.map((s) => s.key);

export interface SectionView {
  key: SectionKey;
  /** The same key under the column's name, as the web client reads it. */
  sectionKey: SectionKey;
  title: string;
  generatedText: string | null;
  editedText: string | null;
  editedBy: string | null;
  editedAt: string | null;
  /** What the document prints: the edited text when someone wrote one. */
  text: string;
}

const WARNED: RowStatus[] = ['red', 'orange', 'yellow', 'blue'];

/** The narrative of every section, written from the model. Paragraphs are separated by blank lines. */
export function generateTexts(m: ReportModel): Record<SectionKey, string> {
  const c = m.checkup;
  const counts = (rows: typeof m.rows) => {
    const by = new Map<RowStatus, number>();
    for (const r of rows) by.set(r.status, (by.get(r.status) ?? 0) + 1);
    return by;
  };
  const all = counts(m.rows);
  const warnedText = WARNED.filter((s) => all.get(s))
    .map((s) => `${STATUS_LABEL[s]} ${all.get(s)} 项`)
    .join('、');
  const levels = c.levels.map((l) => LEVEL_LABEL[l] ?? l).join('、');
  const indicatorCount = new Set(m.rows.map((r) => r.indicatorCode)).size;
  const overview = [
    `本报告为${c.regionName}${c.year}年度国土空间规划${KIND_LABEL[c.kind] ?? ''}报告，评估层级为${levels}。` +
      `报告依据第 ${m.snapshot.seq} 版数据快照（${m.snapshot.published ? '已发布' : '工作'}快照）生成，` +
      `共评估指标 ${indicatorCount} 项、指标值 ${m.rows.length} 个。`,
    warnedText
      ? `监测评估发现：${warnedText}；识别问题 ${m.findings.length} 个，形成任务 ${m.tasks.length} 项。`
      : `监测评估未发现预警；识别问题 ${m.findings.length} 个，形成任务 ${m.tasks.length} 项。`,
  ].join('\n\n');

  const levelLines = c.levels.map((level) => {
    const rows = m.rows.filter((r) => r.level === level);
    const by = counts(rows);
    const warned = WARNED.reduce((s, g) => s + (by.get(g) ?? 0), 0);
    return `${LEVEL_LABEL[level] ?? level}层级：指标值 ${rows.length} 个，其中预警 ${warned} 个、正常 ${by.get('normal') ?? 0} 个。`;
  });
  const indicators = [
    '下表列出各指标的现状值、年度预期值（按规划目标轨迹推算）与规划目标值，状态颜色为该值最严重的未关闭预警等级。',
    ...levelLines,
  ].join('\n\n');

  const weakest = [...m.dimensions].sort((a, b) => a.score - b.score)[0];
  const dimensions = [
    '分项评估按指标维度汇总市域指标的预警情况：无预警计 100 分，蓝色 75 分、黄色 50 分、橙色 25 分、红色 0 分，取各维度平均。',
    m.dimensions.map((d) => `${d.dimension} ${fmt(d.score, 0)} 分（${d.count} 项）`).join('；') +
      (weakest ? `。得分最低的维度为“${weakest.dimension}”。` : ''),
    m.trends.length
      ? `趋势图展示 ${m.trends.map((t) => t.name).join('、')} 的历年数值、规划目标轨迹与线性趋势外推。`
      : '',
  ]
    .filter(Boolean)
    .join('\n\n');

  const findings = m.findings.length
    ? `本轮体检共识别问题 ${m.findings.length} 个，按严重程度：` +
      Object.entries(SEVERITY_LABEL)
        .map(([k, label]) => [label, m.findings.filter((f) => f.severity === k).length] as const)
        .filter(([, n]) => n > 0)
        .map(([label, n]) => `${label} ${n} 个`)
        .join('、') +
      '。各问题的表现、证据与成因如下。'
    : '本轮体检未识别出需要专门说明的问题。';

  const measureCount = m.findings.reduce((s, f) => s + f.measures.length, 0);
  const paths = new Map<string, number>();
  for (const f of m.findings) for (const x of f.measures) paths.set(x.path, (paths.get(x.path) ?? 0) + 1);
  const measures = measureCount
    ? `针对上述问题提出对策建议 ${measureCount} 条，分别面向` +
      [...paths].map(([p, n]) => `${PATH_LABEL[p] ?? p}（${n} 条）`).join('、') +
      '。'
    : '暂无对策建议。';

  const done = m.tasks.filter((t) => t.status === 'done').length;
  const tasks = m.tasks.length
    ? `对策建议分解为任务 ${m.tasks.length} 项，明确牵头部门、配合部门、完成时限与可量化目标；其中已完成 ${done} 项。`
    : '暂无任务。';

  let readback = '本轮体检无上一轮体检可供回顾。';
  if (m.readback) {
    const items = m.readback.items;
    const closed = items.filter((i) => i.status === 'done').length;
    const withTarget = items.filter((i) => i.movedTowardTarget !== null);
    const moved = withTarget.filter((i) => i.movedTowardTarget).length;
    readback =
      `上一轮体检（${m.readback.previousTitle}）共部署任务 ${items.length} 项，已完成 ${closed} 项` +
      (withTarget.length ? `；有指标目标的任务 ${withTarget.length} 项，其中 ${moved} 项指标向目标方向改善` : '') +
      '。';
  }

  const maps = m.mapIndicators.length
    ? `附图按规划单元展示 ${m.mapIndicators
        .map((code) => m.indicators.get(code)?.name ?? code)
        .join('、')} 的空间分布，有预警的单元按预警等级着色。`
    : '本轮体检无单元层级的指标值，未生成专题图。';

  return { overview, indicators, dimensions, findings, measures, tasks, readback, maps };
}

/** Write this generation's narrative; an edited section keeps its edited_text untouched. */
export async function refreshSections(
  db: Kysely<Database>,
  checkupId: number,
  texts: Record<SectionKey, string>,
): Promise<void> {
  const existing = new Map(
    (
      await db
        .selectFrom('checkup_report_section')
        .select(['id', 'section_key'])
        .where('checkup_id', '=', checkupId)
        .execute()
    ).map((r) => [r.section_key, r.id]),
  );
  for (const s of SECTIONS) {
    const id = existing.get(s.key);
    if (id === undefined) {
      await db
        .insertInto('checkup_report_section')
        .values({ checkup_id: checkupId, section_key: s.key, title: s.title, generated_text: texts[s.key] })
        .execute();
    } else {
      await db
        .updateTable('checkup_report_section')
        .set({ title: s.title, generated_text: texts[s.key] })
        .where('id', '=', id)
        .execute();
    }
  }
}

/** Sections in outline order; a section never generated yet shows with empty text. */
export async function listSections(db: Kysely<Database>, viewer: Principal, checkupId: number) {
  await readableCheckup(db, viewer, checkupId);
  return sectionViews(db, checkupId);
}

export async function sectionViews(db: Kysely<Database>, checkupId: number): Promise<SectionView[]> {
  const rows = new Map(
    (await db.selectFrom('checkup_report_section').selectAll().where('checkup_id', '=', checkupId).execute()).map(
      (r) => [r.section_key, r],
    ),
  );
  return SECTIONS.map((s) => {
    const r = rows.get(s.key);
    const editedText = r?.edited_text ?? null;
    const generatedText = r?.generated_text ?? null;
    return {
      key: s.key,
      sectionKey: s.key,
      title: s.title,
      generatedText,
      editedText,
      editedBy: r?.edited_by ?? null,
      editedAt: r?.edited_at ?? null,
      text: editedText ?? generatedText ?? '',
    };
  });
}

export function checkSectionKey(key: string): SectionKey {
  if (!(SECTION_KEYS as readonly string[]).includes(key)) {
    throw badRequest(
      'report_section_unknown',
      `未知的报告章节 ${key}（可用：${SECTION_KEYS.join('、')}）`,
      `unknown report section ${key} (known: ${SECTION_KEYS.join(', ')})`,
      { field: 'key' },
    );
  }
  return key as SectionKey;
}

/**
 * Write a section's text as a person. An empty or null text clears the edit, so the generated text
 * shows again.
 */
export async function editSection(
  db: Kysely<Database>,
  actor: Principal,
  checkupId: number,
  key: string,
  text: string | null,
): Promise<SectionView> {
  const sectionKey = checkSectionKey(key);
  const title = SECTIONS.find((s) => s.key === sectionKey)!.title;
  const edited = text && text.trim() ? text : null;
  await db.transaction().execute(async (trx) => {
    const checkup = await writableCheckup(trx, actor, checkupId);
    // An archived check-up's report is the record; its text no longer changes.
    if (checkup.status === 'archived') {
      throw conflict(
        'checkup_archived',
        '体检已归档，报告章节不能再修改',
        'the check-up is archived; its report sections can no longer change',
      );
    }
    const region = checkup.region_code;
    const before = await trx
      .selectFrom('checkup_report_section')
      .selectAll()
      .where('checkup_id', '=', checkupId)
      .where('section_key', '=', sectionKey)
      .executeTakeFirst();
    const now = nowIso();
    const set = { edited_text: edited, edited_by: edited ? actor.username : null, edited_at: edited ? now : null };
    if (before) await trx.updateTable('checkup_report_section').set(set).where('id', '=', before.id).execute();
    else
      await trx
        .insertInto('checkup_report_section')
        .values({ checkup_id: checkupId, section_key: sectionKey, title, generated_text: null, ...set })
        .execute();
    await recordAudit(trx, actor, {
      activity: 'checkup.report_section_edited',
      entityType: 'checkup',
      entityId: checkupId,
      regionCode: region,
      before: { section: sectionKey, editedText: before?.edited_text ?? null },
      after: { section: sectionKey, editedText: edited },
    });
  });
  return (await sectionViews(db, checkupId)).find((s) => s.key === sectionKey)!;
}
