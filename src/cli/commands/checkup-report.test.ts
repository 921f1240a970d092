/**
 * `lantu checkup report|section|sections` end to end: the compiled CLI in child processes (run
 * `npx tsc -p tsconfig.json` first) on an embedded store holding a real monitoring run of the demo city
 * and the report fixture's two check-ups.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/api-fixture.js';
import { SYSTEM } from '../../auth/principal.js';
import { createUser } from '../../auth/users.js';
import { demoCityForReport, setUpReportFixture, type ReportFixture } from '../../checkup/report/report-test-setup.js';
import { migrate } from '../../store/migrate.js';
import { GPKG_FILE_NAME, openSqliteStore } from '../../store/sqlite-store.js';

const LANTU = path.resolve('bin/lantu.js');

describe('lantu checkup report', () => {
  let dir: string;
  let fx: ReportFixture;

  function lantu(...args: string[]) {
    const child = spawnSync(process.execPath, [LANTU, ...args, '--data-dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, LANTU_DATABASE_URL: '' },
      timeout: 180_000,
    });
    return { code: child.status, stdout: child.stdout, stderr: child.stderr };
  }
  const json = (...args: string[]) => {
    const r = lantu(...args, '--json');
    return { code: r.code, body: JSON.parse(r.stdout || 'null'), stderr: r.stderr };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-report-'));
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      await migrate(store);
      fx = await setUpReportFixture(store, demoCityForReport(1500));
      for (const [username, role] of [
        ['planner', 'planner'],
        ['leader', 'leader'],
      ] as const)
        await createUser(store.db, SYSTEM, { username, role, regionCode: '9901', password: PASSWORD });
    } finally {
      await store.close();
    }
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a section, generates the DOCX with it, and lists the sections', async () => {
    const written = '命令行写入的总体情况。';
    const saved = json('checkup', 'section', String(fx.checkupId), 'overview', '--text', written, '--as', 'planner');
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.body).toMatchObject({ key: 'overview', editedText: written, editedBy: 'planner' });

    const out = path.join(dir, 'out', '报告.docx');
    const made = json('checkup', 'report', String(fx.checkupId), '--format', 'docx', '--out', out, '--as', 'planner');
    expect(made.code, made.stderr).toBe(0);
    expect(made.body).toMatchObject({ format: 'docx', path: out, generatedBy: 'planner' });
    const bytes = fs.readFileSync(out);
    expect(bytes.length).toBe(made.body.byteSize);
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain(written);
    expect(xml).toContain(fx.findingTitles[0]);

    const listed = json('checkup', 'sections', String(fx.checkupId));
    expect(listed.body.items.map((s: { key: string }) => s.key)).toEqual([
      'overview',
      'indicators',
      'dimensions',
      'findings',
      'measures',
      'tasks',
      'readback',
      'maps',
    ]);
    expect(listed.body.items[0]).toMatchObject({ editedText: written });
    expect(listed.body.items[1].generatedText).toContain('年度预期值');

    const cleared = json('checkup', 'section', String(fx.checkupId), 'overview', '--clear');
    expect(cleared.body.editedText).toBeNull();
  });

  it('writes the HTML where it is told, and refuses a role without checkup.manage and bad input', () => {
    const out = path.join(dir, 'report.html');
    const made = lantu('checkup', 'report', String(fx.checkupId), '--format', 'html', '--out', out);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(out);
    expect(fs.readFileSync(out, 'utf8')).toContain('<caption>市域指标监测评估表</caption>');

    const leader = lantu('checkup', 'report', String(fx.checkupId), '--format', 'html', '--as', 'leader');
    expect(leader.code).toBe(1);
    expect(leader.stderr).toContain('checkup.manage');
    const odt = json('checkup', 'report', String(fx.checkupId), '--format', 'odt');
    expect(odt.body.error).toMatchObject({ code: 'report_format_unknown', field: 'format' });
    const none = json('checkup', 'section', String(fx.checkupId), 'overview');
    expect(none.body.error).toMatchObject({ code: 'section_text_missing' });
  });
});
