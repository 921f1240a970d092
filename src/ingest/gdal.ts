/**
 * GDAL, behind the small interface the import and export use: inspect a source, stream one layer out
 * of it in a wire format we parse quickly, and convert a file into another format. Two backends:
 * the `ogr2ogr`/`ogrinfo` binaries when installed (native, and a second core: GDAL works in its own
 * process while Node validates), else `gdal3.js` (GDAL compiled to WebAssembly, always there).
 * LANTU_GDAL=wasm forces the WebAssembly backend, LANTU_GDAL=binary the binaries.
 *
 * Wire formats (docs/decisions/0012-import-export.md): `pgdump` — GDAL's PostgreSQL dump driver in
 * COPY mode: one line per feature, the geometry as hex EWKB (no decimal formatting on either side:
 * 2–3× faster than GeoJSON text for a million polygons), attributes as COPY text; `geojson` — GDAL's
 * GeoJSON writer, one feature per line, used for GeoJSON and CSV sources because it keeps what PGDUMP
 * folds away (an empty geometry is written as NULL there).
 */
import { LantuError } from '../errors.js';
import { binaryBackend, hasGdalBinaries } from './gdal-binary.js';
import type { SourceInfo } from './source-info.js';

export interface OgrSource {
  /** What GDAL opens: a file, or a folder (FileGDB). */
  path: string;
  /** Open options (`-oo KEY=VALUE`), e.g. ENCODING=GBK, GEOM_POSSIBLE_NAMES=WKT. */
  openOptions: string[];
}

export type WireFormat = 'geojson' | 'pgdump';

export interface TranslateRun {
  /** The output, line by line. */
  lines: AsyncIterable<string>;
  /** Settles when GDAL has finished; rejects with a LantuError carrying GDAL's own message. */
  finished: Promise<void>;
  /** Warnings GDAL printed (deduplicated, at most a few dozen). */
  warnings(): string[];
  cancel(): void;
}

export interface GdalBackend {
  name: 'ogr2ogr' | 'gdal3.js';
  inspect(source: OgrSource): Promise<SourceInfo>;
  translate(source: OgrSource, layer: string, wire: WireFormat): Promise<TranslateRun>;
  /** Run ogr2ogr with `args` (everything after the program name: -f, output, input, options). */
  convert(args: string[]): Promise<{ warnings: string[] }>;
}

/** The column PGDUMP writes the geometry into; a name no source field will have. */
export const WIRE_GEOMETRY_COLUMN = 'lantu_wire_geom';

/** ogr2ogr's output format and options (beyond source, output and layer) for a wire format. */
export function translateOptions(source: OgrSource, wire: WireFormat): { format: string; options: string[] } {
  const common = [
    ...source.openOptions.flatMap((o) => ['-oo', o]),
    '-dim',
    'XY',
    '--config',
    'OGR_GEOMETRY_ACCEPT_UNCLOSED_RING',
    'YES',
  ];
  if (wire === 'geojson') {
    return {
      format: 'GeoJSON',
      options: [...common, '-lco', 'RFC7946=NO', '-lco', 'WRITE_BBOX=NO', '-lco', 'WRITE_NAME=NO'],
    };
  }
  return {
    format: 'PGDUMP',
    options: [
      ...common,
      '-nlt',
      'GEOMETRY',
      '-lco',
      'CREATE_TABLE=OFF',
      '-lco',
      'LAUNDER=NO',
      '-lco',
      'SPATIAL_INDEX=NONE',
      '-lco',
      `GEOMETRY_NAME=${WIRE_GEOMETRY_COLUMN}`,
      '--config',
      'PG_USE_COPY',
      'YES',
    ],
  };
}

let chosen: Promise<GdalBackend> | null = null;

/** The backend this process uses (decided once). */
export function gdalBackend(): Promise<GdalBackend> {
  chosen ??= chooseBackend();
  return chosen;
}

async function chooseBackend(): Promise<GdalBackend> {
  const forced = process.env.LANTU_GDAL;
  if (forced === 'wasm') return (await import('./gdal-wasm.js')).wasmBackend();
  if (forced === 'binary' || (await hasGdalBinaries())) {
    if (forced === 'binary' && !(await hasGdalBinaries())) {
      throw new LantuError(
        'gdal_missing',
        500,
        'LANTU_GDAL=binary，但找不到 ogr2ogr/ogrinfo 程序（请安装 gdal-bin）',
        'LANTU_GDAL=binary but the ogr2ogr/ogrinfo programs are not installed (install gdal-bin)',
      );
    }
    return binaryBackend;
  }
  return (await import('./gdal-wasm.js')).wasmBackend();
}

/** Keep the first lines of each distinct GDAL warning, so a million "Non closed ring" lines stay one. */
export class WarningLog {
  private readonly seen = new Map<string, number>();
  add(text: string): void {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || /^ERROR \d+:/.test(line)) continue;
      const key = line.replace(/\d+/g, '#');
      if (this.seen.size < 40 || this.seen.has(key)) this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
    }
  }
  list(): string[] {
    return [...this.seen.entries()].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k));
  }
}

export function gdalFailed(message: string, step: string): LantuError {
  const text = message.trim().split(/\r?\n/).filter(Boolean).slice(-3).join('; ') || 'unknown error';
  return new LantuError(
    'source_unreadable',
    400,
    `GDAL 无法${step === 'read' ? '读取该数据' : '完成转换'}：${text}`,
    `GDAL could not ${step === 'read' ? 'read the data' : 'finish the conversion'}: ${text}`,
    { field: 'file' },
  );
}
