/**
 * Which coordinate reference system a source is in, decided once per import, in this order:
 *   1. the user's word (`--crs EPSG:4527`, and `--gcj02` for web-map lon/lat);
 *   2. the CRS the source declares (.prj, GeoPackage SRS, GeoJSON): its EPSG code when GDAL names one,
 *      else read from the definition — CGCS2000 geographic, WGS 84, Web Mercator, and the CGCS2000
 *      Gauss-Krüger zones from central meridian and false easting (Esri .prj files carry no code);
 *   3. nothing declared: the coordinates themselves — a lower-left corner inside ±180/±90 is taken
 *      as CGCS2000 degrees (said so in the history), otherwise the kernel's Gauss-Krüger detection reads the zone
 *      from the easting (with or without the zone number in front, using the region's longitude as
 *      a hint) and notices swapped axes (the survey habit of calling the northing X).
 */
import { assertSupportedCrs, detectGaussKruger, type CrsRef } from '../geo/crs.js';
import { badRequest } from '../errors.js';

export interface SourceCrs {
  /** What features are transformed from (to EPSG:4490). */
  ref: CrsRef;
  /** For the import history: 'EPSG:4527', 'GCJ-02', 'EPSG:4490'. */
  label: string;
  how: 'option' | 'declared' | 'detected' | 'assumed';
  /** Coordinates are degrees: positions outside ±180/±90 are projected metres labelled as degrees. */
  geographic: boolean;
  /** The source's x is the northing: swap before transforming. */
  swapAxes: boolean;
}

export interface CrsInputs {
  /** `EPSG:4527`, `4527`, or null. */
  option: string | null;
  gcj02: boolean;
  srsWkt: string | null;
  extent: [number, number, number, number] | null;
  /** A longitude inside the area (the layer region's centre), to place an unprefixed GK zone. */
  hintLongitude: number | null;
}

const GEOGRAPHIC = new Set([4490, 4326]);

export function resolveSourceCrs(input: CrsInputs): SourceCrs {
  let epsg: number | null = null;
  let how: SourceCrs['how'];
  let swapAxes = false;
  if (input.option) {
    epsg = parseEpsg(input.option);
    how = 'option';
  } else if (input.srsWkt) {
    epsg = epsgFromWkt(input.srsWkt);
    how = 'declared';
    if (epsg === null) {
      const name = /^\s*\w+\["([^"]*)"/.exec(input.srsWkt)?.[1] ?? input.srsWkt.slice(0, 60);
      throw badRequest(
        'crs_unrecognized',
        `无法识别数据声明的坐标系 “${name}”：请用 crs（命令行 --crs）注明，例如 EPSG:4527`,
        `the data declares a coordinate reference system Lantu does not recognise ("${name}"): name it with crs (--crs), e.g. EPSG:4527`,
        { field: 'crs' },
      );
    }
  } else {
    ({ epsg, how, swapAxes } = detectFromExtent(input));
  }
  if (input.gcj02) {
    if (!GEOGRAPHIC.has(epsg)) {
      throw badRequest(
        'gcj02_needs_degrees',
        `GCJ-02 是经纬度坐标，而数据的坐标系是 EPSG:${epsg}：GCJ-02 选项只用于经纬度数据`,
        `GCJ-02 is longitude/latitude, but the data is in EPSG:${epsg}: the GCJ-02 option is for lon/lat data only`,
        { field: 'gcj02' },
      );
    }
    return { ref: 'gcj02', label: 'GCJ-02', how: 'option', geographic: true, swapAxes: false };
  }
  const ref: CrsRef = { epsg };
  assertSupportedCrs(ref, 'crs');
  return { ref, label: `EPSG:${epsg}`, how, geographic: GEOGRAPHIC.has(epsg), swapAxes };
}

export function parseEpsg(text: string): number {
  const m = /^\s*(?:EPSG:)?(\d{4,6})\s*$/i.exec(text);
  if (!m) {
    throw badRequest(
      'crs_invalid',
      `坐标系 “${text}” 无效：应写作 EPSG:4490 这样的形式`,
      `coordinate reference system "${text}" is invalid: write it as EPSG:4490`,
      { field: 'crs' },
    );
  }
  return Number(m[1]);
}

