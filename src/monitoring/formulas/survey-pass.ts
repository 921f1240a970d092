/**
 * The one pass over a land-survey layer that every land-use formula of a run shares: the area (m²) of
 * each (三调 code, 城镇村属性码) pair in each planning unit. Every bucket a formula asks for is a function of
 * the pair only (shared.ts `surveyAreasByUnit`), so a million patches are read once per run, however
 * many formulas read them.
 *
 * The pass runs on the zonal-statistics engine (src/analysis/zonal-engine.ts, docs/decisions/0010 and
 * 0032): the planning units are its zones, the pair its class. Patches stream out of the store as raw
 * geometry bytes in fid ranges (never GeoJSON), go to one engine per worker thread for big layers, and
 * each is measured once from its own coordinates with the local equal-area ring area — within ~1e-7 of
 * GeographicLib's geodesic polygon per patch (equal-area-ring.ts), far inside the 1e-6 the zonal engine
 * promises. A patch far from every unit boundary is placed by one point-in-polygon test; one near a
 * boundary is cut by the unit pieces it meets (GEOS) and its cuts measured, so nothing is lost or
 * counted twice at a boundary — as the UnitLocator's shares did, patch by patch, before (0032).
 *
 * Control-line pieces (line-pieces.ts) may ride along as extra zones: the same pass then also gives
 * each pair's area inside each line per unit — the overlays of construction land with the red line and
 * the development boundary — with no pass of their own.
 *
 *   const pass = await surveyPairAreas(ctx, layer, { lines: [{ lineType: '生态保护红线', pieces }] });
 *   pass.units.get('0101|') // → { dlbm: '0101', czcsxm: null, byUnit: Map { '990102001003' => 1.2e5, … } }
 *   pass.lines.get('生态保护红线')!.get('0702|203') // → the homesteads inside the red line, per unit
 */
import os from 'node:os';
import { sql } from 'kysely';
import { pack, type Row } from '../../analysis/layer-stream.js';
import { CLASS_SLOTS, type EngineZones, type PartialResult } from '../../analysis/zonal-engine.js';
import { inProcessRunner, workerRunner, type EngineRunner } from '../../analysis/zonal-pool.js';
import { encodeWkb } from '../../store/wkb.js';
import type { FormulaContext } from '../formula-context.js';

/** Area (m²) per planning unit for each distinct (三调 code, 城镇村属性码) pair of a survey layer. */
export type PairAreas = Map<string, { dlbm: string | null; czcsxm: string | null; byUnit: Map<string, number> }>;

export interface SurveyPass {
  /** Per pair, the area in each planning unit. */
  units: PairAreas;
  /** Per control-line type asked for, per pair, the area inside the line in each planning unit. */
  lines: Map<string, PairAreas>;
}

export interface PassOptions {
  /**
   * Control-line pieces, each inside one unit (line-pieces.ts), grouped by line type, and the pairs
   * whose patches are measured inside them (the overlays ask only about construction land).
   */
  lines?: { lineType: string; pieces: readonly { unit: string; wkb: Uint8Array }[] }[];
  linePairs?: (dlbm: string | null, czcsxm: string | null) => boolean;
  /** Worker threads: 0 runs in this thread; default one per core (at most 8) from 20,000 patches. */
  threads?: number;
  batchSize?: number;
}

/** Below this many patches, starting threads costs more than it saves (as zonal.ts). */
const PARALLEL_FROM = 20_000;
const BATCH = 10_000;

