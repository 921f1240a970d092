/**
 * Travel modes and their speeds by road class, kept as data: a network measure is only as good as these
 * numbers, so the table is versioned (its version goes into every coverage value's detail) and a bureau
 * with measured local figures passes its own.
 *
 * Walking: 80 m/min (4.8 km/h) on every class a pedestrian may use, so a 15-minute walk is 1,200 m of
 * street. GB 50180-2018 《城市居住区规划设计标准》 (居住区分级控制规模) puts the 15-minute circle at
 * 800–1,000 m, i.e. it allows for crossings and waits; pass fewer minutes to follow it literally.
 * Expressways are closed to pedestrians (《道路交通安全法》 第六十七条), and so are urban expressway main
 * lanes.
 *
 * Driving (fire engines): assumed speeds in traffic — expressway 60, arterial and trunk 40, collector 30,
 * rural 25, local street 20 km/h — not a standard's figures; calibrate them with dispatch records.
 * 建标 152-2017 《城市消防站建设标准》 asks a station to reach the edge of its district within 5 minutes of
 * the call, of which about 1 minute is turnout: a strict check passes 4 minutes of driving.
 *
 * Access legs (from a facility or a patch straight to its road) are covered at `accessKmh`.
 */

export const TRAVEL_MODES = ['walk', 'drive'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

export interface ClassSpeed {
  /** Road class as written in `road.road_class`. */
  roadClass: string;
  /** km/h on foot; null: not walkable. */
  walkKmh: number | null;
  /** km/h for a fire engine; null: not drivable. */
  driveKmh: number | null;
}

export interface SpeedTable {
  /** Names this table in `dataVersions`, so a value computed with other speeds is told apart. */
  version: string;
  classes: readonly ClassSpeed[];
  /** Speeds of a class the table does not list (the graph reports such classes). */
  fallback: { walkKmh: number; driveKmh: number };
  /** Straight-line access legs, km/h. */
  accessKmh: { walk: number; drive: number };
}

const WALK = 4.8;

export const DEFAULT_SPEEDS: SpeedTable = {
  version: 'lantu-speeds-2026-11',
  classes: [
    { roadClass: '高速公路', walkKmh: null, driveKmh: 60 },
    { roadClass: '城市快速路', walkKmh: null, driveKmh: 50 },
    { roadClass: '快速路', walkKmh: null, driveKmh: 50 },
    { roadClass: '国省道', walkKmh: WALK, driveKmh: 40 },
    { roadClass: '国道', walkKmh: WALK, driveKmh: 40 },
    { roadClass: '省道', walkKmh: WALK, driveKmh: 40 },
    { roadClass: '县道', walkKmh: WALK, driveKmh: 30 },
    { roadClass: '城市主干路', walkKmh: WALK, driveKmh: 40 },
    { roadClass: '主干路', walkKmh: WALK, driveKmh: 40 },
    { roadClass: '城市次干路', walkKmh: WALK, driveKmh: 30 },
    { roadClass: '次干路', walkKmh: WALK, driveKmh: 30 },
    { roadClass: '城市支路', walkKmh: WALK, driveKmh: 20 },
    { roadClass: '支路', walkKmh: WALK, driveKmh: 20 },
    { roadClass: '乡村道路', walkKmh: WALK, driveKmh: 25 },
    { roadClass: '乡道', walkKmh: WALK, driveKmh: 25 },
    { roadClass: '村道', walkKmh: WALK, driveKmh: 20 },
    // Railways may share the line layer (铁路网密度 reads them there); nobody walks or drives on them.
    { roadClass: '铁路', walkKmh: null, driveKmh: null },
    { roadClass: '高速铁路', walkKmh: null, driveKmh: null },
    { roadClass: '城际铁路', walkKmh: null, driveKmh: null },
  ],
  fallback: { walkKmh: WALK, driveKmh: 20 },
  accessKmh: { walk: WALK, drive: 20 },
};

/** Metres per minute at `kmh`. */
export const metresPerMinute = (kmh: number) => (kmh * 1000) / 60;

/** Speed (km/h) of a class in a mode; null when the mode may not use it; undefined when unlisted. */
export function classSpeed(table: SpeedTable, roadClass: string | null, mode: TravelMode): number | null | undefined {
  const row = roadClass === null ? undefined : table.classes.find((c) => c.roadClass === roadClass);
  if (!row) return undefined;
  return mode === 'walk' ? row.walkKmh : row.driveKmh;
}
