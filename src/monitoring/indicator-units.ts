/**
 * Units of indicator values: one spelling per unit (the catalog's), the spellings people type for it,
 * and what values each unit can hold — so a submission in "平方公里" is the same as "km²", and a
 * percentage of 130 or a negative area is refused before anyone reviews it.
 *
 *   sameUnit('平方公里', 'km²')            // → true
 *   sameUnit('m²', 'm²/人', '人均公园绿地面积') // → true: plan tables write 平方米 for 人均 indicators
 *   unitBounds('%')                        // → { min: 0, max: 100 }
 */
const SPELLINGS: Record<string, string[]> = {
  'km²': ['km2', 'km^2', '平方千米', '平方公里', 'sq km'],
  'hm²': ['hm2', 'hm^2', '公顷', 'ha'],
  'm²': ['m2', 'm^2', '㎡', '平方米'],
  'm²/人': ['m2/人', '㎡/人', '平方米/人', 'm²/person', 'm2/person'],
  '%': ['％', 'percent', '百分比'],
  '‰': ['permille', '千分比'],
  万人: ['10k persons', '万 人'],
  '亿m³': ['亿立方米', '亿 m³', '亿m3'],
  'km/km²': ['km/km2', '公里/平方公里', '千米/平方千米'],
  分钟: ['min', 'minutes', '分'],
  个: ['处/个'],
};

const CANONICAL = new Map<string, string>();
for (const [unit, spellings] of Object.entries(SPELLINGS)) {
  CANONICAL.set(fold(unit), unit);
  for (const s of spellings) CANONICAL.set(fold(s), unit);
}

function fold(unit: string): string {
  return unit.trim().replace(/\s+/g, '').toLowerCase();
}

/** The catalog's spelling of a unit, or the unit as given when it has no known spelling. */
export function canonicalUnit(unit: string): string {
  return CANONICAL.get(fold(unit)) ?? unit.trim();
}

/**
 * Do two spellings name the same unit? For a per-capita indicator (name starting 人均), a plain area
 * unit is accepted for its per-person unit, as the master-plan indicator tables write it.
 */
export function sameUnit(given: string, catalog: string, indicatorName?: string): boolean {
  const a = canonicalUnit(given);
  const b = canonicalUnit(catalog);
  if (a === b) return true;
  return Boolean(indicatorName?.startsWith('人均')) && b.endsWith('/人') && `${a}/人` === b;
}

/** The values a unit can hold: shares within 0–100, everything else a quantity that cannot be negative. */
export function unitBounds(unit: string): { min: number | null; max: number | null } {
  const u = canonicalUnit(unit);
  if (u === '%') return { min: 0, max: 100 };
  // Rates per mille (人口自然增长率) and ratios of change may be negative.
  if (u === '‰' || u === '比值') return { min: null, max: null };
  // Groundwater level (地下水水位) is given against a datum and may be negative; subsidence too.
  if (u === 'm' || u === 'mm') return { min: null, max: null };
  return { min: 0, max: null };
}
