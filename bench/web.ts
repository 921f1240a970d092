/**
 * Benchmark: the web application as Lantu serves its production build, measured in Debian's Chromium.
 *
 * - initial JavaScript, gzipped: what index.html loads before any page (entry and module preloads), and
 *   what the browser actually fetched for the first page (sign-in) — target < 1 MB;
 * - time to the first usable page on localhost, cold cache: the sign-in form ready to type in, and a
 *   signed-in planner's cockpit with its indicator cards — target < 2 s;
 * - tile requests while panning the one map over the land-survey layer (default the 1,000,000-patch demo
 *   city), zoomed in 3 and 5 wheel steps from the home view (`--zoom-ins 3,5,7` adds a deeper run):
 *   each /tiles/…mvt request's time as the browser saw it (Resource Timing), p50/p95/max, with the
 *   server's own time (Server-Timing) — target p95 < 50 ms. Tiles asked for the first time and revisits are reported apart; a revisit the browser
 *   answers from its cache (versioned tile URLs, decision 0011) is no request at all.
 *
 * The store is what a user has after `lantu demo`: overviews built by the load, not by the first tile.
 * A store given with --data-dir should come from `lantu demo` of the same version.
 *
 *   npm run bench:web                                  # generates the 1M-patch demo city (minutes)
 *   npm run bench:web -- --patches 200000
 *   npm run bench:web -- --data-dir /tmp/city          # a store `lantu demo` already loaded; kept
 *
 * Needs `npm run build` first and /usr/bin/chromium (or LANTU_CHROMIUM). It asserts nothing; it prints
 * the figures against their targets and writes them to bench/out/web.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, PASSWORD, ROOT, startLantu } from '../test/browser/harness.js';

const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    years: { type: 'string', default: '2025' },
    'data-dir': { type: 'string' },
    loads: { type: 'string', default: '5' },
    pans: { type: 'string', default: '24' },
    // Wheel steps in from the home view before each panning run: district and street; 7 reaches z12–z13,
    // where the plan layers are cut on demand unless seeded (a third run in one browser recorded no
    // request in two of three tries, so it is not a default).
    'zoom-ins': { type: 'string', default: '3,5' },
  },
});

const TARGET_FIRST_PAGE_MS = 2000;
const TARGET_INITIAL_JS_BYTES = 1024 * 1024;
const TARGET_TILE_P95_MS = 50;
const ZOOM_NAMES: Record<number, string> = { 3: 'district', 5: 'street', 7: 'patches' };
const WEB_DIST = path.join(ROOT, 'web', 'dist');

const gz = (buf: Buffer) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** The scripts index.html loads before anything else: the entry module and its preloads. */
function initialScripts(): { files: string[]; raw: number; gzip: number; css: number } {
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const f of new Set(files)) {
    const buf = fs.readFileSync(path.join(WEB_DIST, f));
    raw += buf.length;
    gzip += gz(buf);
  }
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)]
    .map((m) => gz(fs.readFileSync(path.join(WEB_DIST, m[1]!))))
    .reduce((a, b) => a + b, 0);
  return { files: [...new Set(files)], raw, gzip, css };
}

/** Cold load of /login until the form can be typed in; also the scripts the browser fetched on the way. */
async function firstPage(browser: Browser, url: string): Promise<{ ms: number; scriptsGzip: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body().then(gz, () => 0));
  });
  await page.goto(`${url}/login`, { waitUntil: 'commit' });
  await page.getByLabel('用户名').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: '登录' }).waitFor({ state: 'visible' });
  const ms = await page.evaluate(() => performance.now());
  const scriptsGzip = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, scriptsGzip };
}

