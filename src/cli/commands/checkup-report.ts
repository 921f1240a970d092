/**
 * `lantu checkup report <id> --format docx|html|pdf --out <file>` generates the check-up report, stores
 * it like the API does and writes it to a file; `lantu checkup section <id> <key> --text …` writes a
 * section's text over the generated one (regeneration keeps it; `--clear` gives it back), and
 * `lantu checkup sections <id>` lists them. Added under the `checkup` command; `--as <username>` acts as
 * that user (checkup.manage and region scope checked as over HTTP).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { REPORT_FORMATS } from '../../checkup/checkup-tables.js';
import { checkFormat, generateReport, reportFile } from '../../checkup/report/generate-report.js';
import { SECTION_KEYS, editSection, listSections } from '../../checkup/report/report-sections.js';
import { badRequest } from '../../errors.js';
import { actorFor, withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';
import { wholeNumber } from './checkup.js';

type Global = OutputOptions & { dataDir?: string };

export function registerCheckupReportCommands(checkup: Command, globals: () => Global): void {
  checkup
    .command('report <checkupId>')
    .description('生成体检评估报告并保存为文件 generate the check-up report and write it to a file')
    .option('--format <format>', `格式 format: ${REPORT_FORMATS.join(' | ')}`, 'docx')
    .option('--out <file>', '输出文件（默认：报告文件名，写在当前目录） output file (default: the report’s name, here)')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (checkupId: string, o: { format: string; out?: string; as?: string }) => {
      const g = globals();
      const format = checkFormat(o.format);
      const result = await withStore(g, async (store) => {
        const actor = await actorFor(store, o.as);
        const report = await generateReport(store, actor, wholeNumber(checkupId, 'checkupId'), format);
        const file = await reportFile(store.db, actor, report.id);
        const out = path.resolve(o.out ?? report.fileName);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, file.content);
        return { ...report, path: out };
      });
      emit(
        g,
        result,
        () =>
          `报告 report #${result.id} (${result.format}, ${(result.byteSize / 1024).toFixed(0)} KiB, snapshot ${result.snapshotId}) → ${result.path}\n` +
          `sha256 ${result.sha256}`,
      );
    });

  checkup
    .command('section <checkupId> <key>')
    .description(
      `编辑报告章节（重新生成不覆盖） write a report section’s text; regeneration keeps it. Keys: ${SECTION_KEYS.join(', ')}`,
    )
    .option('--text <text>', '章节文字（段落之间空一行） the text (blank line between paragraphs)')
    .option('--file <file>', '从 UTF-8 文本文件读取 read the text from a UTF-8 file')
    .option('--clear', '清除人工文字，恢复生成内容 drop the written text, show the generated one again')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(
      async (checkupId: string, key: string, o: { text?: string; file?: string; clear?: boolean; as?: string }) => {
        const g = globals();
        const given = [o.text !== undefined, o.file !== undefined, o.clear === true].filter(Boolean).length;
        if (given !== 1) {
          throw badRequest(
            'section_text_missing',
            '请给出 --text、--file 或 --clear 之一',
            'give exactly one of --text, --file or --clear',
            { field: '--text' },
          );
        }
        const text = o.clear ? null : (o.text ?? fs.readFileSync(o.file!, 'utf8'));
        const view = await withStore(g, async (store) =>
          editSection(store.db, await actorFor(store, o.as), wholeNumber(checkupId, 'checkupId'), key, text),
        );
        emit(g, view, () =>
          view.editedText === null
            ? `${view.title}：已恢复生成内容 back to the generated text`
            : `${view.title}：已保存人工文字 written text saved (${view.editedText.length} 字)`,
        );
      },
    );

  checkup
    .command('sections <checkupId>')
    .description('列出报告章节 list the report’s sections')
    .option('--as <user>', '以该用户身份 act as this user')
    .action(async (checkupId: string, o: { as?: string }) => {
      const g = globals();
      const items = await withStore(g, async (store) =>
        listSections(store.db, await actorFor(store, o.as), wholeNumber(checkupId, 'checkupId')),
      );
      emit(g, { items }, () =>
        items
          .map(
            (s) =>
              `${s.key.padEnd(11)} ${s.title}  ${s.editedText !== null ? `人工编辑 edited by ${s.editedBy}` : s.generatedText !== null ? '生成 generated' : '—'}`,
          )
          .join('\n'),
      );
    });
}
