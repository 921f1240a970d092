/**
 * Two paths, one answer: on a small demo city loaded into each store, the nodes Lantu's service areas
 * reach are exactly the nodes pgRouting reaches on the same graph from the same facilities.
 * - From nodes: `pgr_drivingDistance`, one area per source and their union (`equicost := false`;
 *   pgRouting 3.4's `equicost := true` drops nodes — see docs/decisions/0021-network-coverage.md).
 *   On PostgreSQL the graph is also built independently, in SQL, from the store's road table
 *   (end points as nodes, `ST_Length(geography)` over the class speed as cost): the graph-building
 *   is checked along with the search, nodes compared by their coordinates.
 * - From points inside edges (facilities at their nearest road point): `pgr_withPointsDD`.
 * Needs pgRouting in the test database (`apt-get install postgresql-15-pgrouting`); locally its
 * absence skips these checks and says so; under CI=true it fails them.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { TEST_DATABASE_URL } from '../../test/test-database-url.js';
import { generateDemoCity, loadDemoCity } from '../demo/index.js';
import type { DemoCity } from '../demo/demo-city.js';
import { edgeMinutes } from './edge-minutes.js';
import { drivingDistanceNodes, pgroutingVersion, withPointsNodes, writeEdgeTable } from './pgrouting-reference.js';
import { readRoadGraph, type StoredRoadGraph } from './read-road-graph.js';
import { RoadSnapper, type SnapPoint } from './road-snapper.js';
import { reachedNodes, serviceArea } from './service-area.js';
import { DEFAULT_SPEEDS, metresPerMinute, type TravelMode } from './travel-modes.js';

const CASES: [string, TravelMode, number][] = [
  ['学校', 'walk', 15],
  ['公园', 'walk', 5],
  ['消防站', 'drive', 5],
];

let city: DemoCity | null = null;
const demoCity = () => (city ??= generateDemoCity({ patches: 3000, years: [2025] }));

describeEachStore('service areas against pgRouting on a small demo city', (ctx) => {
  let graph: StoredRoadGraph;
  let client: pg.Client | null = null;
  let version: string | null = null;
  const schema = `net_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    await loadDemoCity(ctx.store, demoCity());
    const layer = await ctx.store.db
      .selectFrom('layer')
      .select('id')
      .where('category', '=', 'road')
      .executeTakeFirstOrThrow();
    graph = await readRoadGraph(ctx.store, layer.id);
    let reason = inject('postgres').reason;
    if (inject('postgres').usable) {
      client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      version = await pgroutingVersion(client);
      if (version) await client.query(`create schema ${schema}`);
      else reason = 'the pgrouting extension is not available (apt-get install postgresql-15-pgrouting)';
    }
    if (!version && process.env.CI === 'true') throw new Error(`CI=true: pgRouting is required here, but ${reason}`);
    if (!version) console.warn(`\n[lantu] pgRouting comparisons SKIPPED [${ctx.kind}] — ${reason}\n`);
  }, 120_000);

  afterAll(async () => {
    if (client && version) await client.query(`drop schema if exists ${schema} cascade`);
    await client?.end();
  });

  it("reads the demo's road layer as the generator's graph", () => {
    const roads = demoCity().roads;
    expect(graph.edgeCount).toBe(roads.edgeA.length);
    expect(graph.nodeCount).toBe(roads.nodeX.length);
    expect(graph.degenerateLines + graph.notLines).toBe(0);
  });

  for (const [type, mode, minutes] of CASES) {
    it(`${type}, ${minutes} min ${mode}: the nodes pgr_drivingDistance reaches from the facilities' nodes`, async (t) => {
      if (!version) return t.skip();
      const costs = edgeMinutes(graph, mode).minutes;
      const snaps = await facilitySnaps(type, costs);
      const nodes = [
        ...new Set(snaps.map((s) => (s.fraction < 0.5 ? graph.edgeSource[s.edge]! : graph.edgeTarget[s.edge]!))),
      ];
      const lantu = reachedNodes(
        serviceArea(
          graph,
          costs,
          nodes.map((node) => ({ node, minutes: 0 })),
          minutes,
        ),
      );
      expect(lantu.length).toBeGreaterThan(nodes.length);
      expect(lantu.length).toBeLessThan(graph.nodeCount);

      const table = `${schema}.edges_${mode}`;
      await writeEdgeTable(client!, table, graph, costs);
      const reference = await drivingDistanceNodes(client!, table, nodes, minutes, { equicost: false });
      expect([...reference.nodes]).toEqual([...lantu]);

      if (ctx.kind === 'postgres') {
        const sql = await sqlBuiltReach(mode, nodes, minutes);
        const key = (v: number) => `${graph.nodeX[v]},${graph.nodeY[v]}`;
        expect(sql.sort()).toEqual(Array.from(lantu, key).sort());
      }
    });

    it(`${type}, ${minutes} min ${mode}: the nodes pgr_withPointsDD reaches from the facilities' road points`, async (t) => {
      if (!version) return t.skip();
      const costs = edgeMinutes(graph, mode).minutes;
      const snaps = await facilitySnaps(type, costs);
      const lantu = reachedNodes(
        serviceArea(
          graph,
          costs,
          snaps.map((s) => ({ edge: s.edge, fraction: s.fraction, minutes: 0 })),
          minutes,
        ),
      );
      const table = `${schema}.points_${mode}`;
      await writeEdgeTable(client!, table, graph, costs);
      const reference = await withPointsNodes(client!, table, graph, snaps, minutes);
      expect([...reference.nodes]).toEqual([...lantu]);
    });
  }

  async function facilitySnaps(type: string, costs: Float64Array): Promise<SnapPoint[]> {
    const rows = await ctx.store.db.selectFrom('facility').select('geom').where('facility_type', '=', type).execute();
    const snapper = new RoadSnapper(graph);
    const snaps = rows.flatMap((r) => {
      const g = ctx.store.dialect.decodeGeometry(r.geom);
      if (g?.type !== 'Point') return [];
      return snapper.snap(g.coordinates[0]!, g.coordinates[1]!, 500, (e) => costs[e]! !== Infinity) ?? [];
    });
    expect(snaps.length).toBeGreaterThan(0);
    return snaps;
  }

  /**
   * pgRouting on a graph PostGIS builds from the store's road table: nodes are the distinct end points,
   * the cost of a road its ellipsoidal length over its class's speed. Returns the reached nodes'
   * coordinates as "x,y" text; the sources are Lantu's nodes, found by their coordinates.
   */
  async function sqlBuiltReach(mode: TravelMode, sources: number[], cutoff: number): Promise<string[]> {
    const roads = `${ctx.store.pgSchema}.road`;
    const speeds = DEFAULT_SPEEDS.classes
      .map((c) => [c.roadClass, mode === 'walk' ? c.walkKmh : c.driveKmh] as const)
      .filter(([, kmh]) => kmh !== null)
      .map(([cls, kmh]) => `('${cls}', ${metresPerMinute(kmh!)}::float8)`)
      .join(', ');
    const c = client!;
    await c.query(`drop table if exists ${schema}.nodes, ${schema}.sql_edges`);
    await c.query(`create table ${schema}.nodes as
      select row_number() over (order by x, y) as id, x, y from (
        select distinct ST_X(p) as x, ST_Y(p) as y from (
          select ST_StartPoint(geom) as p from ${roads} union all select ST_EndPoint(geom) from ${roads}) e) d`);
    await c.query(`create table ${schema}.sql_edges as
      select r.fid as id, a.id as source, b.id as target,
             coalesce(ST_Length(r.geom::geography) / s.mpm, -1) as cost
        from ${roads} r
        join ${schema}.nodes a on a.x = ST_X(ST_StartPoint(r.geom)) and a.y = ST_Y(ST_StartPoint(r.geom))
        join ${schema}.nodes b on b.x = ST_X(ST_EndPoint(r.geom)) and b.y = ST_Y(ST_EndPoint(r.geom))
        left join (values ${speeds}) as s (cls, mpm) on s.cls = r.road_class`);
    const nodes = await c.query<{ id: string; x: number; y: number }>(`select id, x, y from ${schema}.nodes`);
    const idOf = new Map(nodes.rows.map((n) => [`${n.x},${n.y}`, Number(n.id)]));
    const coordsOf = new Map(nodes.rows.map((n) => [Number(n.id), `${n.x},${n.y}`]));
    const starts = sources.map((v) => idOf.get(`${graph.nodeX[v]},${graph.nodeY[v]}`)!);
    expect(starts.every((s) => s !== undefined)).toBe(true);
    const reached = await c.query<{ node: string }>(
      `select distinct node from pgr_drivingDistance($1, $2::bigint[], $3::float8, directed := false, equicost := false)`,
      [`select id, source, target, cost from ${schema}.sql_edges`, starts, cutoff],
    );
    return reached.rows.map((r) => coordsOf.get(Number(r.node))!);
  }
});
