/**
 * What the browser journeys stand on: a Lantu process with a small demo city on a free loopback port
 * (the compiled server, serving the production build of the web application), and Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const PASSWORD = 'Lantu-demo-2026';

/** Debian's chromium package; LANTU_CHROMIUM names another. */
export const CHROMIUM = process.env.LANTU_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, reproducible headless run inside a container (no sandbox, no GPU, no network chatter). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Lantu {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function assertBuilt(): void {
  for (const file of ['dist/cli/main.js', 'web/dist/index.html']) {
    if (!fs.existsSync(path.join(ROOT, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` before the browser tests`);
    }
  }
}

/**
 * `lantu demo … --serve --port 0 --json` in a new folder (or `lantu serve` on a store already there,
 * kept afterwards): resolves with the URL it prints once listening.
 */
export async function startLantu(
  args: string[] = ['--patches', '3000', '--years', '2024-2025'],
  existing?: string,
): Promise<Lantu> {
  assertBuilt();
  const dataDir = existing ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-browser-'));
  const command = existing ? ['serve'] : ['demo', ...args, '--serve'];
  const child: ChildProcess = spawn(
    process.execPath,
    // LANTU_NODE_ARGS: flags for the server's Node (a benchmark profiling it: `--cpu-prof`).
    [...nodeArgs(), 'bin/lantu.js', ...command, '--data-dir', dataDir, '--port', '0', '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANTU_DATABASE_URL: '' } },
  );
  let out = '';
  let err = '';
  // A million-patch demo city takes minutes to generate on two cores; the small one, seconds.
  const startSeconds = Number(process.env.LANTU_START_SECONDS ?? 900);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Lantu did not start in ${startSeconds} s:\n${out}\n${err}`)),
      startSeconds * 1000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url"\s*:\s*"(http:\/\/[^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Lantu exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      if (!existing) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const nodeArgs = () => process.env.LANTU_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install chromium fonts-noto-cjk) or set LANTU_CHROMIUM`,
    );
  }
  // Playwright starts each browser with a fresh temporary profile (--user-data-dir), removed on close.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Sign in through the form, as a person would. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** A map on the page has loaded its style and its tiles are drawn. */
export async function waitForMap(page: Page, scope = 'body'): Promise<void> {
  await page.locator(`${scope} [data-map-ready="true"]`).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
}
