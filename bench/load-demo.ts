/**
 * Benchmark: loading the demo city's land-survey patches, Lantu vs GDAL's ogr2ogr, in one run on the same
 * machine and the same features. Prints features/s, peak memory and ratios.
 *
 *   npm run bench:load                 # 1,000,000 patches, survey year 2025
 *   npm run bench:load -- --patches 200000
 *
 * Each measured load runs in its own child process so its peak RSS is its own. GDAL reads the same
 * features from a FlatGeobuf file (made from Lantu's GeoPackage before the clock starts: a fast binary
 * read, so ogr2ogr's time is mostly writing) and writes a GeoPackage and a PostGIS table.
 *
 * The load's clock covers writing every dataset of the city; the land-survey rows are made while they
 * are written (a worker thread, land-survey-rows.ts), so their making is inside it too. Building the
 * city (cells, classes, plan layers) is not loading and is printed apart.
 *
 * On a shared machine one run says little: `--rounds N` alternates Lantu and ogr2ogr N times on the
 * same data and keeps each one's best (fastest) run, printing every run, its CPU seconds (Lantu's, all
 * threads) and the load average when it started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const BENCH_DB = process.env.LANTU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'lantu' },
    phase: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    dir: { type: 'string' },
    schema: { type: 'string' },
  },
});
const patches = Number(values.patches);

interface PhaseResult {
  store: string;
  generateSeconds: number;
  loadSeconds: number;
  /** CPU seconds of the load, every thread of the process. */
  cpuSeconds: number;
  features: number;
  patches: number;
  peakRssMb: number;
}

if (values.phase) {
  // Child: generate and load into one store, report as JSON on the last line.
  const { generateDemoCity, loadDemoCity } = await import('../src/demo/index.js');
  const { migrate } = await import('../src/store/migrate.js');
  const { openSqliteStore } = await import('../src/store/sqlite-store.js');
  const { openPostgresStore } = await import('../src/store/postgres-store.js');
  const store =
    values.phase === 'sqlite'
      ? openSqliteStore(path.join(values.dir!, 'lantu.gpkg'))
      : await openPostgresStore(BENCH_DB, values.schema!);
  await migrate(store);
  let t = performance.now();
  const city = generateDemoCity({ seed: values.seed!, patches, years: [2025] });
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const cpu = process.cpuUsage();
  const summary = await loadDemoCity(store, city);
  const loadSeconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  await store.close();
  const features = Object.values(summary.features).reduce((a, b) => a + b, 0);
  const result: PhaseResult = {
    store: values.phase,
    generateSeconds,
    loadSeconds,
    cpuSeconds,
    features,
    patches: summary.features.land_survey ?? 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(result));
  process.exit(0);
}

