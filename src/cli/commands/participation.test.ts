/**
 * `lantu publish`, `lantu comments` and `lantu survey` as a user runs them: the CLI in a child process
 * (TypeScript through tsx, so no build is needed) on an embedded store prepared with the API tests'
 * world and check-up. Refusals first: a citizen cannot publish or moderate.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld } from '../../../test/api-fixture.js';
import {
  PLANNING_UNIT,
  SATISFACTION,
  seedCheckup,
  seedSurveyWorld,
} from '../../participation/participation-test-setup.js';
import { submitComment } from '../../participation/comments.js';
import { ANONYMOUS } from '../../auth/principal.js';
import { submitResponse } from '../../participation/surveys.js';
import { migrate } from '../../store/migrate.js';
import { GPKG_FILE_NAME, openSqliteStore } from '../../store/sqlite-store.js';

const MAIN = path.resolve('src/cli/main.ts');
let dir: string;
let checkupId: number;

function lantu(args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args, '--data-dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, LANTU_DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
const json = (args: string[]) => {
  const r = lantu([...args, '--json']);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return JSON.parse(r.stdout);
};

describe('lantu publish, comments and survey', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-participation-'));
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      await migrate(store);
      await seedWorld(store);
      await seedSurveyWorld(store);
      checkupId = (await seedCheckup(store)).checkupId;
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes a check-up as a 公示, refusing a citizen and a wrong stage', () => {
    const citizen = lantu(['publish', String(checkupId), '--stage', 'draft_notice', '--as', 'citizen']);
    expect(citizen.code).toBe(1);
    expect(citizen.stderr).toContain('participation.manage');
    const stage = lantu(['publish', String(checkupId), '--stage', 'final', '--as', 'planner', '--json']);
    expect(stage.code).toBe(1);
    expect(JSON.parse(stage.stdout).error).toMatchObject({ code: 'option_invalid', field: '--stage' });

    const text = lantu(['publish', String(checkupId), '--stage', 'draft_notice', '--as', 'planner']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /公示\/发布 #1 示范市 2025 年度体检（公示） — 公示 public notice, open, .* 2 indicator values, 1 findings, 1 tasks, report #1/,
    );
  }, 120_000);

  it('lists, moderates, assigns and answers comments', async () => {
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      await submitComment(store.db, ANONYMOUS, 1, { body: '电话13812345678，建议增加公交线路', name: '王五' }, 'h1');
    } finally {
      await store.close();
    }
    const list = json(['comments', 'list', '--moderation', 'pending', '--as', 'planner']);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ authorName: '王五', publicBody: '电话138****5678，建议增加公交线路' });
    const id = String(list.items[0].id);
    expect(lantu(['comments', 'moderate', id, '--decision', 'approve', '--as', 'citizen']).code).toBe(1);
    expect(json(['comments', 'moderate', id, '--decision', 'approve', '--as', 'planner'])).toMatchObject({
      moderation: 'approved',
    });
    const early = lantu(['comments', 'answer', id, '--answer', '已采纳', '--as', 'planner']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('assign it to a department first');
    expect(json(['comments', 'assign', id, '--department', 'jyj', '--as', 'planner'])).toMatchObject({
      status: 'assigned',
    });
    const answered = lantu([
      'comments',
      'answer',
      id,
      '--answer',
      '已纳入公交专项规划',
      '--publish',
      '--as',
      'planner',
    ]);
    expect(answered.stdout).toContain(`意见 #${id}: answered（已公开 published）`);
  }, 120_000);

  it('creates, opens and closes a survey from a file, shows results and feeds them', async () => {
    const file = path.join(dir, 'q.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        regionCode: '9901',
        title: '生活圈满意度',
        indicatorCode: SATISFACTION,
        questions: [
          { key: 'env', textZh: '环境', kind: 'rating', weight: 3 },
          { key: 'bus', textZh: '公交', kind: 'rating' },
        ],
      }),
    );
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ not json');
    expect(lantu(['survey', 'create', '--file', bad, '--as', 'planner']).stderr).toContain(
      'cannot read the survey file',
    );
    const s = json(['survey', 'create', '--file', file, '--as', 'planner']);
    expect(s).toMatchObject({ status: 'draft', title: '生活圈满意度' });
    expect(json(['survey', 'open', String(s.id), '--as', 'planner']).status).toBe('open');
    const store = openSqliteStore(path.join(dir, GPKG_FILE_NAME));
    try {
      // (3·100 + 1·0) / 4 = 75 and (3·25 + 1·75) / 4 = 37.5 → mean 56.25
      await submitResponse(store.db, ANONYMOUS, s.id, { zoneCode: PLANNING_UNIT, answers: { env: 5, bus: 1 } }, 'a');
      await submitResponse(store.db, ANONYMOUS, s.id, { zoneCode: PLANNING_UNIT, answers: { env: 2, bus: 4 } }, 'b');
    } finally {
      await store.close();
    }
    expect(json(['survey', 'close', String(s.id), '--as', 'planner']).status).toBe('closed');
    const results = lantu(['survey', 'results', String(s.id), '--as', 'planner']);
    expect(results.stdout).toContain('生活圈满意度: n=2, 平均得分 mean score 56.25');
    expect(results.stdout).toContain(`${PLANNING_UNIT} 一区一单元: n=2, 56.25`);
    const fed = json(['survey', 'feed', String(s.id), '--year', '2025', '--as', 'planner']);
    expect(fed.submitted).toEqual([{ zoneCode: PLANNING_UNIT, n: 2, value: 56.25, submissionId: expect.any(Number) }]);
  }, 120_000);
});
