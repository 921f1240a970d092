/**
 * Read the text `ogrinfo -ro -so -al` prints (GDAL 3.6 has no `-json`; it arrived in 3.7) into a
 * SourceInfo. The layout parsed, per layer:
 *
 *   Layer name: DLTB
 *   Geometry: Polygon
 *   Feature Count: 40
 *   Extent: (117.240054, 31.794947) - (117.249210, 31.800290)
 *   Layer SRS WKT:
 *   GEOGCRS["China Geodetic Coordinate System 2000", …   (multi-line, or "(unknown)")
 *   Data axis to CRS axis mapping: 2,1
 *   FID Column = fid
 *   BSM: String (18.0)
 */
import type { OgrFieldType, SourceField, SourceInfo, SourceLayer } from './source-info.js';

const FIELD_TYPES = new Set<string>([
  'Integer',
  'Integer64',
  'Real',
  'String',
  'Date',
  'Time',
  'DateTime',
  'Binary',
  'IntegerList',
  'Integer64List',
  'RealList',
  'StringList',
]);
const FIELD_LINE = /^(.*): (\w+)(?:\((\w+)\))? \(\d+\.\d+\)(?: NOT NULL)?(?: DEFAULT .*)?$/;

export function parseOgrinfoText(text: string): SourceInfo {
  const lines = text.split(/\r?\n/);
  const driver = /using driver `([^']+)'/.exec(text)?.[1] ?? 'unknown';
  const layers: SourceLayer[] = [];
  let layer: SourceLayer | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('Layer name: ')) {
      layer = {
        name: line.slice('Layer name: '.length),
        geometryType: 'None',
        featureCount: null,
        extent: null,
        srsWkt: null,
        fields: [],
      };
      layers.push(layer);
      continue;
    }
    if (!layer) continue;
    if (line.startsWith('Geometry: ')) layer.geometryType = line.slice('Geometry: '.length);
    else if (line.startsWith('Feature Count: ')) {
      const n = Number(line.slice('Feature Count: '.length));
      layer.featureCount = Number.isFinite(n) && n >= 0 ? n : null;
    } else if (line.startsWith('Extent: ')) {
      const m = /\(([-\d.e+]+), ([-\d.e+]+)\) - \(([-\d.e+]+), ([-\d.e+]+)\)/.exec(line);
      if (m) layer.extent = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    } else if (line === 'Layer SRS WKT:') {
      const wkt: string[] = [];
      let depth = 0;
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        if (wkt.length === 0 && l.trim() === '(unknown)') break;
        wkt.push(l);
        for (const c of l) depth += c === '[' ? 1 : c === ']' ? -1 : 0;
        if (depth <= 0) break;
      }
      layer.srsWkt = wkt.length ? wkt.join('\n') : null;
    } else {
      const field = parseFieldLine(line);
      if (field) layer.fields.push(field);
    }
  }
  return { driver, layers };
}

function parseFieldLine(line: string): SourceField | null {
  if (line.startsWith(' ') || line.includes(' = ')) return null;
  const m = FIELD_LINE.exec(line);
  if (!m || !FIELD_TYPES.has(m[2]!)) return null;
  return { name: m[1]!, type: m[2] as OgrFieldType, subType: m[3] ?? null };
}