function runPhase(phase: 'sqlite' | 'postgres', dir: string, schema: string): PhaseResult {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPathSafe(import.meta.url),
      '--phase',
      phase,
      '--patches',
      String(patches),
      '--seed',
      values.seed!,
      '--dir',
      dir,
      '--schema',
      schema,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (child.status !== 0) throw new Error(`${phase} phase failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as PhaseResult;
}

function fileURLToPathSafe(url: string) {
  return new URL(url).pathname;
}

function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = performance.now();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  return (performance.now() - t) / 1000;
}

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-load-'));
const schema = `bench_${process.pid}`;
const gdalSchema = `bench_gdal_${process.pid}`;
const admin = new pg.Client({ connectionString: BENCH_DB });
await admin.connect();
const loadAverage = () => os.loadavg()[0]!.toFixed(2);
const best = <T extends { seconds: number }>(runs: T[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
interface Run {
  seconds: number;
  note: string;
}
try {
  const rounds = Math.max(1, Number(values.rounds));
  console.log(
    `Lantu load benchmark — ${patches.toLocaleString('en')} land-survey patches (seed ${values.seed}), ${os.cpus().length} cores, ${rounds} round(s)`,
  );
  const lantu: Record<'sqlite' | 'postgres', (PhaseResult & Run)[]> = { sqlite: [], postgres: [] };
  const gdal: Record<'gpkg' | 'pg', Run[]> = { gpkg: [], pg: [] };
  const withGdal = have('ogr2ogr');
  if (!withGdal) console.log('ogr2ogr not installed (apt-get install gdal-bin): GDAL reference skipped');
  const u = new URL(BENCH_DB);
  const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${u.username || 'postgres'}`;
  const fgb = path.join(dir, 'patches.fgb');
  for (let round = 1; round <= rounds; round++) {
    for (const kind of ['sqlite', 'postgres'] as const) {
      const load = loadAverage();
      await admin.query(`drop schema if exists ${schema} cascade`);
      fs.rmSync(path.join(dir, 'lantu.gpkg'), { force: true });
      const r = runPhase(kind, dir, schema);
      lantu[kind].push({ ...r, seconds: r.loadSeconds, note: `${r.cpuSeconds.toFixed(1)} CPU s, load ${load}` });
      console.log(
        `round ${round}: Lantu → ${kind}: ${r.loadSeconds.toFixed(2)} s (${r.cpuSeconds.toFixed(1)} CPU s, load ${load})`,
      );
      if (!withGdal) continue;
      if (!fs.existsSync(fgb) && kind === 'sqlite') {
        execFileSync('ogr2ogr', ['-f', 'FlatGeobuf', fgb, path.join(dir, 'lantu.gpkg'), 'land_survey'], {
          stdio: 'ignore',
        });
      }
      const gload = loadAverage();
      if (kind === 'sqlite') {
        fs.rmSync(path.join(dir, 'gdal.gpkg'), { force: true });
        const seconds = timeCommand('ogr2ogr', ['-f', 'GPKG', path.join(dir, 'gdal.gpkg'), fgb, '-nln', 'land_survey']);
        gdal.gpkg.push({ seconds, note: `load ${gload}` });
      } else {
        await admin.query(`drop schema if exists ${gdalSchema} cascade`);
        await admin.query(`create schema ${gdalSchema}`);
        const seconds = timeCommand(
          'ogr2ogr',
          ['-f', 'PostgreSQL', pgConn, fgb, '-nln', `${gdalSchema}.land_survey`, '-lco', 'SPATIAL_INDEX=GIST'],
          { PG_USE_COPY: 'YES' },
        );
        gdal.pg.push({ seconds, note: `load ${gload}` });
      }
      console.log(
        `round ${round}: ogr2ogr → ${kind}: ${gdal[kind === 'sqlite' ? 'gpkg' : 'pg'].at(-1)!.seconds.toFixed(2)} s (load ${gload})`,
      );
    }
  }
  const sqlite = best(lantu.sqlite);
  const postgres = best(lantu.postgres);
  const peakRss = Math.max(...lantu.sqlite.map((r) => r.peakRssMb));
  const rows: [string, number, number, string][] = [
    [
      'Lantu → GeoPackage (SQLite)',
      sqlite.features,
      sqlite.loadSeconds,
      `${sqlite.note}; peak ${peakRss.toFixed(0)} MB`,
    ],
    [
      'Lantu → PostgreSQL/PostGIS',
      postgres.features,
      postgres.loadSeconds,
      `${postgres.note}; peak ${postgres.peakRssMb.toFixed(0)} MB`,
    ],
  ];
  if (withGdal) {
    rows.push([
      'ogr2ogr → GeoPackage',
      sqlite.patches,
      best(gdal.gpkg).seconds,
      `patches only; ${best(gdal.gpkg).note}`,
    ]);
    rows.push([
      'ogr2ogr → PostgreSQL/PostGIS (COPY)',
      sqlite.patches,
      best(gdal.pg).seconds,
      `patches only; ${best(gdal.pg).note}`,
    ]);
  }

  console.log(`\ngeneration (not in the load times): ${sqlite.generateSeconds.toFixed(1)} s`);
  console.log(`\n| load (best of ${rounds}) | features | seconds | features/s | note |\n|---|---:|---:|---:|---|`);
  for (const [name, n, s, note] of rows) {
    console.log(
      `| ${name} | ${n.toLocaleString('en')} | ${s.toFixed(2)} | ${Math.round(n / s).toLocaleString('en')} | ${note} |`,
    );
  }
  const rate = (n: number, s: number) => n / s;
  console.log('\ntargets:');
  console.log(
    `  GeoPackage ≥ 100,000 features/s: ${Math.round(rate(sqlite.features, sqlite.loadSeconds)).toLocaleString('en')} ${rate(sqlite.features, sqlite.loadSeconds) >= 100_000 ? 'MET' : 'NOT MET'}`,
  );
  console.log(`  GeoPackage peak memory < 1.5 GB: ${peakRss.toFixed(0)} MB ${peakRss < 1536 ? 'MET' : 'NOT MET'}`);
  console.log(
    `  PostGIS ≥ 50,000 features/s: ${Math.round(rate(postgres.features, postgres.loadSeconds)).toLocaleString('en')} ${rate(postgres.features, postgres.loadSeconds) >= 50_000 ? 'MET' : 'NOT MET'}`,
  );
  if (withGdal) {
    console.log('\nratios (Lantu features/s ÷ ogr2ogr features/s, best runs; > 1 means Lantu is faster):');
    console.log(
      `  GeoPackage: ${(rate(sqlite.features, sqlite.loadSeconds) / rate(sqlite.patches, best(gdal.gpkg).seconds)).toFixed(2)}×`,
    );
    console.log(
      `  PostGIS:    ${(rate(postgres.features, postgres.loadSeconds) / rate(sqlite.patches, best(gdal.pg).seconds)).toFixed(2)}×`,
    );
  }
} finally {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`drop schema if exists ${gdalSchema} cascade`);
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
}
