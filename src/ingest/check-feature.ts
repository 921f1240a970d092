/**
 * One source feature in, a table row and its report rows out. The order of the checks is the order a
 * person would fix things in: is there a geometry at all, of the right kind, in the right units; can
 * it be repaired (the kernel's makeValid says what it did); is it where the layer's region is; then
 * the attributes the layer needs — required fields, class codes against the catalogs, unique ids.
 *
 * A feature is `rejected` when any issue rejects it, `repaired` when the kernel changed its geometry,
 * `clean` otherwise (warnings that keep a feature as it is — a sliver, a spike — leave it clean).
 */
import type { Geometry, MultiPolygon, Position } from 'geojson';
import { CGCS2000, isGeographic, transformGeometry } from '../geo/crs.js';
import { linesOf, polygonsOf, ringSignedArea, samePosition } from '../geo/geometry-parts.js';
import { makeValid, type Repair, type RepairKind } from '../geo/make-valid.js';
import { validateGeometry } from '../geo/validate.js';
import type { ValidityDetail } from '../geo/geos.js';
import type { BBox } from '../store/store.js';
import { featureIssue, type FeatureIssue, type IssueCode } from './issue-types.js';
import type { Preset } from './presets/index.js';
import { findSliver, findSpike } from './quality-checks.js';
import { provablyValidPolygon } from './simple-ring.js';
import type { SourceFeature } from './read-features.js';
import type { SourceCrs } from './source-crs.js';

export interface CheckerOptions {
  preset: Preset;
  /** Field names as the source spells them. */
  sourceFields: readonly string[];
  crs: SourceCrs;
  /** The format prescribes counter-clockwise shells (GeoJSON: RFC 7946 §3.1.6; WKT: ISO 19125). */
  orientationIsFault: boolean;
  /** The layer's region: features default to it and must lie within its extent. */
  regionCode: string;
  regionExtent: BBox | null;
  /** The control-line type of the whole layer (control-line preset). */
  lineType: string | null;
  /** Catalog codes by classification, for the preset's class-code checks. */
  catalogCodes: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface CheckedFeature {
  /** The row for the preset's table (see `rowColumns`), or null when rejected. */
  row: unknown[] | null;
  issues: FeatureIssue[];
  outcome: 'clean' | 'repaired' | 'rejected';
  /** The value of the preset's id field, for the duplicate check across the whole source (DuplicateIds). */
  id: string | null;
  /** The id field's name as the source spells it. */
  idField: string | null;
}

/** Columns of a checked row, in order (layer_id is added when the rows are written). */
export function rowColumns(preset: Preset): string[] {
  return ['region_code', ...preset.columns.map((c) => c.column), 'attrs', 'geom'];
}

/** A feature may extend this far (degrees, about 1 km) beyond its region's bounding box. */
const EXTENT_MARGIN_DEG = 0.01;

const REPAIR_ISSUES: Record<RepairKind, IssueCode | null> = {
  ring_closed: 'unclosed_ring',
  duplicate_vertices_removed: 'duplicate_vertex',
  orientation_fixed: 'wrong_orientation',
  self_intersection_repaired: 'self_intersection',
  hole_outside_shell: 'hole_outside_shell',
  collapsed_to_lower_dimension: null,
  empty: null,
};

export class FeatureChecker {
  private readonly field: (names: readonly string[]) => string | null;
  private readonly idField: string | null;
  private readonly regionField: string | null;
  private readonly required: { label: string; fields: string[] }[];
  private readonly classChecks: { field: string | null; label: string; codes: Set<string>; optional: boolean }[];
  private readonly columnFields: (string | null)[];
  private readonly regions = new Map<string, string>();

  constructor(private readonly o: CheckerOptions) {
    const byUpper = new Map<string, string>();
    for (const name of o.sourceFields) if (!byUpper.has(name.toUpperCase())) byUpper.set(name.toUpperCase(), name);
    this.field = (names) => {
      for (const n of names) {
        const hit = byUpper.get(n.toUpperCase());
        if (hit !== undefined) return hit;
      }
      return null;
    };
    this.idField = this.field(o.preset.idFields);
    this.regionField = this.field(o.preset.regionFields);
    this.required = o.preset.required.map((spec) => {
      const names = spec.split('|');
      return { label: names.join('/'), fields: names.map((n) => this.field([n]) ?? n) };
    });
    this.classChecks = o.preset.classCodes.map((check) => {
      const codes = new Set<string>();
      for (const c of check.classifications) for (const code of o.catalogCodes.get(c) ?? []) codes.add(code);
      return { field: this.field(check.from), label: check.from[0]!, codes, optional: check.optional ?? false };
    });
    this.columnFields = o.preset.columns.map((c) => this.field(c.from));
  }

