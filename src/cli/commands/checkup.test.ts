/**
 * `lantu checkup create|list|show|transition|run|values|draft|findings|finding|merge|support|cause|measure`
 * end to end: the compiled CLI in child processes (run `npx tsc -p tsconfig.json` first) on an embedded
 * store holding the hand-made city of finding-test-fixture.ts and three users.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../test/api-fixture.js';
import { SYSTEM } from '../../auth/principal.js';
import { createUser } from '../../auth/users.js';
import { loadCheckupFixture } from '../../checkup/finding-test-fixture.js';
import { migrate } from '../../store/migrate.js';
import { GPKG_FILE_NAME, openSqliteStore } from '../../store/sqlite-store.js';

const LANTU = path.resolve('bin/lantu.js');

describe('lantu checkup', () => {
  let dir: string;

  function lantu(...args: string[]) {
    const child = spawnSync(process.execPath, [LANTU, ...args, '--data-dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, LANTU_DATABASE_URL: '' },
      timeout: 120_000,
    });
    return { code: child.status, stdout: child.stdout, stderr: child.stderr };
  }
  const json = (...args: string[]) => {
    const r = lantu(...args, '--json');
    return { code: r.code, body: JSON.parse(r.stdout || 'null'), stderr: r.stderr };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-checkup-'));
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      await migrate(store);
      await loadCheckupFixture(store);
      await store.db
        .insertInto('department')
        .values({ code: 'jyj', name: '教育局', name_en: null, region_code: '9901' })
        .execute();
      for (const [username, role, departmentCode] of [
        ['evaluator', 'evaluator', null],
        ['planner', 'planner', null],
        ['dept', 'department_officer', 'jyj'],
      ] as const)
        await createUser(store.db, SYSTEM, { username, role, regionCode: '9901', departmentCode, password: PASSWORD });
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates, lists and shows a check-up; a department officer is refused in both languages', () => {
    const refused = lantu(
      'checkup',
      'create',
      '--kind',
      'annual',
      '--region',
      '9901',
      '--year',
      '2025',
      '--as',
      'dept',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('checkup.manage');
    expect(refused.stderr).toMatch(/没有“checkup.manage”权限/);

    const created = json(
      'checkup',
      'create',
      '--kind',
      'annual',
      '--region',
      '9901',
      '--year',
      '2025',
      '--as',
      'evaluator',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.body).toMatchObject({ id: 1, title: '示范市2025年度国土空间规划实施体检', createdBy: 'evaluator' });
    const human = lantu('checkup', 'list', '--as', 'dept');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('#1 示范市2025年度国土空间规划实施体检');
    expect(json('checkup', 'show', '1').body).toMatchObject({ status: 'drafting', counts: { findings: 0 } });
  });

  it('moves it, freezes the current values, drafts, edits, merges, supports and adds causes and measures', () => {
    for (const event of ['start_collecting', 'start_computing'])
      expect(lantu('checkup', 'transition', '1', event, '--as', 'evaluator').code).toBe(0);
    const early = lantu('checkup', 'transition', '1', 'start_analysis', '--as', 'evaluator');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('snapshot');

    const snap = json('checkup', 'run', '1', '--from-current', '--as', 'evaluator');
    expect(snap.code, snap.stderr).toBe(0);
    expect(snap.body.snapshot).toMatchObject({ seq: 1, summary: { values: 32 } });
    const values = json('checkup', 'values', '1', '--indicator', 'MP-04');
    expect(values.body.items).toEqual([expect.objectContaining({ zoneCode: '9901', value: 400, expected: 410 })]);
    expect(lantu('checkup', 'transition', '1', 'start_analysis', '--as', 'evaluator').code).toBe(0);

    const draft = json('checkup', 'draft', '1', '--as', 'evaluator');
    expect(draft.body).toMatchObject({ created: 6 });
    expect(json('checkup', 'draft', '1', '--as', 'evaluator').body).toMatchObject({ created: 0, unchanged: 6 });
    const city = json('checkup', 'findings', '1', '--level', 'city').body.items as { id: number; sourceKey: string }[];
    const bottom = city.find((f) => f.sourceKey === 'bottom_line:city:MP-04:9901')!;
    const trend = city.find((f) => f.sourceKey === 'trend:city:MP-04:9901')!;
    const edited = json('checkup', 'finding', 'edit', String(trend.id), '--title', '耕地逐年减少', '--as', 'evaluator');
    expect(edited.body).toMatchObject({ origin: 'edited', title: '耕地逐年减少' });

    const merged = json(
      'checkup',
      'merge',
      '1',
      '--ids',
      `${bottom.id},${trend.id}`,
      '--title',
      '耕地保有量跌破底线且逐年减少',
      '--as',
      'evaluator',
    );
    expect(merged.body).toMatchObject({ origin: 'merged', severity: 'red' });
    const cause = json(
      'checkup',
      'cause',
      'add',
      String(merged.body.id),
      '--category',
      'policy',
      '--text',
      '补划政策未落地',
      '--as',
      'evaluator',
    );
    expect(cause.code, cause.stderr).toBe(0);
    const badPath = lantu(
      'checkup',
      'measure',
      'add',
      String(merged.body.id),
      '--path',
      'luck',
      '--text',
      'x',
      '--as',
      'evaluator',
    );
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toContain('对策路径');
    const measure = json(
      'checkup',
      'measure',
      'add',
      String(merged.body.id),
      '--path',
      'government',
      '--text',
      '实施耕地恢复',
      '--as',
      'evaluator',
    );
    expect(measure.body).toMatchObject({ path: 'government', weight: 1 });

    const support = json('checkup', 'support', String(merged.body.id));
    expect(support.body.acrossYears.items[0]).toMatchObject({ indicatorCode: 'LOC-01', n: 5 });
    expect(support.body.acrossYears.items[0].r).toBeCloseTo(-1, 10);
    const shown = lantu('checkup', 'finding', 'show', String(merged.body.id));
    expect(shown.stdout).toContain('耕地保有量跌破底线且逐年减少');
    expect(shown.stdout).toContain('原因 1, 对策 1');
  });
});
