/**
 * The report's tables as plain rows, shared by the DOCX and HTML writers. The 市域 and 城区 levels list
 * every value; the 单元 level (a city has 100+ units) is summed up per indicator — how many units per
 * status, the range and the mean — and the thematic maps show the units one by one.
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
import type { ReportModel, RowStatus } from './report-model.js';

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

export function indicatorTables(m: ReportModel): TableView[] {
  const out: TableView[] = [];
  for (const level of m.checkup.levels) {
    const rows = m.rows.filter((r) => r.level === level);
    if (!rows.length) continue;
    if (level !== 'unit') {
      out.push({
        caption: `${LEVEL_LABEL[level]}指标监测评估表`,
        header: ['编号', '指标', '区域', '单位', '现状值', '年度预期值', '规划目标值', '状态'],
        rows: rows.map((r) => ({
          cells: [
            r.indicatorCode,
            r.name,
            r.zoneName,
            r.unit,
            fmt(r.value),
            fmt(r.expected),
            fmt(r.target),
            STATUS_LABEL[r.status],
          ],
          status: r.status,
        })),
      });
      continue;
    }
    const byIndicator = new Map<string, typeof rows>();
    for (const r of rows) byIndicator.set(r.indicatorCode, [...(byIndicator.get(r.indicatorCode) ?? []), r]);
    out.push({
      caption: `${LEVEL_LABEL.unit}指标监测评估汇总表`,
      header: ['编号', '指标', '单位', '单元数', '最小值', '平均值', '最大值', '预警单元', '状态'],
      rows: [...byIndicator].map(([code, rs]) => {
        const values = rs.map((r) => r.value).filter((v): v is number => v !== null);
        const worst = WARNED.find((g) => rs.some((r) => r.status === g)) ?? (values.length ? 'normal' : 'missing');
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
        t.departmentCode,
        t.coDepartments.join('、') || '—',
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
        i.departmentCode,
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
      (x) => `【${PATH_LABEL[x.path] ?? x.path}${x.departmentCode ? ` · ${x.departmentCode}` : ''}】${x.description}`,
    ),
  }));
}
