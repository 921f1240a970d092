/**
 * The main journeys through the web application in a real browser, against a real Lantu with a small
 * demo city: a planner signs in, reads the cockpit, identifies what lies under a click on the one map,
 * runs the year's monitoring and reads an indicator's trend; a department officer submits a value and
 * sees each row's errors in a bad batch; the public portal works without signing in, also on a phone.
 * Screenshots of the key screens go to test-results/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, screenshot, signIn, startLantu, waitForMap, type Lantu } from './harness.js';

let lantu: Lantu;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

beforeAll(async () => {
  // The screenshot folder is cleared once per run by clear-screenshots.ts (vitest globalSetup).
  [lantu, browser] = await Promise.all([startLantu(), launchChromium()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await lantu?.stop();
});

describe('a planner', () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
  });

  test('signs in and lands on the cockpit', async () => {
    await signIn(page, lantu.url, 'planner');
    expect(new URL(page.url()).pathname).toBe('/cockpit');
    await expect.poll(() => page.getByRole('heading', { level: 3 }).first().textContent()).toContain('驾驶舱');
    await page.getByText('现行规划控制线').waitFor();
    await waitForMap(page);
    await screenshot(page, '01-cockpit');
  });

  test('identifies what lies under a click on the one map', async () => {
    await page.goto(`${lantu.url}/map`);
    await waitForMap(page, '.map-stage');
    const stage = page.locator('.map-stage');
    const box = (await stage.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const result = page.locator('.map-result');
    await result.getByText('查询结果').waitFor();
    await result.getByText('地类名称').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => result.textContent()).toMatch(/椭球面积/);
    await screenshot(page, '02-map-identify');
  });

  test('measures an area on the ellipsoid', async () => {
    await page.getByText('测面积').click();
    const box = (await page.locator('.map-stage').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx - 60, cy - 60);
    await page.mouse.click(cx + 60, cy - 60);
    await page.mouse.click(cx + 60, cy + 60);
    await page.mouse.dblclick(cx - 60, cy + 60);
    await expect.poll(() => page.getByTestId('measure-area').textContent()).toMatch(/平方千米|公顷/);
    await screenshot(page, '03-map-measure');
  });

  test('draws a parcel and runs the conflict check, overlaps in red', async () => {
    await page.getByText('冲突检测').click();
    const box = (await page.locator('.map-stage').boundingBox())!;
    const cx = box.x + box.width / 2 - 150;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx - 40, cy - 40);
    await page.mouse.click(cx + 40, cy - 40);
    await page.mouse.click(cx + 40, cy + 40);
    await page.mouse.dblclick(cx - 40, cy + 40);
    await page.getByRole('button', { name: '开始检测' }).click();
    const result = page.getByTestId('conflict-result');
    await result.waitFor({ timeout: 60_000 });
    await expect.poll(() => result.textContent()).toMatch(/发现 \d+ 处冲突|未发现冲突/);
    await expect.poll(() => result.textContent()).toMatch(/检测对象：[\d.,]+ (平方千米|公顷)/);
    await screenshot(page, '04-map-conflict-check');
  });

  test('is told plainly when the parcel file is not GeoJSON', async () => {
    await page.locator('.conflict-panel input[type=file]').setInputFiles({
      name: 'parcel.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from('this is not json'),
    });
    await page.getByText('文件不是有效的 JSON').waitFor();
  });

  test('runs the year’s monitoring with the job’s real progress', async () => {
    // The year before through the API, so the trend has two measured years.
    const before = await page.request.post(`${lantu.url}/api/monitoring/runs`, { data: { year: 2024 } });
    expect(before.status()).toBe(202);
    await page.goto(`${lantu.url}/indicators/runs`);
    await page.getByLabel('年份').fill('2025');
    await page.getByRole('button', { name: '开始运行' }).click();
    const progress = page.getByTestId('run-progress');
    await progress.locator('.ant-progress-status-success').waitFor({ timeout: 90_000 });
    await expect.poll(() => progress.textContent()).toContain('完成');
    await screenshot(page, '05-monitoring-run');
  });

  test('imports a file with mistakes: the job’s progress, then the validation report', async () => {
    const square = (x: number, bowtie = false) =>
      bowtie
        ? [
            [
              [x, 31.7],
              [x + 0.001, 31.701],
              [x + 0.001, 31.7],
              [x, 31.701],
              [x, 31.7],
            ],
          ]
        : [
            [
              [x, 31.7],
              [x + 0.001, 31.7],
              [x + 0.001, 31.701],
              [x, 31.701],
              [x, 31.7],
            ],
          ];
    const features = [
      { DLBM: '0101', DLMC: '水田', BSM: '1', geometry: square(117.2) },
      { DLBM: '9999', DLMC: '不存在', BSM: '2', geometry: square(117.21) },
      { DLBM: '0103', DLMC: '旱地', BSM: '3', geometry: square(117.22, true) },
    ].map(({ geometry, ...properties }) => ({
      type: 'Feature',
      properties,
      geometry: { type: 'Polygon', coordinates: geometry },
    }));
    await page.goto(`${lantu.url}/data`);
    await page
      .locator('.ant-upload input[type=file]')
      .first()
      .setInputFiles({
        name: '2026年变更调查.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
      });
    await page.getByLabel('目标图层代码').fill('landsurvey-test');
    await page.locator('#preset').click();
    await page.getByTitle('国土调查地类图斑（三调）').click();
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.getByTestId('import-progress').locator('.ant-progress-status-success').waitFor({ timeout: 60_000 });
    const report = page.getByTestId('import-report');
    await report.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await expect.poll(() => report.textContent()).toContain('未入库（有错误）');
    await expect.poll(() => report.textContent()).toMatch(/9999/);
    await screenshot(page, '06-data-import-report', true);
  });

  test('reads an indicator’s trend against the plan’s trajectory and target', async () => {
    await page.goto(`${lantu.url}/indicators/trend?indicator=MP-06&zone=9901`);
    await page.locator('.chart canvas').first().waitFor();
    await page.getByText('目标（2035）').waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, '07-indicator-trend');
  });

  test('sees the warnings with their explanations', async () => {
    await page.goto(`${lantu.url}/indicators/warnings`);
    await page.locator('.warning-item').first().waitFor();
    await expect.poll(() => page.locator('.warning-item').first().textContent()).toMatch(/预警规则/);
    await screenshot(page, '08-warnings');
  });
});

describe('a department officer', () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
    await signIn(page, lantu.url, 'dept_edu');
  });

  test('lands on the department desk and submits a value', async () => {
    expect(new URL(page.url()).pathname).toBe('/department');
    const indicator = page.locator('#indicatorCode');
    await indicator.click();
    await page.keyboard.type('CX-15');
    await page.keyboard.press('Enter');
    await page.locator('#zoneCode').click();
    await page.keyboard.type('9901');
    await page.keyboard.press('Enter');
    await page.getByLabel('数值').fill('4');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/已提交（编号 \d+）/).waitFor();
    await screenshot(page, '09-department-submit');
  });

  test('uploads a bad batch and sees each row’s errors beside the row', async () => {
    await page.getByRole('tab', { name: '批量上传' }).click();
    const csv = [
      '指标代码,区划代码,年份,数值,单位',
      'CX-15,9901,2025,4,所',
      'XX-99,9901,2025,3,所',
      'GX-12,9901,二〇二五,12,班',
      'GX-12,9999,2025,abc,班',
    ].join('\n');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '2025-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const outcome = page.getByTestId('batch-outcome');
    await outcome.waitFor();
    await expect.poll(() => outcome.locator('tr.row-with-error').count()).toBe(3);
    const rows = outcome.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.nth(1).textContent()).toMatch(/XX-99/);
    await expect.poll(() => rows.nth(1).locator('.row-error').count()).toBeGreaterThan(0);
    await expect.poll(() => outcome.textContent()).toContain('未写入');
    await screenshot(page, '10-department-bad-batch', true);
  });
});

describe('the public', () => {
  test('sees the published plans on the map without signing in', async () => {
    const page = await newPage();
    await page.goto(`${lantu.url}/portal`);
    await waitForMap(page);
    expect(new URL(page.url()).pathname).toBe('/portal');
    await page.getByText('控制线（三区三线等）').waitFor();
    await expect.poll(() => page.getByText('国土调查现状').count()).toBe(0);
    await screenshot(page, '11-portal');
    await page.getByRole('tab', { name: '规划成果公开' }).click();
    await page.getByText('OGC API').waitFor();
  });

  test('uses the portal on a phone', async () => {
    const page = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await page.goto(`${lantu.url}/portal`);
    await waitForMap(page);
    // Runs in the page, where `document` is the DOM's (the Node typings have none).
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
          .scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, '12-portal-phone');
  });

  test('switches the interface to English', async () => {
    const page = await newPage();
    await page.goto(`${lantu.url}/login`);
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('planner');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('wrong username or password').waitFor();
    await screenshot(page, '13-login-english-error');
  });
});

test('no page threw', () => {
  expect(pageErrors).toEqual([]);
});
