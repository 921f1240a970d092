/**
 * A thematic map per indicator over the planning units (专题图), drawn as SVG on the server and
 * rasterised with the shipped font: units filled by warning grade when any unit is warned, else by the
 * value in five quantile classes; title, legend, north arrow and a scale bar.
 *
 * Projection: the stored geometries are lon/lat (CGCS2000). For one city (tens of km) a plain
 * equirectangular projection scaled by cos(φ₀) at the map's centre latitude keeps shapes and the scale
 * bar right to within about a percent at the north and south edges (cos changes by ~0.4 % over 0.4° near
 * 32°N) — enough for a report figure, and no projection library in the hot path (decision 0042).
 */
import type { Geometry, Position } from 'geojson';
import { bbox } from '../../monitoring/monitoring-zones.js';
import { STATUS_LABEL, STATUS_STRONG, fmt } from './report-labels.js';
import type { ReportUnit, RowStatus } from './report-model.js';
import { FONT_FAMILY, svgToPng, type Png } from './render-png.js';

export const MAP_WIDTH = 760;
export const MAP_HEIGHT = 600;
const FRAME = { left: 20, top: 60, width: 520, height: 520 };
const EARTH_RADIUS_M = 6_371_008.8;
const M_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;
const QUANTILE_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

export interface MapValue {
  value: number | null;
  status: RowStatus;
}

export interface ThematicMapInput {
  title: string;
  unit: string;
  units: readonly ReportUnit[];
  values: ReadonlyMap<string, MapValue>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function unionBox(units: readonly ReportUnit[]): [number, number, number, number] {
  const out: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const u of units) {
    const b = bbox(u.geometry);
    out[0] = Math.min(out[0], b[0]);
    out[1] = Math.min(out[1], b[1]);
    out[2] = Math.max(out[2], b[2]);
    out[3] = Math.max(out[3], b[3]);
  }
  return out;
}

/** Quantile class breaks (upper bounds of the first four classes) of the values. */
export function quantileBreaks(values: readonly number[], classes = QUANTILE_COLOURS.length): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 1; i < classes; i++) out.push(sorted[Math.max(0, Math.ceil((i * sorted.length) / classes) - 1)]!);
  return out;
}

/** A "nice" length (1, 2 or 5 × 10ⁿ metres) no longer than `max`. */
function niceLength(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((f) => f * p).find((l) => l <= max) ?? p;
}

