/** Deciding a source's CRS, the data-quality checks, region codes from division codes, DBF names. */
import { describe, expect, it } from 'vitest';
import { regionFromDivisionCode } from './check-feature.js';
import { exportProperties, ShapefileNames } from './export-layer.js';
import { findSliver, findSpike } from './quality-checks.js';
import { epsgFromWkt, resolveSourceCrs, type CrsInputs } from './source-crs.js';

const ESRI_GK39 =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],' +
  'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const ESRI_CM117 = ESRI_GK39.replace('Zone_39', 'CM_117E').replace('39500000.0', '500000.0');
const ESRI_GEO =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const WKT2_4527 = `PROJCRS["CGCS2000 / 3-degree Gauss-Kruger zone 39",
    BASEGEOGCRS["China Geodetic Coordinate System 2000",
        DATUM["China 2000", ELLIPSOID["CGCS2000",6378137,298.257222101]],
        ID["EPSG",4490]],
    CONVERSION["3-degree Gauss-Kruger zone 39", METHOD["Transverse Mercator", ID["EPSG",9807]]],
    ID["EPSG",4527]]`;
const XIAN80 = ESRI_GK39.replace(/China_Geodetic_Coordinate_System_2000|CGCS2000|D_China_2000/g, 'Xian_1980');

describe('epsgFromWkt', () => {
  it('takes the root authority code, not a nested one', () => {
    expect(epsgFromWkt(WKT2_4527)).toBe(4527);
    expect(epsgFromWkt('GEOGCS["WGS 84",DATUM["WGS_1984",AUTHORITY["EPSG","6326"]],AUTHORITY["EPSG","4326"]]')).toBe(
      4326,
    );
  });

  it('recognises Esri .prj files of CGCS2000 by their parameters', () => {
    expect(epsgFromWkt(ESRI_GK39)).toBe(4527);
    expect(epsgFromWkt(ESRI_CM117)).toBe(4548);
    expect(epsgFromWkt(ESRI_GEO)).toBe(4490);
    expect(epsgFromWkt('PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]')).toBe(3857);
  });

  it('does not guess other datums', () => {
    expect(epsgFromWkt(XIAN80)).toBeNull();
  });
});

describe('resolveSourceCrs', () => {
  const base: CrsInputs = { option: null, gcj02: false, srsWkt: null, extent: null, hintLongitude: null };

  it('prefers the option, then the declaration', () => {
    expect(resolveSourceCrs({ ...base, option: 'EPSG:4527', srsWkt: ESRI_GEO })).toMatchObject({
      label: 'EPSG:4527',
      how: 'option',
      geographic: false,
    });
    expect(resolveSourceCrs({ ...base, srsWkt: ESRI_GK39 })).toMatchObject({ label: 'EPSG:4527', how: 'declared' });
  });

  it('takes undeclared degrees as CGCS2000 and reads Gauss-Krüger zones from the coordinates', () => {
    expect(resolveSourceCrs({ ...base, extent: [117.2, 31.7, 117.3, 31.9] })).toMatchObject({
      label: 'EPSG:4490',
      how: 'assumed',
    });
    expect(resolveSourceCrs({ ...base, extent: [39523000, 3519000, 39524000, 3520000] })).toMatchObject({
      label: 'EPSG:4527',
      how: 'detected',
      swapAxes: false,
    });
    expect(
      resolveSourceCrs({ ...base, extent: [523000, 3519000, 524000, 3520000], hintLongitude: 117.25 }),
    ).toMatchObject({ label: 'EPSG:4548', how: 'detected' });
    expect(resolveSourceCrs({ ...base, extent: [3519000, 39523000, 3520000, 39524000] })).toMatchObject({
      label: 'EPSG:4527',
      swapAxes: true,
    });
  });

  it('says which field to fill when it cannot tell, and refuses GCJ-02 for projected data', () => {
    const fail = (input: Partial<CrsInputs>) => {
      try {
        resolveSourceCrs({ ...base, ...input });
      } catch (e) {
        return e;
      }
      return null;
    };
    expect(fail({ extent: [523000, 3519000, 524000, 3520000] })).toMatchObject({
      code: 'crs_unknown',
      location: { field: 'crs' },
    });
    expect(fail({ srsWkt: XIAN80 })).toMatchObject({ code: 'crs_unrecognized', location: { field: 'crs' } });
    expect(fail({ option: 'EPSG:2383' })).toMatchObject({ code: 'crs_unsupported', location: { field: 'crs' } });
    expect(fail({ option: 'four-five-two-seven' })).toMatchObject({ code: 'crs_invalid' });
    expect(fail({ srsWkt: ESRI_GK39, gcj02: true })).toMatchObject({
      code: 'gcj02_needs_degrees',
      location: { field: 'gcj02' },
    });
    expect(resolveSourceCrs({ ...base, srsWkt: ESRI_GEO, gcj02: true })).toMatchObject({
      ref: 'gcj02',
      geographic: true,
    });
  });
});

describe('quality checks', () => {
  const box = (w: number, h: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [117, 31],
        [117 + w, 31],
        [117 + w, 31 + h],
        [117, 31 + h],
        [117, 31],
      ],
    ],
  });

  it('finds a centimetre-wide strip and not a narrow ditch', () => {
    expect(findSliver(box(0.001, 1e-7), true)!.widthM).toBeLessThan(0.02);
    expect(findSliver(box(0.001, 2e-5), true)).toBeNull(); // about 2 m wide
    expect(
      findSliver(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [100, 0],
              [100, 0.05],
              [0, 0.05],
              [0, 0],
            ],
          ],
        },
        false,
      ),
    ).not.toBeNull();
  });

  it('finds a boundary that runs out and back, and not a sharp but honest corner', () => {
    const spike = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 5],
          [90, 5],
          [10, 5.000001],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    expect(findSpike(spike, false)).toMatchObject({ at: [90, 5] });
    const wedge = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [100, 0],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    expect(findSpike(wedge, false)).toBeNull();
  });
});

describe('regionFromDivisionCode', () => {
  it('cuts 坐落单位代码 to a township and drops zero-filled levels', () => {
    expect(regionFromDivisionCode('9901021012010000000')).toBe('990102101');
    expect(regionFromDivisionCode('990102000000')).toBe('990102');
    expect(regionFromDivisionCode('990100')).toBe('9901');
    expect(regionFromDivisionCode('12')).toBeNull();
    expect(regionFromDivisionCode('000000000')).toBeNull();
  });
});

describe('export naming', () => {
  it('cuts DBF names to 10 GBK bytes at character boundaries, unique without regard to case', () => {
    const names = new ShapefileNames();
    expect(names.nameFor('BSM')).toBe('BSM');
    expect(names.nameFor('region_code')).toBe('region_cod');
    expect(names.nameFor('region_code_2')).toBe('region_c_1');
    expect(names.nameFor('土地利用现状分类名称')).toBe('土地利用现');
    expect(names.nameFor('土地利用现状分类代码')).toBe('土地利用_1');
    expect(names.mapping()).toEqual({
      region_cod: 'region_code',
      region_c_1: 'region_code_2',
      土地利用现: '土地利用现状分类名称',
      土地利用_1: '土地利用现状分类代码',
    });
  });

  it('exports the source attributes and the typed columns they do not already hold', () => {
    expect(
      exportProperties({ bsm: '1', line_type: '生态保护红线', region_code: '990102' }, { BSM: '1', MC: '红线' }),
    ).toEqual({
      BSM: '1',
      MC: '红线',
      line_type: '生态保护红线',
      region_code: '990102',
    });
  });
});
