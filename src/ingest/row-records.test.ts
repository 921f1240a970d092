import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { EncodedGeometry } from '../store/gpkg-blob.js';
import { encodeWkb } from '../store/wkb.js';
import { keepRecords, readRecords, recordStarts, RecordWriter } from './row-records.js';

const polygon: Geometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [117.2, 31.8],
        [117.3, 31.8],
        [117.3, 31.9],
        [117.2, 31.8],
      ],
      [
        [117.25, 31.82],
        [117.26, 31.83],
        [117.27, 31.82],
        [117.25, 31.82],
      ],
    ],
  ],
};

const write = (rows: unknown[][]) => {
  const w = new RecordWriter(8); // small, so that the buffer must grow
  for (const row of rows) w.row(row);
  expect(w.count).toBe(rows.length);
  return w.take();
};

describe('row records', () => {
  it('gives back every kind of column value, attrs text as it was, the geometry as WKB with its envelope', () => {
    // Tabs, line breaks, quotes and characters beyond ASCII: the text spool had to escape these.
    const attrs = JSON.stringify({ DLMC: '水田\t"旱地"\n', TBMJ: 12.5, NOTE: null });
    const [row] = readRecords(write([['990102101', 42, -0.5, true, false, null, { k: [1, '二'] }, attrs, polygon]]));
    expect(row!.slice(0, 8)).toEqual(['990102101', 42, -0.5, true, false, null, { k: [1, '二'] }, attrs]);
    const g = row![8] as EncodedGeometry;
    expect(g).toBeInstanceOf(EncodedGeometry);
    expect(g.wkb.equals(encodeWkb(polygon))).toBe(true);
    expect(g.envelope).toEqual({ minX: 117.2, minY: 31.8, maxX: 117.3, maxY: 31.9 });
  });

  it('stores what JSON cannot hold as null, as the text spool did, and a missing geometry as null', () => {
    expect(readRecords(write([[Number.NaN, Infinity, undefined, null, null]]))).toEqual([
      [null, null, null, null, null],
    ]);
  });

  it('keeps an empty geometry, which has no envelope', () => {
    const empty: Geometry = { type: 'MultiPolygon', coordinates: [] };
    const g = readRecords(write([['x', null, empty]]))[0]![2] as EncodedGeometry;
    expect(g.envelope).toBeNull();
    expect(g.wkb.equals(encodeWkb(empty))).toBe(true);
  });

  it('puts the lead values first in each row', () => {
    expect(readRecords(write([['a', null, null]]), [7, 'x'])).toEqual([[7, 'x', 'a', null, null]]);
  });

  it('refuses attrs that are not JSON text, naming the column', () => {
    expect(() => write([['a', { DLMC: '水田' }, null]])).toThrow(/attrs must be JSON text/);
  });

  it('finds whole records in a chunk cut anywhere, and keeps the ones asked for', () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`r${i}`, '{"图斑":1}', { type: 'Point', coordinates: [i, i] }]);
    const bytes = write(rows);
    const { starts, end } = recordStarts(bytes);
    expect(starts).toHaveLength(5);
    expect(end).toBe(bytes.length);
    for (let cut = 0; cut < bytes.length; cut += 7) {
      const part = recordStarts(bytes.subarray(0, cut));
      expect(part.end).toBeLessThanOrEqual(cut);
      expect(readRecords(bytes.subarray(0, part.end))).toHaveLength(part.starts.length);
    }
    const kept = readRecords(keepRecords(bytes, [true, false, true, false, true]));
    expect(kept.map((r) => r[0])).toEqual(['r0', 'r2', 'r4']);
    expect(() => keepRecords(bytes, [true])).toThrow(/keep does not match/);
    expect(() => readRecords(bytes.subarray(0, bytes.length - 1))).toThrow(/runs past its chunk/);
  });
});
