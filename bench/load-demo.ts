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
    dir: { type: 'string' },
    schema: { type: 'string' },
  },
});
const patches = Number(values.patches);

interface PhaseResult {
  store: string;
  generateSeconds: number;
  loadSeconds: number;
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
  const summary = await loadDemoCity(store, city);
  const loadSeconds = (performance.now() - t) / 1000;
  await store.close();
  const features = Object.values(summary.features).reduce((a, b) => a + b, 0);
  const result: PhaseResult = {
    store: values.phase,
    generateSeconds,
    loadSeconds,
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
try {
  console.log(
    `Lantu load benchmark — ${patches.toLocaleString('en')} land-survey patches (seed ${values.seed}), ${os.cpus().length} cores`,
  );
  const sqlite = runPhase('sqlite', dir, schema);
  const postgres = runPhase('postgres', dir, schema);

  const rows: [string, number, number, string][] = [
    ['Lantu → GeoPackage (SQLite)', sqlite.features, sqlite.loadSeconds, `${sqlite.peakRssMb.toFixed(0)} MB peak`],
    ['Lantu → PostgreSQL/PostGIS', postgres.features, postgres.loadSeconds, `${postgres.peakRssMb.toFixed(0)} MB peak`],
  ];
  let gdal: { gpkg: number; pg: number } | null = null;
  if (have('ogr2ogr')) {
    const fgb = path.join(dir, 'patches.fgb');
    execFileSync('ogr2ogr', ['-f', 'FlatGeobuf', fgb, path.join(dir, 'lantu.gpkg'), 'land_survey'], {
      stdio: 'ignore',
    });
    const gpkgSeconds = timeCommand('ogr2ogr', ['-f', 'GPKG', path.join(dir, 'gdal.gpkg'), fgb, '-nln', 'land_survey']);
    await admin.query(`create schema ${gdalSchema}`);
    const u = new URL(BENCH_DB);
    const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${u.username || 'postgres'}`;
    const pgSeconds = timeCommand(
      'ogr2ogr',
      ['-f', 'PostgreSQL', pgConn, fgb, '-nln', `${gdalSchema}.land_survey`, '-lco', 'SPATIAL_INDEX=GIST'],
      {
        PG_USE_COPY: 'YES',
      },
    );
    gdal = { gpkg: gpkgSeconds, pg: pgSeconds };
    rows.push(['ogr2ogr → GeoPackage', sqlite.patches, gpkgSeconds, 'patches only']);
    rows.push(['ogr2ogr → PostgreSQL/PostGIS (COPY)', sqlite.patches, pgSeconds, 'patches only']);
  } else {
    console.log('ogr2ogr not installed (apt-get install gdal-bin): GDAL reference skipped');
  }

  console.log(`\ngeneration (not in the load times): ${sqlite.generateSeconds.toFixed(1)} s`);
  console.log('\n| load | features | seconds | features/s | note |\n|---|---:|---:|---:|---|');
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
  console.log(
    `  GeoPackage peak memory < 1.5 GB: ${sqlite.peakRssMb.toFixed(0)} MB ${sqlite.peakRssMb < 1536 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `  PostGIS ≥ 50,000 features/s: ${Math.round(rate(postgres.features, postgres.loadSeconds)).toLocaleString('en')} ${rate(postgres.features, postgres.loadSeconds) >= 50_000 ? 'MET' : 'NOT MET'}`,
  );
  if (gdal) {
    console.log('\nratios (Lantu features/s ÷ ogr2ogr features/s; > 1 means Lantu is faster):');
    console.log(
      `  GeoPackage: ${(rate(sqlite.features, sqlite.loadSeconds) / rate(sqlite.patches, gdal.gpkg)).toFixed(2)}×`,
    );
    console.log(
      `  PostGIS:    ${(rate(postgres.features, postgres.loadSeconds) / rate(sqlite.patches, gdal.pg)).toFixed(2)}×`,
    );
  }
} finally {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`drop schema if exists ${gdalSchema} cascade`);
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
}
