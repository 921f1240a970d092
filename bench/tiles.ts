/**
 * Benchmark: vector tiles of the demo city's land-survey layer (default 1,000,000 patches), z10–z16,
 * requested through the real HTTP server on the GeoPackage and on PostgreSQL/PostGIS, next to PostGIS
 * ST_AsMVT sent straight to the database for the same tiles (the query a DBA would write: every
 * feature of the tile, ST_Transform, ST_AsMVTGeom). Prints p50/p95 per zoom, tiles/s and ratios; it
 * asserts nothing.
 *
 *   npm run bench:tiles
 *   npm run bench:tiles -- --patches 200000 --tiles 30
 *   npm run bench:tiles -- --gpkg /tmp/city.gpkg --schema lt_city   # stores already loaded; kept
 *
 * Cold: the tile cache is off (LANTU_TILE_CACHE_MB=0), so every request cuts its tile (z10–z13 from the
 * layer's stored overview, built by the first low-zoom request and timed on its own). Warm: a server
 * with a 256 MB cache asked for every tile twice, the second request timed. One client requests the
 * tiles one after another; tiles/s is tiles ÷ the sum of their times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader } from 'pbf';
import pg from 'pg';
import { SYSTEM } from '../src/auth/principal.js';
import { createUser } from '../src/auth/users.js';
import { resolveConfig } from '../src/config.js';
import { generateDemoCity, loadDemoCity } from '../src/demo/index.js';
import { buildServer } from '../src/http/server.js';
import { tileAt } from '../src/services/tile-math.js';
import { migrate } from '../src/store/migrate.js';
import { openPostgresStore } from '../src/store/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const BENCH_DB = process.env.LANTU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: 'lantu' },
    tiles: { type: 'string', default: '40' },
    gpkg: { type: 'string' },
    schema: { type: 'string' },
    'reference-seconds': { type: 'string', default: '30' },
  },
});
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];
const TILES_PER_ZOOM = Number(values.tiles);
const REFERENCE_SECONDS = Number(values['reference-seconds']);
const LAYER = 'landsurvey-2025';
const USER = { username: 'bench', password: 'correct-horse-battery' };

interface Tile {
  z: number;
  x: number;
  y: number;
}
interface Sample {
  ms: number;
  bytes: number;
  features: number;
  status: number;
}

const reused = values.gpkg !== undefined || values.schema !== undefined;
if (reused && (values.gpkg === undefined || values.schema === undefined)) {
  throw new Error('--gpkg and --schema go together (both stores, already loaded)');
}
const dir = reused ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-tiles-'));
const gpkgFile = values.gpkg ?? path.join(dir!, 'lantu.gpkg');
const schema = values.schema ?? `bench_tiles_${process.pid}`;
const admin = new pg.Client({ connectionString: BENCH_DB });
await admin.connect();

try {
  console.log(
    `Lantu vector-tile benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${load()}`,
  );
  const sqlite = openSqliteStore(gpkgFile);
  const postgres = await openPostgresStore(BENCH_DB, schema);
  if (!reused) await loadBoth(sqlite, postgres);
  else {
    // Stores loaded by an older Lantu get the newer tables (tile overviews) first.
    await migrate(sqlite);
    await migrate(postgres);
  }
  const layerId = await layerIdOf(postgres);
  const { rows: extentRows } = await sql<{ e: string }>`select ST_Extent(geom)::text as e from land_survey
    where layer_id = ${layerId}`.execute(postgres.db);
  const extent = extentRows[0]!.e.match(/-?[\d.]+/g)!.map(Number) as [number, number, number, number];
  const count = await postgres.db
    .selectFrom('land_survey')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('layer_id', '=', layerId)
    .executeTakeFirstOrThrow();
  const tiles = tileSet(extent);
  console.log(
    `layer ${LAYER}: ${Number(count.n).toLocaleString('en')} patches over [${extent.map((v) => v.toFixed(3)).join(', ')}]; ` +
      `tiles per zoom: ${ZOOMS.map((z) => `z${z} ${tiles.get(z)!.length}`).join(', ')} (seeded, fixed)`,
  );

  const gpkg = await measureLantu('GeoPackage', sqlite, tiles, 'cold');
  const pgis = await measureLantu('PostGIS', postgres, tiles, 'cold');
  const gpkgWarm = await measureLantu('GeoPackage', sqlite, tiles, 'warm');
  const pgisWarm = await measureLantu('PostGIS', postgres, tiles, 'warm');
  const reference = await measureReference(layerId, tiles);
  console.log('\n## Cold: every request cuts its tile (cache off)');
  report(tiles, gpkg, pgis, reference);
  console.log('\n## Warm: every tile asked before (in-process cache, 256 MB)');
  report(tiles, gpkgWarm, pgisWarm, reference);
  console.log(`\nload average at the end: ${load()} (other work on this machine counts in every figure)`);
  await sqlite.close();
  await postgres.close();
} finally {
  if (!reused) {
    await admin.query(`drop schema if exists ${schema} cascade`);
    fs.rmSync(dir!, { recursive: true, force: true });
  }
  await admin.end();
}

async function loadBoth(sqlite: Store, postgres: Store): Promise<void> {
  const patches = Number(values.patches);
  let t = performance.now();
  const city = generateDemoCity({ seed: values.seed!, patches, years: [2025] });
  console.log(`demo city generated: ${patches.toLocaleString('en')} patches in ${s(t)} s`);
  for (const [name, store] of [
    ['GeoPackage', sqlite],
    ['PostGIS', postgres],
  ] as const) {
    await migrate(store);
    t = performance.now();
    await loadDemoCity(store, city);
    console.log(`loaded into ${name} in ${s(t)} s`);
  }
  // What a DBA does after a bulk load: without statistics PostgreSQL ANDs the GiST index with the
  // whole (layer_id, region_code) index for every tile.
  t = performance.now();
  await sql`analyze`.execute(postgres.db);
  console.log(`PostgreSQL ANALYZE after the load: ${s(t)} s`);
}

async function layerIdOf(store: Store): Promise<number> {
  const layer = await store.db.selectFrom('layer').select('id').where('code', '=', LAYER).executeTakeFirstOrThrow();
  return layer.id;
}

/** Distinct tiles per zoom under random points of the extent (mulberry32, seed 2025). */
function tileSet(extent: [number, number, number, number]): Map<number, Tile[]> {
  let state = 2025;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const set = new Map<number, Tile[]>();
  for (const z of ZOOMS) {
    const seen = new Map<string, Tile>();
    for (let attempt = 0; attempt < TILES_PER_ZOOM * 50 && seen.size < TILES_PER_ZOOM; attempt++) {
      const lon = extent[0] + random() * (extent[2] - extent[0]);
      const lat = extent[1] + random() * (extent[3] - extent[1]);
      const tile = tileAt(lon, lat, z);
      seen.set(`${tile.x}/${tile.y}`, tile);
    }
    set.set(z, [...seen.values()]);
  }
  return set;
}

