/**
 * The report as a flat list of blocks — headings, paragraphs, tables, figures — in the outline's order,
 * so each writer (DOCX, HTML) only says how a block looks. Section text is what people wrote when they
 * wrote something, else what Lantu generated (report-sections.ts).
 */
import { bureauDate } from '../task-status.js';
import type { ReportFigures, Figure } from './report-figures.js';
import { KIND_LABEL } from './report-labels.js';
import type { ReportModel } from './report-model.js';
import type { SectionKey, SectionView } from './report-sections.js';
import {
  dimensionTable,
  findingLines,
  indicatorTables,
  readbackTable,
  taskTable,
  type TableView,
} from './report-tables.js';

export type Block =
  | { kind: 'title'; text: string; subtitle: string }
  | { kind: 'toc' }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; table: TableView }
  | { kind: 'figure'; figure: Figure; number: number };

export function reportTitle(m: ReportModel): string {
  return `${m.checkup.regionName}${m.checkup.year}年国土空间规划${KIND_LABEL[m.checkup.kind] ?? '体检评估'}报告`;
}

export function reportBlocks(m: ReportModel, sections: readonly SectionView[], figures: ReportFigures): Block[] {
  const blocks: Block[] = [
    {
      kind: 'title',
      text: reportTitle(m),
      subtitle: `${m.checkup.title} · 第 ${m.snapshot.seq} 版数据快照 · 生成于 ${bureauDate()}`,
    },
    { kind: 'toc' },
  ];
  let figureNo = 0;
  const figure = (f: Figure) => blocks.push({ kind: 'figure', figure: f, number: ++figureNo });
  const extras: Record<SectionKey, () => void> = {
    overview: () => {},
    indicators: () => {
      for (const t of indicatorTables(m)) blocks.push({ kind: 'table', table: t });
    },
    dimensions: () => {
      if (figures.radar) figure(figures.radar);
      if (m.dimensions.length) blocks.push({ kind: 'table', table: dimensionTable(m) });
      if (figures.trends.length) blocks.push({ kind: 'heading', level: 2, text: '主要指标变化趋势' });
      for (const f of figures.trends) figure(f);
    },
    findings: () => {
      for (const f of findingLines(m)) {
        blocks.push({ kind: 'heading', level: 2, text: f.heading }, { kind: 'paragraph', text: f.meta });
        if (f.body) blocks.push({ kind: 'paragraph', text: f.body });
        if (f.causes.length) blocks.push({ kind: 'paragraph', text: `成因分析：${f.causes.join('；')}` });
      }
    },
    measures: () => {
      for (const f of findingLines(m)) {
        if (!f.measures.length) continue;
        blocks.push({ kind: 'paragraph', text: `${f.heading}：${f.measures.join('；')}` });
      }
    },
    tasks: () => {
      if (m.tasks.length) blocks.push({ kind: 'table', table: taskTable(m) });
    },
    readback: () => {
      const t = readbackTable(m);
      if (t && t.rows.length) blocks.push({ kind: 'table', table: t });
    },
    maps: () => {
      for (const f of figures.maps) figure(f);
    },
  };
  for (const s of sections) {
    blocks.push({ kind: 'heading', level: 1, text: s.title });
    for (const p of s.text.split(/\n\s*\n/)) if (p.trim()) blocks.push({ kind: 'paragraph', text: p.trim() });
    extras[s.key]();
  }
  return blocks;
}
