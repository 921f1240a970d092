import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, startApi, tokenFor } from '../../test/api-fixture.js';
import { describeEachStore } from '../../test/stores.js';
import { FACILITIES, patchBox, ROAD_LAT, ROAD_LON, seedServiceLayers } from './test-world.js';

interface Result {
  layers: { code: string; features: { id: number; properties: Record<string, unknown> }[]; truncated: boolean }[];
}

describeEachStore('identify', (ctx) => {
  let app: FastifyInstance;
  let planner: Record<string, string>;
  let plannerD1: Record<string, string>;
  beforeAll(async () => {
    await seedWorld(ctx.store);
    await seedServiceLayers(ctx.store);
    app = await startApi(ctx.store);
    planner = bearer(await tokenFor(app, 'planner'));
    plannerD1 = bearer(await tokenFor(app, 'planner_d1'));
  });
  afterAll(() => app?.close());

  const identify = async (query: string, headers = planner) => {
    const res = await app.inject({ method: 'GET', url: `/api/identify?${query}`, headers });
    return res;
  };
  const hits = async (query: string, headers = planner) => {
    const res = await identify(query, headers);
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries(
      (res.json() as Result).layers.map((l) => [
        l.code,
        l.features.map((f) => String(f.properties.bsm ?? f.properties.name)),
      ]),
    );
  };
  const centre = (i: number) => {
    const [x0, y0, x1, y1] = patchBox(i);
    return [(x0 + x1) / 2, (y0 + y1) / 2] as const;
  };

  it('finds the patch under the point, with its attributes', async () => {
    const [lon, lat] = centre(42);
    const res = await identify(`lon=${lon}&lat=${lat}&layers=survey-2025`);
    const body = res.json() as Result;
    expect(body.layers).toHaveLength(1);
    expect(body.layers[0]!.features).toHaveLength(1);
    expect(body.layers[0]!.features[0]!.properties).toMatchObject({ bsm: 'B42', dlbm: '0101', attrs: { TBBH: '42' } });
  });

  it('misses between patches and inside a hole, where only the bounding box is hit', async () => {
    const [x0, y0] = patchBox(1);
    expect((await hits(`lon=${x0 - 0.0005}&lat=${y0 + 0.005}&layers=survey-2025`))['survey-2025']).toEqual([]);
    const [lon, lat] = centre(0); // patch 0 has a hole in its middle
    expect((await hits(`lon=${lon}&lat=${lat}&layers=survey-2025`))['survey-2025']).toEqual([]);
    const [hx0, hy0] = patchBox(0);
    expect((await hits(`lon=${hx0 + 0.001}&lat=${hy0 + 0.001}&layers=survey-2025`))['survey-2025']).toEqual(['B0']);
  });

  it('finds lines and points within the tolerance, and not beyond it', async () => {
    const metre = 1 / 111_320;
    const near = await hits(`lon=117.05&lat=${ROAD_LAT + 2 * metre}&layers=roads-2025`);
    expect(near['roads-2025']).toEqual(['东西大道']);
    const far = await hits(`lon=117.05&lat=${ROAD_LAT + 50 * metre}&layers=roads-2025`);
    expect(far['roads-2025']).toEqual([]);
    const wide = await hits(`lon=117.05&lat=${ROAD_LAT + 50 * metre}&layers=roads-2025&tolerance=60m`);
    expect(wide['roads-2025']).toEqual(['东西大道']);
    // 3 px at z12 is ~100 m here: both roads cross at (117.3, 31.1005).
    const pixels = await hits(`lon=${ROAD_LON + 0.0005}&lat=${ROAD_LAT}&layers=roads-2025&tolerance=3px&zoom=12`);
    expect(pixels['roads-2025']!.sort()).toEqual(['东西大道', '南北路'].sort());
    const [flon, flat, name] = FACILITIES[0]!;
    expect((await hits(`lon=${flon + 3 * metre}&lat=${flat}&layers=facilities`)).facilities).toEqual([name]);
  });

  it('groups the features per layer, in the order asked', async () => {
    const [lon, lat] = centre(5);
    const res = (await identify(`lon=${lon}&lat=${lat}&layers=facilities,survey-2025,redline`)).json() as Result;
    expect(res.layers.map((l) => l.code)).toEqual(['facilities', 'survey-2025', 'redline']);
    expect(res.layers[1]!.features.map((f) => f.properties.bsm)).toEqual(['B5']);
  });

  it("applies each layer's permission: 401 anonymous, 403 another district, 404 unknown", async () => {
    const [lon, lat] = centre(15);
    const anonymous = await identify(`lon=${lon}&lat=${lat}&layers=facilities,survey-2025`, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('not_signed_in');
    const other = await identify(`lon=${lon}&lat=${lat}&layers=survey-d2`, plannerD1);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('forbidden');
    const unknown = await identify(`lon=${lon}&lat=${lat}&layers=nothing`);
    expect(unknown.statusCode).toBe(404);
    const publicOnly = await identify(`lon=${lon}&lat=${lat}&layers=facilities`, {});
    expect(publicOnly.statusCode).toBe(200);
    // A district user sees a city-wide layer only in their district (patch 15 lies in 990103).
    expect((await hits(`lon=${lon}&lat=${lat}&layers=survey-2025`, plannerD1))['survey-2025']).toEqual([]);
  });

  it('names the parameter at fault', async () => {
    for (const [query, field] of [
      ['lat=31&layers=facilities', 'lon'],
      ['lon=117&lat=95&layers=facilities', 'lat'],
      ['lon=117&lat=31&layers=facilities&tolerance=3px', 'zoom'],
      ['lon=117&lat=31&layers=facilities&tolerance=5km', 'tolerance'],
      ['lon=117&lat=31&layers=facilities&tolerance=5000', 'tolerance'],
      ['lon=117&lat=31&layers=,', 'layers'],
    ] as const) {
      const res = await identify(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.field, query).toBe(field);
    }
  });
});
