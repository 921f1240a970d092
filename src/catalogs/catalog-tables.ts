/** Reference catalogs (standards as data): land-use classifications and the crosswalks between them. */
export const CLASSIFICATIONS = ['ydyh2023', 'ydyh2020', 'sandiao', 'gbt21010'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface LanduseClassTable {
  classification: Classification;
  code: string;
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  /** Extra columns of the source table (e.g. land/sea, construction grouping), JSON. */
  properties: unknown;
  /** VERIFIED / PRACTITIONER / UNVERIFIED, with the reason. */
  verification: string;
  source: string;
}

export interface LanduseCrosswalkTable {
  from_classification: Classification;
  from_code: string;
  to_classification: Classification;
  to_code: string;
  needs_split: number;
  note: string | null;
  verification: string;
  source: string;
}