export async function surveyPairAreas(
  ctx: FormulaContext,
  layer: { id: number; feature_count: number },
  options: PassOptions = {},
): Promise<SurveyPass> {
  const units = [...ctx.zoneSet.unitGeometries];
  const out: SurveyPass = { units: new Map(), lines: new Map() };
  if (!units.length) return out;
  // Two sets of zones, each summed by its own engines: the planning units, over every patch; the line
  // pieces (each with its unit and line type), over the patches of the pairs `linePairs` takes — a
  // fifth of them — so the pieces' many cut lines cost GEOS work only where an overlay needs it.
  const unitZones = units.map(([code]) => ({ unit: code, target: out.units }));
  const lineZones: { unit: string; target: PairAreas }[] = [];
  const lineWkb: Uint8Array[] = [];
  for (const { lineType, pieces } of options.lines ?? []) {
    const target: PairAreas = new Map();
    out.lines.set(lineType, target);
    for (const piece of pieces) {
      lineZones.push({ unit: piece.unit, target });
      lineWkb.push(piece.wkb);
    }
  }
  const engineZones = (wkb: Uint8Array[]): EngineZones => ({ zones: wkb, planarEpsg: null, ellipsoidal: true });
  const threads =
    options.threads ?? (layer.feature_count >= PARALLEL_FROM ? Math.min(os.availableParallelism(), 8) : 0);
  const pairs: { dlbm: string | null; czcsxm: string | null }[] = [];
  const pairIndex = new Map<string, number>();
  const classIndex = (key: string | null) => {
    let i = pairIndex.get(key!);
    if (i === undefined) {
      const [dlbm, czcsxm] = key!.split('|');
      pairs.push({ dlbm: dlbm || null, czcsxm: czcsxm || null });
      pairIndex.set(key!, (i = pairs.length - 1));
    }
    return i;
  };
  const onLine = options.linePairs ?? (() => true);
  const lineClass = (key: string | null) => {
    const i = classIndex(key);
    return onLine(pairs[i]!.dlbm, pairs[i]!.czcsxm) ? i : -1;
  };

  const start = (wkb: Uint8Array[], n: number) =>
    n > 0 ? workerRunner(engineZones(wkb), n) : inProcessRunner(engineZones(wkb));
  const runners: EngineRunner[] = [];
  let partials: PartialResult[][];
  try {
    runners.push(
      await start(
        units.map(([, g]) => encodeWkb(g)),
        threads,
      ),
    );
    if (lineWkb.length) runners.push(await start(lineWkb, Math.min(threads, 1)));
    let done = 0;
    for await (const rows of surveyRows(ctx, layer.id, options.batchSize ?? BATCH)) {
      await runners[0]!.add(pack(rows, classIndex));
      if (runners[1]) {
        const wanted = rows.filter((r) => lineClass(r.cls) >= 0);
        if (wanted.length) await runners[1].add(pack(wanted, lineClass));
      }
      done += rows.length;
      ctx.progress(done, layer.feature_count || null);
    }
    partials = await Promise.all(runners.map((r) => r.finish()));
  } catch (error) {
    await Promise.all(runners.map((r) => r.abort()));
    throw error;
  }
  partials.forEach((list, r) => {
    const zoneOf = r === 0 ? unitZones : lineZones;
    for (const p of list) {
      if (p.failures.length) {
        throw new Error(
          `land survey pass: ${p.failures.length} patches GEOS could not cut, e.g. fid ${p.failures[0]!.fid}`,
        );
      }
      p.keys.forEach((key, i) => {
        const { unit, target } = zoneOf[Math.floor(key / CLASS_SLOTS)]!;
        const pair = pairs[key % CLASS_SLOTS]!;
        const pairKey = `${pair.dlbm ?? ''}|${pair.czcsxm ?? ''}`;
        let entry = target.get(pairKey);
        if (!entry) target.set(pairKey, (entry = { ...pair, byUnit: new Map() }));
        // Sum and Neumaier compensation, joined here as zonal.ts does.
        const m2 = p.area[2 * i]! + p.area[2 * i + 1]!;
        entry.byUnit.set(unit, (entry.byUnit.get(unit) ?? 0) + m2);
      });
    }
  });
  return out;
}

/**
 * The layer's patches in fid ranges of about `batch` rows, with the pair as the class. `+layer_id`
 * keeps SQLite on the primary key for the range (layer-stream.ts says why).
 */
async function* surveyRows(ctx: FormulaContext, layerId: number, batch: number): AsyncGenerator<Row[]> {
  const db = ctx.store.db;
  const range = await db
    .selectFrom('land_survey')
    .select((eb) => [
      eb.fn.min<number>('fid').as('lo'),
      eb.fn.max<number>('fid').as('hi'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('layer_id', '=', layerId)
    .executeTakeFirstOrThrow();
  const n = Number(range.n);
  if (!n) return;
  const lo = Number(range.lo);
  const hi = Number(range.hi);
  const width = Math.max(1, Math.ceil(((hi - lo + 1) / n) * batch));
  for (let a = lo; a <= hi; a += width) {
    const rows = await db
      .selectFrom('land_survey')
      .select(['fid', 'dlbm', 'czcsxm', 'geom'])
      .where(sql`+${sql.ref('layer_id')}`, '=', layerId)
      .where('fid', '>=', a)
      .where('fid', '<', a + width)
      .execute();
    if (rows.length) {
      yield rows.map((r) => ({ fid: r.fid, cls: `${r.dlbm ?? ''}|${r.czcsxm ?? ''}`, geom: r.geom }));
    }
  }
}
