import { sql } from 'kysely';
import { expect, it } from 'vitest';
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
    const now = new Date().toISOString();
    const fid = await ctx.store.bulkTransaction(async (tx) => {
      const layer = await tx.db
        .insertInto('layer')
        .values({
          code: 'roundtrip',
          title: '测试',
          category: 'land_survey',
          feature_table: 'land_survey',
          region_code: '99',
          is_public: 0,
          feature_count: 0,
          created_at: now,
          updated_at: now,
          created_by: 'test',
        })
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
    const now = new Date().toISOString();
    await expect(
      ctx.store.bulkTransaction(async (tx) => {
        await tx.db
          .insertInto('layer')
          .values({
            code: 'doomed',
            title: 't',
            category: 'road',
            feature_table: 'road',
            region_code: '99',
            is_public: 0,
            feature_count: 0,
            created_at: now,
            updated_at: now,
            created_by: 'test',
          })
          .execute();
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
