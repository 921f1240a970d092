/**
 * Encode cut features as one MVT layer (vector-tile-spec 2.1), straight from their flat grid
 * coordinates into protobuf bytes. Written here rather than through vt-pbf because vt-pbf reads the
 * shape of a decoded vector-tile-js tile — a {x, y} object per point, built only to be read once —
 * which made encoding the largest share of cutting a z14 tile of the million-patch layer (decision
 * 0011, "Faster cuts").
 */
import type { TileGeometry } from './tile-cutter.js';
import { MVT_POINT, MVT_POLYGON } from './tile-cutter.js';
import { TILE_EXTENT } from './tile-math.js';

export interface CutFeature {
  id: number;
  properties: Record<string, string | number | null>;
  geometry: TileGeometry;
}

// Protobuf wire types.
const VARINT = 0;
const BYTES = 2;
// MVT geometry commands (§4.3.1).
const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;

/** A growable protobuf buffer: just the varints, length-delimited fields and doubles MVT needs. */
class ProtoWriter {
  buf = new Uint8Array(16 * 1024);
  pos = 0;
  private view = new DataView(this.buf.buffer);

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  varint(v: number): void {
    this.ensure(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, BYTES);
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  double(field: number, v: number): void {
    this.tag(field, 1);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** A packed repeated uint32 field from a list of already computed values. */
  packed(field: number, values: number[]): void {
    let len = 0;
    for (const v of values) len += v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
    this.tag(field, BYTES);
    this.varint(len);
    for (const v of values) this.varint(v);
  }

  get bytesWritten(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const utf8 = new TextEncoder();
const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const command = (id: number, count: number) => (id & 0x7) | (count << 3);

/** The MVT command stream of a cut geometry; the cursor runs on across parts, as the spec says. */
function geometryCommands({ type, parts }: TileGeometry): number[] {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  const to = (x: number, y: number) => {
    out.push(zigzag(x - cx), zigzag(y - cy));
    cx = x;
    cy = y;
  };
  if (type === MVT_POINT) {
    const part = parts[0]!;
    out.push(command(MOVE_TO, part.length / 2));
    for (let i = 0; i < part.length; i += 2) to(part[i]!, part[i + 1]!);
    return out;
  }
  for (const part of parts) {
    // A polygon ring is stored closed; MVT closes it with ClosePath instead of repeating the point.
    const n = part.length / 2 - (type === MVT_POLYGON ? 1 : 0);
    out.push(command(MOVE_TO, 1));
    to(part[0]!, part[1]!);
    out.push(command(LINE_TO, n - 1));
    for (let i = 1; i < n; i++) to(part[2 * i]!, part[2 * i + 1]!);
    if (type === MVT_POLYGON) out.push(command(CLOSE_PATH, 1));
  }
  return out;
}

export function encodeMvtLayer(name: string, features: CutFeature[]): Uint8Array {
  const keys = new Map<string, number>();
  const values = new Map<string | number, number>();
  const layer = new ProtoWriter();
  layer.tag(15, VARINT);
  layer.varint(2);
  layer.bytes(1, utf8.encode(name));
  const feature = new ProtoWriter();
  for (const f of features) {
    feature.pos = 0;
    feature.tag(1, VARINT);
    feature.varint(f.id);
    const tags: number[] = [];
    for (const key in f.properties) {
      const value = f.properties[key];
      if (value === null || value === undefined) continue;
      let k = keys.get(key);
      if (k === undefined) keys.set(key, (k = keys.size));
      // Strings and numbers never share an index: a number key is the number, a string key the string.
      let v = values.get(value);
      if (v === undefined) values.set(value, (v = values.size));
      tags.push(k, v);
    }
    if (tags.length) feature.packed(2, tags);
    feature.tag(3, VARINT);
    feature.varint(f.geometry.type);
    feature.packed(4, geometryCommands(f.geometry));
    layer.bytes(2, feature.bytesWritten);
  }
  for (const key of keys.keys()) layer.bytes(3, utf8.encode(key));
  const value = new ProtoWriter();
  for (const v of values.keys()) {
    value.pos = 0;
    if (typeof v === 'string') value.bytes(1, utf8.encode(v));
    else if (Number.isInteger(v) && v >= 0) {
      value.tag(5, VARINT);
      value.varint(v);
    } else if (Number.isInteger(v)) {
      value.tag(6, VARINT);
      value.varint(zigzag(v));
    } else value.double(3, v);
    layer.bytes(4, value.bytesWritten);
  }
  layer.tag(5, VARINT);
  layer.varint(TILE_EXTENT);
  const tile = new ProtoWriter();
  tile.bytes(3, layer.bytesWritten);
  return tile.bytesWritten.slice();
}
