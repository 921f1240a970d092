import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testLayer } from '../../test/layer-row.js';
import { describeEachStore } from '../../test/stores.js';
import { LantuError } from '../errors.js';
import { EncodedGeometry, encodeGpkgBlob, geometryEnvelope } from './gpkg-blob.js';
import { encodeWkb } from './wkb.js';

const square = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [120, 30],
        [120.01, 30],
        [120.01, 30.01],
        [120, 30],
      ],
    ],
  ],
};

describeEachStore('bulk insert, every column type', (ctx) => {
  // PostgreSQL gets these rows through the binary COPY writer (copy-binary.ts); SQLite through its
  // prepared statement. Both must store the same values.
  it.skipIf(ctx.kind === 'sqlite')(
    'writes integers, floats, booleans, text, JSON and geometries as given',
    async () => {
      await sql`create table kinds (
      id serial primary key, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision, b boolean,
      t text, v varchar(20), j json, jb jsonb, g geometry(MultiPolygon, 4490))`.execute(ctx.store.db);
      const encoded = new EncodedGeometry(null, geometryEnvelope(square), encodeGpkgBlob(square, 4490));
      const rows = [
        [
          -7,
          2_000_000_000,
          9_007_199_254_740_993n,
          1.5,
          0.1,
          true,
          '城镇住宅用地',
          'a\tb\\c\nd',
          '{"B":1,"A":[2]}',
          { 用途: '居住', n: 2 },
          encoded,
        ],
        [null, '42', '-9223372036854775808', '2.25', -1e300, false, 12, null, { x: null }, '{"k": "v"}', square],
        [0, 0, 0, 0, 0, 0, '', '', null, null, encodeWkb(square, 4490)],
      ];
      const written = await ctx.store.bulkTransaction((tx) =>
        tx.bulkInsert('kinds', { columns: ['i2', 'i4', 'i8', 'f4', 'f8', 'b', 't', 'v', 'j', 'jb', 'g'] }, rows),
      );
      expect(written).toBe(3);
      const back = await sql<Record<string, unknown>>`select i2, i4, i8::text as i8, f4, f8, b, t, v, j::text as j,
        jb, ST_AsText(g) as g, ST_SRID(g) as srid from kinds order by id`.execute(ctx.store.db);
      expect(back.rows).toEqual([
        {
          i2: -7,
          i4: 2_000_000_000,
          i8: '9007199254740993',
          f4: 1.5,
          f8: 0.1,
          b: true,
          t: '城镇住宅用地',
          v: 'a\tb\\c\nd',
          j: '{"B":1,"A":[2]}',
          jb: { 用途: '居住', n: 2 },
          g: 'MULTIPOLYGON(((120 30,120.01 30,120.01 30.01,120 30)))',
          srid: 4490,
        },
        {
          i2: null,
          i4: 42,
          i8: '-9223372036854775808',
          f4: 2.25,
          f8: -1e300,
          b: false,
          t: '12',
          v: null,
          j: '{"x":null}',
          jb: { k: 'v' },
          g: 'MULTIPOLYGON(((120 30,120.01 30,120.01 30.01,120 30)))',
          srid: 4490,
        },
        {
          i2: 0,
          i4: 0,
          i8: '0',
          f4: 0,
          f8: 0,
          b: false,
          t: '',
          v: '',
          j: null,
          jb: null,
          g: expect.any(String),
          srid: 4490,
        },
      ]);
    },
  );

  it('names the table, column and row of a value that does not fit, and writes none of the rows', async () => {
    const layer = await ctx.store.db
      .insertInto('layer')
      .values(testLayer('misfit', 'facility'))
      .returning('id')
      .executeTakeFirstOrThrow();
    const point = { type: 'Point', coordinates: [120, 30] };
    const rows = Array.from({ length: 5000 }, (_, i) => [layer.id, '99', i === 4321 ? 3.5 : i, point]);
    const attempt = ctx.store.bulkTransaction((tx) =>
      tx.bulkInsert('facility', { columns: ['layer_id', 'region_code', 'fid', 'geom'] }, rows),
    );
    if (ctx.kind === 'postgres') {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LantuError);
      expect((error as LantuError).location).toEqual({ field: 'fid', row: 4322 });
      expect((error as LantuError).zh).toContain('facility 第 4322 行');
      expect((error as LantuError).en).toContain('column fid does not fit its type (int8)');
    } else {
      // SQLite's INTEGER PRIMARY KEY refuses a fraction itself.
      await expect(attempt).rejects.toThrow(/datatype mismatch/);
    }
    const left = await ctx.store.db.selectFrom('facility').select('fid').where('layer_id', '=', layer.id).execute();
    expect(left).toEqual([]);
  });
});
