/** Reference catalogs (standards as data): land-use classifications and the crosswalks between them. */

/**
 * The code lists Lantu carries, one file each in data/catalogs/ (see docs/decisions/0004):
 * - `ydyh2023` 用地用海分类 (2023), `ydyh2020` its 2020 trial edition;
 * - `sandiao` 三调工作分类 (DLBM values of the third land survey), `czcsxm` 城镇村属性码 (the separate
 *   CZCSXM attribute of a survey polygon: 201 城市 … 205 特殊用地);
 * - `gbt21010` GB/T 21010-2017 土地利用现状分类.
 */
export const CLASSIFICATIONS = ['ydyh2023', 'ydyh2020', 'sandiao', 'czcsxm', 'gbt21010'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface LanduseClassTable {
  classification: Classification;
  code: string;
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  /**
   * The source table's extra columns as a JSON object of strings, or null when it has none: `land_or_sea`
   * (ydyh*), `construction` and `note` (ydyh2020), `variant` K/A and `base_code` (sandiao).
   */
  properties: unknown;
  /** VERIFIED / PRACTITIONER / UNVERIFIED, a colon, then the source or the reason. */
  verification: string;
  source: string;
}

export interface LanduseCrosswalkTable {
  from_classification: Classification;
  from_code: string;
  to_classification: Classification;
  to_code: string;
  /** 1 when the from-code has several candidates and each polygon must be assigned by hand. */
  needs_split: number;
  note: string | null;
  verification: string;
  source: string;
}
