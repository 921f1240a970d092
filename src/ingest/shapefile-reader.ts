/**
 * A reader of our own for the commonest delivery, a 2-D Shapefile (.shp/.shx/.dbf), so that a
 * million-feature import needs no GDAL process and no PGDUMP text to parse: each checking thread reads
 * the records of the range it is given straight from the files (the .shx gives every record's offset,
 * the .dbf has fixed-width records), so reading runs in parallel with itself and with the checks.
 *
 * The features are the ones GDAL's Shapefile driver gives through the PGDUMP path (read-features.ts):
 * the same field names and types (taken from `ogrinfo`, which still inspects the file), the same
 * values (DBF text trimmed, empty as null, converted by the OGR type), the same geometry — one ring a
 * Polygon as stored, several rings sorted by the ESRI rule (clockwise rings are shells, counter-clockwise
 * ones holes of the smallest shell holding them), an empty shape as null. `planShapefile` answers null
 * for anything it is not sure of — Z or M shapes, deleted DBF records, an encoding GDAL would decide
 * itself, field lists that disagree, unknown DBF types — and the import reads through GDAL as before.
 * docs/decisions/0012-import-export.md (addendum of 2026-11-22) has the figures.
 */
import { pointInRing } from '../geo/point-in-ring.js';
import fs from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Geometry, Position } from 'geojson';
import iconv from 'iconv-lite';
import type { SourceFeature } from './read-features.js';
import type { SourceField, SourceLayer } from './source-info.js';
import { siblingWithExtension, type Encoding } from './text-encoding.js';

/** Shape types read here: null, Point, PolyLine, Polygon, MultiPoint (2-D only). */
const SHAPE_TYPES = new Set([0, 1, 3, 5, 8]);
const DBF_TYPES = new Set(['C', 'N', 'F', 'D', 'L']);

interface DbfField {
  /** The OGR field GDAL reports for this DBF column (same position). */
  ogr: SourceField;
  dbfType: string;
  offset: number;
  length: number;
  decimals: number;
}

/** Everything a checking thread needs to read records: plain data, so it travels in `workerData`. */
export interface ShapefilePlan {
  shp: string;
  shx: string;
  dbf: string;
  count: number;
  dbfHeaderLength: number;
  dbfRecordLength: number;
  fields: DbfField[];
  encoding: Encoding;
}

/** A run of consecutive records: rows `first` … `first + count - 1` (1-based, as the report counts). */
export interface RecordRange {
  first: number;
  count: number;
}

const iconvName = (e: Encoding) => (e === 'ISO-8859-1' ? 'latin1' : e.toLowerCase());

/**
 * How to read `shpPath` ourselves, or null when GDAL should (see the module comment). `encoding` is
 * the one the import decided (text-encoding.ts); null means GDAL decides from the language driver.
 */
export function planShapefile(shpPath: string, layer: SourceLayer, encoding: Encoding | null): ShapefilePlan | null {
  if (!encoding || !/\.shp$/i.test(shpPath)) return null;
  const base = shpPath.replace(/\.shp$/i, '');
  const shx = siblingWithExtension(base, '.shx');
  const dbf = siblingWithExtension(base, '.dbf');
  if (!shx || !dbf) return null;
  const shpHeader = readBytes(shpPath, 0, 100);
  const shxSize = fs.statSync(shx).size;
  if (shpHeader.length < 100 || shpHeader.readInt32BE(0) !== 9994 || shxSize < 100) return null;
  if (!SHAPE_TYPES.has(shpHeader.readInt32LE(32))) return null;
  const count = (shxSize - 100) / 8;
  if (!Number.isInteger(count) || (layer.featureCount !== null && layer.featureCount !== count)) return null;

  const head = readBytes(dbf, 0, 32);
  if (head.length < 32) return null;
  const records = head.readUInt32LE(4);
  const headerLength = head.readUInt16LE(8);
  const recordLength = head.readUInt16LE(10);
  if (records !== count) return null;
  const descriptors = readBytes(dbf, 32, headerLength - 32);
  const fields: DbfField[] = [];
  let offset = 1; // the deletion flag
  for (let at = 0; at + 32 <= descriptors.length && descriptors[at] !== 0x0d; at += 32) {
    const d = descriptors.subarray(at, at + 32);
    const nameEnd = d.indexOf(0);
    const name = iconv.decode(d.subarray(0, nameEnd < 0 || nameEnd > 11 ? 11 : nameEnd), iconvName(encoding)).trim();
    const dbfType = String.fromCharCode(d[11]!);
    const ogr = layer.fields[fields.length];
    if (!DBF_TYPES.has(dbfType) || !ogr || ogr.name !== name) return null;
    fields.push({ ogr, dbfType, offset, length: d[16]!, decimals: d[17]! });
    offset += d[16]!;
  }
  if (fields.length !== layer.fields.length || offset !== recordLength) return null;
  if (hasDeletedRecords(dbf, headerLength, recordLength, count)) return null;
  return {
    shp: shpPath,
    shx,
    dbf,
    count,
    dbfHeaderLength: headerLength,
    dbfRecordLength: recordLength,
    fields,
    encoding,
  };
}

