/**
 * `lantu checkup task|tasks|progress|rollup|readback|carry-over` end to end: the compiled CLI in child
 * processes (run `npx tsc -p tsconfig.json` first) on an embedded store prepared with the API fixture's
 * world — two check-ups, a countermeasure, a value of LOC-01 to take the baseline from.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, seedWorld } from '../../../test/api-fixture.js';
import { SYSTEM } from '../../auth/principal.js';
import { createUser } from '../../auth/users.js';
import { addFindingWithMeasures, addSecondDepartment, makeCheckup, putValue } from '../../checkup/task-test-setup.js';
import { migrate } from '../../store/migrate.js';
import { GPKG_FILE_NAME, openSqliteStore } from '../../store/sqlite-store.js';
import { parseEvidence } from './checkup-tasks.js';

const LANTU = path.resolve('bin/lantu.js');

describe('lantu checkup tasks', () => {
  let dir: string;
  let previous: number;
  let current: number;
  let measureId: number;

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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-tasks-'));
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      await migrate(store);
      await seedWorld(store);
      await addSecondDepartment(store);
      await createUser(store.db, SYSTEM, {
        username: 'dept_jtj',
        role: 'department_officer',
        regionCode: '9901',
        departmentCode: 'jtj',
        password: PASSWORD,
      });
      await putValue(store, 'LOC-01', '9901', 2024, 22);
      previous = await makeCheckup(store, 2024);
      current = await makeCheckup(store, 2025, previous);
      [measureId] = (await addFindingWithMeasures(store, previous, '开发强度偏高', [1])) as [number];
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads evidence flags as link, file or text', () => {
    expect(parseEvidence(['link:https://example.org/a', 'file:验收.pdf', 'text:已开工', '开工仪式'])).toEqual([
      { kind: 'link', value: 'https://example.org/a' },
      { kind: 'file', value: '验收.pdf' },
      { kind: 'text', value: '已开工' },
      { kind: 'text', value: '开工仪式' },
    ]);
  });

  it('sets a task, takes reports from its department only, and shows board, rollup, readback and carry-over', () => {
    const common = ['--title', '控制全市开发强度', '--department', 'jyj', '--deadline', '2099-01-01'];
    const bad = json(
      'checkup',
      'task',
      'add',
      String(measureId),
      ...common.slice(0, 2),
      '--department',
      'nope',
      '--deadline',
      '2099-01-01',
      '--deliverable',
      'x',
      '--as',
      'planner',
    );
    expect(bad.code).toBe(1);
    expect(bad.body.error).toMatchObject({ code: 'department_unknown', field: 'departmentCode' });

    const added = json(
      'checkup',
      'task',
      'add',
      String(measureId),
      ...common,
      '--indicator',
      'LOC-01',
      '--target',
      '18',
      '--as',
      'planner',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.body).toMatchObject({ baselineValue: 22, targetValue: 18, status: 'open', createdBy: 'planner' });
    const id = String(added.body.id);

    const reported = json(
      'checkup',
      'progress',
      id,
      '--progress',
      '60',
      '--note',
      '完成选址',
      '--evidence',
      'link:https://example.org/x',
      'text:开工',
      '--as',
      'dept',
    );
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.body).toMatchObject({ progress: 60, status: 'in_progress' });
    expect(reported.body.reports[0].evidence).toEqual([
      { kind: 'link', value: 'https://example.org/x' },
      { kind: 'text', value: '开工' },
    ]);

    const other = lantu('checkup', 'progress', id, '--progress', '70', '--as', 'dept_jtj');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('no right to act for another department (jyj)');
    expect(other.stderr).toContain('无权处理其他部门（jyj）的事项');
    const back = lantu('checkup', 'progress', id, '--progress', '30', '--as', 'dept');
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('[note]');

    const board = json('checkup', 'tasks', String(previous), '--overdue', '--today', '2100-01-01');
    expect(board.body.items.map((t: { id: number; daysOverdue: number }) => [t.id, t.daysOverdue])).toEqual([
      [added.body.id, 365],
    ]);
    expect(lantu('checkup', 'tasks', String(previous), '--today', '2100-01-01').stdout).toContain('逾期 overdue 365d');
    expect(json('checkup', 'tasks', '--mine', '--as', 'dept').body.items).toHaveLength(1);
    expect(json('checkup', 'tasks', '--mine', '--as', 'dept_jtj').body.items).toHaveLength(0);

    expect(json('checkup', 'rollup', String(previous)).body).toMatchObject({ progress: 60, tasks: { total: 1 } });
    const readback = json('checkup', 'readback', String(current));
    expect(readback.body.summary).toMatchObject({ tasks: 1, closed: 0, indicatorTasks: 1 });
    expect(json('checkup', 'carry-over', String(current), '--as', 'planner').body.carried).toHaveLength(1);
    expect(json('checkup', 'carry-over', String(current), '--as', 'planner').body).toMatchObject({
      carried: [],
      alreadyCarried: 1,
    });

    const cancelled = json('checkup', 'task', 'cancel', id, '--reason', '由下一轮接续', '--as', 'planner');
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
  }, 180_000);
});
