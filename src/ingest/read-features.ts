/**
 * Stream the features of one source layer through GDAL: GDAL converts the layer to a wire format on
 * its side (a process of its own with the binaries), and the lines are parsed here into plain
 * features with their 1-based position in the source. Nothing holds the whole layer: lines are read
 * as GDAL writes them, so a million-feature file needs only a feature's worth of memory at a time.
 *
 * The parsing is split in two so it can run in worker threads: `WireLines` sorts GDAL's output into
 * feature lines (with their row) and the rest, and `FeatureParser` turns one feature line into a
 * feature — a worker needs only the parser and what `WireLines` learnt from the header.
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

/** What a parser needs besides the line: the wire, the layer's fields, and (COPY) the column order. */
export interface ParserSetup {
  wire: WireFormat;
  fields: readonly SourceField[];
  columns: string[] | null;
}

/** One feature line of GDAL's output, with its row. */
export interface FeatureLine {
  row: number;
  text: string;
}

/** The feature lines of GDAL's output, in order; `setup()` is complete once the first has been seen. */
export async function* readFeatureLines(
  options: ReadFeaturesOptions,
  onSetup: (setup: ParserSetup) => void,
): AsyncGenerator<FeatureLine> {
  const { backend, source, layer, wire } = options;
  const run = await backend.translate(source, layer.name, wire);
  let completed = false;
  try {
    let row = 0;
    let inCopy = false;
    let announced = false;
    if (wire === 'geojson') {
      onSetup({ wire, fields: layer.fields, columns: null });
      announced = true;
    }
    for await (const line of run.lines) {
      if (wire === 'geojson') {
        if (!line.startsWith('{ "type": "Feature"')) continue;
      } else if (!inCopy) {
        if (line.startsWith('COPY ')) {
          inCopy = true;
          if (!announced) onSetup({ wire, fields: layer.fields, columns: copyColumns(line) ?? [] });
          announced = true;
        }
        continue;
      } else if (line === '\\.') {
        inCopy = false;
        continue;
      }
      yield { row: ++row, text: line };
    }
    await run.finished;
    completed = true;
  } finally {
    if (!completed) run.cancel();
    options.onWarnings?.(run.warnings());
  }
}

export async function* readFeatures(options: ReadFeaturesOptions): AsyncGenerator<SourceFeature> {
  let parser: FeatureParser | null = null;
  for await (const line of readFeatureLines(options, (setup) => (parser = new FeatureParser(setup)))) {
    yield parser!.parse(line);
  }
}

type Convert = (text: string) => unknown;

/** Turns one feature line of either wire format into a feature. */
export class FeatureParser {
  private readonly columns: string[];
  private readonly converters: Convert[];
  private readonly geomIndex: number;

  constructor(private readonly setup: ParserSetup) {
    this.columns = setup.columns ?? [];
    this.geomIndex = this.columns.indexOf(WIRE_GEOMETRY_COLUMN);
    const byName = new Map(setup.fields.map((f) => [f.name, f]));
    this.converters = this.columns.map((c) => converterFor(byName.get(c)));
  }

  parse(line: FeatureLine): SourceFeature {
    return this.setup.wire === 'geojson' ? parseGeoJsonFeature(line) : this.parseCopy(line);
  }

  /** PGDUMP's COPY data line: tab-separated values in the header's column order. */
  private parseCopy({ row, text }: FeatureLine): SourceFeature {
    const { columns, converters, geomIndex } = this;
    const cells = splitCopyLine(text);
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
    return { row, sourceId: null, properties, geometry, ...(geometryError ? { geometryError } : {}) };
  }
}

/** GDAL's GeoJSON writer puts each feature on a line of its own, followed by a comma but the last. */
function parseGeoJsonFeature({ row, text }: FeatureLine): SourceFeature {
  const json = text.endsWith(',') ? text.slice(0, -1) : text;
  let feature: { id?: unknown; properties?: Record<string, unknown> | null; geometry?: Geometry | null };
  try {
    feature = JSON.parse(json) as typeof feature;
  } catch (error) {
    throw new LantuError(
      'source_unreadable',
      400,
      `第 ${row} 个要素无法解析：${(error as Error).message}`,
      `feature ${row} cannot be parsed: ${(error as Error).message}`,
      { row, field: 'file' },
    );
  }
  return {
    row,
    sourceId: feature.id === undefined || feature.id === null ? null : String(feature.id),
    properties: feature.properties ?? {},
    geometry: feature.geometry ?? null,
  };
}

/** The features of GeoJSON lines as GDAL writes them (for tests and small inputs). */
export async function* parseGeoJsonLines(lines: AsyncIterable<string>): AsyncGenerator<SourceFeature> {
  let row = 0;
  for await (const text of lines) {
    if (text.startsWith('{ "type": "Feature"')) yield parseGeoJsonFeature({ row: ++row, text });
  }
}

/** The features of a PGDUMP COPY block (for tests and small inputs). */
export async function* parseCopyLines(
  lines: AsyncIterable<string>,
  fields: readonly SourceField[],
): AsyncGenerator<SourceFeature> {
  let parser: FeatureParser | null = null;
  let row = 0;
  for await (const text of lines) {
    if (!parser) {
      if (text.startsWith('COPY '))
        parser = new FeatureParser({ wire: 'pgdump', fields, columns: copyColumns(text) ?? [] });
      continue;
    }
    if (text === '\\.') {
      parser = null;
      continue;
    }
    yield parser.parse({ row: ++row, text });
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
