/**
 * Benchmark: network service areas, Lantu vs pgRouting, on the same graph from the same sources in one
 * run. Prints times, their ratio and the difference of the reachable node sets; asserts nothing.
 *
 *   npm run bench:network                                  # demo cities of 50,000 and 1,000,000 patches
 *   npm run bench:network -- --patches 50000 --grid 0      # one city, no synthetic lattice
 *
 * Per demo city (loaded into a temporary GeoPackage): the road graph is read from the store; each case
 * (facility type, mode, budget) runs
 * - from the facilities' nodes: Lantu's multi-source search vs `pgr_drivingDistance` (one area per
 *   source, unioned — the reference — and `equicost := true`, shown for what it drops);
 * - from the facilities' road points: Lantu vs `pgr_withPointsDD`;
 * and the whole indicator (`coverageShare` for every zone) is timed cold and warm.
 * The synthetic lattice (--grid N: N×N nodes 100 m apart, mixed classes) shows how both scale on a
 * network larger than the demo's.
 *
 * Lantu's time is the search and the reached set, in process, on a graph already in memory (built once
 * per monitoring run and cached): the median of ≥ 21 calls after a GC and warm-up calls. pgRouting's is
 * the one SQL call from the client, which reads the edge table and builds its graph on every call: the
 * median of --runs calls after one warm-up.
 * Requires PostgreSQL with pgRouting at LANTU_BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); a temporary schema is created and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateDemoCity, loadDemoCity } from '../src/demo/index.js';
import { coverageShare, CoverageCache } from '../src/network/coverage.js';
import { edgeMinutes } from '../src/network/edge-minutes.js';
import {
  drivingDistanceNodes,
  pgroutingVersion,
  symmetricDifference,
  withPointsNodes,
  writeEdgeTable,
} from '../src/network/pgrouting-reference.js';
import { readRoadGraph } from '../src/network/read-road-graph.js';
import { RoadGraphBuilder, type RoadGraph } from '../src/network/road-graph.js';
import { RoadSnapper, type SnapPoint } from '../src/network/road-snapper.js';
import { reachedNodes, serviceArea, type Source } from '../src/network/service-area.js';
import type { TravelMode } from '../src/network/travel-modes.js';
import { migrate } from '../src/store/migrate.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const BENCH_DB = process.env.LANTU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '50000,1000000' },
    grid: { type: 'string', default: '700' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: 'lantu' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const CASES: { label: string; types: string[]; mode: TravelMode; minutes: number }[] = [
  { label: '学校 15 min walk', types: ['学校'], mode: 'walk', minutes: 15 },
  { label: '社区卫生 15 min walk', types: ['社区卫生服务中心', '卫生院', '卫生室'], mode: 'walk', minutes: 15 },
  { label: '公园/广场 5 min walk', types: ['公园', '广场'], mode: 'walk', minutes: 5 },
  { label: '消防站 5 min drive', types: ['消防站'], mode: 'drive', minutes: 5 },
];

const client = new pg.Client({ connectionString: BENCH_DB });
await client.connect();
const version = await pgroutingVersion(client);
if (!version) {
  console.error(`pgRouting is not available at ${BENCH_DB} (apt-get install postgresql-15-pgrouting)`);
  process.exit(1);
}
const schema = `bench_net_${process.pid}`;
await client.query(`create schema ${schema}`);
const summary: string[] = [];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `Lantu network benchmark — pgRouting ${version}, Node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs per figure, load average ${load()}\n`,
);

try {
  for (const patches of values.patches!.split(',').filter(Boolean).map(Number)) await demoCity(patches);
  const grid = Number(values.grid);
  if (grid > 1) await lattice(grid);
  console.log('\nsummary (pgRouting time ÷ Lantu time; > 1: Lantu faster; Δ: symmetric difference of reached nodes)');
  for (const line of summary) console.log(`  ${line}`);
  console.log(`load average at the end: ${load()} (other work on the machine stretches both sides' times)`);
} finally {
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}

async function demoCity(patches: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-net-'));
  const store = openSqliteStore(path.join(dir, 'lantu.gpkg'));
  try {
    let t = performance.now();
    await migrate(store);
    const city = generateDemoCity({ seed: values.seed!, patches, years: [2025] });
    await loadDemoCity(store, city);
    console.log(`## demo city, ${patches.toLocaleString('en')} patches (generated and loaded in ${s(t)})`);
    const layer = await store.db
      .selectFrom('layer')
      .select('id')
      .where('category', '=', 'road')
      .executeTakeFirstOrThrow();
    t = performance.now();
    const graph = await readRoadGraph(store, layer.id);
    const cold = performance.now() - t;
    t = performance.now();
    await readRoadGraph(store, layer.id);
    const warm = performance.now() - t;
    console.log(
      `road graph from the store: ${graph.nodeCount.toLocaleString('en')} nodes, ${graph.edgeCount.toLocaleString('en')} edges — ${ms(cold)} first, ${ms(warm)} again`,
    );
    const snapper = new RoadSnapper(graph);
    for (const c of CASES) {
      const costs = edgeMinutes(graph, c.mode).minutes;
      const snaps = await facilitySnaps(store, snapper, c.types, costs);
      await compare(`demo ${short(patches)} ${c.label}`, graph, costs, snaps, c.minutes);
    }
    const zones = (await store.db.selectFrom('zone').select('code').execute()).map((z) => z.code);
    const cache = new CoverageCache();
    const coverage = async (c: (typeof CASES)[number]) => {
      const started = performance.now();
      const result = await coverageShare(store, {
        facilityType: c.types,
        mode: c.mode,
        minutes: c.minutes,
        year: 2025,
        zones,
        cache,
      });
      return { ms: performance.now() - started, city: result.find((z) => z.zoneCode === '9901') ?? result[0]! };
    };
    const first = await coverage(CASES[0]!);
    const rest = [];
    for (const c of CASES) rest.push({ c, ...(await coverage(c)) });
    console.log(
      `coverageShare over all ${zones.length} zones: first call ${ms(first.ms)} (reads roads, ${first.city.detail.patches.toLocaleString('en')} residential patches of the city, snaps them); then per indicator:`,
    );
    for (const r of rest) {
      const d = r.city.detail;
      console.log(
        `  ${r.c.label.padEnd(22)} ${ms(r.ms).padStart(9)}   city share ${((r.city.share ?? 0) * 100).toFixed(1)}% of ${Math.round(d.residents.total).toLocaleString('en')} residents (off-network ${Math.round(d.residents.offNetwork).toLocaleString('en')}; facilities serving ${d.facilities.serving}, off-network ${d.facilities.offNetwork.length})`,
      );
    }
    summary.push(
      `demo ${short(patches)}: coverageShare (all zones) first ${ms(first.ms)}, then ${rest.map((r) => ms(r.ms)).join(' / ')}`,
    );
    console.log('');
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function facilitySnaps(
  store: Store,
  snapper: RoadSnapper,
  types: string[],
  costs: Float64Array,
): Promise<SnapPoint[]> {
  const rows = await store.db.selectFrom('facility').select('geom').where('facility_type', 'in', types).execute();
  return rows.flatMap((r) => {
    const g = store.dialect.decodeGeometry(r.geom);
    if (g?.type !== 'Point') return [];
    return snapper.snap(g.coordinates[0]!, g.coordinates[1]!, 500, (e) => costs[e]! !== Infinity) ?? [];
  });
}

/** Nodes and road points as sources, Lantu against pgRouting; prints a block and adds summary lines. */
async function compare(label: string, graph: RoadGraph, costs: Float64Array, snaps: SnapPoint[], cutoff: number) {
  const table = `${schema}.edges`;
  await writeEdgeTable(client, table, graph, costs);
  const nodes = [
    ...new Set(snaps.map((p) => (p.fraction < 0.5 ? graph.edgeSource[p.edge]! : graph.edgeTarget[p.edge]!))),
  ];
  const lantuFrom = (sources: Source[]) => {
    let reached: Int32Array = new Int32Array(0);
    const time = median(() => {
      reached = reachedNodes(serviceArea(graph, costs, sources, cutoff));
    });
    return { reached, time };
  };
  const reference = async (call: () => Promise<{ nodes: Int32Array; ms: number }>) => {
    await call();
    const times: number[] = [];
    let nodes: Int32Array = new Int32Array(0);
    for (let i = 0; i < RUNS; i++) {
      const r = await call();
      times.push(r.ms);
      nodes = r.nodes;
    }
    return { nodes, time: times.sort((a, b) => a - b)[times.length >> 1]! };
  };

  const fromNodes = lantuFrom(nodes.map((node) => ({ node, minutes: 0 })));
  const union = await reference(() => drivingDistanceNodes(client, table, nodes, cutoff));
  const equicost = await reference(() => drivingDistanceNodes(client, table, nodes, cutoff, { equicost: true }));
  const fromPoints = lantuFrom(snaps.map((p) => ({ edge: p.edge, fraction: p.fraction, minutes: 0 })));
  const withPoints = await reference(() => withPointsNodes(client, table, graph, snaps, cutoff));

  const diff = (a: Int32Array, b: Int32Array) => {
    const d = symmetricDifference(a, b);
    return d.onlyA.length + d.onlyB.length;
  };
  const dEqui = symmetricDifference(fromNodes.reached, equicost.nodes);
  console.log(`${label}: ${nodes.length} source nodes / ${snaps.length} road points, cutoff ${cutoff} min`);
  console.log(`  | from | Lantu | pgRouting | ratio | reached (Lantu / pgRouting) | Δ |`);
  console.log(`  |---|---:|---:|---:|---:|---:|`);
  const row = (from: string, l: { time: number; reached: Int32Array }, r: { time: number; nodes: Int32Array }) =>
    console.log(
      `  | ${from} | ${ms(l.time)} | ${ms(r.time)} | ${(r.time / l.time).toFixed(0)}× | ${l.reached.length.toLocaleString('en')} / ${r.nodes.length.toLocaleString('en')} | ${diff(l.reached, r.nodes)} |`,
    );
  row('nodes: pgr_drivingDistance per source ∪', fromNodes, union);
  row('nodes: pgr_drivingDistance equicost', fromNodes, equicost);
  row('road points: pgr_withPointsDD', fromPoints, withPoints);
  if (dEqui.onlyA.length + dEqui.onlyB.length) {
    console.log(
      `  equicost := true misses ${dEqui.onlyA.length} node(s) the per-source areas reach (and adds ${dEqui.onlyB.length})`,
    );
  }
  summary.push(
    `${label}: drivingDistance ${(union.time / fromNodes.time).toFixed(0)}× (Δ ${diff(fromNodes.reached, union.nodes)}), equicost ${(equicost.time / fromNodes.time).toFixed(0)}× (Δ ${diff(fromNodes.reached, equicost.nodes)}), withPointsDD ${(withPoints.time / fromPoints.time).toFixed(0)}× (Δ ${diff(fromPoints.reached, withPoints.nodes)})`,
  );
}