  async check(f: SourceFeature): Promise<CheckedFeature> {
    const sourceId = this.sourceId(f);
    const where = { sourceRow: f.row, sourceId };
    const issues: FeatureIssue[] = [];
    const { geometry, repaired } = await this.checkGeometry(f, where, issues);
    this.checkAttributes(f, where, issues);
    const idValue = this.idField ? f.properties[this.idField] : undefined;
    const id = isEmpty(idValue) ? null : String(idValue).trim();
    const outcome = issues.some((i) => i.action === 'rejected') ? 'rejected' : repaired ? 'repaired' : 'clean';
    if (outcome === 'rejected') return { row: null, issues, outcome, id, idField: this.idField };
    const row: unknown[] = [this.regionOf(f)];
    this.o.preset.columns.forEach((c, i) => {
      if (c.layerValue === 'lineType') row.push(this.o.lineType);
      else {
        const name = this.columnFields[i];
        const v = name === null || name === undefined ? null : f.properties[name];
        row.push(isEmpty(v) ? null : String(v).trim());
      }
    });
    row.push(JSON.stringify(f.properties), geometry);
    return { row, issues, outcome, id, idField: this.idField };
  }

  private sourceId(f: SourceFeature): string | null {
    const v = this.idField ? f.properties[this.idField] : undefined;
    if (!isEmpty(v)) return String(v).trim();
    return f.sourceId;
  }

  private async checkGeometry(
    f: SourceFeature,
    where: { sourceRow: number; sourceId: string | null },
    issues: FeatureIssue[],
  ): Promise<{ geometry: Geometry | null; repaired: boolean }> {
    const reject = (code: IssueCode, detail: Parameters<typeof featureIssue>[2] = {}) => {
      issues.push(featureIssue(code, where, detail));
      return { geometry: null, repaired: false };
    };
    const g = f.geometry;
    if (f.geometryError) return reject('invalid_coordinates', { zh: f.geometryError, en: f.geometryError });
    if (!g) return reject('null_geometry');
    const scan = scanPositions(g);
    if (scan.count === 0 && !scan.nonFinite) return reject('empty_geometry');
    const polygonal = g.type === 'Polygon' || g.type === 'MultiPolygon';
    if (this.o.preset.geometry === 'polygon' && !polygonal) {
      return reject('wrong_geometry_type', { zh: `应为面，实际为 ${g.type}`, en: `expected polygons, got ${g.type}` });
    }
    if (scan.nonFinite) {
      const bad = `(${scan.nonFinite[0]}, ${scan.nonFinite[1]})`;
      return reject('invalid_coordinates', { zh: `位置 ${bad}`, en: `at ${bad}` });
    }
    const { crs } = this.o;
    if (crs.geographic) {
      const out = scan.outOfRange;
      if (out) {
        const taken =
          crs.how === 'assumed' ? ['未声明坐标系，按', '处理', 'taken as'] : ['数据声明为', '', 'declared as'];
        return reject('projected_coordinates_as_degrees', {
          zh: `(${out[0]}, ${out[1]})，${taken[0]} ${crs.label}${taken[1]}`,
          en: `(${out[0]}, ${out[1]}) in data ${taken[2]} ${crs.label}`,
        });
      }
    }
    // Repair first (in the source's own coordinates, where the supplier can find what we report).
    // Most features are valid: one GEOS validity check settles them, and the kernel rebuilds only
    // what is broken — or has open rings or repeated vertices, which GEOS cannot build or ignores.
    let fixed: Geometry | null;
    let repairs: Repair[];
    let validity: ValidityDetail | null = null;
    if (hasOpenRingOrRepeat(g)) ({ geometry: fixed, repairs } = await makeValid(g));
    else {
      // A one-ring polygon provably simple in JavaScript needs no GEOS call (simple-ring.ts).
      validity = provablyValidPolygon(g) ? { valid: true } : await validateGeometry(g);
      ({ geometry: fixed, repairs } = validity.valid ? orientShells(g) : await makeValid(g));
    }
    let repaired = false;
    for (const r of repairs) {
      let code = REPAIR_ISSUES[r.kind];
      if (code === 'wrong_orientation' && !this.o.orientationIsFault) continue;
      if (code === 'self_intersection') {
        // The kernel files every invalidity but a stray hole under self-intersection; name the others.
        validity ??= await validateGeometry(closedForValidation(g));
        if (!validity.valid && validity.reason && !/self-intersection/i.test(validity.reason)) {
          code = 'invalid_ring_repaired';
        }
      }
      if (code === null) continue;
      issues.push(featureIssue(code, where, { zh: repairDetailZh(r.kind, r.detail), en: r.detail }));
      repaired = true;
    }
    if (!fixed || (this.o.preset.geometry === 'polygon' && polygonsOf(fixed).length === 0)) {
      const detail = repairs.map((r) => r.detail).join('; ');
      return reject('geometry_collapsed', { zh: detail, en: detail });
    }
    if (polygonal) {
      const sliver = findSliver(fixed, crs.geographic);
      if (sliver) {
        const w = sliver.widthM.toFixed(3);
        issues.push(featureIssue('sliver', where, { zh: `平均宽度 ${w} 米`, en: `mean width ${w} m` }));
      }
      const spike = findSpike(fixed, crs.geographic);
      if (spike) {
        const at = `(${spike.at[0]}, ${spike.at[1]})`;
        issues.push(
          featureIssue('spike', where, {
            zh: `尖刺顶点 ${at}，夹角 ${spike.angleDeg.toFixed(3)}°`,
            en: `tip at ${at}, angle ${spike.angleDeg.toFixed(3)}°`,
          }),
        );
      }
    }
    let geometry: Geometry;
    try {
      geometry = this.toCanonical(fixed);
    } catch (error) {
      const message = (error as Error).message;
      return reject('reprojection_failed', { zh: message, en: message });
    }
    if (
      this.o.regionExtent &&
      !meetsExtent(geometry === fixed && fixed === g ? scan : scanPositions(geometry), this.o.regionExtent)
    ) {
      return reject('outside_region_extent', {
        zh: `行政区 ${this.o.regionCode} 的范围为 ${fmtBox(this.o.regionExtent)}`,
        en: `region ${this.o.regionCode} spans ${fmtBox(this.o.regionExtent)}`,
      });
    }
    if (this.o.preset.geometry === 'polygon') geometry = asMultiPolygon(geometry);
    return { geometry, repaired };
  }

