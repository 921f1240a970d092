/**
 * The report as a Word document (docx package): Chinese fonts by East Asian name — 宋体 for the body,
 * 黑体 for headings, with Times New Roman for Latin text (GB/T 9704 habits); a table of contents field
 * filled from the headings; tables with the status cell coloured; the charts and maps as PNG images;
 * page numbers in the footer. Word and WPS have 宋体/黑体; LibreOffice substitutes its CJK font when
 * they are missing (the PDF path adds the shipped font to its font path, see write-pdf.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block } from './report-blocks.js';
import { STATUS_FILL } from './report-labels.js';
import type { TableView } from './report-tables.js';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: '黑体', cs: 'Arial' };
/** A4 text width at 2.5 cm margins: 16 cm ≈ 605 px at 96 dpi — images are scaled to fit it. */
const TEXT_WIDTH_PX = 600;
const A4 = { width: 11906, height: 16838, margin: 1418 };
const TEXT_WIDTH_TWIPS = A4.width - 2 * A4.margin;

/** Display width of a text: a CJK character is as wide as two Latin ones. */
const textWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/**
 * Column widths in proportion to each column's longest text (4–24 half-width units), so an indicator
 * name gets room and a code column only what it needs; Word's autofit would give every column the same width.
 */
export function columnWidths(t: TableView): number[] {
  const weights = t.header.map(
    (h, i) =>
      // + 2 for the cell's margins, which take the same room in a narrow column as in a wide one.
      Math.min(24, Math.max(4, textWidth(h), ...t.rows.map((r) => textWidth(r.cells[i] ?? '')))) + 3,
  );
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => Math.floor((TEXT_WIDTH_TWIPS * w) / total));
}

function table(t: TableView): (Paragraph | Table)[] {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  const widths = columnWidths(t);
  const cell = (text: string, i: number, opts: { header?: boolean; fill?: string } = {}) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      children: [
        new Paragraph({
          alignment: opts.header ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text, bold: opts.header, size: 18, font: opts.header ? HEADING_FONT : BODY_FONT })],
        }),
      ],
      shading: opts.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } : undefined,
      borders: { top: border, bottom: border, left: border, right: border },
    });
  const last = t.header.length - 1;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 60 },
      children: [new TextRun({ text: t.caption, bold: true, font: HEADING_FONT, size: 21 })],
    }),
    new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [
        new TableRow({
          tableHeader: true,
          children: t.header.map((h, i) => cell(h, i, { header: true, fill: 'DCE6F1' })),
        }),
        ...t.rows.map(
          (r) =>
            new TableRow({
              children: r.cells.map((c, i) =>
                cell(c, i, { fill: i === last && r.status ? STATUS_FILL[r.status] : undefined }),
              ),
            }),
        ),
      ],
    }),
  ];
}

function blockToDocx(b: Block): (Paragraph | Table | TableOfContents)[] {
  switch (b.kind) {
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 2400, after: 600 },
          children: [new TextRun({ text: b.text, bold: true, size: 44, font: HEADING_FONT })],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 1200 },
          children: [new TextRun({ text: b.subtitle, size: 24, font: BODY_FONT })],
        }),
      ];
    case 'toc':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          pageBreakBefore: true,
          children: [new TextRun({ text: '目  录', bold: true, size: 32, font: HEADING_FONT })],
        }),
        new TableOfContents('目录', { hyperlink: true, headingStyleRange: '1-2' }),
      ];
    case 'heading':
      return [
        new Paragraph({
          heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          pageBreakBefore: b.level === 1,
          children: [new TextRun({ text: b.text, font: HEADING_FONT })],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          indent: { firstLine: 480 },
          spacing: { line: 360, after: 120 },
          children: [new TextRun({ text: b.text, font: BODY_FONT })],
        }),
      ];
    case 'table':
      return table(b.table);
    case 'figure': {
      const { png } = b.figure;
      const width = Math.min(TEXT_WIDTH_PX, png.width / 2);
      const height = Math.round((width * png.height) / png.width);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: 120 },
          children: [new ImageRun({ type: 'png', data: png.data, transformation: { width, height } })],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [new TextRun({ text: `图 ${b.number}  ${b.figure.caption}`, size: 20, font: HEADING_FONT })],
        }),
      ];
    }
  }
}

export async function writeDocx(blocks: readonly Block[], title: string): Promise<Buffer> {
  const doc = new Document({
    title,
    creator: 'Lantu 蓝图',
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 24, language: { value: 'zh-CN', eastAsia: 'zh-CN' } } },
        heading1: {
          run: { font: HEADING_FONT, size: 32, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 200 } },
        },
        heading2: {
          run: { font: HEADING_FONT, size: 28, bold: true, color: '000000' },
          paragraph: { spacing: { before: 200, after: 120 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
                    size: 18,
                  }),
                ],
              }),
            ],
          }),
        },
        children: blocks.flatMap(blockToDocx),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
