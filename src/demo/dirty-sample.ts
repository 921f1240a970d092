/**
 * writeDirtySample: a small land-survey file set with the faults real deliveries have, for the import
 * and its validation report. Writes, into `dir`:
 * - dirty-landsurvey.geojson — features with 三调 DLTB field names, `id` F001…;
 * - dirty-landsurvey.csv — the same features, RFC 4180, geometry as WKT in column `WKT`;
 * - faults.json — the fault catalogue and, for every feature id, the faults it carries ([] = clean).
 * Parcels sit in a grid near the demo city's centre; clean ones include a two-part patch and one with
 * a hole, so a validator must not flag those.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Geometry, Position } from 'geojson';
import { cleanRing, DIRTY_FAULTS, faultyRings, type Box, type DirtyFault } from './dirty-faults.js';
import { ellipsoidalArea } from './frame.js';
import { hashSeed, Rng } from './random.js';

interface DirtyFeature {
  id: string;
  properties: Record<string, string | number | null | undefined>;
  geometry: Geometry | null;
  faults: DirtyFault[];
}

/** Which features carry which faults; the rest of the 40 parcels are clean. */
const PLAN: DirtyFault[][] = [
  ['self_intersection'],
  ['bow_tie'],
  ['duplicate_vertex'],
  ['wrong_orientation'],
  ['unclosed_ring'],
  ['sliver'],
  ['spike'],
  ['empty_geometry'],
  ['null_geometry'],
  ['unknown_class_code'],
  ['missing_required_field'],
  ['missing_required_field'],
  ['duplicate_bsm'],
  ['duplicate_bsm'],
  ['hole_outside_shell'],
  ['projected_coordinates'],
  ['bow_tie', 'unknown_class_code'],
  ['duplicate_vertex', 'wrong_orientation'],
];
const CLASSES: [string, string][] = [
  ['0101', '水田'],
  ['0103', '旱地'],
  ['0301', '乔木林地'],
  ['0702', '农村宅基地'],
  ['0701', '城镇住宅用地'],
  ['1104', '坑塘水面'],
];
const TOTAL = 40;

export async function writeDirtySample(dir: string, seed = 'lantu'): Promise<{ files: string[]; faults: number }> {
  const features = dirtyFeatures(seed);
  await fs.mkdir(dir, { recursive: true });
  const files = ['dirty-landsurvey.geojson', 'dirty-landsurvey.csv', 'faults.json'].map((f) => path.join(dir, f));
  const geojson = {
    type: 'FeatureCollection',
    name: 'DLTB',
    features: features.map((f) => ({ type: 'Feature', id: f.id, properties: f.properties, geometry: f.geometry })),
  };
  await fs.writeFile(files[0]!, JSON.stringify(geojson, null, 1) + '\n');
  const columns = [
    'id',
    'BSM',
    'YSDM',
    'TBBH',
    'DLBM',
    'DLMC',
    'QSXZ',
    'QSDWDM',
    'QSDWMC',
    'ZLDWDM',
    'ZLDWMC',
    'TBMJ',
    'CZCSXM',
    'SJNF',
    'WKT',
  ];
  const lines = [columns.join(',')];
  for (const f of features) {
    const values = columns.map((c) => (c === 'id' ? f.id : c === 'WKT' ? toWkt(f.geometry) : f.properties[c]));
    lines.push(values.map(csvField).join(','));
  }
  await fs.writeFile(files[1]!, lines.join('\r\n') + '\r\n');
  const faults = Object.fromEntries(features.map((f) => [f.id, f.faults]));
  const report = {
    description: '示范市 dirty land-survey sample: the faults each feature carries; [] means clean',
    crs: 'EPSG:4490 (declared; features with projected_coordinates are really EPSG:4527)',
    faults: DIRTY_FAULTS,
    features: faults,
  };
  await fs.writeFile(files[2]!, JSON.stringify(report, null, 1) + '\n');
  return { files, faults: features.reduce((s, f) => s + f.faults.length, 0) };
}