function detectFromExtent(input: CrsInputs): { epsg: number; how: SourceCrs['how']; swapAxes: boolean } {
  const e = input.extent;
  if (!e || e.some((v) => !Number.isFinite(v))) return { epsg: 4490, how: 'assumed', swapAxes: false };
  const [minX, minY, maxX, maxY] = e;
  // Judged by the lower-left corner: one stray feature in metres must not turn a file of degrees into
  // metres (it is reported on its own, as projected_coordinates_as_degrees).
  if (minX >= -180 && minX <= 180 && minY >= -90 && minY <= 90) return { epsg: 4490, how: 'assumed', swapAxes: false };
  const hint = input.hintLongitude === null ? {} : { longitude: input.hintLongitude };
  const zone = detectGaussKruger((minX + maxX) / 2, (minY + maxY) / 2, hint);
  if (zone) return { epsg: zone.epsg, how: 'detected', swapAxes: zone.swapped };
  throw badRequest(
    'crs_unknown',
    `数据没有坐标系说明（如缺少 .prj），坐标范围 (${minX}, ${minY}) – (${maxX}, ${maxY}) 也无法判断：请用 crs（命令行 --crs）注明`,
    `the data declares no coordinate reference system (no .prj?) and its extent (${minX}, ${minY}) – (${maxX}, ${maxY}) does not tell which: name it with crs (--crs)`,
    { field: 'crs' },
  );
}

/**
 * The EPSG code of a WKT definition: the authority code of its root when present (WKT2 `ID["EPSG",n]`,
 * WKT1 `AUTHORITY["EPSG","n"]`), else recognised from the definition itself. Null when neither works.
 */
export function epsgFromWkt(wkt: string): number | null {
  const rootCode = rootAuthorityCode(wkt);
  if (rootCode !== null) return rootCode;
  const kind = /^\s*(\w+)\[/.exec(wkt)?.[1]?.toUpperCase() ?? '';
  const text = wkt.toUpperCase();
  const cgcs2000 = /CGCS\s*2000|CHINA[ _]2000|CHINA[ _]GEODETIC[ _]COORDINATE[ _]SYSTEM[ _]2000/.test(text);
  if (kind === 'GEOGCS' || kind === 'GEOGCRS' || kind === 'GEODCRS') {
    if (cgcs2000) return 4490;
    if (/WGS[ _]?(19)?84/.test(text)) return 4326;
    return null;
  }
  if (kind !== 'PROJCS' && kind !== 'PROJCRS') return null;
  if (/PSEUDO[ _]MERCATOR|WEB[ _]MERCATOR|MERCATOR_AUXILIARY_SPHERE/.test(text)) return 3857;
  if (!cgcs2000 || !/TRANSVERSE[ _]MERCATOR|GAUSS[ _]KRUGER/.test(text)) return null;
  const cm = parameter(wkt, ['central_meridian', 'longitude of natural origin', 'longitude_of_center']);
  const fe = parameter(wkt, ['false_easting', 'false easting']);
  const k = parameter(wkt, ['scale_factor', 'scale factor at natural origin']) ?? 1;
  const lat0 = parameter(wkt, ['latitude_of_origin', 'latitude of natural origin']) ?? 0;
  if (cm === null || fe === null || k !== 1 || lat0 !== 0) return null;
  if (fe === 500000) {
    // Without the zone number, a 3° and a 6° zone on the same meridian are the same projection.
    if (Number.isInteger(cm) && cm % 3 === 0 && cm >= 75 && cm <= 135) return 4534 + (cm - 75) / 3;
    return null;
  }
  const zone = Math.floor(fe / 1e6);
  if (fe !== zone * 1e6 + 500000) return null;
  if (zone >= 25 && zone <= 45 && cm === 3 * zone) return 4513 + zone - 25;
  if (zone >= 13 && zone <= 23 && cm === 6 * zone - 3) return 4491 + zone - 13;
  return null;
}

function rootAuthorityCode(wkt: string): number | null {
  let depth = 0;
  let quoted = false;
  let found: number | null = null;
  for (let i = 0; i < wkt.length; i++) {
    const c = wkt[i]!;
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 1 && (c === 'I' || c === 'A') && /[,[\s]/.test(wkt[i - 1] ?? ',')) {
      const m = /^(?:ID\["EPSG",\s*(\d+)|AUTHORITY\["EPSG",\s*"(\d+)")/i.exec(wkt.slice(i, i + 40));
      if (m) found = Number(m[1] ?? m[2]);
    }
  }
  return found;
}

function parameter(wkt: string, names: string[]): number | null {
  for (const name of names) {
    const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
    if (m) return Number(m[1]);
  }
  return null;
}