export function thematicMapSvg(input: ThematicMapInput): string {
  const [minX, minY, maxX, maxY] = unionBox(input.units);
  const lat0 = (minY + maxY) / 2;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const widthDeg = (maxX - minX) * kx;
  const heightDeg = maxY - minY;
  const s = Math.min(FRAME.width / widthDeg, FRAME.height / heightDeg);
  const ox = FRAME.left + (FRAME.width - widthDeg * s) / 2;
  const oy = FRAME.top + (FRAME.height - heightDeg * s) / 2;
  const project = (p: Position) =>
    `${(ox + (p[0]! - minX) * kx * s).toFixed(1)} ${(oy + (maxY - p[1]!) * s).toFixed(1)}`;
  const ringPath = (ring: Position[]) => `M${ring.map(project).join('L')}Z`;
  const pathOf = (g: Geometry): string =>
    g.type === 'Polygon'
      ? g.coordinates.map(ringPath).join('')
      : g.type === 'MultiPolygon'
        ? g.coordinates.flatMap((poly) => poly.map(ringPath)).join('')
        : '';

  const statuses = [...input.values.values()].map((v) => v.status);
  const byGrade = statuses.some((st) => st === 'red' || st === 'orange' || st === 'yellow' || st === 'blue');
  const numbers = [...input.values.values()].map((v) => v.value).filter((v): v is number => v !== null);
  const breaks = quantileBreaks(numbers);
  const fillOf = (v: MapValue | undefined): string => {
    if (!v || v.value === null) return STATUS_STRONG.missing;
    if (byGrade) return v.status === 'normal' ? '#cfe8c9' : STATUS_STRONG[v.status];
    const cls = breaks.findIndex((b) => v.value! <= b);
    return QUANTILE_COLOURS[cls === -1 ? QUANTILE_COLOURS.length - 1 : cls]!;
  };

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${MAP_WIDTH}" height="${MAP_HEIGHT}" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" font-family="${FONT_FAMILY}">`,
    `<rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MAP_WIDTH / 2}" y="36" font-size="22" text-anchor="middle" fill="#222">${esc(input.title)}</text>`,
    `<rect x="${FRAME.left - 6}" y="${FRAME.top - 6}" width="${FRAME.width + 12}" height="${FRAME.height + 12}" fill="none" stroke="#888" stroke-width="1"/>`,
  );
  for (const u of input.units) {
    parts.push(
      `<path d="${pathOf(u.geometry)}" fill="${fillOf(input.values.get(u.code))}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6"/>`,
    );
  }

  // Legend
  const lx = FRAME.left + FRAME.width + 30;
  let ly = FRAME.top + 10;
  parts.push(`<text x="${lx}" y="${ly}" font-size="16" fill="#222">图例</text>`);
  ly += 14;
  const legend: [string, string][] = byGrade
    ? (['red', 'orange', 'yellow', 'blue'] as const)
        .filter((g) => statuses.includes(g))
        .map((g) => [STATUS_STRONG[g], STATUS_LABEL[g]] as [string, string])
        .concat([['#cfe8c9', STATUS_LABEL.normal]])
    : QUANTILE_COLOURS.map((colour, i) => {
        const low = i === 0 ? Math.min(...numbers) : breaks[i - 1]!;
        const high = i === breaks.length ? Math.max(...numbers) : breaks[i]!;
        return [colour, `${fmt(low)} – ${fmt(high)}`] as [string, string];
      });
  if (numbers.length < input.units.length) legend.push([STATUS_STRONG.missing, STATUS_LABEL.missing]);
  for (const [colour, label] of legend) {
    parts.push(
      `<rect x="${lx}" y="${ly}" width="22" height="16" fill="${colour}" stroke="#666" stroke-width="0.5"/>`,
      `<text x="${lx + 30}" y="${ly + 13}" font-size="14" fill="#222">${esc(label)}</text>`,
    );
    ly += 26;
  }
  parts.push(`<text x="${lx}" y="${ly + 12}" font-size="13" fill="#555">单位：${esc(input.unit)}</text>`);

  // North arrow, top right of the frame
  const nx = FRAME.left + FRAME.width - 30;
  const ny = FRAME.top + 20;
  parts.push(
    `<path d="M${nx} ${ny}L${nx - 10} ${ny + 34}L${nx} ${ny + 26}Z" fill="#222"/>`,
    `<path d="M${nx} ${ny}L${nx + 10} ${ny + 34}L${nx} ${ny + 26}Z" fill="#ffffff" stroke="#222" stroke-width="1"/>`,
    `<text x="${nx}" y="${ny - 4}" font-size="14" text-anchor="middle" fill="#222">北</text>`,
  );

  // Scale bar: metres per pixel at the centre latitude (x is already scaled by cos φ₀).
  const metresPerPx = M_PER_DEGREE / s;
  const barMetres = niceLength((FRAME.width / 4) * metresPerPx);
  const barPx = barMetres / metresPerPx;
  const bx = FRAME.left + 10;
  const by = FRAME.top + FRAME.height - 16;
  const label = barMetres >= 1000 ? `${barMetres / 1000} 千米` : `${barMetres} 米`;
  parts.push(
    `<rect x="${bx}" y="${by}" width="${barPx / 2}" height="6" fill="#222"/>`,
    `<rect x="${bx + barPx / 2}" y="${by}" width="${barPx / 2}" height="6" fill="#ffffff" stroke="#222" stroke-width="1"/>`,
    `<text x="${bx}" y="${by - 6}" font-size="12" fill="#222">0</text>`,
    `<text x="${bx + barPx}" y="${by - 6}" font-size="12" text-anchor="middle" fill="#222">${label}</text>`,
    `<text x="${lx}" y="${FRAME.top + FRAME.height - 10}" font-size="12" fill="#555">CGCS2000 经纬度，</text>`,
    `<text x="${lx}" y="${FRAME.top + FRAME.height + 6}" font-size="12" fill="#555">等距圆柱投影（cos φ 校正）</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

export const thematicMapPng = (input: ThematicMapInput): Png => svgToPng(thematicMapSvg(input));
