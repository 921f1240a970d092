/**
 * The report as PDF: the DOCX converted by LibreOffice (`soffice --headless --convert-to pdf`), found as
 * LANTU_SOFFICE or on PATH. Each conversion gets its own LibreOffice profile folder, so two conversions
 * (or a desktop LibreOffice the same user has open) never wait on each other's profile lock, and a
 * fontconfig file that adds assets/fonts to the system's fonts, so the PDF has Chinese glyphs even on a
 * server without any CJK font installed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LantuError } from '../../errors.js';
import { FONT_FILE } from './render-png.js';

const run = promisify(execFile);
const CONVERT_TIMEOUT_MS = 180_000;

/** The soffice executable, or null when LibreOffice is not installed. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LANTU_SOFFICE) return fs.existsSync(env.LANTU_SOFFICE) ? env.LANTU_SOFFICE : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const file = path.join(dir, name);
      if (dir && fs.existsSync(file)) return file;
    }
  }
  return null;
}

export function pdfUnavailable(): LantuError {
  return new LantuError(
    'pdf_unavailable',
    503,
    '本机未安装 LibreOffice，无法生成 PDF（请安装 libreoffice-writer，或设置 LANTU_SOFFICE 指向 soffice；DOCX 与 HTML 格式不受影响）',
    'LibreOffice is not installed here, so no PDF can be made (install libreoffice-writer or point LANTU_SOFFICE at soffice; DOCX and HTML still work)',
  );
}

export async function docxToPdf(docx: Buffer): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) throw pdfUnavailable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-pdf-'));
  try {
    const input = path.join(dir, 'report.docx');
    fs.writeFileSync(input, docx);
    const fontsConf = path.join(dir, 'fonts.conf');
    fs.writeFileSync(
      fontsConf,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${path.dirname(FONT_FILE)}</dir>\n  <cachedir>${path.join(dir, 'fc-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      await run(
        soffice,
        [
          `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--convert-to',
          'pdf:writer_pdf_Export',
          '--outdir',
          dir,
          input,
        ],
        { timeout: CONVERT_TIMEOUT_MS, env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: dir } },
      );
    } catch (error) {
      throw new LantuError(
        'pdf_conversion_failed',
        500,
        `LibreOffice 转换 PDF 失败：${String(error)}`,
        `LibreOffice could not convert the report to PDF: ${String(error)}`,
      );
    }
    const output = path.join(dir, 'report.pdf');
    if (!fs.existsSync(output)) {
      throw new LantuError(
        'pdf_conversion_failed',
        500,
        'LibreOffice 未生成 PDF 文件',
        'LibreOffice ended without writing the PDF',
      );
    }
    return fs.readFileSync(output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
