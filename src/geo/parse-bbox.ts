/**
 * A lon/lat bounding box written as `minLon,minLat,maxLon,maxLat` — the one spelling of a bbox in
 * Lantu's API query strings and CLI flags. `field` names where it came from (`bbox`, `--bbox`) so the
 * refusal points at it. OGC API requests parse theirs in services/ogc-params.ts, which also knows CRSs.
 */
import { badRequest } from '../errors.js';
import type { BBox } from '../store/store.js';

export function parseLonLatBbox(text: string, field = 'bbox'): BBox {
  const parts = text.split(',').map((s) => Number(s.trim()));
  const [minX, minY, maxX, maxY] = parts;
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || minX! > maxX! || minY! > maxY!) {
    throw badRequest(
      'bbox_invalid',
      `${field} “${text}” 无效：应为 最小经度,最小纬度,最大经度,最大纬度`,
      `${field} "${text}" is invalid: expected minLon,minLat,maxLon,maxLat`,
      { field },
    );
  }
  return [minX!, minY!, maxX!, maxY!];
}
