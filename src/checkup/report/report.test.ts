/**
 * The check-up report on a real monitoring run of the demo city, both stores: the DOCX is a real
 * Word zip with the outline's Chinese headings, the indicator names, the findings and the chart and map
 * images; an edited section survives regeneration and wins in the document; the HTML is self-contained
 * with the coloured indicator table; with LibreOffice, the PDF has pages and its text has the headings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.js';
import { SYSTEM } from '../../auth/principal.js';
import { checkupReadback } from '../task-readback.js';
import { generateReport, listReports, reportFile } from './generate-report.js';
import { loadReportModel } from './report-model.js';
import { SECTIONS, editSection, listSections } from './report-sections.js';
import { demoCityForReport, setUpReportFixture, type ReportFixture } from './report-test-setup.js';
import { findSoffice } from './write-pdf.js';

const PLANNER = { ...SYSTEM, automated: false, username: 'planner', role: 'planner' as const, regionCode: '9901' };
const OTHER_CITY = { ...PLANNER, username: 'elsewhere', regionCode: '9902' };
let city: ReturnType<typeof demoCityForReport>;
beforeAll(() => {
  city ??= demoCityForReport(1500);
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(data: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(data);
  expect(view.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '');

describeEachStore('the check-up report', (ctx) => {
  let fx: ReportFixture;
  beforeAll(async () => {
    fx = await setUpReportFixture(ctx.store, city);
  }, 300_000);

  it('reads the model from the snapshot: rows at every level, trends, dimensions, readback', async () => {
    const m = await loadReportModel(ctx.store, fx.checkupId);
    expect(new Set(m.rows.map((r) => r.level))).toEqual(new Set(['city', 'urban', 'unit']));
    // Drafted from the monitoring run, and the two written by hand with their cause.
    expect(m.findings.length).toBeGreaterThan(2);
    expect(m.findings.map((f) => f.title)).toEqual(expect.arrayContaining(fx.findingTitles));
    expect(m.findings.find((f) => f.title === fx.findingTitles[0])!.causes).toEqual([
      { category: 'implementation', description: '城镇开发边界外零星建设占用耕地。' },
    ]);
    expect(m.tasks).toHaveLength(2);
    // Trends: one point per monitored year, the last from the snapshot; forecast past 2025.
    expect(m.trends.length).toBeGreaterThan(0);
    for (const t of m.trends) {
      expect(t.points.map((p) => p.year)).toEqual([2023, 2024, 2025]);
      expect(t.forecast[0]!.year).toBe(2026);
    }
    const snap = m.rows.find((r) => r.indicatorCode === m.trends[0]!.indicatorCode && r.zoneCode === '9901')!;
    expect(m.trends[0]!.points.at(-1)!.value).toBe(snap.value);
    // Readback of the 2024 task on XT-04: change = the 2025 snapshot value − the 2024 baseline.
    const rb = m.readback!;
    expect(rb.previousId).toBe(fx.previousId);
    const xt04 = rb.items.find((i) => i.indicatorCode === 'XT-04')!;
    const now = m.rows.find((r) => r.indicatorCode === 'XT-04' && r.zoneCode === '9901')!.value!;
    expect(xt04.current).toBe(now);
    expect(xt04.change).toBeCloseTo(now - xt04.baseline!, 8);
    // Target = baseline − 1, so it moved toward the target exactly when it went down.
    expect(xt04.movedTowardTarget).toBe(now < xt04.baseline!);
    expect(rb.items.find((i) => i.indicatorCode === null)!.movedTowardTarget).toBeNull();
    // The same judgement as the task tracking's own readback (decision 0041).
    const tracked = await checkupReadback(ctx.store.db, PLANNER, fx.checkupId);
    expect(rb.items.map((i) => [i.title, i.change, i.movedTowardTarget])).toEqual(
      tracked.tasks.map((t) => [t.title, t.indicator?.change ?? null, t.indicator?.movedTowardTarget ?? null]),
    );
    for (const d of m.dimensions) {
      expect(d.score).toBeGreaterThanOrEqual(0);
      expect(d.score).toBeLessThanOrEqual(100);
    }
    expect(m.mapIndicators.length).toBeGreaterThan(0);
  });

  it('writes a DOCX with the Chinese outline, the indicators, the findings and the figures', async () => {
    const report = await generateReport(ctx.store, PLANNER, fx.checkupId, 'docx');
    const file = await reportFile(ctx.store.db, PLANNER, report.id);
    expect(file.byteSize).toBe(file.content.length);
    const zip = await JSZip.loadAsync(file.content);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xmlText(xml);
    for (const s of SECTIONS) expect(text).toContain(s.title);
    expect(text).toContain('示范市2025年国土空间规划年度体检报告');
    for (const name of fx.cityIndicatorNames.slice(0, 10)) expect(text).toContain(name);
    for (const title of fx.findingTitles) expect(text).toContain(title);
    expect(text).toContain('城镇开发边界外零星建设占用耕地。');
    expect(text).toContain('控制城乡建设用地年度增量'); // the previous check-up's task, read back
    expect(xml).toContain('w:eastAsia="宋体"');
    expect(xml).toContain('w:fill="F8D0CC"'); // a red status cell
    expect(xml).toContain('TOC \\h \\o &quot;1-2&quot;'); // the table of contents field, headings 1–2
    const footer = Object.keys(zip.files).find((n) => /word\/footer\d*\.xml/.test(n))!;
    expect(await zip.file(footer)!.async('string')).toContain('PAGE');
    const m = await loadReportModel(ctx.store, fx.checkupId);
    const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(m.trends.length + m.mapIndicators.length + (m.dimensions.length >= 3 ? 1 : 0));
    for (const name of media) {
      const data = await zip.file(name)!.async('uint8array');
      expect(data.length, name).toBeGreaterThan(10_000);
      const { width, height } = pngSize(data);
      expect(width, name).toBeGreaterThanOrEqual(1000);
      expect(height, name).toBeGreaterThanOrEqual(600);
    }
  });

  it('keeps what people wrote when the report is generated again, and prints it', async () => {
    const written = '本年度体检由市自然资源和规划局组织，人工撰写的总体情况。';
    await editSection(ctx.store.db, PLANNER, fx.checkupId, 'overview', written);
    const again = await generateReport(ctx.store, PLANNER, fx.checkupId, 'docx');
    const sections = await listSections(ctx.store.db, PLANNER, fx.checkupId);
    const overview = sections.find((s) => s.key === 'overview')!;
    expect(overview).toMatchObject({ editedText: written, editedBy: 'planner', text: written });
    expect(overview.generatedText).toContain('本报告为示范市2025年度国土空间规划年度体检报告');
    const text = xmlText(
      await (
        await JSZip.loadAsync((await reportFile(ctx.store.db, PLANNER, again.id)).content)
      )
        .file('word/document.xml')!
        .async('string'),
    );
    expect(text).toContain(written);
    expect(text).not.toContain('本报告为示范市2025年度');
    // An empty text gives the section back to Lantu.
    await editSection(ctx.store.db, PLANNER, fx.checkupId, 'overview', '');
    expect((await listSections(ctx.store.db, PLANNER, fx.checkupId))[0]!.text).toBe(overview.generatedText);
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('activity')
      .where('entity_type', '=', 'checkup')
      .where('activity', 'in', ['checkup.report_section_edited', 'checkup.report_generated'])
      .execute();
    expect(audit.filter((a) => a.activity === 'checkup.report_section_edited')).toHaveLength(2);
    expect(audit.filter((a) => a.activity === 'checkup.report_generated').length).toBeGreaterThanOrEqual(2);
  });

  it('writes a self-contained HTML with the coloured indicator table and inline images', async () => {
    const report = await generateReport(ctx.store, PLANNER, fx.checkupId, 'html');
    const html = (await reportFile(ctx.store.db, PLANNER, report.id)).content.toString('utf8');
    expect(html).toContain('<table><caption>市域指标监测评估表</caption>');
    expect(html).toContain('<caption>规划单元指标监测评估汇总表</caption>');
    expect(html).toMatch(/<td class="status-(red|orange|yellow|blue)" style="background:#[0-9A-F]{6}">/);
    for (const name of fx.cityIndicatorNames.slice(0, 5)) expect(html).toContain(name);
    expect(html).toContain('data:image/png;base64,');
    expect(html).not.toMatch(/src="https?:/);
    const listed = await listReports(ctx.store.db, PLANNER, fx.checkupId);
    expect(listed[0]).toMatchObject({ id: report.id, format: 'html', byteSize: Buffer.byteLength(html) });
    expect(listed[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses another region, an unknown format and an unknown section', async () => {
    await expect(generateReport(ctx.store, OTHER_CITY, fx.checkupId, 'docx')).rejects.toMatchObject({ status: 403 });
    await expect(listReports(ctx.store.db, OTHER_CITY, fx.checkupId)).rejects.toMatchObject({ status: 403 });
    await expect(generateReport(ctx.store, PLANNER, fx.checkupId, 'odt')).rejects.toMatchObject({
      code: 'report_format_unknown',
    });
    await expect(editSection(ctx.store.db, PLANNER, fx.checkupId, 'preface', 'x')).rejects.toMatchObject({
      code: 'report_section_unknown',
    });
  });

  // CI installs LibreOffice; a laptop without it skips this one, and says why in the test's name.
  const soffice = findSoffice();
  it.skipIf(!soffice)(
    soffice
      ? 'converts to PDF with LibreOffice: several pages, the Chinese headings in its text'
      : 'converts to PDF — SKIPPED: LibreOffice (soffice) not found on PATH or LANTU_SOFFICE',
    async () => {
      const report = await generateReport(ctx.store, PLANNER, fx.checkupId, 'pdf');
      const file = await reportFile(ctx.store.db, PLANNER, report.id);
      expect(file.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdf = path.join(ctx.dir, 'report.pdf');
      fs.writeFileSync(pdf, file.content);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(1);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const s of SECTIONS) expect(text).toContain(s.title.replace(/\s+/g, ''));
      expect(text).toContain(fx.findingTitles[0]);
    },
    300_000,
  );
});
