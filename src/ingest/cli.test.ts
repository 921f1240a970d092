/**
 * `lantu import`, `lantu imports`, `lantu jobs show` and `lantu export` as a user runs them: the CLI
 * in a child process on a fresh embedded store, real files, GDAL reading what was exported.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirtySample } from '../demo/index.js';
import { EXIT_REJECTED } from '../cli/commands/import.js';
import { ogrinfo } from './test/files.js';

const MAIN = path.resolve('src/cli/main.ts');

function lantu(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANTU_DATABASE_URL: '' },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lantu import / export', () => {
  let dir: string;
  let sample: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-import-'));
    await writeDirtySample(path.join(dir, 'sample'));
    sample = path.join(dir, 'sample', 'dirty-landsurvey.geojson');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the report and exits 3 when all-or-nothing refuses the file', () => {
    const r = lantu(dir, ['import', sample, '--layer', 'dirty', '--region', '9901']);
    expect(r.code, r.stderr).toBe(EXIT_REJECTED);
    expect(r.stdout).toContain('rejected: 8 feature(s) failed the checks');
    expect(r.stdout).toContain('duplicate_id');
    expect(r.stdout).toMatch(/第 31 个 row 31 \[990102000000900001\] error\/rejected/);
  }, 180_000);

  it('loads the valid part, and answers in JSON for scripts', () => {
    const r = lantu(dir, ['--json', 'import', sample, '--layer', 'dirty', '--region', '9901', '--valid-part']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      status: 'loaded',
      counts: { read: 40, loaded: 32, rejected: 8 },
      layer: { code: 'dirty' },
    });
    const job = JSON.parse(lantu(dir, ['--json', 'jobs', 'show', String(out.jobId)]).stdout);
    expect(job).toMatchObject({ kind: 'import', status: 'succeeded', result: { importId: out.importId } });
    const report = JSON.parse(lantu(dir, ['--json', 'imports', String(out.importId), '--issue', 'sliver']).stdout);
    expect(report.issues.items.map((i: { row: number }) => i.row)).toEqual([19]);
  }, 180_000);

  it('exports the layer as a Shapefile set GDAL reads', () => {
    const out = path.join(dir, 'out', '现状.shp');
    const r = lantu(dir, ['export', 'dirty', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('exported 32 feature(s)');
    for (const ext of ['.shp', '.shx', '.dbf', '.prj', '.cpg'])
      expect(fs.existsSync(out.replace('.shp', ext)), ext).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out', '现状_fields.csv'))).toBe(true);
    const info = ogrinfo(['-so', '-al', out]);
    expect(info).toContain('Feature Count: 32');
    expect(info).toMatch(/ID\["EPSG",4490\]\]/);
  }, 180_000);

  it('fails in one line naming the option', () => {
    const r = lantu(dir, ['import', sample, '--layer', 'x', '--preset', 'cadastre']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain('[--preset]');
  }, 180_000);
});