  /** Source coordinates to EPSG:4490 (CGCS2000 and WGS 84 are the same to the kernel). */
  private toCanonical(g: Geometry): Geometry {
    const { ref, swapAxes } = this.o.crs;
    const input = swapAxes ? swapped(g) : g;
    if (ref !== 'gcj02' && isGeographic(ref)) return input;
    return transformGeometry(input, ref, CGCS2000);
  }

  private checkAttributes(
    f: SourceFeature,
    where: { sourceRow: number; sourceId: string | null },
    issues: FeatureIssue[],
  ) {
    for (const r of this.required) {
      if (r.fields.some((name) => !isEmpty(f.properties[name]))) continue;
      const present = r.fields.find((name) => name in f.properties);
      issues.push(
        featureIssue('missing_required_field', where, {
          field: r.label,
          zh: present === undefined ? '字段不存在' : '值为空',
          en: present === undefined ? 'the field is absent' : 'the value is empty',
        }),
      );
    }
    for (const c of this.classChecks) {
      const v = c.field === null ? undefined : f.properties[c.field];
      if (isEmpty(v)) continue;
      const code = String(v).trim();
      if (c.codes.has(code)) continue;
      issues.push(featureIssue('unknown_class_code', where, { field: c.field ?? c.label, value: code }));
    }
  }

  /** The feature's region: its 坐落/行政区 code cut to a township, when inside the layer's region. */
  private regionOf(f: SourceFeature): string {
    const layerRegion = this.o.regionCode;
    if (!this.regionField) return layerRegion;
    const raw = String(f.properties[this.regionField] ?? '');
    let region = this.regions.get(raw);
    if (region === undefined) {
      const code = regionFromDivisionCode(raw.replace(/\D/g, ''));
      region = code && code.startsWith(layerRegion) ? code : layerRegion;
      // A delivery has a few hundred villages at most; the cache stays small.
      if (this.regions.size < 100_000) this.regions.set(raw, region);
    }
    return region;
  }
}

/**
 * Identifiers used twice, across the whole source (the check runs where the features arrive in order,
 * whichever thread checked them). Both features are reported; the first keeps its place and later ones
 * are rejected — as a unique index would have it (docs/decisions/0012-import-export.md).
 */
export class DuplicateIds {
  /** id → row × 4 + (first holder rejected ? 1 : 0) + (first holder reported ? 2 : 0). */
  private readonly seen = new Map<string, number>();

