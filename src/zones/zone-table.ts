/** The spatial hierarchy: one tree of administrative regions, the central urban area, planning units and governance zones. */
import type { Generated, Selectable } from 'kysely';

export const ZONE_KINDS = ['region', 'central_urban', 'planning_unit', 'governance'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** Administrative levels, with the length of their statistical division code (统计用区划代码, unpadded). */
export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const REGION_CODE_LENGTH: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9 };

export interface ZoneTable {
  fid: Generated<number>;
  code: string;
  kind: ZoneKind;
  /** Administrative level for regions; for governance zones the kind of zone (新区, 开发区, 园区…). */
  level: string | null;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  /** The administrative region the zone belongs to: scope checks compare this by prefix. */
  region_code: string;
  attrs: unknown;
  geom: unknown;
}
export type Zone = Selectable<ZoneTable>;
