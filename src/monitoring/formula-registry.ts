/**
 * The computed-indicator registry: a catalog indicator whose method is 'computed' names a formula key;
 * a formula registered under that key computes the indicator for the zones of a monitoring run. The
 * catalog (data) says *what* is computed; the registry (code) says *how* — the run joins the two and
 * reports keys the catalog names but no formula provides yet.
 *
 * A formula gets a context (formula-context.ts): the store, the year, the zones with the planning units
 * they are made of, the plan version, and helpers to pick the layer of a year and read population —
 * each recording the data version it read, so the values it returns carry their provenance and go
 * stale when those inputs change. One formula may serve several indicators (a check-up indicator and
 * the master-plan indicator 'same' as it): it is computed once per run.
 *
 * @example
 * registerFormula('resident_population', {
 *   layers: ['population'],
 *   definition: '常住人口（按规划单元汇总）/ 10⁴ — resident population summed over planning units, in 万人',
 *   compute: async (ctx) => { const byZone = ctx.sumByZone(await ctx.populationByUnit()); … },
 * });
 */
import { LantuError } from '../errors.js';
import type { FormulaContext } from './formula-context.js';

export interface ZoneValue {
  zoneCode: string;
  /** null: not computable for the zone (e.g. a per-capita value where nobody lives); stored as such. */
  value: number | null;
  /** Anything worth keeping beside the value: numerator and denominator, counts, notes. */
  detail?: Record<string, unknown>;
}

export interface FormulaDefinition {
  compute(ctx: FormulaContext): Promise<ZoneValue[]>;
  /** The data the formula reads, by layer category or table ('land_survey', 'population', …). */
  layers: string[];
  /** The formula in words, with its units and source. */
  definition: string;
}

const registry = new Map<string, FormulaDefinition>();

/** Register a formula; a second registration of a key is refused unless `replace` is set. */
export function registerFormula(key: string, formula: FormulaDefinition, options: { replace?: boolean } = {}): void {
  if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new Error(`formula key "${key}": lower-case letters, digits and _ only`);
  if (registry.has(key) && !options.replace) {
    throw new LantuError(
      'formula_registered',
      500,
      `计算公式 ${key} 已注册`,
      `formula ${key} is already registered (pass { replace: true } to replace it)`,
    );
  }
  registry.set(key, formula);
}

export function getFormula(key: string): FormulaDefinition | undefined {
  return registry.get(key);
}

export function hasFormula(key: string): boolean {
  return registry.has(key);
}

export function listFormulas(): { key: string; layers: string[]; definition: string }[] {
  return [...registry]
    .map(([key, f]) => ({ key, layers: f.layers, definition: f.definition }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}
