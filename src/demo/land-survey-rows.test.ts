import { describe, expect, it } from 'vitest';
import { testLayer } from '../../test/layer-row.js';
import { describeEachStore } from '../../test/stores.js';
import { EncodedGeometry, gpkgBlobFromWkb } from '../store/gpkg-blob.js';
import { mapRows, readJson, rowBatches } from '../store/store.js';
import { generateDemoCity } from './generate-demo-city.js';
import { LAND_SURVEY_COLUMNS, landSurveyRows } from './land-survey-rows.js';

const city = generateDemoCity({ patches: 9_000, years: [2024, 2025] });

async function collect(thread: boolean, year: number): Promise<unknown[][]> {
  const { count, rows } = landSurveyRows(city, year, { thread });
  const out: unknown[][] = [];
  for await (const batch of rowBatches(rows)) out.push(...batch);
  expect(out).toHaveLength(count);
  return out;
}

const comparable = (row: unknown[]) =>
  row.map((v) => (v instanceof EncodedGeometry ? [v.wkb.toString('hex'), v.envelope] : v));

describe('land-survey rows', () => {
  it('are the same made in a worker thread as in the calling thread, in the same order', async () => {
    for (const year of [2024, 2025]) {
      const here = await collect(false, year);
      const there = await collect(true, year);
      expect(there.length).toBe(city.patches.count);
      expect(there.map(comparable)).toEqual(here.map(comparable));
      // The worker also writes the GeoPackage blob: exactly the one the store would make from the WKB.
      for (const row of there.slice(0, 500)) {
        const g = row[6] as EncodedGeometry;
        expect(g.gpkg!.equals(gpkgBlobFromWkb(g.wkb, 4490, g.envelope))).toBe(true);
      }
    }
  });

  it('carry the DLTB fields and a geometry with its envelope', async () => {
    const [row] = await collect(true, 2025);
    const [regionCode, bsm, dlbm, , , attrs, geom] = row!;
    expect(regionCode).toMatch(/^9901\d+/);
    expect(JSON.parse(attrs as string)).toMatchObject({ BSM: bsm, DLBM: dlbm, SJNF: 2025 });
    expect(geom).toBeInstanceOf(EncodedGeometry);
    const { envelope } = geom as EncodedGeometry;
    expect(envelope!.minX).toBeLessThan(envelope!.maxX);
  });
});

describeEachStore('land-survey rows written by the store', (ctx) => {
  // The worker threads' rows through each store's bulk insert (binary COPY on PostgreSQL).
  it('land the same from the row threads as from the calling thread', async () => {
    const written = async (code: string, thread: boolean) =>
      ctx.store.bulkTransaction(async (tx) => {
        const { id } = await tx.db
          .insertInto('layer')
          .values(testLayer(code, 'land_survey', '9901'))
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = mapRows(landSurveyRows(city, 2024, { thread }).rows, (row) => [id, ...row]);
        const n = await tx.bulkInsert('land_survey', { columns: ['layer_id', ...LAND_SURVEY_COLUMNS] }, rows);
        expect(n).toBe(city.patches.count);
        return id;
      });
    const read = async (layerId: number) =>
      (
        await ctx.store.db
          .selectFrom('land_survey')
          .select(['region_code', 'bsm', 'dlbm', 'dlmc', 'czcsxm', 'attrs', 'geom'])
          .where('layer_id', '=', layerId)
          .orderBy('fid')
          .execute()
      ).map((r) => ({ ...r, attrs: readJson(r.attrs), geom: ctx.store.dialect.decodeGeometry(r.geom) }));
    const threaded = await read(await written('threads', true));
    expect(threaded).toHaveLength(city.patches.count);
    expect(threaded).toEqual(await read(await written('here', false)));
  });
});
