/**
 * Stream the features of one source layer through GDAL: GDAL converts the layer to a wire format on
 * its side (a process of its own with the binaries), and the lines are parsed here into plain
 * features with their 1-based position in the source. Nothing holds the whole layer: lines are read
 * as GDAL writes them, so a million-feature file needs only a feature's worth of memory at a time.
 */
import type { Geometry } from 'geojson';
import { LantuError } from '../errors.js';
import { copyColumns, splitCopyLine } from './copy-text.js';
import { WIRE_GEOMETRY_COLUMN, type GdalBackend, type OgrSource, type WireFormat } from './gdal.js';
import type { SourceField, SourceLayer } from './source-info.js';
import { decodeWkbHex } from './wkb-decode.js';

export interface SourceFeature {
  /** 1-based position in the source. */
  row: number;
  /** The source's own feature id (a GeoJSON `id`), when it has one. */
  sourceId: string | null;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
  /** Set when the geometry could not be decoded at all. */
  geometryError?: string;
}

export interface ReadFeaturesOptions {
  backend: GdalBackend;
  source: OgrSource;
  layer: SourceLayer;
  wire: WireFormat;
  /** Called with GDAL's warnings when the reading ends. */
  onWarnings?: (warnings: string[]) => void;
}

export async function* readFeatures(options: ReadFeaturesOptions): AsyncGenerator<SourceFeature> {
  const { backend, source, layer, wire } = options;
  const run = await backend.translate(source, layer.name, wire);
  let completed = false;
  try {
    if (wire === 'geojson') yield* parseGeoJsonLines(run.lines);
    else yield* parseCopyLines(run.lines, layer.fields);
    await run.finished;
    completed = true;
  } finally {
    if (!completed) run.cancel();
    options.onWarnings?.(run.warnings());
  }
}

/** GDAL's GeoJSON writer puts each feature on a line of its own, followed by a comma but the last. */
export async function* parseGeoJsonLines(lines: AsyncIterable<string>): AsyncGenerator<SourceFeature> {
  let row = 0;
  for await (const line of lines) {
    if (!line.startsWith('{ "type": "Feature"')) continue;
    row++;
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    let feature: { id?: unknown; properties?: Record<string, unknown> | null; geometry?: Geometry | null };
    try {
      feature = JSON.parse(text) as typeof feature;
    } catch (error) {
      throw new LantuError(
        'source_unreadable',
        400,
        `第 ${row} 个要素无法解析：${(error as Error).message}`,
        `feature ${row} cannot be parsed: ${(error as Error).message}`,
        { row, field: 'file' },
      );
    }
    yield {
      row,
      sourceId: feature.id === undefined || feature.id === null ? null : String(feature.id),
      properties: feature.properties ?? {},
      geometry: feature.geometry ?? null,
    };
  }
}

type Convert = (text: string) => unknown;

/** PGDUMP's COPY block: a header line naming the columns, one line per feature, `\.` at the end. */
export async function* parseCopyLines(
  lines: AsyncIterable<string>,
  fields: readonly SourceField[],
): AsyncGenerator<SourceFeature> {
  let columns: string[] | null = null;
  let converters: Convert[] = [];
  let geomIndex = -1;
  let row = 0;
  for await (const line of lines) {
    if (!columns) {
      if (line.startsWith('COPY ')) {
        columns = copyColumns(line) ?? [];
        geomIndex = columns.indexOf(WIRE_GEOMETRY_COLUMN);
        const byName = new Map(fields.map((f) => [f.name, f]));
        converters = columns.map((c) => converterFor(byName.get(c)));
      }
      continue;
    }
    if (line === '\\.') {
      columns = null;
      continue;
    }
    row++;
    const cells = splitCopyLine(line);
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      if (i === geomIndex) continue;
      const cell = cells[i];
      properties[columns[i]!] = cell === null || cell === undefined ? null : converters[i]!(cell);
    }
    let geometry: Geometry | null = null;
    let geometryError: string | undefined;
    const hex = geomIndex >= 0 ? cells[geomIndex] : null;
    if (hex) {
      try {
        geometry = decodeWkbHex(hex);
      } catch (error) {
        geometryError = (error as Error).message;
      }
    }
    yield { row, sourceId: null, properties, geometry, ...(geometryError ? { geometryError } : {}) };
  }
}

/** COPY text back to the value the source held, by the OGR field type GDAL reported. */
function converterFor(field: SourceField | undefined): Convert {
  if (!field) return (t) => t;
  switch (field.type) {
    case 'Integer':
      return field.subType === 'Boolean' ? (t) => t === 't' || t === '1' || t === 'true' : Number;
    case 'Integer64':
      // Identifiers such as 坐落单位代码 stored as Integer64 exceed 2^53: keep those as text.
      return (t) => (Number.isSafeInteger(Number(t)) ? Number(t) : t);
    case 'Real':
      return Number;
    case 'Date':
      return (t) => t.replace(/\//g, '-');
    case 'DateTime':
      return (t) => t.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
    default:
      return (t) => t;
  }
}