/** An n×n lattice 100 m apart near 31°N with arterials every 10th line, one facility per ~2,000 nodes. */
async function lattice(n: number): Promise<void> {
  const step = 100 / 95_460; // ≈ 100 m of longitude at 31°N, in degrees
  const stepY = 100 / 110_900;
  let t = performance.now();
  const b = new RoadGraphBuilder();
  const xy = new Float64Array(4);
  let fid = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = 117 + i * step;
      const y = 31 + j * stepY;
      if (i + 1 < n) {
        xy.set([x, y, x + step, y]);
        b.addLine(fid++, j % 10 === 0 ? '城市主干路' : j % 5 === 0 ? '城市次干路' : '城市支路', xy, 0, 2);
      }
      if (j + 1 < n) {
        xy.set([x, y, x, y + stepY]);
        b.addLine(fid++, i % 50 === 0 ? '高速公路' : i % 10 === 0 ? '城市主干路' : '城市支路', xy, 0, 2);
      }
    }
  }
  const graph = b.finish();
  console.log(
    `## synthetic lattice ${n}×${n}: ${graph.nodeCount.toLocaleString('en')} nodes, ${graph.edgeCount.toLocaleString('en')} edges, built in ${ms(performance.now() - t)} (geodesic lengths included)`,
  );
  t = performance.now();
  const snapper = new RoadSnapper(graph);
  console.log(`  snapping index: ${ms(performance.now() - t)}`);
  let state = 7;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const count = Math.max(1, Math.round(graph.nodeCount / 2000));
  const points = Array.from({ length: count }, () => [117 + random() * n * step, 31 + random() * n * stepY] as const);
  for (const [mode, minutes] of [
    ['walk', 15],
    ['drive', 5],
  ] as const) {
    const costs = edgeMinutes(graph, mode).minutes;
    const snaps = points.flatMap(([x, y]) => snapper.snap(x, y, 500, (e) => costs[e]! !== Infinity) ?? []);
    await compare(`lattice ${n}×${n} ${minutes} min ${mode}`, graph, costs, snaps, minutes);
  }
}

/**
 * Median of timed calls (at least 21: a search takes a millisecond, and on two cores a concurrent GC
 * or compile can stretch any one call tenfold), after a collection (`--expose-gc`) and untimed calls
 * that let V8 compile the loop — the search is measured, not the garbage the city's loading left.
 */
function median(work: () => void): number {
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < 5; i++) work();
  const times: number[] = [];
  for (let i = 0; i < Math.max(21, RUNS); i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`;
}

function s(t: number): string {
  return `${((performance.now() - t) / 1000).toFixed(1)} s`;
}

function short(patches: number): string {
  return patches >= 1e6 ? `${patches / 1e6}M` : `${patches / 1e3}k`;
}
