import type { Geometry, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LantuError } from '../errors.js';
import {
  crsDefinition,
  detectGaussKruger,
  gaussKrugerZone,
  positionTransformer,
  projectInto,
  transformGeometry,
} from './crs.js';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';
import { postgisUsable, withPostgis } from './test/postgis.js';

const GK_CODES = Array.from({ length: 4554 - 4491 + 1 }, (_, i) => 4491 + i);

describe('CGCS2000 Gauss-Krüger zones', () => {
  it('reads zone, central meridian and false easting from the EPSG code', () => {
    expect(gaussKrugerZone(4527)).toMatchObject({ width: 3, zone: 39, centralMeridian: 117, falseEasting: 39500000 });
    expect(gaussKrugerZone(4548)).toMatchObject({ width: 3, zone: 39, centralMeridian: 117, falseEasting: 500000 });
    expect(gaussKrugerZone(4513)).toMatchObject({ width: 3, zone: 25, centralMeridian: 75 });
    expect(gaussKrugerZone(4554)).toMatchObject({ width: 3, zone: 45, centralMeridian: 135, prefixed: false });
    expect(gaussKrugerZone(4491)).toMatchObject({ width: 6, zone: 13, centralMeridian: 75, falseEasting: 13500000 });
    expect(gaussKrugerZone(4498)).toMatchObject({ width: 6, zone: 20, centralMeridian: 117, falseEasting: 20500000 });
    expect(gaussKrugerZone(4512)).toMatchObject({ width: 6, zone: 23, centralMeridian: 135, prefixed: false });
    expect(gaussKrugerZone(4490)).toBeNull();
    expect(crsDefinition(2000)).toBeNull();
  });

  it.skipIf(!postgisUsable())('matches PostGIS ST_Transform for all 64 zones, both ways, to 1e-6 m', async () => {
    await withPostgis(async (client) => {
      for (const epsg of GK_CODES) {
        const zone = gaussKrugerZone(epsg)!;
        const lonLat = [zone.centralMeridian + 1.2, 35.5];
        const { rows } = await client.query<{ x: number; y: number; definition: string }>(
          `select ST_X(p) x, ST_Y(p) y, (select proj4text from spatial_ref_sys where srid = $3) definition
             from (select ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4490), $3::int) p) t`,
          [lonLat[0], lonLat[1], epsg],
        );
        const ours = transformGeometry({ type: 'Point', coordinates: lonLat }, { epsg: 4490 }, { epsg });
        expect(Math.abs(ours.coordinates[0]! - rows[0]!.x), `EPSG:${epsg}`).toBeLessThan(1e-6);
        expect(Math.abs(ours.coordinates[1]! - rows[0]!.y), `EPSG:${epsg}`).toBeLessThan(1e-6);
        expect(rows[0]!.definition.trim()).toBe(crsDefinition(epsg));
        const back = transformGeometry(ours, { epsg }, { epsg: 4490 });
        expect(Math.abs(back.coordinates[0]! - lonLat[0]!)).toBeLessThan(1e-10);
        expect(Math.abs(back.coordinates[1]! - lonLat[1]!)).toBeLessThan(1e-10);
      }
    });
  });

  it.skipIf(!postgisUsable())('matches PostGIS for Web Mercator and WGS 84', async () => {
    await withPostgis(async (client) => {
      for (const epsg of [3857, 4326]) {
        const { rows } = await client.query<{ x: number; y: number }>(
          `select ST_X(p) x, ST_Y(p) y from (select ST_Transform(ST_SetSRID(ST_MakePoint(117.25, 31.8), 4490), $1::int) p) t`,
          [epsg],
        );
        const ours = transformGeometry({ type: 'Point', coordinates: [117.25, 31.8] }, { epsg: 4490 }, { epsg });
        expect(ours.coordinates[0]).toBeCloseTo(rows[0]!.x, 6);
        expect(ours.coordinates[1]).toBeCloseTo(rows[0]!.y, 6);
      }
    });
  });
});

describe('projectInto', () => {
  it('gives exactly what positionTransformer gives, for many points at once', () => {
    for (const epsg of [4527, 4548, 3857]) {
      const xy = Float64Array.from([117.25, 31.8, 117.31, 31.77, 116.9, 32.1]);
      const out = new Float64Array(6);
      projectInto(epsg)(xy, 3, out);
      const move = positionTransformer({ epsg: 4490 }, { epsg });
      for (let i = 0; i < 3; i++) expect([out[2 * i], out[2 * i + 1]]).toEqual(move(xy[2 * i]!, xy[2 * i + 1]!));
    }
  });
});