  /** The duplicate_id issues this feature brings (for itself, and once for the first holder). */
  track(f: { row: number; id: string | null; idField: string | null; rejected: boolean }): FeatureIssue[] {
    if (f.id === null || f.idField === null) return [];
    // The id is a copy of its own already (check-batch.ts), not a slice keeping a source line alive.
    const id = f.id;
    const seen = this.seen.get(id);
    if (seen === undefined) {
      this.seen.set(id, f.row * 4 + (f.rejected ? 1 : 0));
      return [];
    }
    const firstRow = Math.floor(seen / 4);
    const issues = [
      featureIssue(
        'duplicate_id',
        { sourceRow: f.row, sourceId: id },
        {
          field: f.idField,
          value: id,
          zh: `与第 ${firstRow} 个要素重复，保留先出现的`,
          en: `also used by feature ${firstRow}; the first one is kept`,
        },
      ),
    ];
    if (!(seen & 2)) {
      this.seen.set(id, seen | 2);
      const firstRejected = (seen & 1) === 1;
      issues.push(
        featureIssue(
          'duplicate_id',
          { sourceRow: firstRow, sourceId: id },
          {
            field: f.idField,
            value: id,
            severity: 'warning',
            action: firstRejected ? 'rejected' : 'kept',
            zh: `第 ${f.row} 个要素也使用此标识码；本要素${firstRejected ? '另有错误被拒绝' : '先出现，予以保留'}`,
            en: `feature ${f.row} uses it too; this one ${firstRejected ? 'is rejected for another reason' : 'came first and is kept'}`,
          },
        ),
      );
    }
    return issues;
  }
}

/**
 * The region code in a 行政区划/坐落单位 code, cut to a township (9 digits) and shortened past
 * zero-filled levels: '9901021012010000000' → '990102101', '990102000000' → '990102'. Null when
 * the value is no such code.
 */
export function regionFromDivisionCode(digits: string): string | null {
  if (!/^\d{6,}$/.test(digits)) return null;
  const code = digits.slice(0, 9).padEnd(9, '0');
  if (/^0+$/.test(code)) return null;
  if (code.slice(6) !== '000') return code;
  if (code.slice(4, 6) !== '00') return code.slice(0, 6);
  if (code.slice(2, 4) !== '00') return code.slice(0, 4);
  return code.slice(0, 2);
}

/** A ring left open, or a position repeated right after itself: the kernel's makeValid fixes both. */
function hasOpenRingOrRepeat(g: Geometry): boolean {
  const repeats = (line: Position[]) => {
    for (let i = 1; i < line.length; i++) if (samePosition(line[i - 1]!, line[i]!)) return true;
    return false;
  };
  for (const rings of polygonsOf(g)) {
    for (const ring of rings) {
      if (ring.length > 0 && !samePosition(ring[0]!, ring[ring.length - 1]!)) return true;
      if (repeats(ring)) return true;
    }
  }
  return linesOf(g).some(repeats);
}

/**
 * A valid geometry with its shells turned counter-clockwise and holes clockwise (RFC 7946 §3.1.6), as
 * the kernel's makeValid leaves every polygon it rebuilds, reported in the kernel's own terms.
 */
function orientShells(g: Geometry): { geometry: Geometry; repairs: Repair[] } {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { geometry: g, repairs: [] };
  let turned = 0;
  const orient = (rings: Position[][]) =>
    rings.map((ring, i) => {
      const area = ringSignedArea(ring);
      if ((i === 0 && area < 0) || (i > 0 && area > 0)) {
        turned++;
        return [...ring].reverse();
      }
      return ring;
    });
  const geometry: Geometry =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: orient(g.coordinates) }
      : { type: 'MultiPolygon', coordinates: g.coordinates.map(orient) };
  if (turned === 0) return { geometry: g, repairs: [] };
  return {
    geometry,
    repairs: [
      {
        kind: 'orientation_fixed',
        detail: `${turned} ring(s) turned: shells counter-clockwise, holes clockwise (RFC 7946 §3.1.6)`,
      },
    ],
  };
}

