/**
 * Codes, names and kinds of the hierarchy, assigned in a fixed spatial order (nearest the seat first)
 * so they are stable for a seed: 区 codes 02/03/04/11 and 县 21/22 (统计用区划代码 custom), 街道 001…,
 * 镇 101…, 乡 201…, units two digits after their township. The county seat's township is 城关镇; the two
 * townships farthest from a county seat are 乡; townships of a district inside the built core are 街道.
 */
import type { District, Hierarchy, Township, TownshipKind, Unit } from './hierarchy.js';
import type { CityLayout, Point } from './layout.js';
import { COUNTY_NAMES, DISTRICT_NAMES, SUBDISTRICT_NAMES, TOWN_NAMES } from './names.js';
import { Rng } from './random.js';
import type { UnitSeed } from './unit-seeds.js';

const DISTRICT_CODES = ['02', '03', '04', '11', '21', '22'];

/** Codes, names and kinds, assigned in a fixed spatial order so they are stable for a seed. */
export function nameHierarchy(
  seed: number,
  layout: CityLayout,
  seeds: UnitSeed[],
  unitOfCell: Int32Array,
  townshipOfUnit: Int32Array,
  seats: UnitSeed[],
  districtOfTownship: Int32Array,
  districtSeeds: number[],
): Hierarchy {
  const rng = new Rng(seed ^ 0x4a3e);
  const subdistrictNames = rng.shuffle([...SUBDISTRICT_NAMES]);
  const townNames = rng.shuffle([...TOWN_NAMES]);
  const core = layout.centres[0]!;
  const districts: District[] = districtSeeds.map((t, d) => {
    const county = d >= 4;
    const [zh, py] = county ? COUNTY_NAMES[d - 4]! : DISTRICT_NAMES[d]!;
    return {
      code: `9901${DISTRICT_CODES[d]}`,
      name: `${zh}${county ? '县' : '区'}`,
      nameEn: `${py} ${county ? 'County' : 'District'}`,
      kind: county ? '县' : '区',
      seat: seats[t]!,
      townships: [],
    };
  });
  const townships: Township[] = [];
  districts.forEach((district, d) => {
    const members = seats
      .map((s, t) => ({ t, s, dist: Math.hypot(s.x - district.seat.x, s.y - district.seat.y) }))
      .filter(({ t }) => districtOfTownship[t] === d)
      .sort((a, b) => a.dist - b.dist);
    const urban = (s: Point) => Math.hypot(s.x - core.x, s.y - core.y) < core.radius2020;
    const counters = { 街道: 0, 镇: 100, 乡: 200 };
    members.forEach(({ t, s }, rank) => {
      const kind: TownshipKind =
        district.kind === '区' && urban(s)
          ? '街道'
          : district.kind === '县' && rank >= members.length - 2
            ? '乡'
            : '镇';
      const isCountySeat = district.kind === '县' && rank === 0;
      const [zh, py] = isCountySeat
        ? ['城关', 'Chengguan']
        : kind === '街道'
          ? (subdistrictNames.shift() ?? ['新区', `Xinqu${t}`])
          : (townNames.shift() ?? ['新镇', `Xinzhen${t}`]);
      const suffixEn = { 街道: 'Subdistrict', 镇: 'Town', 乡: 'Township' }[kind];
      townships[t] = {
        code: `${district.code}${String(++counters[kind]).padStart(3, '0')}`,
        name: `${zh}${kind}`,
        nameEn: `${py} ${suffixEn}`,
        kind,
        district: d,
        seat: s,
        units: [],
      };
      district.townships.push(t);
    });
  });
  const units: Unit[] = [];
  townships.forEach((township, t) => {
    const members = seeds
      .map((s, u) => ({ s, u, dist: Math.hypot(s.x - township.seat.x, s.y - township.seat.y) }))
      .filter(({ u }) => townshipOfUnit[u] === t)
      .sort((a, b) => a.dist - b.dist);
    members.forEach(({ s, u }, i) => {
      const seq = String(i + 1).padStart(2, '0');
      units[u] = {
        ...s,
        code: `${township.code}${seq}`,
        name: `${township.name}${seq}单元`,
        nameEn: `${township.nameEn} Unit ${seq}`,
        township: t,
      };
      township.units.push(u);
    });
  });
  return { unitOfCell, units, townships, districts };
}
