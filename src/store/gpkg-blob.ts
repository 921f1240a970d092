/**
 * GeoPackage geometry blobs (OGC 12-128r18, §2.1.3 "GeoPackageBinary"): a small header — magic "GP",
 * version, flags, srs_id, envelope — followed by standard WKB. We always write little-endian headers
 * with an XY envelope [minx, maxx, miny, maxy] so readers (GDAL, QGIS, our R*Tree triggers) can take
 * the bounding box without parsing the WKB.
 */
import type { Geometry, Position } from 'geojson';
import wkx from 'wkx';
import { encodeWkb } from './wkb.js';

const HEADER_WITH_ENVELOPE = 8 + 32;
const FLAG_LITTLE_ENDIAN = 0b1;
const FLAG_ENVELOPE_XY = 0b1 << 1;
const FLAG_EMPTY = 0b1 << 4;

export interface Envelope {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * A geometry already encoded as little-endian ISO WKB (store/wkb.ts), with its envelope: bulk loads
 * take it as it is. An import encodes in its checking threads, so the single writing thread only
 * copies bytes (docs/decisions/0012-import-export.md).
 */
export class EncodedGeometry {
  private bytes: Buffer | null;

  /**
   * @param wkb the WKB, or null when `gpkg` is given (it is then the blob's tail, cut when first asked:
   *   the SQLite writer never asks, and a million Buffer views cost time)
   * @param gpkg the GeoPackage blob (EPSG:4490) when the producer wrote it too
   */
  constructor(
    wkb: Buffer | null,
    readonly envelope: Envelope | null,
    readonly gpkg: Buffer | null = null,
  ) {
    if (wkb === null && gpkg === null) throw new Error('EncodedGeometry: WKB or a GeoPackage blob is needed');
    this.bytes = wkb;
  }

  get wkb(): Buffer {
    return (this.bytes ??= this.gpkg!.subarray(gpkgHeaderSize(this.envelope)));
  }
}

/** Encode a GeoJSON geometry as a GeoPackage blob in the given SRS. */
export function encodeGpkgBlob(
  geometry: Geometry,
  srsId: number,
  env: Envelope | null = geometryEnvelope(geometry),
): Buffer {
  return gpkgBlobFromWkb(encodeWkb(geometry), srsId, env);
}

/** A GeoPackage blob around WKB already encoded. */
export function gpkgBlobFromWkb(wkb: Buffer, srsId: number, env: Envelope | null): Buffer {
  const head = gpkgHeaderSize(env);
  const blob = Buffer.allocUnsafe(head + wkb.length);
  writeGpkgHeader(blob, 0, srsId, env);
  wkb.copy(blob, head);
  return blob;
}

/** Bytes of the header before the WKB: 8, and 32 more for an XY envelope. */
export function gpkgHeaderSize(env: Envelope | null): number {
  return env === null ? 8 : HEADER_WITH_ENVELOPE;
}

/** Write the header ("GP", version 0, flags, srs_id, XY envelope unless empty) at `at`. */
export function writeGpkgHeader(out: Buffer, at: number, srsId: number, env: Envelope | null): void {
  out[at] = 0x47; // G
  out[at + 1] = 0x50; // P
  out[at + 2] = 0;
  out[at + 3] = FLAG_LITTLE_ENDIAN | (env === null ? FLAG_EMPTY : FLAG_ENVELOPE_XY);
  out.writeInt32LE(srsId, at + 4);
  if (env) {
    out.writeDoubleLE(env.minX, at + 8);
    out.writeDoubleLE(env.maxX, at + 16);
    out.writeDoubleLE(env.minY, at + 24);
    out.writeDoubleLE(env.maxY, at + 32);
  }
}

/** Byte offset of the WKB inside a GeoPackage blob, from the envelope indicator in the flags. */
function wkbOffset(blob: Uint8Array): number {
  const flags = blob[3] ?? 0;
  const envelopeKind = (flags >> 1) & 0b111;
  const envelopeBytes = [0, 32, 48, 48, 64][envelopeKind];
  if (envelopeBytes === undefined) throw new Error(`invalid GeoPackage envelope indicator ${envelopeKind}`);
  return 8 + envelopeBytes;
}

export function isGpkgBlob(blob: Uint8Array): boolean {
  return blob.length >= 8 && blob[0] === 0x47 && blob[1] === 0x50;
}

/** Decode a GeoPackage blob to GeoJSON (null for an empty geometry). */
export function decodeGpkgBlob(blob: Uint8Array): Geometry | null {
  if (!isGpkgBlob(blob)) throw new Error('not a GeoPackage geometry blob');
  const buffer = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (((buffer[3] ?? 0) & FLAG_EMPTY) !== 0) return null;
  return wkx.Geometry.parse(buffer.subarray(wkbOffset(buffer))).toGeoJSON() as Geometry;
}

/**
 * Envelope read from the header when present (fast path for the R*Tree triggers); otherwise
 * computed from the WKB. Returns null for empty geometries, which the R*Tree must not index.
 */
export function gpkgBlobEnvelope(blob: Uint8Array): Envelope | null {
  if (!isGpkgBlob(blob)) return null;
  const flags = blob[3] ?? 0;
  if ((flags & FLAG_EMPTY) !== 0) return null;
  const buffer = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (((flags >> 1) & 0b111) !== 0) {
    const littleEndian = (flags & FLAG_LITTLE_ENDIAN) !== 0;
    const read = (offset: number) => (littleEndian ? buffer.readDoubleLE(offset) : buffer.readDoubleBE(offset));
    return { minX: read(8), maxX: read(16), minY: read(24), maxY: read(32) };
  }
  const geometry = decodeGpkgBlob(buffer);
  return geometry ? geometryEnvelope(geometry) : null;
}

/** Bounding box of a GeoJSON geometry, or null when it has no coordinates. */
export function geometryEnvelope(geometry: Geometry): Envelope | null {
  const env = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  const visit = (p: Position) => {
    const x = p[0]!;
    const y = p[1]!;
    if (x < env.minX) env.minX = x;
    if (x > env.maxX) env.maxX = x;
    if (y < env.minY) env.minY = y;
    if (y > env.maxY) env.maxY = y;
  };
  forEachPosition(geometry, visit);
  return env.minX === Infinity ? null : env;
}

function forEachPosition(geometry: Geometry, visit: (p: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      if (geometry.coordinates.length >= 2) visit(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      return;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      return;
    case 'MultiPolygon':
      geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
      return;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => forEachPosition(g, visit));
      return;
  }
}
