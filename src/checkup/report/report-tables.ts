/**
 * The report's tables as plain rows, shared by the DOCX and HTML writers. The thematic maps, not the
 * tables, show the units one by one: a city has 100+ of them.
 */
import {
  CAUSE_LABEL,
  LEVEL_LABEL,
  PATH_LABEL,
  SEVERITY_LABEL,
  STATUS_LABEL,
  TASK_STATUS_LABEL,
  fmt,
} from './report-labels.js';
import type { ReportModel, ReportRow, RowStatus } from './report-model.js';

export interface TableRowView {
  cells: string[];
  /** Colours the status cell (the last one) when set. */
  status?: RowStatus;
}

export interface TableView {
  caption: string;
  header: string[];
  rows: TableRowView[];
}

const WARNED: RowStatus[] = ['red', 'orange', 'yellow', 'blue'];

const worstOf = (rs: readonly ReportRow[]): RowStatus =>
  WARNED.find((g) => rs.some((r) => r.status === g)) ?? (rs.some((r) => r.value !== null) ? 'normal' : 'missing');

function byIndicator(rows: readonly ReportRow[]): Map<string, ReportRow[]> {
  const out = new Map<string, ReportRow[]>();
  for (const r of rows) out.set(r.indicatorCode, [...(out.get(r.indicatorCode) ?? []), r]);
  return out;
}

/**
 * One row per indicator: 市域 and 城区 show the level's own zone (the region, the central urban area)
 * with how many of its parts (districts, governance zones) are warned; 单元 sums the units up.
 */
export function indicatorTables(m: ReportModel): TableView[] {
  const out: TableView[] = [];
  for (const level of m.checkup.levels) {
    const rows = m.rows.filter((r) => r.level === level);
    if (!rows.length) continue;
    if (level !== 'unit') {
      out.push({
        caption: `${LEVEL_LABEL[level]}指标监测评估表`,
        header: [
          '编号',
          '指标',
          '单位',
          '现状值',
          '年度预期值',
          '规划目标值',
          level === 'city' ? '区县预警' : '功能区预警',
          '状态',
        ],
        rows: [...byIndicator(rows)].map(([code, rs]) => {
          const main = rs.find((r) => r.main);
          const parts = rs.filter((r) => !r.main);
          const warned = parts.filter((r) => WARNED.includes(r.status)).length;
          const status = main ? main.status : worstOf(rs);
          return {
            cells: [
              code,
              rs[0]!.name,
              rs[0]!.unit,
              fmt(main?.value),
              fmt(main?.expected),
              fmt(main?.target),
              parts.length ? `${warned}/${parts.length}` : '—',
              STATUS_LABEL[status],
            ],
            status,
          };
        }),
      });
      continue;
    }
    out.push({
      caption: `${LEVEL_LABEL.unit}指标监测评估汇总表`,
      header: ['编号', '指标', '单位', '单元数', '最小值', '平均值', '最大值', '预警单元', '状态'],
      rows: [...byIndicator(rows)].map(([code, rs]) => {
        const values = rs.map((r) => r.value).filter((v): v is number => v !== null);
        const worst = worstOf(rs);
        const warned = rs.filter((r) => WARNED.includes(r.status)).length;
        return {
          cells: [
            code,
            rs[0]!.name,
            rs[0]!.unit,
            String(rs.length),
            values.length ? fmt(Math.min(...values)) : '—',
            values.length ? fmt(values.reduce((s, v) => s + v, 0) / values.length) : '—',
            values.length ? fmt(Math.max(...values)) : '—',
            String(warned),
            STATUS_LABEL[worst],
          ],
          status: worst,
        };
      }),
    });
  }
  return out;
}

export function dimensionTable(m: ReportModel): TableView {
  return {
    caption: '分项评估得分表',
    header: ['维度', '指标数', '得分'],
    rows: m.dimensions.map((d) => ({ cells: [d.dimension, String(d.count), fmt(d.score, 0)] })),
  };
}

export function taskTable(m: ReportModel): TableView {
  return {
    caption: '任务清单',
    header: ['序号', '任务', '牵头部门', '配合部门', '完成时限', '目标或成果', '进度', '状态'],
    rows: m.tasks.map((t, i) => ({
      cells: [
        String(i + 1),
        t.title,
        m.departments.get(t.departmentCode) ?? t.departmentCode,
        t.coDepartments.map((d) => m.departments.get(d) ?? d).join('、') || '—',
        t.deadline,
        t.targetIndicatorCode
          ? `${m.indicators.get(t.targetIndicatorCode)?.name ?? t.targetIndicatorCode} 达到 ${fmt(t.targetValue)}`
          : (t.deliverable ?? '—'),
        `${fmt(t.progress, 0)}%`,
        TASK_STATUS_LABEL[t.status] ?? t.status,
      ],
    })),
  };
}

export function readbackTable(m: ReportModel): TableView | null {
  if (!m.readback) return null;
  return {
    caption: `上轮任务落实情况（${m.readback.previousTitle}）`,
    header: ['任务', '牵头部门', '时限', '状态', '基期值', '现状值', '目标值', '变化', '指标向目标改善'],
    rows: m.readback.items.map((i) => ({
      cells: [
        i.title,
        m.departments.get(i.departmentCode) ?? i.departmentCode,
        i.deadline,
        `${TASK_STATUS_LABEL[i.status] ?? i.status}（${fmt(i.progress, 0)}%）`,
        fmt(i.baseline),
        fmt(i.current),
        fmt(i.target),
        i.change === null ? '—' : (i.change > 0 ? '+' : '') + fmt(i.change),
        i.movedTowardTarget === null ? '—' : i.movedTowardTarget ? '是' : '否',
      ],
    })),
  };
}

/** One finding told as paragraphs: title line, body, causes, countermeasures. */
export function findingLines(m: ReportModel) {
  return m.findings.map((f, i) => ({
    heading: `（${i + 1}）${f.title}`,
    meta: `层级：${LEVEL_LABEL[f.level] ?? f.level}；严重程度：${SEVERITY_LABEL[f.severity] ?? f.severity}${f.dimension ? `；维度：${f.dimension}` : ''}`,
    body: f.body,
    causes: f.causes.map((c) => `【${CAUSE_LABEL[c.category] ?? c.category}】${c.description}`),
    measures: f.measures.map(
      (x) =>
        `【${PATH_LABEL[x.path] ?? x.path}${x.departmentCode ? ` · ${m.departments.get(x.departmentCode) ?? x.departmentCode}` : ''}】${x.description}`,
    ),
  }));
}
