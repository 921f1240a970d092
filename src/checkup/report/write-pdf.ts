/**
 * The report as PDF: the DOCX converted by LibreOffice (`soffice --headless --convert-to pdf`), found as
 * LANTU_SOFFICE or on PATH. The process keeps one LibreOffice profile folder of its own (creating a
 * profile costs several seconds at the first start) and converts one document at a time through it, so
 * conversions never fight over the profile's lock — nor with a desktop LibreOffice of the same user. A
 * fontconfig file adds assets/fonts to the system's fonts and maps 宋体/黑体 to Noto CJK SC when it is
 * installed, else to the shipped font, so the PDF has Simplified Chinese glyphs even on a server
 * without any CJK font (and not the Japanese forms fontconfig may pick for an unknown family).
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
let profileDir: string | null = null;
let queue: Promise<unknown> = Promise.resolve();

function fontsConf(dir: string): string {
  const alias = (family: string, prefer: string) =>
    `  <alias binding="same"><family>${family}</family><prefer><family>${prefer}</family><family>Lantu Sans SC</family></prefer></alias>\n`;
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
    `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
    `  <dir>${path.dirname(FONT_FILE)}</dir>\n  <cachedir>${path.join(dir, 'fc-cache')}</cachedir>\n` +
    ['宋体', 'SimSun', '仿宋', 'FangSong'].map((f) => alias(f, 'Noto Serif CJK SC')).join('') +
    ['黑体', 'SimHei', '微软雅黑', 'Microsoft YaHei'].map((f) => alias(f, 'Noto Sans CJK SC')).join('') +
    `</fontconfig>\n`
  );
}

function profile(): string {
  if (profileDir === null || !fs.existsSync(profileDir)) {
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-soffice-'));
    fs.writeFileSync(path.join(profileDir, 'fonts.conf'), fontsConf(profileDir));
  }
  return profileDir;
}

/** Convert one document at a time (see the header). */
export function docxToPdf(docx: Buffer): Promise<Buffer> {
  const next = queue.then(() => convert(docx));
  queue = next.catch(() => undefined);
  return next;
}

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

async function convert(docx: Buffer): Promise<Buffer> {
  const soffice = findSoffice();
  if (!soffice) throw pdfUnavailable();
  const home = profile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-pdf-'));
  try {
    const input = path.join(dir, 'report.docx');
    fs.writeFileSync(input, docx);
    try {
      await run(
        soffice,
        [
          `-env:UserInstallation=file://${path.join(home, 'profile')}`,
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--convert-to',
          'pdf:writer_pdf_Export',
          '--outdir',
          dir,
          input,
        ],
        {
          timeout: CONVERT_TIMEOUT_MS,
          env: { ...process.env, FONTCONFIG_FILE: path.join(home, 'fonts.conf'), HOME: home },
        },
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
