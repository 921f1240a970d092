/**
 * The `lantu` command end to end, as a user runs it: the compiled CLI in child processes, real files,
 * GDAL's ogrinfo reading what it wrote, and a real server on a loopback port. GDAL is mandatory under
 * CI=true (.ci/run installs gdal-bin) and skipped, loudly, when absent locally.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_DATABASE_URL } from './test-database-url.js';

const run = promisify(execFile);
const LANTU = path.resolve('bin/lantu.js');
const hasGdal = spawnSync('sh', ['-c', 'command -v ogrinfo']).status === 0;
if (!hasGdal && process.env.CI === 'true')
  throw new Error('CI=true: GDAL (ogrinfo) is required for the interoperability tests');
if (!hasGdal)
  console.warn('[lantu] GDAL interoperability checks SKIPPED: ogrinfo not installed (apt-get install gdal-bin)');

function lantu(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const child = spawnSync(process.execPath, [LANTU, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, LANTU_DATABASE_URL: '', ...env },
    timeout: 240_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const LAYERS = ['zone', 'control_line', 'planning_zone', 'planned_land_use', 'land_survey', 'road', 'facility'];

describe('lantu CLI on the embedded store', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the demo city and prints its accounts', () => {
    const r = lantu(['demo', '--patches', '3000', '--years', '2024-2025', '--data-dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.store).toBe('sqlite');
    expect(out.loaded.features.land_survey).toBeGreaterThan(5000);
    expect(out.accounts.map((a: { username: string }) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'planner', 'planner_d1', 'citizen']),
    );
    const again = JSON.parse(
      lantu(['demo', '--patches', '3000', '--years', '2024-2025', '--data-dir', dir, '--json']).stdout,
    );
    expect(again.loaded).toBe('already-loaded');
  });

  it.skipIf(!hasGdal)('writes a GeoPackage that GDAL lists with every spatial layer, count and CRS', async () => {
    const { stdout } = await run('ogrinfo', ['-so', '-al', path.join(dir, 'lantu.gpkg')]);
    for (const layer of LAYERS) expect(stdout).toContain(`Layer name: ${layer}`);
    expect(stdout).toMatch(/Feature Count: [1-9]\d*/);
    expect(stdout).toContain('ID["EPSG",4490]');
    const { stdout: check } = await run('ogrinfo', [
      '-q',
      path.join(dir, 'lantu.gpkg'),
      '-sql',
      'SELECT COUNT(*) AS n FROM land_survey',
      '-dialect',
      'SQLite',
    ]);
    expect(check).toMatch(/n \(Integer\) = [1-9]/);
  });

  it('adds, lists and disables users, reading the password from standard input', () => {
    const added = lantu(
      [
        'user',
        'add',
        'cli_user',
        '--role',
        'planner',
        '--region',
        '990102',
        '--password-stdin',
        '--data-dir',
        dir,
        '--json',
      ],
      {},
      'a-long-cli-password\n',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ username: 'cli_user', role: 'planner', regionCode: '990102' });
    const list = JSON.parse(lantu(['user', 'list', '--data-dir', dir, '--json']).stdout);
    expect(list.map((u: { username: string }) => u.username)).toContain('cli_user');
    expect(lantu(['user', 'disable', 'cli_user', '--data-dir', dir]).code).toBe(0);
    const after = JSON.parse(lantu(['user', 'list', '--data-dir', dir, '--json']).stdout);
    expect(after.map((u: { username: string }) => u.username)).not.toContain('cli_user');
  });

  it('answers bad input with one line naming what is wrong, and a non-zero exit', () => {
    const badRole = lantu(
      ['user', 'add', 'x_user', '--role', 'emperor', '--region', '9901', '--password-stdin', '--data-dir', dir],
      {},
      'a-long-cli-password',
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/role "emperor" is invalid/);
    expect(badRole.stderr).toMatch(/角色/);
    expect(badRole.stderr).not.toMatch(/\n\s+at /);
    const noStdin = lantu(['user', 'add', 'x_user', '--role', 'planner', '--region', '9901', '--data-dir', dir]);
    expect(noStdin.code).toBe(1);
    expect(noStdin.stderr).toContain('--password-stdin');
    const badPort = lantu(['serve', '--port', 'eighty', '--data-dir', dir]);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('--port');
    const noDb = lantu(['migrate'], { LANTU_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    const badYears = lantu(['demo', '--years', '2019', '--data-dir', dir]);
    expect(badYears.stderr).toContain('--years');
    const fresh = lantu(['serve', '--data-dir', path.join(dir, 'empty')]);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain('lantu migrate');
  });

  it('migrates idempotently', () => {
    const out = JSON.parse(lantu(['migrate', '--data-dir', dir, '--json']).stdout);
    expect(out.applied).toEqual([]);
  });

  it('serves: a planner signs in over HTTP with the demo account', async () => {
    const child = spawn(process.execPath, [LANTU, 'serve', '--port', '0', '--data-dir', dir, '--json'], {
      env: { ...process.env, LANTU_DATABASE_URL: '' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buffer = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const match = /"url": "([^"]+)"/.exec(buffer);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'planner', password: 'Lantu-demo-2026' }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const plans = (await (
        await fetch(`${url}/api/plans`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { name: string }[];
      expect(plans.some((p) => p.name.includes('国土空间总体规划'))).toBe(true);
      const health = (await (await fetch(`${url}/api/health`)).json()) as { store: string };
      expect(health.store).toBe('sqlite');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('writes the dirty sample with its list of faults', () => {
    const out = JSON.parse(lantu(['demo', '--dirty', path.join(dir, 'dirty'), '--json']).stdout);
    expect(out.faults).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(dir, 'dirty', 'faults.json'))).toBe(true);
  });
});

describe.skipIf(!inject('postgres').usable)('lantu CLI on PostgreSQL/PostGIS', () => {
  const schema = `cli_${process.pid}`;
  const url = `${TEST_DATABASE_URL}?schema=${schema}`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('loads the demo city into PostGIS, and GDAL lists the same layers', async () => {
    const r = lantu(['demo', '--patches', '2000', '--years', '2025', '--json'], { LANTU_DATABASE_URL: url });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).store).toBe('postgres');
    if (!hasGdal) return;
    const u = new URL(TEST_DATABASE_URL);
    const conn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${u.username} schemas=${schema}`;
    const { stdout } = await run('ogrinfo', ['-so', '-al', conn]);
    for (const layer of LAYERS) expect(stdout).toContain(`Layer name: ${layer}`);
    expect(stdout).toMatch(/Feature Count: [1-9]\d*/);
  });
});