async function signedInPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const response = await context.request.post(`${url}/api/auth/login`, {
    data: { username: 'planner', password: PASSWORD },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return context.newPage();
}

/** Cold load of the cockpit for a signed-in planner until its first indicator card or empty state shows. */
async function cockpit(browser: Browser, url: string): Promise<number> {
  const page = await signedInPage(browser, url);
  await page.goto(`${url}/cockpit`, { waitUntil: 'commit' });
  await page.locator('.kpi-card, .ant-empty').first().waitFor({ state: 'visible', timeout: 30_000 });
  const ms = await page.evaluate(() => performance.now());
  await page.context().close();
  return ms;
}

interface TileTiming {
  url: string;
  ms: number;
  ttfb: number;
  /** The server's own time for the tile (its Server-Timing header), and whether it was cut for this request. */
  server: number;
  cut: boolean;
  /** 0 on the first round of the ring (tiles cut for the first time), then 1, 2… (revisits). */
  round: number;
}

/**
 * Pan the one map in a ring at a zoom; every tile request's time as the browser saw it, from the
 * request's start to the last byte (MapLibre fetches tiles in a worker, whose requests Playwright sees
 * through the browser's network domain, with the same timing fields as Resource Timing).
 */
async function panTiles(browser: Browser, url: string, zoomIn: number, pans: number): Promise<TileTiming[]> {
  const page = await signedInPage(browser, url);
  await page.goto(`${url}/map`);
  await page.locator('.map-stage [data-map-ready="true"]').waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const box = (await page.locator('.map-stage').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < zoomIn; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(250);
  }
  await page.waitForLoadState('networkidle');
  const timings: Promise<TileTiming | null>[] = [];
  let recording = true;
  let round = 0;
  page.context().on('requestfinished', (request) => {
    if (!recording || !/\/tiles\/[^/]+\/\d+\/\d+\/\d+\.mvt/.test(request.url())) return;
    const t = request.timing();
    if (t.responseEnd <= 0) return;
    const at = round;
    timings.push(
      request.response().then((response) => {
        const header = response?.headers()['server-timing'] ?? '';
        const server = Number(/dur=([\d.]+)/.exec(header)?.[1] ?? NaN);
        const ttfb = t.responseStart - t.requestStart;
        return { url: request.url(), ms: t.responseEnd, ttfb, server, cut: /desc=cut/.test(header), round: at };
      }),
    );
  });
  const step = Math.min(box.width, box.height) * 0.45;
  // Eight drags walk a ring back to where they began; later rounds revisit the same tiles.
  for (let i = 0; i < pans; i++) {
    if (i > 0 && i % 8 === 0) {
      await page.waitForLoadState('networkidle');
      round++;
    }
    const angle = (2 * Math.PI * i) / 8;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + Math.cos(angle) * step, cy + Math.sin(angle) * step, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(400);
  }
  await page.waitForLoadState('networkidle');
  recording = false;
  const done = (await Promise.all(timings)).filter((t): t is TileTiming => t !== null);
  await page.context().close();
  return done;
}

function summarise(label: string, timings: TileTiming[]) {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  const ttfb = timings.map((t) => t.ttfb).sort((a, b) => a - b);
  const zooms = [...new Set(timings.map((t) => Number(/\/tiles\/[^/]+\/(\d+)\//.exec(t.url)?.[1])))].sort(
    (a, b) => a - b,
  );
  const server = timings.map((t) => t.server).sort((a, b) => a - b);
  const slowest = [...timings]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((t) => ({
      tile: /\/tiles\/([^?]+)\.mvt/.exec(t.url)?.[1],
      ms: t.ms,
      ttfb: t.ttfb,
      server: t.server,
      cut: t.cut,
    }));
  return {
    label,
    requests: ms.length,
    zooms,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    max: ms.at(-1) ?? NaN,
    ttfbP95: quantile(ttfb, 0.95),
    serverP95: quantile(server, 0.95),
    cut: timings.filter((t) => t.cut).length,
    slowest,
  };
}

async function main() {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('web/dist is missing: run `npm run build` first');
  const js = initialScripts();
  console.log(
    `initial JavaScript (index.html: entry + preloads, ${js.files.length} files): ${kb(js.raw)} raw, ${kb(js.gzip)} gzipped; CSS ${kb(js.css)} gzipped`,
  );

  const started = performance.now();
  const dataDir = values['data-dir'];
  const args = ['--patches', values.patches!, '--years', values.years!];
  console.log(
    dataDir ? `serving the store in ${dataDir}…` : `generating and loading the demo city (${values.patches} patches)…`,
  );
  // Chromium first: a missing browser must not leave a server running.
  const browser = await launchChromium();
  const lantu = await startLantu(
    args,
    dataDir && fs.existsSync(path.join(dataDir, 'lantu.gpkg')) ? dataDir : undefined,
  ).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  console.log(`Lantu at ${lantu.url} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const loads = Number(values.loads);
    const first: { ms: number; scriptsGzip: number }[] = [];
    const cockpits: number[] = [];
    for (let i = 0; i < loads; i++) {
      first.push(await firstPage(browser, lantu.url));
      cockpits.push(await cockpit(browser, lantu.url));
    }
    const firstMs = median(first.map((f) => f.ms));
    const loadedJs = median(first.map((f) => f.scriptsGzip));
    const cockpitMs = median(cockpits);
    const pans = Number(values.pans);
    const all = [];
    for (const zoomIn of values['zoom-ins']!.split(',').map(Number)) {
      const timings = await panTiles(browser, lantu.url, zoomIn, pans);
      const name = `zoom +${zoomIn}${ZOOM_NAMES[zoomIn] ? ` (${ZOOM_NAMES[zoomIn]})` : ''}`;
      all.push(
        summarise(`${name}, all`, timings),
        summarise(
          `${name}, first round`,
          timings.filter((t) => t.round === 0),
        ),
        summarise(
          `${name}, revisits`,
          timings.filter((t) => t.round > 0),
        ),
      );
    }

    const rows: [string, string, string, string][] = [
      [
        'initial JS gzipped (index.html)',
        kb(js.gzip),
        `< ${kb(TARGET_INITIAL_JS_BYTES)}`,
        js.gzip < TARGET_INITIAL_JS_BYTES ? 'met' : 'MISSED',
      ],
      [
        'JS fetched for the sign-in page, gzipped',
        kb(loadedJs),
        `< ${kb(TARGET_INITIAL_JS_BYTES)}`,
        loadedJs < TARGET_INITIAL_JS_BYTES ? 'met' : 'MISSED',
      ],
      [
        `first usable page (sign-in), median of ${loads}`,
        `${firstMs.toFixed(0)} ms`,
        `< ${TARGET_FIRST_PAGE_MS} ms`,
        firstMs < TARGET_FIRST_PAGE_MS ? 'met' : 'MISSED',
      ],
      [
        `cockpit with its indicators, median of ${loads}`,
        `${cockpitMs.toFixed(0)} ms`,
        `< ${TARGET_FIRST_PAGE_MS} ms`,
        cockpitMs < TARGET_FIRST_PAGE_MS ? 'met' : 'MISSED',
      ],
      ...all.map((s): [string, string, string, string] =>
        s.requests === 0
          ? [`tile p95 panning, ${s.label}: no request — every tile came from the browser's cache`, '–', '', 'met']
          : [
              `tile p95 panning, ${s.label}, z${s.zooms.join('/')} (${s.requests} requests, ${s.cut} cut; p50 ${s.p50.toFixed(1)}, max ${s.max.toFixed(1)}, ttfb p95 ${s.ttfbP95.toFixed(1)}, server p95 ${s.serverP95.toFixed(1)})`,
              `${s.p95.toFixed(1)} ms`,
              `< ${TARGET_TILE_P95_MS} ms`,
              s.p95 < TARGET_TILE_P95_MS ? 'met' : 'MISSED',
            ],
      ),
    ];
    console.log('');
    const load = os.loadavg().map((l) => l.toFixed(1));
    console.log(`machine: ${os.cpus().length} cores, load average ${load.join(' / ')} (1, 5, 15 min)`);
    for (const [what, value, target, verdict] of rows)
      console.log(`${what.padEnd(120)} ${value.padStart(11)}  target ${target.padEnd(10)} ${verdict}`);
    for (const s of all.filter((x) => x.requests > 0 && !x.label.endsWith('all')))
      console.log(
        `  slowest, ${s.label}: ${s.slowest.map((t) => `${t.tile} ${t.ms.toFixed(0)} ms (server ${t.server.toFixed(1)} ${t.cut ? 'cut' : 'cache'})`).join('; ')}`,
      );
    const out = path.join(ROOT, 'bench', 'out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'web.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          loadAverage: os.loadavg(),
          patches: dataDir ? null : Number(values.patches),
          initialJs: js,
          loadedJsGzip: loadedJs,
          firstPageMs: first.map((f) => f.ms),
          cockpitMs: cockpits,
          tiles: all,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await lantu.stop();
  }
}

await main();
