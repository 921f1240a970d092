/**
 * The query parameters of OGC API – Features items (OGC 17-069r4 §7.15, Part 2 OGC 18-058r1): bbox and
 * bbox-crs, crs, datetime. Each refusal is a 400 naming the parameter at fault.
 */
import { badRequest } from '../errors.js';
import type { BBox } from '../store/store.js';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
/** The CRSs every collection offers: CRS84 (lon/lat, the GeoJSON default) and the stored CGCS2000. */
export const SUPPORTED_CRS = [CRS84, EPSG_4490] as const;
export type SupportedCrs = (typeof SUPPORTED_CRS)[number];

/** Also accepted: the safe CURIEs of the same CRSs (OGC 18-058r1 §6.2). */
const CRS_ALIASES: Record<string, SupportedCrs> = {
  [CRS84]: CRS84,
  '[OGC:CRS84]': CRS84,
  [EPSG_4490]: EPSG_4490,
  '[EPSG:4490]': EPSG_4490,
};

export function parseCrs(value: string | undefined, field: 'crs' | 'bbox-crs'): SupportedCrs {
  if (value === undefined || value === '') return CRS84;
  const crs = CRS_ALIASES[value.trim()];
  if (!crs) {
    throw badRequest(
      'crs_unsupported',
      `参数 ${field} 不支持坐标系 ${value}；支持：${SUPPORTED_CRS.join('、')}`,
      `parameter ${field}: CRS ${value} is not supported; supported: ${SUPPORTED_CRS.join(', ')}`,
      { field },
    );
  }
  return crs;
}

/**
 * A bbox of 4 (or 6, with heights, which are ignored) numbers in the axis order of `crs`: lon/lat for
 * CRS84, lat/lon for EPSG:4490 (as EPSG defines it). Returned as lon/lat [minX, minY, maxX, maxY].
 */
export function parseBbox(text: string, crs: SupportedCrs): BBox {
  const parts = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  const fail = (zh: string, en: string) =>
    badRequest('bbox_invalid', `参数 bbox “${text}” 无效：${zh}`, `parameter bbox "${text}" is invalid: ${en}`, {
      field: 'bbox',
    });
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) {
    throw fail('应为 4 个（或含高程的 6 个）数', 'expected 4 numbers (or 6, with heights)');
  }
  const half = parts.length / 2;
  let [minX, minY, maxX, maxY] = [parts[0]!, parts[1]!, parts[half]!, parts[half + 1]!];
  if (crs === EPSG_4490) [minX, minY, maxX, maxY] = [minY, minX, maxY, maxX];
  if (minY > maxY) throw fail('下边界大于上边界', 'the lower latitude exceeds the upper one');
  if (minX > maxX) {
    throw fail('跨越 180° 经线的范围不受支持', 'a box crossing the antimeridian is not supported');
  }
  if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90) {
    throw fail('超出经纬度范围', 'outside the range of longitude and latitude');
  }
  return [minX, minY, maxX, maxY];
}

/** A closed or half-open time interval in epoch milliseconds (null: unbounded). */
export interface TimeInterval {
  start: number | null;
  end: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * `datetime`: an instant (RFC 3339 date-time, or a date meaning that whole day) or an interval `a/b`
 * with `..` or nothing for an open end.
 */
export function parseDatetime(text: string): TimeInterval {
  const fail = () =>
    badRequest(
      'datetime_invalid',
      `参数 datetime “${text}” 无效：应为 RFC 3339 时间（如 2025-12-31 或 2025-12-31T00:00:00Z）或时间段 a/b（开放端用 ..）`,
      `parameter datetime "${text}" is invalid: expected an RFC 3339 instant (e.g. 2025-12-31 or 2025-12-31T00:00:00Z) or an interval a/b (.. for an open end)`,
      { field: 'datetime' },
    );
  const bound = (s: string, end: boolean): number | null => {
    if (s === '' || s === '..') return null;
    if (DATE.test(s)) {
      const t = Date.parse(`${s}T00:00:00Z`);
      if (Number.isNaN(t)) throw fail();
      return end ? t + 86_400_000 - 1 : t;
    }
    if (!DATE_TIME.test(s)) throw fail();
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw fail();
    return t;
  };
  const parts = text.split('/');
  if (parts.length === 1) {
    if (parts[0] === '' || parts[0] === '..') throw fail();
    return { start: bound(parts[0]!, false), end: bound(parts[0]!, true) };
  }
  if (parts.length !== 2) throw fail();
  const interval = { start: bound(parts[0]!, false), end: bound(parts[1]!, true) };
  if (interval.start === null && interval.end === null) throw fail();
  if (interval.start !== null && interval.end !== null && interval.start > interval.end) throw fail();
  return interval;
}

/** The calendar year (UTC) as an interval: the time a survey or status layer of that year stands for. */
export function yearInterval(year: number): { start: number; end: number } {
  return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) - 1 };
}

export const overlaps = (a: TimeInterval, b: { start: number; end: number }) =>
  (a.start === null || a.start <= b.end) && (a.end === null || a.end >= b.start);