describe('detectGaussKruger', () => {
  it('reads the zone from an easting with the zone number in front', () => {
    expect(detectGaussKruger(39500000, 3520000)).toMatchObject({ epsg: 4527, width: 3, zone: 39, swapped: false });
    expect(detectGaussKruger(20523674, 3519702)).toMatchObject({ epsg: 4498, width: 6, zone: 20 });
    expect(detectGaussKruger(25400000, 4000000)).toMatchObject({ epsg: 4513, zone: 25 });
  });

  it('needs a central meridian or a longitude when the zone number is not there', () => {
    expect(detectGaussKruger(523674, 3519702)).toBeNull();
    expect(detectGaussKruger(523674, 3519702, { centralMeridian: 117 })).toMatchObject({ epsg: 4548, prefixed: false });
    expect(detectGaussKruger(523674, 3519702, { longitude: 117.25 })).toMatchObject({ epsg: 4548 });
    expect(detectGaussKruger(523674, 3519702, { longitude: 117.25, width: 6 })).toMatchObject({ epsg: 4509 });
    expect(detectGaussKruger(523674, 3519702, { centralMeridian: 118 })).toBeNull();
  });

  it('notices northing and easting given the other way round', () => {
    expect(detectGaussKruger(3520000, 39500000)).toMatchObject({ epsg: 4527, swapped: true });
  });

  it('answers null for numbers that fit no zone', () => {
    expect(detectGaussKruger(117.25, 31.8)).toBeNull();
    expect(detectGaussKruger(50500000, 3520000)).toBeNull();
    expect(detectGaussKruger(39500000, 9e6)).toBeNull();
    expect(detectGaussKruger(39990000, 3520000)).toBeNull();
  });
});

describe('GCJ-02', () => {
  it('offsets as the published algorithm does', () => {
    // coordtransform (wandergis) and eviltransform (googollee) test vectors.
    const [lon, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lon).toBeCloseTo(116.41024449916938, 12);
    expect(lat).toBeCloseTo(39.91640428150164, 12);
    const [lon2, lat2] = wgs84ToGcj02(121.5272106, 31.1774276);
    expect(lon2).toBeCloseTo(121.531541859215, 12);
    expect(lat2).toBeCloseTo(31.17530398364597, 12);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('goes back by iteration to well under 1e-6°', () => {
    for (let i = 0; i < 200; i++) {
      const wgs: [number, number] = [75 + ((i * 0.31) % 60), 18 + ((i * 0.17) % 35)];
      const back = gcj02ToWgs84(...wgs84ToGcj02(...wgs));
      expect(Math.abs(back[0] - wgs[0])).toBeLessThan(1e-9);
      expect(Math.abs(back[1] - wgs[1])).toBeLessThan(1e-9);
    }
  });
});

describe('transformGeometry', () => {
  const parcel: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [117.25, 31.8],
        [117.251, 31.8],
        [117.251, 31.801],
        [117.25, 31.801],
        [117.25, 31.8],
      ],
    ],
  };

  it('round-trips a polygon through a Gauss-Krüger zone', () => {
    const projected = transformGeometry(parcel, { epsg: 4490 }, { epsg: 4527 });
    expect(projected.coordinates[0]![0]![0]).toBeGreaterThan(39e6);
    const back = transformGeometry(projected, { epsg: 4527 }, { epsg: 4490 });
    back.coordinates[0]!.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(parcel.coordinates[0]![i]![0]!, 10);
      expect(p[1]).toBeCloseTo(parcel.coordinates[0]![i]![1]!, 10);
    });
  });

  it('moves GCJ-02 data by hundreds of metres onto CGCS2000', () => {
    const fromGcj = transformGeometry(parcel, 'gcj02', { epsg: 4490 });
    const shift = fromGcj.coordinates[0]![0]![0]! - 117.25;
    expect(Math.abs(shift * 95000)).toBeGreaterThan(100);
    expect(Math.abs(shift * 95000)).toBeLessThan(1000);
    const again = transformGeometry(fromGcj, { epsg: 4490 }, 'gcj02');
    expect(again.coordinates[0]![2]![0]).toBeCloseTo(117.251, 9);
  });

  it('refuses metres given as degrees, naming the field and the likely zone', () => {
    const projected = transformGeometry(parcel, { epsg: 4490 }, { epsg: 4527 });
    const error = catchError(() => transformGeometry(projected, { epsg: 4490 }, { epsg: 3857 }, 'parcel'));
    expect(error.code).toBe('geometry_projected_coordinates');
    expect(error.location.field).toBe('parcel');
    expect(error.details).toEqual({ detectedEpsg: 4527 });
    expect(error.zh).toContain('EPSG:4527');
  });

  it('refuses a CRS it does not know', () => {
    const error = catchError(() => transformGeometry(parcel as Geometry, { epsg: 2000 }, { epsg: 4490 }));
    expect(error.code).toBe('crs_unsupported');
    expect(error.location.field).toBe('crs');
  });
});

function catchError(work: () => unknown): LantuError {
  try {
    work();
  } catch (error) {
    if (error instanceof LantuError) return error;
    throw error;
  }
  throw new Error('expected a LantuError');
}
