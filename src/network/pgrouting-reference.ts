/**
 * pgRouting as the reference for Lantu's service areas (bench/network.ts, network.test.ts): a road graph
 * written to a PostgreSQL table in pgRouting's edge layout, and the nodes `pgr_drivingDistance` (sources on
 * nodes) or `pgr_withPointsDD` (sources inside edges) reaches within a cutoff. Needs the `pgrouting`
 * extension (Debian `postgresql-15-pgrouting`) in the database; `pgroutingVersion` says whether it is there.
 *
 * Ids: pgRouting's vertex and edge ids are Lantu's + 1 (its docs ask for positive ids); closed edges
 * (cost Infinity) are written with cost −1, which pgRouting reads as "no edge". The graph is undirected
 * (`directed := false`, a single `cost` column serving both ways), as Lantu's is.
 *
 *   await writeEdgeTable(client, 'bench.edges', graph, costs);
 *   const { nodes, ms } = await drivingDistanceNodes(client, 'bench.edges', [0, 41], 15);
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RoadGraph } from './road-graph.js';

type Client = pg.ClientBase;

/** The installed pgRouting version, installing the extension (in `public`) when it is available; null when it is not. */
export async function pgroutingVersion(client: Client): Promise<string | null> {
  const available = await client.query(`select 1 from pg_available_extensions where name = 'pgrouting'`);
  if (!available.rowCount) return null;
  try {
    await client.query('create extension if not exists pgrouting schema public');
  } catch (error) {
    // Two sessions creating it at once: the loser sees a duplicate; the extension is there either way.
    if (!/already exists|duplicate key/.test((error as Error).message)) throw error;
  }
  const row = await client.query<{ v: string }>(`select extversion as v from pg_extension where extname = 'pgrouting'`);
  return row.rows[0]?.v ?? null;
}

/** Create `table` (schema-qualified) with id, source, target, cost and fill it by COPY. */
export async function writeEdgeTable(
  client: Client,
  table: string,
  graph: RoadGraph,
  costs: Float64Array,
): Promise<void> {
  await client.query(`drop table if exists ${table}`);
  await client.query(
    `create table ${table} (id bigint primary key, source bigint not null, target bigint not null, cost float8 not null)`,
  );
  const stream = client.query(copyFrom(`copy ${table} (id, source, target, cost) from stdin`));
  function* lines() {
    let batch = '';
    for (let e = 0; e < graph.edgeCount; e++) {
      const c = costs[e]!;
      // String(c) is the shortest text that reads back as the same double: both sides add the same numbers.
      batch += `${e + 1}\t${graph.edgeSource[e]! + 1}\t${graph.edgeTarget[e]! + 1}\t${c === Infinity ? -1 : String(c)}\n`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), stream as unknown as Writable);
  await client.query(`analyze ${table}`);
}

export interface ReferenceResult {
  /** Lantu node ids reached, ascending. */
  nodes: Int32Array;
  /** Wall time of the one SQL call, client round trip included, ms. */
  ms: number;
}

/**
 * `pgr_drivingDistance` from several nodes at once: by default one area per source and their union
 * taken in SQL; `equicost` asks pgRouting for one answer per node (its nearest source) — which in
 * pgRouting 3.4 drops some nodes the per-source areas reach (docs/decisions/0021-network-coverage.md).
 */
export async function drivingDistanceNodes(
  client: Client,
  table: string,
  sources: readonly number[],
  cutoff: number,
  { equicost = false }: { equicost?: boolean } = {},
): Promise<ReferenceResult> {
  const started = performance.now();
  const result = await client.query<{ node: string }>(
    `select distinct node from pgr_drivingDistance($1, $2::bigint[], $3::float8, directed := false, equicost := $4)`,
    [`select id, source, target, cost from ${table}`, sources.map((v) => v + 1), cutoff, equicost],
  );
  const ms = performance.now() - started;
  return { nodes: lantuIds(result.rows.map((r) => Number(r.node))), ms };
}

/**
 * `pgr_withPointsDD` from points on edges (fraction from the edge's source), no access legs. A point at
 * fraction 0 or 1 is passed as the vertex it is: pgRouting 3.4 reaches nothing from a point that
 * coincides with a vertex (checked on the demo city).
 */
export async function withPointsNodes(
  client: Client,
  table: string,
  graph: RoadGraph,
  points: readonly { edge: number; fraction: number }[],
  cutoff: number,
  { equicost = false }: { equicost?: boolean } = {},
): Promise<ReferenceResult> {
  const inside = points.filter((p) => p.fraction > 0 && p.fraction < 1);
  const vertices = points
    .filter((p) => p.fraction === 0 || p.fraction === 1)
    .map((p) => (p.fraction === 0 ? graph.edgeSource[p.edge]! : graph.edgeTarget[p.edge]!) + 1);
  // An empty VALUES list is not SQL: a point nobody starts from keeps the query well-formed.
  const values = inside.length
    ? inside.map((p, i) => `(${i + 1}, ${p.edge + 1}, ${String(p.fraction)})`).join(', ')
    : '(1, 1, 0.5)';
  const started = performance.now();
  const result = await client.query<{ node: string }>(
    `select distinct node from pgr_withPointsDD($1, $2, $3::bigint[], $4::float8, directed := false, details := false, equicost := $5)`,
    [
      `select id, source, target, cost from ${table}`,
      `select pid, edge_id, fraction from (values ${values}) as p (pid, edge_id, fraction)`,
      [...inside.map((_, i) => -(i + 1)), ...vertices],
      cutoff,
      equicost,
    ],
  );
  const ms = performance.now() - started;
  return { nodes: lantuIds(result.rows.map((r) => Number(r.node)).filter((v) => v > 0)), ms };
}

const lantuIds = (ids: number[]) => Int32Array.from(ids, (v) => v - 1).sort();

/** Nodes in one set and not the other, both ways. */
export function symmetricDifference(a: ArrayLike<number>, b: ArrayLike<number>): { onlyA: number[]; onlyB: number[] } {
  const sa = new Set(Array.from(a));
  const sb = new Set(Array.from(b));
  return { onlyA: [...sa].filter((v) => !sb.has(v)), onlyB: [...sb].filter((v) => !sa.has(v)) };
}
