import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testLayer } from '../../test/layer-row.js';
import { describeEachStore } from '../../test/stores.js';
import { EncodedGeometry, geometryEnvelope } from './gpkg-blob.js';
import { encodeEwkbHex, encodeWkb, ewkbHexFromWkb } from './wkb.js';

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
    ],
    [
      [
        [120.02, 30.02],
        [120.03, 30.02],
        [120.03, 30.03],
        [120.02, 30.02],
      ],
    ],
  ],
};

it('splices the SRID into WKB exactly as the EWKB encoder writes it', () => {
  expect(ewkbHexFromWkb(encodeWkb(polygon), 4490)).toBe(encodeEwkbHex(polygon, 4490));
});

describeEachStore('bulk insert of pre-encoded geometries', (ctx) => {
  it('stores WKB encoded elsewhere byte for byte as the GeoJSON it came from', async () => {
    const layerId = await ctx.store.bulkTransaction(async (tx) => {
      const layer = await tx.db
        .insertInto('layer')
        .values(testLayer('encoded', 'land_survey'))
        .returning('id')
        .executeTakeFirstOrThrow();
      const encoded = new EncodedGeometry(encodeWkb(polygon), geometryEnvelope(polygon));
      await tx.bulkInsert('land_survey', { columns: ['layer_id', 'region_code', 'dlbm', 'geom'] }, [
        [layer.id, '99', 'geojson', polygon],
        [layer.id, '99', 'encoded', encoded],
      ]);
      return layer.id;
    });
    const rows = await ctx.store.db
      .selectFrom('land_survey')
      .select(['fid', 'dlbm', 'geom'])
      .where('layer_id', '=', layerId)
      .orderBy('dlbm')
      .execute();
    expect(rows.map((r) => r.dlbm)).toEqual(['encoded', 'geojson']);
    expect(ctx.store.dialect.decodeGeometry(rows[0]!.geom)).toEqual(polygon);
    expect(rows[0]!.geom).toEqual(rows[1]!.geom);
    if (ctx.store.kind === 'sqlite') {
      // Both rows are in the R*Tree, the encoded one with the envelope handed over.
      const boxes = await sql<{ minx: number; maxy: number }>`
        select minx, maxy from rtree_land_survey_geom where id in (${sql.join(rows.map((r) => r.fid))})`.execute(
        ctx.store.db,
      );
      expect(boxes.rows).toHaveLength(2);
      expect(boxes.rows[0]).toEqual(boxes.rows[1]);
      expect(boxes.rows[0]!.minx).toBeCloseTo(120, 5);
      expect(boxes.rows[0]!.maxy).toBeCloseTo(30.03, 5);
    }
  });
});
