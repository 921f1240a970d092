/**
 * Benchmark: zonal areas of the demo city's land-survey patches (default 1,000,000) × all its regions
 * and planning units, per zone and 三调 class — Lantu against the best PostGIS SQL, in one run, on the
 * same data, on the same machine. Prints both times and their ratio, the largest relative difference
 * of any cell, and Lantu's peak memory. Nothing is asserted; targets are printed as MET / NOT MET.
 *
 *   npm run bench:zonal                       # 1,000,000 patches
 *   npm run bench:zonal -- --patches 200000
 *   npm run bench:zonal -- --keep             # leave the GeoPackage and the schema for bench:conflict
 *   npm run bench:zonal -- --reuse <dir>      # use what --keep left
 *
 * Two measures: ellipsoidal (m² on CGCS2000; PostGIS ST_Area(…::geography)) and planar in
 * CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527; PostGIS ST_Area(ST_Transform(…, 4527))).
 * Lantu runs on the GeoPackage and on PostgreSQL, each in a child process (so its peak RSS is its own),
 * with its default worker threads. The PostGIS reference is what a careful DBA writes: zones cut with
 * ST_Subdivide(…, 256) into a GiST-indexed table, ST_Intersects for candidates, ST_Within to take
 * contained patches whole, ST_Intersection for the rest — and, per patch and zone, the whole patch when
 * its cut pieces add up to it (as Lantu does), since the cut lines of a subdivision would otherwise
 * move geodesic areas by up to 1e-5 for long edges. Its time includes the subdivision and the index.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

const BENCH_DB = process.env.LANTU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'lantu' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    phase: { type: 'string' },
    store: { type: 'string' },
    variant: { type: 'string' },
    dir: { type: 'string' },
    schema: { type: 'string' },
  },
});

type Variant = 'ellipsoidal' | 'planar';
const PLANAR_EPSG = 4527;
const ZONE_KINDS = ['region', 'planning_unit'] as const;
const LAYER = 'landsurvey-2025';

interface LantuRun {
  seconds: number;
  peakRssMb: number;
  threads: number;
  cells: number;
  featuresRead: number;
}

// ── child phases ──────────────────────────────────────────────────────
if (values.phase === 'load') {
  const { generateDemoCity, loadDemoCity } = await import('../src/demo/index.js');
  const { migrate } = await import('../src/store/migrate.js');
  const { openSqliteStore } = await import('../src/store/sqlite-store.js');
  const { openPostgresStore } = await import('../src/store/postgres-store.js');
  const { sql } = await import('kysely');
  let t = performance.now();
  const city = generateDemoCity({ seed: values.seed!, patches: Number(values.patches), years: [2025] });
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const sqlite = openSqliteStore(path.join(values.dir!, 'lantu.gpkg'));
  await migrate(sqlite);
  await loadDemoCity(sqlite, city);
  await sqlite.close();
  const postgres = await openPostgresStore(BENCH_DB, values.schema!);
  await migrate(postgres);
  await loadDemoCity(postgres, city);
  await sql`analyze`.execute(postgres.db);
  await postgres.close();
  console.log(JSON.stringify({ generateSeconds, loadSeconds: (performance.now() - t) / 1000 }));
  process.exit(0);
}

if (values.phase === 'lantu') {
  const { zonalStatistics } = await import('../src/analysis/zonal.js');
  const { SYSTEM } = await import('../src/auth/principal.js');
  const { openSqliteStore } = await import('../src/store/sqlite-store.js');
  const { openPostgresStore } = await import('../src/store/postgres-store.js');
  const store =
    values.store === 'sqlite'
      ? openSqliteStore(path.join(values.dir!, 'lantu.gpkg'))
      : await openPostgresStore(BENCH_DB, values.schema!);
  const planar = values.variant === 'planar';
  const t = performance.now();
  const result = await zonalStatistics(store, SYSTEM, {
    zones: { kinds: [...ZONE_KINDS] },
    layer: LAYER,
    classField: 'dlbm',
    ...(planar ? { planarEpsg: PLANAR_EPSG, ellipsoidal: false } : {}),
  });
  const seconds = (performance.now() - t) / 1000;
  await store.close();
  const cells = Object.fromEntries(
    result.cells.map((c) => [`${c.zone}|${c.class}`, planar ? c.planarAreaM2! : c.areaM2!]),
  );
  fs.writeFileSync(path.join(values.dir!, `lantu-${values.store}-${values.variant}.json`), JSON.stringify(cells));
  const run: LantuRun = {
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    threads: result.provenance.threads,
    cells: result.cells.length,
    featuresRead: result.provenance.layer.featuresRead,
  };
  console.log(JSON.stringify(run));
  process.exit(0);
}

function child<T>(args: string[]): T {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`bench phase ${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as T;
}

// ── the PostGIS reference ─────────────────────────────────────────────
function referenceSql(variant: Variant): string {
  const measure = (g: string) =>
    variant === 'planar' ? `ST_Area(ST_Transform(${g}, ${PLANAR_EPSG}))` : `ST_Area((${g})::geography)`;
  return `
    select code, dlbm, sum(m2) as m2 from (
      select zp.code, l.fid, min(l.dlbm) as dlbm,
             case when bool_or(x.inside) or abs(sum(x.cut_deg) - min(x.whole_deg)) <= 1e-10 * min(x.whole_deg)
                  then min(x.whole_m2) else sum(x.cut_m2) end as m2
        from bench_zone_pieces zp
        join land_survey l on ST_Intersects(zp.g, l.geom)
        cross join lateral (
          select w.inside, ST_Area(l.geom) as whole_deg, ${measure('l.geom')} as whole_m2,
                 coalesce(ST_Area(c.cut), 0) as cut_deg, coalesce(${measure('c.cut')}, 0) as cut_m2
            from (select ST_Within(l.geom, zp.g) as inside) w
            cross join lateral (select case when w.inside then null else ST_Intersection(zp.g, l.geom) end as cut) c
        ) x
       where l.layer_id = (select id from layer where code = '${LAYER}')
       group by zp.code, l.fid
    ) per_patch
    where m2 > 0
    group by code, dlbm`;
}

async function postgisReference(
  client: pg.Client,
  variant: Variant,
): Promise<{ seconds: number; cells: Map<string, number> }> {
  await client.query('drop table if exists bench_zone_pieces');
  const t = performance.now();
  await client.query(
    `create table bench_zone_pieces as
       select code, ST_Subdivide(geom, 256) as g from zone where kind in (${ZONE_KINDS.map((k) => `'${k}'`).join(', ')})`,
  );
  await client.query('create index on bench_zone_pieces using gist (g)');
  await client.query('analyze bench_zone_pieces');
  const { rows } = await client.query<{ code: string; dlbm: string; m2: number }>(referenceSql(variant));
  const seconds = (performance.now() - t) / 1000;
  return { seconds, cells: new Map(rows.map((r) => [`${r.code}|${r.dlbm}`, Number(r.m2)])) };
}

function compare(lantu: Record<string, number>, reference: Map<string, number>) {
  let worst = 0;
  let worstKey = '';
  let missing = 0;
  for (const [key, value] of reference) {
    const ours = lantu[key];
    if (ours === undefined) {
      missing++;
      continue;
    }
    const rel = Math.abs(ours / value - 1);
    if (rel > worst) {
      worst = rel;
      worstKey = key;
    }
  }
  const extra = Object.keys(lantu).filter((k) => !reference.has(k) && lantu[k]! > 0).length;
  return { worst, worstKey, missing, extra };
}

// ── the run ───────────────────────────────────────────────────────────
const patches = Number(values.patches);
const reuse = values.reuse ? JSON.parse(fs.readFileSync(path.join(values.reuse, 'bench.json'), 'utf8')) : null;
const dir = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-zonal-'));
const schema: string = reuse?.schema ?? `bench_zonal_${process.pid}`;
const client = new pg.Client({ connectionString: BENCH_DB, options: `-c search_path=${schema},public` });
await client.connect();
try {
  console.log(
    `Lantu zonal benchmark — ${(reuse?.patches ?? patches).toLocaleString('en')} patches × regions and planning units, ${os.availableParallelism()} cores`,
  );
  if (!reuse) {
    const load = child<{ generateSeconds: number; loadSeconds: number }>([
      '--phase',
      'load',
      '--patches',
      String(patches),
      '--seed',
      values.seed!,
      '--dir',
      dir,
      '--schema',
      schema,
    ]);
    console.log(
      `generated in ${load.generateSeconds.toFixed(1)} s, loaded into both stores in ${load.loadSeconds.toFixed(1)} s (not measured below)`,
    );
    fs.writeFileSync(path.join(dir, 'bench.json'), JSON.stringify({ schema, patches, seed: values.seed }));
  }
  const { rows: zoneCount } = await client.query<{ n: number }>(
    `select count(*)::int as n from zone where kind in (${ZONE_KINDS.map((k) => `'${k}'`).join(', ')})`,
  );
  console.log(`zones: ${zoneCount[0]!.n}\n`);

  const report: string[] = [];
  const targets: string[] = [];
  for (const variant of ['ellipsoidal', 'planar'] as const) {
    const runs = (['sqlite', 'postgres'] as const).map((store) => ({
      store,
      run: child<LantuRun>([
        '--phase',
        'lantu',
        '--store',
        store,
        '--variant',
        variant,
        '--dir',
        dir,
        '--schema',
        schema,
      ]),
    }));
    const reference = await postgisReference(client, variant);
    const tolerance = variant === 'planar' ? 1e-9 : 1e-6;
    report.push(
      `| PostGIS SQL (ST_Subdivide, GiST) | ${variant} | ${reference.seconds.toFixed(1)} | 1.00× | ${reference.cells.size} cells | — | — |`,
    );
    for (const { store, run } of runs) {
      const lantu = JSON.parse(fs.readFileSync(path.join(dir, `lantu-${store}-${variant}.json`), 'utf8')) as Record<
        string,
        number
      >;
      const diff = compare(lantu, reference.cells);
      const ratio = reference.seconds / run.seconds;
      report.push(
        `| Lantu on ${store === 'sqlite' ? 'GeoPackage' : 'PostgreSQL'} (${run.threads} threads) | ${variant} | ${run.seconds.toFixed(1)} | ${ratio.toFixed(2)}× | ${run.cells} cells, max rel. diff ${diff.worst.toExponential(2)} (${diff.worstKey}), missing ${diff.missing}, extra ${diff.extra} | ${run.peakRssMb.toFixed(0)} MB | ${run.featuresRead.toLocaleString('en')} read |`,
      );
      targets.push(
        `  ${variant} on ${store}: ${ratio.toFixed(2)}× PostGIS (≥ 2×: ${ratio >= 2 ? 'MET' : 'NOT MET'}); max rel. diff ${diff.worst.toExponential(2)} (≤ ${tolerance}: ${diff.worst <= tolerance && diff.missing === 0 && diff.extra === 0 ? 'MET' : 'NOT MET'}); peak RSS ${run.peakRssMb.toFixed(0)} MB (< 1536: ${run.peakRssMb < 1536 ? 'MET' : 'NOT MET'})`,
      );
    }
  }
  await client.query('drop table if exists bench_zone_pieces');
  console.log('| run | measure | seconds | speed vs PostGIS | cells and agreement | peak RSS | features |');
  console.log('|---|---|---:|---:|---|---:|---|');
  for (const line of report) console.log(line);
  console.log('\ntargets:');
  for (const line of targets) console.log(line);
} finally {
  if (values.keep || values.reuse) {
    if (!values.reuse) console.log(`\nkept: ${dir} (GeoPackage) and schema ${schema}; reuse with --reuse ${dir}`);
  } else {
    await client.query(`drop schema if exists ${schema} cascade`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await client.end();
}
