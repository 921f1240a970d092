/**
 * Benchmark: the conflict check of one parcel against the control lines and planned land use in force,
 * through the HTTP API of a real listening server — latency of 200 random parcels in the demo city
 * (default 1,000,000 patches, whose control lines are township-sized polygons of thousands of
 * vertices), on the GeoPackage and on PostgreSQL. The reference, in the same run: the same check as
 * one PostGIS query per parcel (candidates by GiST, ST_Intersection, ST_Area on the spheroid), timed
 * from the client. Prints p50/p95/p99/max; nothing is asserted (target: p95 < 20 ms).
 *
 *   npm run bench:conflict
 *   npm run bench:conflict -- --reuse <dir>     # the GeoPackage and schema `bench:zonal -- --keep` left
 *   npm run bench:conflict -- --patches 200000 --parcels 500
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Polygon } from 'geojson';
import pg from 'pg';
import { SYSTEM } from '../src/auth/principal.js';
import { createUser } from '../src/auth/users.js';
import { resolveConfig } from '../src/config.js';
import { getGeos } from '../src/geo/geos.js';
import { buildServer } from '../src/http/server.js';
import { openPostgresStore } from '../src/store/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const BENCH_DB = process.env.LANTU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    parcels: { type: 'string', default: '200' },
    seed: { type: 'string', default: 'lantu' },
    reuse: { type: 'string' },
    phase: { type: 'string' },
    dir: { type: 'string' },
    schema: { type: 'string' },
  },
});
const PASSWORD = 'bench-conflict-password';
const WARM_UP = 20;

if (values.phase === 'load') {
  const { generateDemoCity, loadDemoCity } = await import('../src/demo/index.js');
  const { migrate } = await import('../src/store/migrate.js');
  const { sql } = await import('kysely');
  const city = generateDemoCity({ seed: values.seed!, patches: Number(values.patches), years: [2025] });
  const sqlite = openSqliteStore(path.join(values.dir!, 'lantu.gpkg'));
  await migrate(sqlite);
  await loadDemoCity(sqlite, city);
  await sqlite.close();
  const postgres = await openPostgresStore(BENCH_DB, values.schema!);
  await migrate(postgres);
  await loadDemoCity(postgres, city);
  await sql`analyze`.execute(postgres.db);
  await postgres.close();
  process.exit(0);
}

/** Deterministic parcels: rotated rectangles of 30–300 m a side, centred inside the city. */
async function randomParcels(store: Store, n: number): Promise<Polygon[]> {
  const city = await store.db
    .selectFrom('zone')
    .select('geom')
    .where('kind', '=', 'region')
    .where('level', '=', 'city')
    .executeTakeFirstOrThrow();
  const outline = store.dialect.decodeGeometry(city.geom)!;
  const geos = await getGeos();
  let state = 0x9e3779b9;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
  return geos.scope((own) => {
    const g = own(geos.fromGeoJSON(outline));
    const prepared = own.prepared(geos.prepare(g));
    const [minX, minY, maxX, maxY] = geos.extent(g);
    const parcels: Polygon[] = [];
    while (parcels.length < n) {
      const cx = minX + random() * (maxX - minX);
      const cy = minY + random() * (maxY - minY);
      if (!geos.preparedIntersectsXY(prepared, cx, cy)) continue;
      const w = (30 + random() * 270) / 2 / 94_600; // metres to degrees of longitude near 31.8°N
      const h = (30 + random() * 270) / 2 / 110_900;
      const a = random() * Math.PI;
      const corner = ([dx, dy]: [number, number]) => [
        cx + dx * Math.cos(a) - dy * Math.sin(a),
        cy + dx * Math.sin(a) + dy * Math.cos(a),
      ];
      const ring = (
        [
          [-w, -h],
          [w, -h],
          [w, h],
          [-w, h],
        ] as [number, number][]
      ).map(corner);
      parcels.push({ type: 'Polygon', coordinates: [[...ring, ring[0]!]] });
    }
    return parcels;
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1)! };
};

