/**
 * The check-up loop in a real browser, against a real Lantu with a small demo city: an evaluator starts
 * a check-up, runs it and sees the findings Lantu drafted; adds a cause and a countermeasure and sets a
 * task for the education bureau; the bureau's officer reports progress on it; the evaluator downloads
 * the report; and the public comments on the notice without signing in. The steps named are done
 * through the screens; what only sets the stage (the review and the 公示) goes through the API.
 * Screenshots of the key screens go to test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, PASSWORD, screenshot, signIn, startLantu, type Lantu } from './harness.js';

let lantu: Lantu;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/**
 * An Ant Design select: open it, pick the option by its text (typing first when it searches), then wait
 * until the select shows the choice — its list closes with an animation, and the next field waits for it.
 */
async function choose(page: Page, selector: string, option: string | RegExp, search?: string): Promise<void> {
  const select = page
    .locator('.ant-select')
    .filter({ has: page.locator(selector) })
    .first();
  const matches = async () =>
    typeof option === 'string'
      ? (await select.textContent())?.includes(option)
      : option.test((await select.textContent()) ?? '');
  // A click on an option while its list is still opening (the list's entry animation, slower on a busy
  // machine) can be lost; then the list is opened and the option clicked again, at most three times.
  for (let attempt = 0; attempt < 3 && !(await matches()); attempt++) {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) {
      await page.locator(selector).click();
      if (search) await page.keyboard.type(search);
    }
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    await expect
      .poll(matches, { timeout: 3000 })
      .toBe(true)
      .catch(() => undefined);
  }
  await expect.poll(() => select.textContent()).toMatch(option);
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