async function measureLantu(name: string, store: Store, tiles: Map<number, Tile[]>, mode: 'cold' | 'warm') {
  // The server reads this when it builds its tile cache.
  process.env.LANTU_TILE_CACHE_MB = mode === 'cold' ? '0' : '256';
  if (mode === 'cold') {
    // Time the overview build apart: drop what an earlier run stored so the first low-zoom tile builds it.
    await store.db.deleteFrom('tile_overview').execute();
    await store.db.deleteFrom('tile_overview_build').execute();
  }
  const exists = await store.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', USER.username)
    .executeTakeFirst();
  if (!exists) await createUser(store.db, SYSTEM, { ...USER, role: 'planner', regionCode: '9901' });
  const app = await buildServer({ store, config: resolveConfig({ dataDir: os.tmpdir() }, {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(USER),
    });
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    // MapLibre asks for the TileJSON first; here that also computes the layer's extent, once per version,
    // and starts building the layer's overview when it has none for this version.
    const started = performance.now();
    let t = started;
    const tileJson = (await (await fetch(`${base}/tiles/${LAYER}.json`, { headers })).json()) as { minzoom: number };
    console.log(
      `\n${name}: TileJSON (first request, computes the layer extent) ${ms(t)} ms; minzoom ${tileJson.minzoom}`,
    );
    if (mode === 'cold') {
      t = performance.now();
      await fetchTile(base, headers, tiles.get(ZOOMS[0]!)![0]!);
      const { rows } = await sql<{ n: number }>`select count(*) as n from tile_overview`.execute(store.db);
      console.log(
        `${name}: first z${ZOOMS[0]} tile after the layer changed (waits for the overview build the TileJSON started) ${ms(t)} ms; ` +
          `TileJSON to that tile ${ms(started)} ms; ${Number(rows[0]!.n).toLocaleString('en')} stored runs`,
      );
    }
    // Warm-up, not measured: one tile per zoom (JIT, the first connections of the pool); warm: every tile.
    for (const z of ZOOMS) {
      for (const tile of mode === 'cold' ? tiles.get(z)!.slice(0, 1) : tiles.get(z)!)
        await fetchTile(base, headers, tile);
    }
    const samples = new Map<number, Sample[]>();
    t = performance.now();
    for (const z of ZOOMS) {
      const list: Sample[] = [];
      for (const tile of tiles.get(z)!) list.push(await fetchTile(base, headers, tile));
      samples.set(z, list);
    }
    console.log(`${name} ${mode}: ${[...samples.values()].flat().length} tiles in ${s(t)} s, load average ${load()}`);
    return samples;
  } finally {
    await app.close();
  }
}

async function fetchTile(base: string, headers: Record<string, string>, { z, x, y }: Tile): Promise<Sample> {
  const t = performance.now();
  const res = await fetch(`${base}/tiles/${LAYER}/${z}/${x}/${y}.mvt`, { headers });
  const body = new Uint8Array(await res.arrayBuffer());
  const elapsed = performance.now() - t;
  if (res.status !== 200 && res.status !== 204) throw new Error(`tile ${z}/${x}/${y}: HTTP ${res.status}`);
  return { ms: elapsed, bytes: body.length, features: countFeatures(body), status: res.status };
}

function countFeatures(body: Uint8Array): number {
  if (body.length === 0) return 0;
  return Object.values(new VectorTile(new PbfReader(body)).layers).reduce((n, layer) => n + layer.length, 0);
}

/**
 * PostGIS alone: ST_AsMVT of every patch of the tile, straight to the database on one connection (its
 * PROJ set-up done before the clock starts). At low zooms a tile holds hundreds of thousands of
 * patches; a zoom stops after REFERENCE_SECONDS and says how many tiles it measured.
 */
async function measureReference(layerId: number, tiles: Map<number, Tile[]>) {
  const client = new pg.Client({ connectionString: BENCH_DB, options: `-c search_path=${schema},public` });
  await client.connect();
  const query = `select ST_AsMVT(t.*, '${LAYER}', 4096, 'geom', 'fid') as mvt from (
      select fid, dlbm, dlmc, czcsxm,
        ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) as geom
      from land_survey
      where layer_id = $4 and geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4490)
    ) t`;
  try {
    const first = tiles.get(16)![0]!;
    await client.query(query, [first.z, first.x, first.y, layerId]);
    const samples = new Map<number, Sample[]>();
    const started = performance.now();
    for (const z of ZOOMS) {
      const list: Sample[] = [];
      const zoomStarted = performance.now();
      for (const tile of tiles.get(z)!) {
        if (list.length > 0 && performance.now() - zoomStarted > REFERENCE_SECONDS * 1000) break;
        const t = performance.now();
        const { rows } = await client.query<{ mvt: Buffer }>(query, [tile.z, tile.x, tile.y, layerId]);
        const elapsed = performance.now() - t;
        const body = new Uint8Array(rows[0]!.mvt);
        list.push({ ms: elapsed, bytes: body.length, features: countFeatures(body), status: body.length ? 200 : 204 });
      }
      samples.set(z, list);
    }
    console.log(`\nPostGIS ST_AsMVT straight to the database: ${s(started)} s`);
    return samples;
  } finally {
    await client.end();
  }
}

function report(
  tiles: Map<number, Tile[]>,
  gpkg: Map<number, Sample[]>,
  pgis: Map<number, Sample[]>,
  reference: Map<number, Sample[]>,
) {
  const pct = (list: Sample[], p: number) => {
    const sorted = list.map((x) => x.ms).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };
  const rate = (list: Sample[]) => list.length / (list.reduce((sum, x) => sum + x.ms, 0) / 1000);
  const mean = (list: Sample[], f: (x: Sample) => number) => list.reduce((sum, x) => sum + f(x), 0) / list.length;
  const f1 = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  console.log(
    '\nLantu through HTTP (ms per tile; features and KB are means per tile; empty = share of tiles answered 204)\n',
  );
  console.log(
    '| z | tiles | GPKG p50 | GPKG p95 | GPKG tiles/s | PostGIS p50 | PostGIS p95 | PostGIS tiles/s | features | KB | empty |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const z of ZOOMS) {
    const a = gpkg.get(z)!;
    const b = pgis.get(z)!;
    console.log(
      `| ${z} | ${tiles.get(z)!.length} | ${f1(pct(a, 50))} | ${f1(pct(a, 95))} | ${f1(rate(a))} | ${f1(pct(b, 50))} | ${f1(pct(b, 95))} | ${f1(rate(b))} | ${Math.round(mean(b, (x) => x.features))} | ${f1(mean(b, (x) => x.bytes) / 1024)} | ${Math.round((100 * a.filter((x) => x.status === 204).length) / a.length)} % |`,
    );
  }
  console.log('\nPostGIS ST_AsMVT straight to the database, every patch of the tile, and ratios of tiles/s\n');
  console.log('| z | tiles | p50 | p95 | tiles/s | features | KB | GPKG ÷ ST_AsMVT | PostGIS ÷ ST_AsMVT |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const z of ZOOMS) {
    const r = reference.get(z)!;
    console.log(
      `| ${z} | ${r.length} of ${tiles.get(z)!.length} | ${f1(pct(r, 50))} | ${f1(pct(r, 95))} | ${f1(rate(r))} | ${Math.round(mean(r, (x) => x.features))} | ${f1(mean(r, (x) => x.bytes) / 1024)} | ${(rate(gpkg.get(z)!) / rate(r)).toFixed(2)}× | ${(rate(pgis.get(z)!) / rate(r)).toFixed(2)}× |`,
    );
  }
  console.log('\ntarget: p95 < 50 ms per zoom on both stores');
  for (const [name, samples] of [
    ['GeoPackage', gpkg],
    ['PostGIS', pgis],
  ] as const) {
    const verdicts = ZOOMS.map((z) => `z${z} ${pct(samples.get(z)!, 95) < 50 ? 'met' : 'NOT met'}`);
    console.log(`  ${name}: ${verdicts.join(', ')}`);
  }
}

function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

function s(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(1);
}

function ms(start: number): string {
  return (performance.now() - start).toFixed(0);
}
