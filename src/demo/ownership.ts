/**
 * Land ownership units (权属单位) and location units (坐落单位) of the survey: one village committee
 * (村民委员会) or residents' community (社区) per planning unit, coded as its township plus three digits
 * (社区 0xx, 村 2xx, as in 统计用区划代码) and padded to the 19-digit 权属单位代码 the survey uses; state
 * land is owned by the township-level state unit.
 */
import type { Hierarchy } from './hierarchy.js';
import { STREET_STEMS, villageName } from './names.js';

export interface Owner {
  code: string;
  name: string;
}

export interface Ownership {
  /** Collective owner and location unit of each planning unit. */
  village: Owner[];
  /** State owner per township. */
  state: Owner[];
}

export function buildOwnership(hierarchy: Hierarchy): Ownership {
  const village = hierarchy.units.map((unit, u) => {
    const township = hierarchy.townships[unit.township]!;
    const seq = township.units.indexOf(u) + 1;
    const urban = township.kind === '街道';
    const local = `${urban ? '0' : '2'}${String(seq).padStart(2, '0')}`;
    const name = urban ? `${STREET_STEMS[(u * 7) % STREET_STEMS.length]}社区` : `${villageName(u * 10 + 3)}村`;
    return { code: `${township.code}${local}`.padEnd(19, '0'), name };
  });
  const state = hierarchy.townships.map((t) => ({ code: t.code.padEnd(19, '0'), name: `${t.name}国有土地` }));
  return { village, state };
}
