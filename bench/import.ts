/**
 * Benchmark: importing a Shapefile of the demo city's land-survey patches with `lantu import` (read by
 * Lantu's own Shapefile reader in the checking threads, every feature checked and repaired by the
 * kernel, report written, loaded in one transaction — on PostgreSQL written as it is checked),
 * into a fresh GeoPackage store and a fresh PostgreSQL schema, against GDAL's own ogr2ogr writing the
 * same Shapefile into a GeoPackage and into PostGIS. Prints features/s, peak memory and ratios; asserts
 * nothing.
 *
 *   npm run bench:import                      # 1,000,000 patches, survey year 2025
 *   npm run bench:import -- --patches 200000
 *   npm run bench:import -- --skip-postgres
 *   npm run bench:import -- --compiled        # run dist/ (npx tsc -p tsconfig.json first), as the CLI does
 *   LANTU_IMPORT_OVERLAP=0 npm run bench:import   # PostgreSQL: check first, write after (as on SQLite)
 *
 * The Shapefile (GBK attributes, .cpg, EPSG:4490, DLTB fields sized to their contents) is made once per
 * patch count in bench/out/ and reused. Each Lantu import runs in a child process of its own so its
 * peak RSS is its own. ogr2ogr does far less — no validity check, no repair, no report — so the ratio
 * says what the checking costs, not who is faster at copying.
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
    file: { type: 'string' },
    dir: { type: 'string' },
    schema: { type: 'string' },
    'skip-postgres': { type: 'boolean', default: false },
    compiled: { type: 'boolean', default: false },
  },
});
const patches = Number(values.patches);

interface LantuResult {
  store: string;
  features: number;
  loaded: number;
  seconds: number;
  checkSeconds: number;
  /** Rows written and checked so far (PostgreSQL writes while checking): this is the write's tail. */
  writeSeconds: number;
  /** After the commit: the layer's tile overviews (tile-prepare.ts) and stale indicator values. */
  afterSeconds: number;
  peakRssMb: number;
  /** CPU seconds of the import's process, all its threads (GDAL's own process not included). */
  cpuSeconds: number;
  gdal: string;
}