export function dirtyFeatures(seed: string): DirtyFeature[] {
  const rng = new Rng(hashSeed(seed) ^ 0xd127);
  const order = rng.shuffle(Array.from({ length: TOTAL }, (_, i) => i));
  const faultsOf = new Map(PLAN.map((faults, k) => [order[k]!, faults]));
  const duplicate = `990102${String(900001).padStart(12, '0')}`;
  const clean = order.slice(PLAN.length).sort((a, b) => a - b);
  const showcase = { multipart: clean[0]!, hole: clean[1]! };
  return Array.from({ length: TOTAL }, (_, i): DirtyFeature => {
    const faults = faultsOf.get(i) ?? [];
    const box: Box = {
      x: 117.24 + (i % 8) * 0.0016 + rng.range(0, 2e-4),
      y: 31.795 + Math.floor(i / 8) * 0.0011 + rng.range(0, 2e-4),
      w: 0.0011,
      h: 0.0008,
    };
    const [dlbm, dlmc] = faults.includes('unknown_class_code') ? ['0199', '未知地类'] : CLASSES[i % CLASSES.length]!;
    const geometry = geometryFor(
      faults,
      box,
      i === showcase.multipart ? 'multipart' : i === showcase.hole ? 'hole' : null,
    );
    const area =
      geometry && !faults.includes('projected_coordinates') ? Math.abs(ellipsoidalArea(polygonsOf(geometry))) : 0;
    const properties: DirtyFeature['properties'] = {
      BSM: faults.includes('duplicate_bsm') ? duplicate : `990102${String(900100 + i).padStart(12, '0')}`,
      YSDM: '2001010100',
      TBBH: String(i + 1),
      DLBM: dlbm,
      DLMC: dlmc,
      QSXZ: '30',
      QSDWDM: '9901021012010000000',
      QSDWMC: '张庄村',
      ZLDWDM: '9901021012010000000',
      ZLDWMC: '张庄村',
      TBMJ: Math.round(area * 100) / 100,
      CZCSXM: dlbm === '0702' ? '203' : null,
      SJNF: 2025,
    };
    // One feature lacks DLBM altogether, the other has an empty ZLDWDM.
    if (faults === PLAN[10]) delete properties.DLBM;
    if (faults === PLAN[11]) properties.ZLDWDM = '';
    return { id: `F${String(i + 1).padStart(3, '0')}`, properties, geometry, faults };
  });
}

function geometryFor(faults: DirtyFault[], box: Box, showcase: 'multipart' | 'hole' | null): Geometry | null {
  if (faults.includes('null_geometry')) return null;
  if (faults.includes('empty_geometry')) return { type: 'MultiPolygon', coordinates: [] };
  const geometric = faults.find((f) => DIRTY_FAULTS[f].ogc !== 'n/a (attribute)');
  if (geometric) {
    let rings = faultyRings(geometric, box);
    for (const extra of faults.filter((f) => f !== geometric && DIRTY_FAULTS[f].ogc !== 'n/a (attribute)'))
      rings = combine(rings, extra);
    return { type: 'Polygon', coordinates: rings };
  }
  if (showcase === 'multipart') {
    const far = { ...box, x: box.x + box.w * 0.35, w: box.w * 0.5 };
    return { type: 'MultiPolygon', coordinates: [[cleanRing({ ...box, w: box.w * 0.3 })], [cleanRing(far)]] };
  }
  if (showcase === 'hole') {
    const hole: Position[] = [
      [box.x + 0.3 * box.w, box.y + 0.3 * box.h],
      [box.x + 0.3 * box.w, box.y + 0.6 * box.h],
      [box.x + 0.6 * box.w, box.y + 0.6 * box.h],
      [box.x + 0.6 * box.w, box.y + 0.3 * box.h],
      [box.x + 0.3 * box.w, box.y + 0.3 * box.h],
    ];
    return { type: 'Polygon', coordinates: [cleanRing(box), hole] };
  }
  return { type: 'MultiPolygon', coordinates: [[cleanRing(box)]] };
}

/** A second geometric fault on top of the first; the plan pairs only duplicate_vertex with wrong_orientation. */
function combine(rings: Position[][], extra: DirtyFault): Position[][] {
  if (extra !== 'wrong_orientation') throw new Error(`dirty sample: cannot add ${extra} to another geometric fault`);
  return rings.map((r) => [...r].reverse());
}

function polygonsOf(g: Geometry): number[][][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

function toWkt(g: Geometry | null): string {
  if (!g) return '';
  const ring = (r: Position[]) => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
  const poly = (p: Position[][]) => `(${p.map(ring).join(', ')})`;
  if (g.type === 'Polygon') return `POLYGON ${poly(g.coordinates)}`;
  if (g.type === 'MultiPolygon')
    return g.coordinates.length ? `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})` : 'MULTIPOLYGON EMPTY';
  throw new Error(`dirty sample: no WKT for ${g.type}`);
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
