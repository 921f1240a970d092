import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testLayer } from '../../test/layer-row.js';
import { describeEachStore } from '../../test/stores.js';
import { currentSchemaVersion, migrate } from './migrate.js';

describeEachStore('store', (ctx) => {
  it('migrates idempotently and reports the schema version', async () => {
    const again = await migrate(ctx.store);
    expect(again.applied).toEqual([]);
    expect(again.schemaVersion).toBe(currentSchemaVersion());
  });

  it('round-trips geometries through the spatial column', async () => {
    const polygon = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [
          [
            [120, 30],
            [120.01, 30],
            [120.01, 30.01],
            [120, 30],
          ],
          [
            [120.002, 30.001],
            [120.004, 30.002],
            [120.003, 30.003],
            [120.002, 30.001],
          ],
        ],
      ],
    };
    const fid = await ctx.store.bulkTransaction(async (tx) => {
      const layer = await tx.db
        .insertInto('layer')
        .values(testLayer('roundtrip', 'land_survey'))
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.bulkInsert('land_survey', { columns: ['layer_id', 'region_code', 'dlbm', 'geom'] }, [
        [layer.id, '99', '0101', polygon],
      ]);
      return layer.id;
    });
    const row = await ctx.store.db
      .selectFrom('land_survey')
      .selectAll()
      .where('layer_id', '=', fid)
      .executeTakeFirstOrThrow();
    expect(ctx.store.dialect.decodeGeometry(row.geom)).toEqual(polygon);
  });

  it('rolls a failed bulk transaction back completely', async () => {
    const before = await ctx.store.db
      .selectFrom('layer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      ctx.store.bulkTransaction(async (tx) => {
        await tx.db.insertInto('layer').values(testLayer('doomed', 'road')).execute();
        await tx.bulkInsert('road', { columns: ['layer_id', 'region_code', 'geom'] }, [
          [
            999_999,
            '99',
            {
              type: 'LineString',
              coordinates: [
                [120, 30],
                [121, 31],
              ],
            },
          ],
        ]);
      }),
    ).rejects.toThrow();
    const after = await ctx.store.db
      .selectFrom('layer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('puts back the indexes and keys a bulk load into an empty table set aside', async () => {
    const definitions = async () =>
      ctx.kind === 'sqlite'
        ? (
            await sql<{ d: string }>`select sql as d from sqlite_master
              where tbl_name in ('facility', 'rtree_facility_geom') and sql is not null order by name`.execute(
              ctx.store.db,
            )
          ).rows.map((r) => r.d)
        : (
            await sql<{ d: string }>`select pg_get_indexdef(indexrelid) as d from pg_index
              where indrelid = 'facility'::regclass
              union all select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'facility'::regclass
              order by 1`.execute(ctx.store.db)
          ).rows.map((r) => r.d);
    const before = await definitions();
    expect(before.join('\n')).toMatch(ctx.kind === 'sqlite' ? /rtree_facility_geom_insert/ : /gist/);
    await ctx.store.bulkTransaction(async (tx) => {
      const layer = await tx.db
        .insertInto('layer')
        .values(testLayer('aside', 'facility'))
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = Array.from({ length: 500 }, (_, i) => [
        layer.id,
        '99',
        { type: 'Point', coordinates: [120 + i / 1000, 30] },
      ]);
      await tx.bulkInsert('facility', { columns: ['layer_id', 'region_code', 'geom'] }, rows);
    });
    expect(await definitions()).toEqual(before);
    const hits = await ctx.store.db
      .selectFrom('facility')
      .select('fid')
      .where(ctx.store.dialect.bboxCondition('facility', [120.0995, 29.9, 120.1005, 30.1]))
      .execute();
    expect(hits).toHaveLength(1);
    if (ctx.kind === 'sqlite') {
      const check = await sql<{ r: string }>`select rtreecheck('rtree_facility_geom') as r`.execute(ctx.store.db);
      expect(check.rows[0]!.r).toBe('ok');
    }
  });

  it('keeps the spatial index current', async () => {
    if (ctx.kind === 'sqlite') {
      const rows = await sql<{
        id: number;
      }>`select id from rtree_land_survey_geom where minx <= 120.005 and maxx >= 120.005 and miny <= 30.005 and maxy >= 30.005`.execute(
        ctx.store.db,
      );
      expect(rows.rows.length).toBeGreaterThan(0);
    } else {
      const rows = await sql<{
        fid: number;
      }>`select fid from land_survey where geom && ST_MakeEnvelope(120.004, 30.004, 120.006, 30.006, 4490)`.execute(
        ctx.store.db,
      );
      expect(rows.rows.length).toBeGreaterThan(0);
    }
  });
});