beforeAll(async () => {
  [lantu, browser] = await Promise.all([startLantu(), launchChromium()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await lantu?.stop();
});

describe('the check-up loop', () => {
  let evaluator: Page;
  let checkupId = 0;
  const taskTitle = '新建中小学校学位扩容项目';

  beforeAll(async () => {
    evaluator = await newPage();
    await signIn(evaluator, lantu.url, 'evaluator');
  });

  test('an evaluator starts this year’s check-up', async () => {
    await evaluator.goto(`${lantu.url}/checkup`);
    await evaluator.getByRole('button', { name: '新建体检评估' }).first().click();
    const dialog = evaluator.getByRole('dialog');
    await dialog.getByText('新建体检评估项目').waitFor();
    await dialog.locator('#year').fill('2025');
    await screenshot(evaluator, '20-checkup-create');
    await dialog.getByRole('button', { name: '新建' }).click();
    await evaluator.waitForURL(/\/checkup\/\d+/);
    checkupId = Number(/\/checkup\/(\d+)/.exec(evaluator.url())![1]);
    expect(checkupId).toBeGreaterThan(0);
    await evaluator.locator('.page-title .ant-tag').getByText('起草').waitFor();
  });

  test('runs it through collecting and computing, with the run’s real progress', async () => {
    await evaluator.getByRole('button', { name: '开始数据采集' }).click();
    await evaluator.getByRole('button', { name: '开始计算' }).click();
    await evaluator.getByRole('button', { name: '运行体检计算' }).click();
    const progress = evaluator.getByTestId('checkup-run-progress');
    await progress.locator('.ant-progress-status-success').waitFor({ timeout: 110_000 });
    await evaluator.getByRole('button', { name: '进入分析' }).click();
    await evaluator.locator('.page-title .ant-tag').getByText('分析').waitFor();
    await evaluator.getByRole('tab', { name: '指标体检表' }).click();
    await evaluator.getByTestId('checkup-values').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(evaluator, '21-checkup-values');
  });

  test('sees the findings Lantu drafted', async () => {
    await evaluator.getByRole('tab', { name: '问题 · 成因 · 对策' }).click();
    await evaluator.getByRole('button', { name: '系统初拟问题' }).first().click();
    const rows = evaluator.getByTestId('findings').locator('tbody tr.ant-table-row');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    await screenshot(evaluator, '22-checkup-findings');
  });

  test('adds a cause and a countermeasure, and sets a task for the education bureau', async () => {
    await evaluator.getByTestId('findings').locator('tbody tr.ant-table-row').first().click();
    const drawer = evaluator.locator('.finding-drawer');
    await drawer.getByText('定量支撑').waitFor();

    await choose(evaluator, '#cause-category', '实施管理');
    await evaluator.locator('#cause-text').fill('中心城区新增学位供给滞后于入学人口增长，项目审批与建设周期长。');
    await evaluator.getByRole('button', { name: '添加成因' }).click();
    await drawer.getByTestId('causes').getByText('项目审批与建设周期长').waitFor();

    await choose(evaluator, '#measure-path', '相关部门');
    await choose(evaluator, '#measure-department', /教育局/, 'jyj');
    await evaluator.locator('#measure-text').fill(taskTitle);
    await evaluator.getByRole('button', { name: '添加对策' }).click();
    const measure = drawer.getByTestId('measures').locator('.ant-list-item').filter({ hasText: taskTitle });
    await evaluator.getByText('已添加对策').waitFor();
    await measure.waitFor();

    await measure.getByRole('button', { name: '生成任务' }).click();
    const dialog = evaluator.getByRole('dialog').filter({ hasText: '完成时限' });
    await expect.poll(() => dialog.locator('#task-title').inputValue()).toBe(taskTitle);
    await expect.poll(() => dialog.locator('.ant-select').first().textContent()).toMatch(/教育局/);
    await dialog.locator('#task-deadline').click();
    await evaluator.keyboard.type('2026-12-31');
    await evaluator.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '新建' }).click();
    // A task needs a measurable end: an indicator target or a deliverable; the server says so under the field.
    await dialog.getByText('任务须有可度量的指标目标').waitFor();
    await dialog.locator('#task-deliverable').fill('两所学校扩建工程竣工验收，新增学位 1800 个');
    await dialog.getByRole('button', { name: '新建' }).click();
    await evaluator.getByText(`已生成任务：${taskTitle}`).waitFor();
    await measure.getByText('未开始').waitFor();
    await screenshot(evaluator, '23-checkup-finding-chain');
  });

  test('the education bureau’s officer reports progress on the task', async () => {
    const officer = await newPage();
    await signIn(officer, lantu.url, 'dept_edu');
    await officer.getByRole('tab', { name: '我的任务' }).click();
    await officer.getByTestId('task-table').getByText(taskTitle).click();
    const drawer = officer.locator('.task-drawer');
    await drawer.locator('#progress-value').fill('60');
    await drawer.locator('#progress-note').fill('已完成两所学校的选址论证，扩容方案报市政府审定。');
    await drawer.getByLabel('材料内容').first().fill('https://example.gov.cn/jyj/2026/xuewei.pdf');
    await drawer.getByRole('button', { name: '提交进展' }).click();
    await officer.getByText('进展已报送').waitFor();
    await drawer.getByTestId('report-history').getByText(/60%/).waitFor();
    await screenshot(officer, '24-department-progress');
  });

  test('the task board shows the task with its progress', async () => {
    await evaluator.goto(`${lantu.url}/checkup/${checkupId}/tasks`);
    const row = evaluator.getByTestId('task-table').locator('tbody tr').filter({ hasText: taskTitle });
    await expect.poll(() => row.textContent()).toContain('60%');
    await evaluator.getByTestId('rollup').waitFor();
    await screenshot(evaluator, '25-task-board', true);
  });

  test('the evaluator generates the report and downloads it as DOCX', async () => {
    await evaluator.goto(`${lantu.url}/checkup/${checkupId}/report`);
    await evaluator.getByRole('button', { name: '生成 DOCX' }).click();
    const link = evaluator.getByTestId('report-files').getByRole('link', { name: /下载/ }).first();
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([evaluator.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await screenshot(evaluator, '26-checkup-report');

    // What a person writes in a section is kept apart from the generated text, and marked.
    await evaluator.getByRole('button', { name: /一、总体情况/ }).click();
    const text = evaluator.locator('#section-overview');
    await text.fill('本年度体检由体检评估组组织开展，重点关注耕地保护与公共服务设施短板。');
    await evaluator.getByRole('button', { name: '保存' }).click();
    await evaluator.getByText('章节已保存').waitFor();
    await evaluator
      .getByRole('button', { name: /一、总体情况/ })
      .getByText('已修改')
      .waitFor();
  });

  test('the public comments on the notice without signing in', async () => {
    // The review and the 公示 set the stage; the planner decides them (through the API, as the screens are tested above).
    const planner = await newPage();
    const login = await planner.request.post(`${lantu.url}/api/auth/login`, {
      data: { username: 'planner', password: PASSWORD },
    });
    expect(login.ok()).toBe(true);
    const moves = [
      await evaluator.request.post(`${lantu.url}/api/checkups/${checkupId}/transition`, {
        data: { event: 'submit_review' },
      }),
      await planner.request.post(`${lantu.url}/api/checkups/${checkupId}/transition`, {
        data: { event: 'start_publicity' },
      }),
    ];
    for (const m of moves) expect(m.status(), await m.text()).toBe(200);
    const existing = await planner.request.get(`${lantu.url}/api/publications?entityId=${checkupId}`);
    const items = ((await existing.json()) as { items: { stage: string }[] }).items;
    if (!items.some((p) => p.stage === 'draft_notice')) {
      const created = await planner.request.post(`${lantu.url}/api/publications`, {
        data: { entityType: 'checkup', entityId: checkupId, stage: 'draft_notice' },
      });
      expect(created.status(), await created.text()).toBe(201);
    }

    const visitor = await newPage();
    await visitor.goto(`${lantu.url}/portal/checkups`);
    await visitor.getByRole('link', { name: /体检/ }).first().click();
    await visitor.getByText('提出意见建议').waitFor();
    // A comment left empty is refused beside the field, in the reader's language.
    await visitor.getByRole('button', { name: '提交意见' }).click();
    await visitor.getByText('请填写意见内容').waitFor();
    await visitor.locator('#comment-body').fill('建议在新城片区同步配建社区体育设施，方便学生课后锻炼。');
    await visitor.locator('#comment-name').fill('李女士');
    await visitor.getByRole('button', { name: '提交意见' }).click();
    await visitor.getByText(/意见已提交/).waitFor();
    await screenshot(visitor, '27-portal-comment', true);

    // The bureau answers it and publishes the answer; the public page shows it.
    await planner.goto(`${lantu.url}/checkup/${checkupId}/participation`);
    const row = planner.getByTestId('comment-queue').locator('tbody tr').filter({ hasText: '社区体育设施' });
    // 已接收 → 已分办 → 已答复: the comment goes to the department that answers it first.
    await row.getByLabel('分办').click();
    await planner.keyboard.type('ylj');
    await planner.keyboard.press('Enter');
    await planner.getByText('已分办').first().waitFor();
    await row.getByRole('button', { name: '答复' }).click();
    const dialog = planner.getByRole('dialog').filter({ hasText: '答复内容' });
    await dialog.locator('#comment-answer').fill('感谢您的建议，已纳入新城片区公共服务设施专项规划统筹考虑。');
    await dialog.getByRole('button', { name: '提交' }).click();
    await planner.getByText('已答复').first().waitFor();
    await screenshot(planner, '28-comment-queue');
    await visitor.reload();
    await visitor.getByTestId('public-comments').getByText('已纳入新城片区公共服务设施专项规划').waitFor();
  });

  test('the public answers the satisfaction survey; the bureau reads its results', async () => {
    const planner = await newPage();
    await planner.request.post(`${lantu.url}/api/auth/login`, { data: { username: 'planner', password: PASSWORD } });
    const created = await planner.request.post(`${lantu.url}/api/surveys`, {
      data: {
        regionCode: '9901',
        title: '2025年度城市体检居民满意度调查',
        checkupId,
        questions: [
          {
            key: 'services',
            textZh: '您对住所周边公共服务设施是否满意？',
            textEn: 'Public services near home',
            kind: 'rating',
            required: true,
          },
          { key: 'commute', textZh: '您对日常通勤出行是否满意？', textEn: 'Daily commute', kind: 'rating' },
        ],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const survey = (await created.json()) as { id: number };
    const opened = await planner.request.patch(`${lantu.url}/api/surveys/${survey.id}`, { data: { status: 'open' } });
    expect(opened.status(), await opened.text()).toBe(200);

    const visitor = await newPage();
    await visitor.goto(`${lantu.url}/portal/comments`);
    await visitor.getByRole('link', { name: '参与调查' }).first().click();
    const form = visitor.getByTestId('survey-form');
    // A rating left out is asked for beside its question.
    // The place is chosen by name from the survey's own list: a visitor has no account to list zones.
    await choose(visitor, '#survey-zone', /990102\)/, '990102');
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('请作答').first().waitFor();
    await form.locator('.ant-rate').first().locator('li').nth(3).click();
    await form.locator('.ant-rate').nth(1).locator('li').nth(2).click();
    await screenshot(visitor, '29-portal-survey');
    await form.getByRole('button', { name: '提交' }).click();
    await visitor.getByText('感谢参与').waitFor();

    await planner.goto(`${lantu.url}/checkup/${checkupId}/participation`);
    await planner.getByText('满意度调查结果').waitFor();
    await expect.poll(() => planner.getByTestId('survey-results').textContent()).toMatch(/答卷数\s*1\b/);
    await screenshot(planner, '30-survey-results', true);
  });

  test('reads in English too', async () => {
    await evaluator.evaluate(() =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'lantu.locale',
        'en',
      ),
    );
    await evaluator.goto(`${lantu.url}/checkup/${checkupId}/findings`);
    await evaluator.getByRole('button', { name: 'Draft findings' }).first().waitFor();
    await evaluator.getByRole('tab', { name: 'Tasks' }).click();
    await evaluator.getByText('Read-back of the previous check-up’s tasks').waitFor();
    await screenshot(evaluator, '31-checkup-english');
  });
});

test('no page threw', () => {
  expect(pageErrors).toEqual([]);
});
