import { describe, expect, it } from 'vitest';
import { EncodedGeometry, gpkgBlobFromWkb } from '../store/gpkg-blob.js';
import { rowBatches } from '../store/store.js';
import { generateDemoCity } from './generate-demo-city.js';
import { landSurveyRows } from './land-survey-rows.js';

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