if (values.phase === 'generate') {
  // Child: stream the generated patches as GeoJSONSeq (generation takes memory this process need not keep).
  const { generateDemoCity } = await import('../src/demo/index.js');
  const city = generateDemoCity({ seed: values.seed!, patches, years: [2025] });
  const fd = fs.openSync(values.file!, 'w');
  let lines: string[] = [];
  let n = 0;
  for (const f of city.landSurvey(2025)) {
    lines.push(`{"type":"Feature","properties":${f.attrsJson},"geometry":${JSON.stringify(f.geometry)}}`);
    if (lines.length === 5000) {
      fs.writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
    n++;
  }
  if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
  process.stdout.write(`${n}\n`);
  process.exit(0);
}

if (values.phase) {
  // Child: one import into one fresh store; the result as JSON on the last line.
  // --compiled: the JavaScript tsc writes to dist/ (what the lantu command runs), not the sources through tsx.
  const root = values.compiled ? '../dist' : '../src';
  type Mod<T> = Promise<T>;
  const { SYSTEM } = await (import(`${root}/auth/principal.js`) as Mod<typeof import('../src/auth/principal.js')>);
  const { runImport } = await (import(`${root}/ingest/run-import.js`) as Mod<
    typeof import('../src/ingest/run-import.js')
  >);
  const { migrate } = await (import(`${root}/store/migrate.js`) as Mod<typeof import('../src/store/migrate.js')>);
  const { openSqliteStore } = await (import(`${root}/store/sqlite-store.js`) as Mod<
    typeof import('../src/store/sqlite-store.js')
  >);
  const { openPostgresStore } = await (import(`${root}/store/postgres-store.js`) as Mod<
    typeof import('../src/store/postgres-store.js')
  >);
  const store =
    values.phase === 'sqlite'
      ? openSqliteStore(path.join(values.dir!, 'lantu.gpkg'))
      : await openPostgresStore(BENCH_DB, values.schema!);
  await migrate(store);
  const started = performance.now();
  let writing = 0;
  let written = 0;
  const summary = await runImport(
    store,
    SYSTEM,
    { path: values.file!, layerCode: 'landsurvey-bench', preset: 'dltb', regionCode: '9901' },
    {
      onProgress: (stage, done, total) => {
        if (stage === 'writing' && done === 0) writing = performance.now();
        // The rows are committed: what follows (the layer's tile overviews, stale indicator values) is not the write.
        if (stage === 'writing' && done > 0) written = performance.now();
        if (stage === 'validating' && done % 100_000 === 0 && done > 0) {
          process.stderr.write(`    ${values.phase}: checked ${done}/${total ?? '?'}\n`);
        }
      },
    },
  );
  const ended = performance.now();
  await store.close();
  const result: LantuResult = {
    store: values.phase,
    features: summary.counts.read,
    loaded: summary.counts.loaded,
    seconds: (ended - started) / 1000,
    checkSeconds: ((writing || ended) - started) / 1000,
    writeSeconds: writing ? ((written || ended) - writing) / 1000 : 0,
    afterSeconds: written ? (ended - written) / 1000 : 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    gdal: summary.gdalWarnings.length ? `ok (${summary.gdalWarnings.length} warning kinds)` : 'ok',
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

const out = path.resolve('bench/out', `import-${patches}`);
const shp = path.join(out, 'DLTB.shp');

function prepareShapefile(): number {
  if (fs.existsSync(shp) && fs.existsSync(path.join(out, 'count'))) {
    return Number(fs.readFileSync(path.join(out, 'count'), 'utf8'));
  }
  fs.mkdirSync(out, { recursive: true });
  console.log(`making the Shapefile: ${patches.toLocaleString()} demo patches → ${shp}`);
  const seq = path.join(out, 'patches.geojsonl');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/import.ts', '--phase', 'generate', '--patches', String(patches), '--file', seq],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error('generating the demo patches failed');
  const count = Number(child.stdout.trim().split('\n').at(-1));
  execFileSync('ogr2ogr', [
    '-f',
    'ESRI Shapefile',
    shp,
    `GeoJSONSeq:${seq}`,
    '-nln',
    'DLTB',
    '-a_srs',
    'EPSG:4490',
    '-nlt',
    'POLYGON',
    '-lco',
    'ENCODING=GBK',
    '-lco',
    'RESIZE=YES',
  ]);
  fs.rmSync(seq);
  fs.writeFileSync(path.join(out, 'count'), String(count));
  return count;
}

function lantuImport(store: 'sqlite' | 'postgres', dir: string, schema: string): LantuResult {
  const args = [
    '--import',
    'tsx',
    'bench/import.ts',
    '--phase',
    store,
    '--file',
    shp,
    '--dir',
    dir,
    '--schema',
    schema,
    ...(values.compiled ? ['--compiled'] : []),
  ];
  const child = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`lantu import into ${store} failed`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as LantuResult;
}

function lantuNote(r: LantuResult): string {
  return (
    `check ${r.checkSeconds.toFixed(1)} s + write ${r.writeSeconds.toFixed(1)} s + tiles ${r.afterSeconds.toFixed(1)} s, ` +
    `CPU ${r.cpuSeconds.toFixed(1)} s in Node, peak ${r.peakRssMb.toFixed(0)} MB`
  );
}

function timed(work: () => void): number {
  const t = performance.now();
  work();
  return (performance.now() - t) / 1000;
}

async function withSchema<T>(work: (schema: string) => T | Promise<T>): Promise<T> {
  const schema = `bench_import_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: BENCH_DB });
  await client.connect();
  await client.query('create extension if not exists postgis');
  await client.query(`create schema ${schema}`);
  try {
    return await work(schema);
  } finally {
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
  }
}

/** `uptime`'s three load averages: the machine is shared, and the figures mean little without them. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

const features = prepareShapefile();
const shpBytes = fs
  .readdirSync(out)
  .filter((f) => f.startsWith('DLTB.'))
  .reduce((s, f) => s + fs.statSync(path.join(out, f)).size, 0);
console.log(
  `\nimport benchmark: ${features.toLocaleString()} patches in ${path.relative(process.cwd(), shp)} ` +
    `(${(shpBytes / 1e6).toFixed(0)} MB), ${os.cpus().length} CPUs, Node ${process.version}, ` +
    `${values.compiled ? 'compiled dist/' : 'sources through tsx'}, ` +
    `load average ${loadAverage()}\n`,
);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-import-'));
const rows: { what: string; seconds: number; features: number; note: string }[] = [];
try {
  const gpkg = path.join(work, 'ogr2ogr.gpkg');
  const refGpkg = timed(() =>
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, shp, '-nln', 'dltb', '-nlt', 'MULTIPOLYGON', '-gt', '65536']),
  );
  rows.push({ what: 'ogr2ogr → GeoPackage', seconds: refGpkg, features, note: 'copy only' });
  const sqlite = lantuImport('sqlite', fs.mkdtempSync(path.join(work, 'sqlite-')), '');
  rows.push({
    what: 'lantu import → GeoPackage',
    seconds: sqlite.seconds,
    features: sqlite.loaded,
    note: lantuNote(sqlite),
  });
  let pgRef = 0;
  let pgLantu: LantuResult | null = null;
  if (!values['skip-postgres']) {
    pgRef = await withSchema((schema) =>
      timed(() =>
        execFileSync('ogr2ogr', [
          '-f',
          'PostgreSQL',
          `PG:${BENCH_DB.replace(/^postgres(ql)?:\/\//, 'postgresql://')}`,
          shp,
          '-nln',
          `${schema}.dltb`,
          '-nlt',
          'MULTIPOLYGON',
          '-lco',
          'GEOMETRY_NAME=geom',
          '-lco',
          'SPATIAL_INDEX=GIST',
          '--config',
          'PG_USE_COPY',
          'YES',
          '-gt',
          '65536',
        ]),
      ),
    );
    rows.push({ what: 'ogr2ogr → PostGIS', seconds: pgRef, features, note: 'COPY, GiST index' });
    pgLantu = await withSchema((schema) => lantuImport('postgres', work, schema));
    rows.push({
      what: 'lantu import → PostgreSQL',
      seconds: pgLantu.seconds,
      features: pgLantu.loaded,
      note: lantuNote(pgLantu),
    });
  }
  console.log('| run | features | seconds | features/s | notes |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(
      `| ${r.what} | ${r.features.toLocaleString()} | ${r.seconds.toFixed(1)} | ${Math.round(r.features / r.seconds).toLocaleString()} | ${r.note} |`,
    );
  }
  const rate = (r: { features: number; seconds: number }) => r.features / r.seconds;
  console.log(
    `\nratios (lantu / ogr2ogr, features/s): GeoPackage ${(rate({ features: sqlite.loaded, seconds: sqlite.seconds }) / rate({ features, seconds: refGpkg })).toFixed(2)}` +
      (pgLantu
        ? `, PostgreSQL ${(rate({ features: pgLantu.loaded, seconds: pgLantu.seconds }) / rate({ features, seconds: pgRef })).toFixed(2)}`
        : ''),
  );
  console.log(
    `target (issue #3): ≥ 50,000 features/s — GeoPackage ${Math.round(rate({ features: sqlite.loaded, seconds: sqlite.seconds })).toLocaleString()}` +
      (pgLantu
        ? `, PostgreSQL ${Math.round(rate({ features: pgLantu.loaded, seconds: pgLantu.seconds })).toLocaleString()}`
        : ''),
  );
  console.log(`load average at the end: ${loadAverage()}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