/** The kernel words its repairs in English; the count and the place, in Chinese. */
function repairDetailZh(kind: RepairKind, detail: string): string {
  const n = /^(\d+)/.exec(detail)?.[1] ?? '';
  const at = /at \(([^)]+)\)/.exec(detail)?.[1];
  const where = at ? `位置 (${at})` : '';
  switch (kind) {
    case 'ring_closed':
      return `闭合了 ${n} 个环（补上首点）`;
    case 'duplicate_vertices_removed':
      return `删除了 ${n} 个相邻重复节点`;
    case 'orientation_fixed':
      return `调整了 ${n} 个环的方向（外环逆时针、内环顺时针）`;
    case 'hole_outside_shell':
      return `${where}，该内环改作独立的面（GEOS MakeValid）`;
    case 'self_intersection_repaired':
      return `${where}${/^Self-intersection/.test(detail) ? '' : `（${detail.split(' at ')[0]}）`}，已由 GEOS MakeValid 重建`;
    default:
      return detail;
  }
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

interface PositionScan {
  /** Finite positions. */
  count: number;
  nonFinite: Position | null;
  /** The first position outside ±180/±90. */
  outOfRange: Position | null;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** One pass over every position: how many, the first bad one, the first outside degrees, the bbox. */
function scanPositions(g: Geometry): PositionScan {
  const s: PositionScan = {
    count: 0,
    nonFinite: null,
    outOfRange: null,
    minX: Infinity,
    minY: Infinity,
    maxX: -Infinity,
    maxY: -Infinity,
  };
  if (g.type === 'GeometryCollection') {
    for (const m of g.geometries) {
      const inner = scanPositions(m);
      s.count += inner.count;
      s.nonFinite ??= inner.nonFinite;
      s.outOfRange ??= inner.outOfRange;
      s.minX = Math.min(s.minX, inner.minX);
      s.minY = Math.min(s.minY, inner.minY);
      s.maxX = Math.max(s.maxX, inner.maxX);
      s.maxY = Math.max(s.maxY, inner.maxY);
    }
  } else scanCoordinates(g.coordinates, s);
  return s;
}

function scanCoordinates(node: unknown, s: PositionScan): void {
  if (!Array.isArray(node) || node.length === 0) return;
  if (Array.isArray(node[0])) {
    for (let i = 0; i < node.length; i++) scanCoordinates(node[i], s);
    return;
  }
  const x = node[0] as number;
  const y = node[1] as number;
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    s.nonFinite ??= node as Position;
    return;
  }
  s.count++;
  if (s.outOfRange === null && (x > 180 || x < -180 || y > 90 || y < -90)) s.outOfRange = node as Position;
  if (x < s.minX) s.minX = x;
  if (x > s.maxX) s.maxX = x;
  if (y < s.minY) s.minY = y;
  if (y > s.maxY) s.maxY = y;
}

/** GEOS cannot build an unclosed ring; close it so validation speaks about what else is wrong. */
function closedForValidation(g: Geometry): Geometry {
  const close = (r: Position[]) =>
    r.length > 1 && (r[0]![0] !== r.at(-1)![0] || r[0]![1] !== r.at(-1)![1]) ? [...r, r[0]!] : r;
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(close) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(close)) };
  return g;
}

function swapped(g: Geometry): Geometry {
  const swap = (p: Position): Position => [p[1]!, p[0]!];
  const walk = (node: unknown): unknown =>
    Array.isArray(node) && typeof node[0] === 'number' ? swap(node as Position) : (node as unknown[]).map(walk);
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map(swapped) };
  return { ...g, coordinates: walk(g.coordinates) } as Geometry;
}

function asMultiPolygon(g: Geometry): MultiPolygon {
  if (g.type === 'MultiPolygon') return g;
  return { type: 'MultiPolygon', coordinates: polygonsOf(g) };
}

function meetsExtent(s: PositionScan, [minX, minY, maxX, maxY]: BBox): boolean {
  const m = EXTENT_MARGIN_DEG;
  return s.maxX >= minX - m && s.minX <= maxX + m && s.maxY >= minY - m && s.minY <= maxY + m;
}

function fmtBox([a, b, c, d]: BBox): string {
  return `(${a.toFixed(4)}, ${b.toFixed(4)}) – (${c.toFixed(4)}, ${d.toFixed(4)})`;
}
