/**
 * What a formula sees during a monitoring run: the store, the year, the zones it computes for (with the
 * planning units each is made of), the plan version, and helpers that read data *and record the
 * version they read* — so every value knows its inputs and goes stale when they change
 * (data-versions.ts). A fresh context is made per formula, so each value carries only its own inputs.
 */
import { sql } from 'kysely';
import { regionAncestry } from '../auth/scope.js';
import type { Layer, LayerCategory } from '../onemap/onemap-tables.js';
import type { Store } from '../store/store.js';
import { populationFingerprint, type DataVersion } from './data-versions.js';
import type { MonitoringZone, ZoneSet } from './monitoring-zones.js';
import type { UnitLocator } from './unit-locator.js';

export interface FormulaContext {
  store: Store;
  year: number;
  regionCode: string;
  /** The master-plan version of the run (control lines, planning zones and planned use come from it). */
  planVersionId: number | null;
  /** The zones to compute for: those of the levels the formula's indicators apply to. */
  zones: MonitoringZone[];
  /** All zones of the run, the planning units and their geometries. */
  zoneSet: ZoneSet;
  /** Record an input the formula read some other way. */
  recordDataVersion(version: DataVersion): void;
  /**
   * The layer of a category for the run's year and records its version: a status layer (land survey,
   * roads, facilities) of that year or, failing that, the latest before it (`exactYear` refuses the
   * fallback); a planned layer (control lines, planning zones, planned land use) of the run's plan
   * version. Null when there is none. `record: false` looks without recording: for work shared by the
   * run (the survey pass prepares control-line overlays) that is not this formula's input.
   */
  layerFor(category: LayerCategory, options?: { exactYear?: boolean; record?: boolean }): Promise<Layer | null>;
  /** Residents per planning unit in a year (default: the run's year); records the population version. */
  populationByUnit(year?: number): Promise<Map<string, number>>;
  /** Sum a per-unit quantity to every zone of `zones`. */
  sumByZone(perUnit: ReadonlyMap<string, number>): Map<string, number>;
  /** Places features in planning units (shared by the formulas of a run; freed by the run). */
  unitLocator(): Promise<UnitLocator>;
  /** Optional progress within the formula. */
  progress(done: number, total: number | null): void;
}

const PLANNED: readonly LayerCategory[] = ['control_line', 'planning_zone', 'planned_land_use'];

export interface ContextInput {
  store: Store;
  year: number;
  regionCode: string;
  planVersionId: number | null;
  zones: MonitoringZone[];
  zoneSet: ZoneSet;
  locator: () => Promise<UnitLocator>;
  progress?: (done: number, total: number | null) => void;
}

export function createFormulaContext(input: ContextInput): { ctx: FormulaContext; versions: () => DataVersion[] } {
  const versions = new Map<string, DataVersion>();
  const record = (v: DataVersion) => versions.set(v.kind === 'layer' ? `layer:${v.code}` : `population:${v.year}`, v);
  const { store, year, regionCode } = input;
  const ctx: FormulaContext = {
    store,
    year,
    regionCode,
    planVersionId: input.planVersionId,
    zones: input.zones,
    zoneSet: input.zoneSet,
    recordDataVersion: record,
    async layerFor(category, options = {}) {
      let query = store.db
        .selectFrom('layer')
        .selectAll()
        .where('category', '=', category)
        .where((eb) =>
          eb.or([eb('region_code', 'like', `${regionCode}%`), eb('region_code', 'in', regionAncestry(regionCode))]),
        );
      if (PLANNED.includes(category)) {
        if (input.planVersionId === null) return null;
        query = query.where('plan_version_id', '=', input.planVersionId).orderBy('updated_at', 'desc');
      } else {
        query = options.exactYear ? query.where('status_year', '=', year) : query.where('status_year', '<=', year);
        query = query.orderBy('status_year', 'desc').orderBy('updated_at', 'desc');
      }
      const layer = await query.executeTakeFirst();
      if (layer && options.record !== false) record({ kind: 'layer', code: layer.code, updatedAt: layer.updated_at });
      return layer ?? null;
    },
    async populationByUnit(y = year) {
      const rows = await store.db
        .selectFrom('population')
        .select(['zone_code', 'resident'])
        .where('year', '=', y)
        .execute();
      // The fingerprint covers the whole year's table, as markStaleValues computes it.
      const all = await store.db
        .selectFrom('population')
        .select([sql<number>`count(*)`.as('n'), sql<number>`sum(resident)`.as('total')])
        .where('year', '=', y)
        .executeTakeFirstOrThrow();
      record({ kind: 'population', year: y, fingerprint: populationFingerprint(Number(all.n), Number(all.total)) });
      const out = new Map<string, number>();
      for (const r of rows) out.set(r.zone_code, (out.get(r.zone_code) ?? 0) + r.resident);
      return out;
    },
    sumByZone(perUnit) {
      const out = new Map<string, number>();
      for (const zone of input.zones) {
        let sum = 0;
        for (const unit of zone.units) sum += perUnit.get(unit) ?? 0;
        out.set(zone.code, sum);
      }
      return out;
    },
    unitLocator: input.locator,
    progress: (done, total) => input.progress?.(done, total),
  };
  return { ctx, versions: () => [...versions.values()] };
}