function readBytes(file: string, position: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const out = Buffer.alloc(Math.max(0, length));
    const read = fs.readSync(fd, out, 0, out.length, position);
    return out.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** GDAL skips records marked deleted, which would shift every later row: those files go through GDAL. */
function hasDeletedRecords(dbf: string, headerLength: number, recordLength: number, count: number): boolean {
  const fd = fs.openSync(dbf, 'r');
  try {
    const perChunk = Math.max(1, Math.floor((4 << 20) / recordLength));
    const chunk = Buffer.alloc(perChunk * recordLength);
    for (let first = 0; first < count; first += perChunk) {
      const n = Math.min(perChunk, count - first);
      const read = fs.readSync(fd, chunk, 0, n * recordLength, headerLength + first * recordLength);
      if (read < n * recordLength) return true;
      for (let i = 0; i < n; i++) if (chunk[i * recordLength] === 0x2a) return true;
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

type Convert = (text: string) => unknown;

const HIGH = /[\x80-\xff]/;
// A NUL ends a DBF value (shapelib reads C strings): looking for one is the point.
// eslint-disable-next-line no-control-regex
const HIGH_OR_NUL = /[\x00\x80-\xff]/;

/** Reads ranges of records of one planned Shapefile (each checking thread has one). */
export class ShapefileRecords {
  private readonly converters: Convert[];
  /** Null for Latin-1, whose bytes are the record string's characters already. */
  private readonly decoder: TextDecoder | null;

  constructor(private readonly plan: ShapefilePlan) {
    this.converters = plan.fields.map(converterFor);
    this.decoder = plan.encoding === 'ISO-8859-1' ? null : new TextDecoder(plan.encoding.toLowerCase());
  }

  read({ first, count }: RecordRange): SourceFeature[] {
    // Opened for each range and closed after: a worker thread's descriptors are the process's, and a
    // terminated worker would leave them open in a long-running server.
    const fds = {
      shp: fs.openSync(this.plan.shp, 'r'),
      shx: fs.openSync(this.plan.shx, 'r'),
      dbf: fs.openSync(this.plan.dbf, 'r'),
    };
    try {
      return this.readFrom(fds, first, count);
    } finally {
      for (const fd of Object.values(fds)) fs.closeSync(fd);
    }
  }

  private readFrom(fds: { shp: number; shx: number; dbf: number }, first: number, count: number): SourceFeature[] {
    const { plan } = this;
    const index = Buffer.alloc(count * 8);
    fs.readSync(fds.shx, index, 0, index.length, 100 + (first - 1) * 8);
    // The records of a range lie one after another in any file written front to back: read them in one
    // piece when they do, one by one when the span between them is mostly other records.
    let start = Infinity;
    let end = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const at = index.readInt32BE(i * 8) * 2;
      const size = 8 + index.readInt32BE(i * 8 + 4) * 2;
      start = Math.min(start, at);
      end = Math.max(end, at + size);
      total += size;
    }
    const together = end - start <= 2 * total + 65_536;
    const shp = together ? Buffer.alloc(Math.max(0, end - start)) : null;
    if (shp) fs.readSync(fds.shp, shp, 0, shp.length, start);
    const dbf = Buffer.alloc(count * plan.dbfRecordLength);
    fs.readSync(fds.dbf, dbf, 0, dbf.length, plan.dbfHeaderLength + (first - 1) * plan.dbfRecordLength);
    const out: SourceFeature[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const offset = index.readInt32BE(i * 8) * 2;
      const length = index.readInt32BE(i * 8 + 4) * 2;
      const row = first + i;
      let content: Buffer;
      if (shp) content = shp.subarray(offset - start + 8, offset - start + 8 + length);
      else {
        content = Buffer.alloc(length);
        fs.readSync(fds.shp, content, 0, length, offset + 8);
      }
      let geometry: Geometry | null = null;
      let geometryError: string | undefined;
      try {
        geometry = readShape(content);
      } catch (error) {
        geometryError = (error as Error).message;
      }
      out[i] = {
        row,
        sourceId: null,
        properties: this.attributes(dbf, i * plan.dbfRecordLength),
        geometry,
        ...(geometryError ? { geometryError } : {}),
      };
    }
    return out;
  }

  /**
   * One record's values. The record is taken as one Latin-1 string (a byte a character, so the DBF's
   * byte offsets hold) and each field sliced from it; only a text field with bytes beyond ASCII is
   * decoded from its bytes — a feature's Chinese names, three or four fields of thirty.
   */
  private attributes(dbf: Buffer, recordStart: number): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    const { fields, dbfRecordLength } = this.plan;
    const record = dbf.toString('latin1', recordStart, recordStart + dbfRecordLength);
    const plain = !HIGH_OR_NUL.test(record);
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      let s = field.offset;
      let e = s + field.length;
      if (!plain) {
        // A NUL ends the value, as C strings do in shapelib.
        const nul = record.indexOf('\0', s);
        if (nul >= 0 && nul < e) e = nul;
      }
      // GDAL trims spaces at both ends (shapelib's TRIM_DBF_WHITESPACE), nothing else.
      while (s < e && record.charCodeAt(s) === 0x20) s++;
      while (e > s && record.charCodeAt(e - 1) === 0x20) e--;
      let text = record.slice(s, e);
      if (!plain && field.dbfType === 'C' && this.decoder && HIGH.test(text)) {
        text = this.decoder.decode(dbf.subarray(recordStart + s, recordStart + e));
      }
      properties[field.ogr.name] = isNull(field.dbfType, text) ? null : this.converters[f]!(text);
    }
    return properties;
  }
}

/** shapelib's DBFIsValueNULL: what GDAL leaves unset. */
function isNull(dbfType: string, text: string): boolean {
  switch (dbfType) {
    case 'N':
    case 'F':
      return text === '' || text[0] === '*';
    case 'D':
      return text === '' || text === '00000000' || text === '0';
    case 'L':
      return text === '' || text === '?';
    default:
      return text === '';
  }
}

/** DBF text to the value the PGDUMP path yields for the OGR type GDAL reported (read-features.ts). */
function converterFor(field: DbfField): Convert {
  const { type, subType } = field.ogr;
  if (field.dbfType === 'L') return (t) => 'TtYy'.includes(t[0]!);
  switch (type) {
    case 'Integer':
      if (subType === 'Boolean') return (t) => 'TtYy1'.includes(t[0]!);
      return (t) => Math.trunc(Number(t)) || Math.trunc(parseFloat(t)) || 0;
    case 'Integer64':
      // As GDAL writes it and read-features.ts reads it: beyond 2^53 the digits stay text.
      return (t) => {
        const n = Number(t);
        return Number.isSafeInteger(n) ? n : /^-?\d+$/.test(t) ? t : Math.trunc(n) || 0;
      };
    case 'Real': {
      // GDAL writes a DBF real with the field's declared decimals; a value stored with more is rounded.
      const decimals = field.decimals;
      return (t) => {
        const v = parseFloat(t) || 0;
        const point = t.indexOf('.');
        return point >= 0 && t.length - point - 1 > decimals && Math.abs(v) < 1e21 ? Number(v.toFixed(decimals)) : v;
      };
    }
    case 'Date':
      return (t) => (/^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t.replace(/\//g, '-'));
    default:
      return (t) => t;
  }
}

/** One .shp record's content (after its 8-byte header) as GeoJSON, as GDAL's driver reads it. */
export function readShape(b: Buffer): Geometry | null {
  if (b.length < 4) return null;
  const type = b.readInt32LE(0);
  if (type === 0) return null;
  if (type === 1) {
    if (b.length < 20) throw new Error('truncated point record');
    return { type: 'Point', coordinates: [b.readDoubleLE(4), b.readDoubleLE(12)] };
  }
  if (type === 8) {
    const n = b.readInt32LE(36);
    if (n === 0) return null;
    if (40 + n * 16 > b.length) throw new Error('truncated multipoint record');
    const points: Position[] = new Array(n);
    for (let i = 0; i < n; i++) points[i] = [b.readDoubleLE(40 + i * 16), b.readDoubleLE(48 + i * 16)];
    return { type: 'MultiPoint', coordinates: points };
  }
  if (type !== 3 && type !== 5) throw new Error(`shape type ${type} in a record`);
  const parts = b.readInt32LE(36);
  const points = b.readInt32LE(40);
  if (parts === 0 || points === 0) return null;
  const pointsAt = 44 + parts * 4;
  if (pointsAt + points * 16 > b.length || parts < 0 || points < 0) throw new Error('truncated record');
  const rings: Position[][] = new Array(parts);
  for (let p = 0; p < parts; p++) {
    const from = b.readInt32LE(44 + p * 4);
    const to = p + 1 < parts ? b.readInt32LE(48 + p * 4) : points;
    if (from < 0 || to > points || to < from) throw new Error('bad part index');
    const ring: Position[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const at = pointsAt + i * 16;
      ring[i - from] = [b.readDoubleLE(at), b.readDoubleLE(at + 8)];
    }
    rings[p] = ring;
  }
  if (type === 3)
    return parts === 1
      ? { type: 'LineString', coordinates: rings[0]! }
      : { type: 'MultiLineString', coordinates: rings };
  // GDAL's driver closes an open ring as it reads it, without a word: so do we, or the report would differ.
  for (const ring of rings) {
    const a = ring[0]!;
    const z = ring[ring.length - 1]!;
    if (a[0] !== z[0] || a[1] !== z[1]) ring.push([a[0]!, a[1]!]);
  }
  if (parts === 1) return { type: 'Polygon', coordinates: rings };
  return organizeRings(rings);
}

/** Twice the signed area (shoelace): negative for a clockwise ring, a shell in a Shapefile. */
function signedArea2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
  }
  return sum;
}

function bbox(ring: Position[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x! < minX) minX = x!;
    if (x! > maxX) maxX = x!;
    if (y! < minY) minY = y!;
    if (y! > maxY) maxY = y!;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Several rings: clockwise ones are shells, each counter-clockwise one a hole of the smallest shell
 * that holds it (by its bounding box and a vertex); a hole no shell holds stands as a polygon of its
 * own, and a file of holes only is a multipolygon of them — GDAL's ONLY_CCW rule for Shapefiles.
 */
function organizeRings(rings: Position[][]): Geometry {
  const shells: { ring: Position[]; area: number; box: [number, number, number, number]; holes: Position[][] }[] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    const a = signedArea2(ring);
    if (a < 0) shells.push({ ring, area: -a, box: bbox(ring), holes: [] });
    else holes.push(ring);
  }
  const polygons: Position[][][] = [];
  const orphans: Position[][] = [];
  for (const hole of holes) {
    const [minX, minY, maxX, maxY] = bbox(hole);
    let best: (typeof shells)[number] | null = null;
    for (const s of shells) {
      if (minX < s.box[0] || minY < s.box[1] || maxX > s.box[2] || maxY > s.box[3]) continue;
      if (!hole.some(([x, y]) => pointInRing(x!, y!, s.ring))) continue;
      if (!best || s.area < best.area) best = s;
    }
    if (best) best.holes.push(hole);
    else orphans.push(hole);
  }
  for (const s of shells) polygons.push([s.ring, ...s.holes]);
  for (const o of orphans) polygons.push([o]);
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons };
}
