/**
 * Benchmark: a whole monitoring run — every computed indicator of the active system, every level and
 * zone, then evaluation and warnings — on the demo city (default 1,000,000 patches per survey year,
 * years 2024–2025) in a temporary GeoPackage, for 2025. Prints the seconds of each phase, the total
 * against the 60 s target of issue #4, peak memory and the load average (the machine is shared: a
 * figure means little without it). Generating and loading the city are timed apart and not counted.
 *
 * Phases, from the run's own per-formula seconds (RunSummary.formulas):
 * - land survey: the formulas that read only the survey (and zones, population, plan lines) — the
 *   first of them pays the shared pass over the patches (formulas/survey-pass.ts);
 * - coverage: the life-circle formulas along the road network (src/network);
 * - other formulas: roads, facilities, population;
 * - evaluation: targets, trends, ranges, warnings and the writes, in one transaction.
 *
 *   npm run bench:monitor
 *   npm run bench:monitor -- --patches 200000
 *   npm run bench:monitor -- --keep            # keep the GeoPackage; then --reuse <dir> runs again on it
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/auth/principal.js';
import { generateDemoCity, loadDemoCity } from '../src/demo/index.js';
import { getFormula } from '../src/monitoring/formula-registry.js';
import { runMonitoring } from '../src/monitoring/run-monitoring.js';
import { migrate } from '../src/store/migrate.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const TARGET_S = 60;
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'lantu' },
    year: { type: 'string', default: '2025' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const patches = Number(values.patches);
const year = Number(values.year);
const dir = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-monitor-'));
const file = path.join(dir, 'lantu.gpkg');
const seconds = (from: number) => (performance.now() - from) / 1000;
const fmt = (s: number) => s.toFixed(1).padStart(7);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);

const store = openSqliteStore(file);
try {
  if (!values.reuse) {
    const t0 = performance.now();
    const city = generateDemoCity({ seed: values.seed!, patches, years: [2024, 2025] });
    const generated = seconds(t0);
    const t1 = performance.now();
    await migrate(store);
    await loadDemoCity(store, city);
    console.log(
      `demo city: ${patches.toLocaleString('en')} patches × 2 years, generated in ${generated.toFixed(1)} s, loaded in ${seconds(t1).toFixed(1)} s (not counted)`,
    );
  }
  peakRss = 0;
  const load = os.loadavg();
  const marks = new Map<string, number>();
  const started = performance.now();
  const { summary } = await runMonitoring(store, SYSTEM, { year }, (stage) => {
    if (!marks.has(stage)) marks.set(stage, performance.now());
    // SQLite answers synchronously: a run may never yield to the timer, so sample here too.
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  });
  const total = seconds(started);

  const phase = { survey: 0, coverage: 0, other: 0 };
  let pass = 0;
  for (const f of summary.formulas) {
    const layers = getFormula(f.key)?.layers ?? [];
    if (layers.includes('road') && layers.includes('facility')) phase.coverage += f.seconds;
    else if (layers.includes('land_survey')) {
      if (!pass) pass = f.seconds;
      phase.survey += f.seconds;
    } else phase.other += f.seconds;
  }
  const computing = marks.get('computing') ?? started;
  const evaluating = marks.get('evaluating') ?? performance.now();
  const preparing = (computing - started) / 1000;
  const evaluation = total - (evaluating - started) / 1000;
  console.log(`monitoring run ${year}: ${summary.formulas.length} formulas, ${summary.values} values`);
  console.log(`  preparing (stale marks, targets, zones)  ${fmt(preparing)} s`);
  console.log(
    `  land-survey formulas                     ${fmt(phase.survey)} s  (the first, with the shared pass: ${pass.toFixed(1)} s)`,
  );
  console.log(`  coverage along the network               ${fmt(phase.coverage)} s`);
  console.log(`  other formulas                           ${fmt(phase.other)} s`);
  console.log(`  evaluation and warnings                  ${fmt(evaluation)} s`);
  console.log(
    `  total                                    ${fmt(total)} s   target < ${TARGET_S} s: ${total < TARGET_S ? 'met' : 'NOT met'} (${(total / TARGET_S).toFixed(2)}× the target)`,
  );
  console.log(
    `  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB; load average at start ${load.map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`,
  );
  const slowest = [...summary.formulas].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
  console.log(`  slowest formulas: ${slowest.map((f) => `${f.key} ${f.seconds.toFixed(1)} s`).join(', ')}`);
  if (summary.failures.length) console.log(`  FAILED formulas: ${summary.failures.map((f) => f.key).join(', ')}`);
} finally {
  clearInterval(sampler);
  await store.close();
  if (!values.keep && !values.reuse) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`GeoPackage kept in ${dir}`);
}
