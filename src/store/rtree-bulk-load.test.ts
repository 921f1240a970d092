import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bulkLoadRtree, float32Down, float32Up, rtreeIsEmpty, type RtreeEntries } from './rtree-bulk-load.js';

/** Deterministic boxes around 118–119° E, 31–32° N, small like land patches, with ascending ids. */
function boxes(n: number, seed = 1): RtreeEntries {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const e: RtreeEntries = {
    length: n,
    fid: new Float64Array(n),
    minX: new Float64Array(n),
    minY: new Float64Array(n),
    maxX: new Float64Array(n),
    maxY: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = 118 + rnd();
    const y = 31 + rnd();
    e.fid[i] = i + 1;
    e.minX[i] = x;
    e.minY[i] = y;
    e.maxX[i] = x + rnd() * 0.003;
    e.maxY[i] = y + rnd() * 0.003;
  }
  return e;
}

function twoTrees() {
  const db = new Sqlite(':memory:');
  db.exec('create virtual table bulk using rtree(id, minx, maxx, miny, maxy)');
  db.exec('create virtual table plain using rtree(id, minx, maxx, miny, maxy)');
  return db;
}

const ids = (db: Sqlite.Database, table: string, [x0, y0, x1, y1]: number[]) =>
  (
    db
      .prepare(`select id from ${table} where minx <= ? and maxx >= ? and miny <= ? and maxy >= ? order by id`)
      .all(x1, x0, y1, y0) as { id: number }[]
  ).map((r) => r.id);

describe('bulkLoadRtree', () => {
  it.each([1, 51, 52, 2_000, 30_000])(
    'writes %i entries as a tree SQLite accepts and answers like one filled by INSERTs',
    (n) => {
      const db = twoTrees();
      const e = boxes(n);
      db.transaction(() => {
        expect(rtreeIsEmpty(db, 'bulk')).toBe(true);
        bulkLoadRtree(db, 'bulk', e);
        const insert = db.prepare('insert into plain values (?, ?, ?, ?, ?)');
        for (let i = 0; i < n; i++) insert.run(e.fid[i], e.minX[i], e.maxX[i], e.minY[i], e.maxY[i]);
      })();
      expect(rtreeIsEmpty(db, 'bulk')).toBe(false);
      expect(db.prepare(`select rtreecheck('bulk') as r`).pluck().get()).toBe('ok');
      expect(db.prepare('select count(*) from bulk').pluck().get()).toBe(n);
      // Every stored box is the true box rounded outward to float32, as the R*Tree's own INSERT stores it.
      expect(db.prepare('select * from bulk order by id').all()).toEqual(
        db.prepare('select * from plain order by id').all(),
      );
      for (let q = 0; q < 40; q++) {
        const x = 118 + q / 40;
        const y = 31 + ((q * 7) % 40) / 40;
        const window = [x, y, x + 0.02 + (q % 5) * 0.05, y + 0.03];
        expect(ids(db, 'bulk', window)).toEqual(ids(db, 'plain', window));
      }
      db.close();
    },
  );

  it('leaves a tree that later INSERTs and DELETEs keep valid', () => {
    const db = twoTrees();
    db.transaction(() => bulkLoadRtree(db, 'bulk', boxes(5_000)))();
    const more = boxes(3_000, 7);
    const insert = db.prepare('insert into bulk values (?, ?, ?, ?, ?)');
    for (let i = 0; i < more.length; i++)
      insert.run(10_000 + i, more.minX[i], more.maxX[i], more.minY[i], more.maxY[i]);
    db.prepare('delete from bulk where id % 3 = 0').run();
    expect(db.prepare(`select rtreecheck('bulk') as r`).pluck().get()).toBe('ok');
    expect(db.prepare('select count(*) from bulk').pluck().get()).toBe(5_000 + 3_000 - 2_666);
    db.close();
  });

  it('writes ids that do not run consecutively (rows that came with their own ids)', () => {
    const db = twoTrees();
    const e = boxes(3_000);
    for (let i = 0; i < e.length; i++) e.fid[i] = 5 + 2 * i + (i > 1000 ? 10_000 : 0);
    db.transaction(() => {
      bulkLoadRtree(db, 'bulk', e);
      const insert = db.prepare('insert into plain values (?, ?, ?, ?, ?)');
      for (let i = 0; i < e.length; i++) insert.run(e.fid[i], e.minX[i], e.maxX[i], e.minY[i], e.maxY[i]);
    })();
    expect(db.prepare(`select rtreecheck('bulk') as r`).pluck().get()).toBe('ok');
    expect(db.prepare('select * from bulk order by id').all()).toEqual(
      db.prepare('select * from plain order by id').all(),
    );
    db.close();
  });

  it('keeps the shadow tables protected afterwards', () => {
    const db = twoTrees();
    db.transaction(() => bulkLoadRtree(db, 'bulk', boxes(10)))();
    expect(() => db.exec('insert into bulk_rowid values (99, 1)')).toThrow(/may not be modified/);
    db.close();
  });
});

describe('float32 rounding of R*Tree coordinates', () => {
  it('rounds down and up to the nearest float32 that contains the value', () => {
    for (const d of [118.123456789, -118.123456789, 31.000000001, 0, 1e-9, -1e-9, 120]) {
      const lo = float32Down(d);
      const hi = float32Up(d);
      expect(lo).toBeLessThanOrEqual(d);
      expect(hi).toBeGreaterThanOrEqual(d);
      expect(Math.fround(lo)).toBe(lo);
      expect(Math.fround(hi)).toBe(hi);
      expect(hi - lo).toBeLessThanOrEqual(Math.abs(d) * 2 ** -22 + 1e-44);
    }
  });
});