async function measureApi(store: Store, parcels: Polygon[], dir: string) {
  const app = await buildServer({ store, config: resolveConfig({ dataDir: dir }, {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const username = `bench_${Date.now()}`;
    await createUser(store.db, SYSTEM, { username, role: 'planner', regionCode: '9901', password: PASSWORD });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const check = async (geometry: Polygon) => {
      const t = performance.now();
      const res = await fetch(`${base}/api/analysis/conflicts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ geometry }),
      });
      const body = (await res.json()) as { hits?: unknown[]; checked?: { candidates: number }[] };
      if (res.status !== 200) throw new Error(`conflict check answered ${res.status}: ${JSON.stringify(body)}`);
      return {
        ms: performance.now() - t,
        hits: body.hits!.length,
        candidates: body.checked!.reduce((s, l) => s + l.candidates, 0),
      };
    };
    for (const p of parcels.slice(0, WARM_UP)) await check(p);
    const runs = [];
    for (const p of parcels) runs.push(await check(p));
    return {
      ...stats(runs.map((r) => r.ms)),
      withConflict: runs.filter((r) => r.hits > 0).length,
      meanCandidates: runs.reduce((s, r) => s + r.candidates, 0) / runs.length,
    };
  } finally {
    await app.close();
  }
}

/** The same check as one SQL query per parcel, on the PostGIS server, timed from the client. */
async function measurePostgis(schema: string, parcels: Polygon[]) {
  const client = new pg.Client({ connectionString: BENCH_DB, options: `-c search_path=${schema},public` });
  await client.connect();
  const query = `
    with parcel as (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4490) as g),
    layers as (
      select l.id, l.code, l.feature_table from layer l left join plan_version v on v.id = l.plan_version_id
       where l.category in ('control_line', 'planned_land_use') and (l.plan_version_id is null or v.is_current = 1))
    select code, fid, ST_Area(ST_Intersection(c.geom, parcel.g)::geography) as m2, ST_AsGeoJSON(ST_Intersection(c.geom, parcel.g)) as evidence
      from parcel, layers join control_line c on c.layer_id = layers.id
     where c.geom && parcel.g and ST_Intersects(c.geom, parcel.g)
    union all
    select code, fid, ST_Area(ST_Intersection(p.geom, parcel.g)::geography), ST_AsGeoJSON(ST_Intersection(p.geom, parcel.g))
      from parcel, layers join planned_land_use p on p.layer_id = layers.id
     where p.geom && parcel.g and ST_Intersects(p.geom, parcel.g)`;
  try {
    const once = async (p: Polygon) => {
      const t = performance.now();
      await client.query(query, [JSON.stringify(p)]);
      return performance.now() - t;
    };
    for (const p of parcels.slice(0, WARM_UP)) await once(p);
    const ms = [];
    for (const p of parcels) ms.push(await once(p));
    return stats(ms);
  } finally {
    await client.end();
  }
}

const reuse = values.reuse ? JSON.parse(fs.readFileSync(path.join(values.reuse, 'bench.json'), 'utf8')) : null;
const dir = values.reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-conflict-'));
const schema: string = reuse?.schema ?? `bench_conflict_${process.pid}`;
const admin = new pg.Client({ connectionString: BENCH_DB });
await admin.connect();
try {
  const patches = reuse?.patches ?? Number(values.patches);
  console.log(
    `Lantu conflict-check benchmark — demo city of ${patches.toLocaleString('en')} patches, ${values.parcels} parcels, ${os.availableParallelism()} cores`,
  );
  if (!reuse) {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
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
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (run.status !== 0) throw new Error('loading the demo city failed');
  }
  const sqlite = openSqliteStore(path.join(dir, 'lantu.gpkg'));
  const postgres = await openPostgresStore(BENCH_DB, schema);
  try {
    const parcels = await randomParcels(sqlite, Number(values.parcels));
    const { n } = await sqlite.db
      .selectFrom('control_line')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`control-line features: ${Number(n)} (all versions)\n`);
    const lantuSqlite = await measureApi(sqlite, parcels, dir);
    const lantuPg = await measureApi(postgres, parcels, dir);
    const reference = await measurePostgis(schema, parcels);
    const row = (name: string, s: { p50: number; p95: number; p99: number; max: number }, extra = '') =>
      `| ${name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} | ${(reference.p95 / s.p95).toFixed(2)}× | ${extra} |`;
    console.log(
      '| run | p50 ms | p95 ms | p99 ms | max ms | p95 vs PostGIS SQL | note |\n|---|---:|---:|---:|---:|---:|---|',
    );
    console.log(
      row(
        'POST /api/analysis/conflicts, GeoPackage',
        lantuSqlite,
        `${lantuSqlite.withConflict}/${parcels.length} with overlaps, ${lantuSqlite.meanCandidates.toFixed(1)} candidates each`,
      ),
    );
    console.log(
      row(
        'POST /api/analysis/conflicts, PostgreSQL',
        lantuPg,
        `${lantuPg.withConflict}/${parcels.length} with overlaps`,
      ),
    );
    console.log(row('PostGIS SQL, one query per parcel (no HTTP)', reference, 'reference'));
    console.log('\ntargets:');
    for (const [name, s] of [
      ['GeoPackage', lantuSqlite],
      ['PostgreSQL', lantuPg],
    ] as const) {
      console.log(`  ${name}: p95 ${s.p95.toFixed(1)} ms (< 20 ms: ${s.p95 < 20 ? 'MET' : 'NOT MET'})`);
    }
  } finally {
    await sqlite.close();
    await postgres.close();
  }
} finally {
  if (!reuse) {
    await admin.query(`drop schema if exists ${schema} cascade`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await admin.end();
}
