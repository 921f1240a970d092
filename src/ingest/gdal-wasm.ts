/**
 * The GDAL backend over gdal3.js (GDAL 3.8 compiled to WebAssembly), for machines without the GDAL
 * programs. gdal3.js works on files: the source folder is mounted read-only, and output goes to a
 * folder of this process's own, from which it is streamed and then deleted — the same wire formats as
 * the binaries, so one parser serves both. It runs in the Node thread (a conversion blocks it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { gdalFailed, translateOptions, WarningLog, type GdalBackend } from './gdal.js';
import type { OgrFieldType, SourceInfo } from './source-info.js';

interface Gdal3Dataset {
  pointer: number;
  path: string;
}
interface Gdal3 {
  open(files: string | string[], openOptions?: string[]): Promise<{ datasets: Gdal3Dataset[]; errors: unknown[] }>;
  close(dataset: Gdal3Dataset): void;
  ogrinfo(dataset: Gdal3Dataset, options: string[]): Promise<OgrinfoJson>;
  ogr2ogr(dataset: Gdal3Dataset, options: string[], outputName?: string): Promise<{ real: string }>;
}
interface OgrinfoJson {
  driverShortName?: string;
  layers: {
    name: string;
    featureCount?: number;
    geometryFields?: { type: string; extent?: number[]; coordinateSystem?: { wkt?: string } }[];
    fields?: { name: string; type: string; subType?: string }[];
  }[];
}

const require = createRequire(import.meta.url);
const OUT_DIR = path.join(os.tmpdir(), `lantu-gdal3js-${process.pid}`);
let instance: Promise<Gdal3> | null = null;
let counter = 0;
const messages = new WarningLog();
let lastErrors: string[] = [];

function gdal(): Promise<Gdal3> {
  instance ??= (async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const init = require('gdal3.js/node') as (config: object) => Promise<Gdal3>;
    const dist = path.join(path.dirname(require.resolve('gdal3.js/package.json')), 'dist', 'package');
    return init({
      // gdal3.js reads its data file relative to the working directory.
      path: path.relative(process.cwd(), dist) || '.',
      dest: OUT_DIR,
      logHandler: () => undefined,
      errorHandler: (text: string) => {
        messages.add(text);
        if (/ERROR/.test(text)) lastErrors = [...lastErrors.slice(-4), text];
      },
    });
  })();
  return instance;
}

async function openDataset(g: Gdal3, file: string, openOptions: string[]): Promise<Gdal3Dataset> {
  lastErrors = [];
  const { datasets } = await g.open(path.resolve(file), openOptions);
  if (!datasets[0]) throw gdalFailed(lastErrors.join('\n') || `cannot open ${path.basename(file)}`, 'read');
  return datasets[0];
}

export function wasmBackend(): GdalBackend {
  return {
    name: 'gdal3.js',

    async inspect(source): Promise<SourceInfo> {
      const g = await gdal();
      const ds = await openDataset(g, source.path, source.openOptions);
      try {
        const info = await g.ogrinfo(ds, ['-so', '-al']);
        return {
          driver: info.driverShortName ?? 'unknown',
          layers: info.layers.map((l) => {
            const geom = l.geometryFields?.[0];
            const e = geom?.extent;
            return {
              name: l.name,
              geometryType: geom?.type ?? 'None',
              featureCount: l.featureCount ?? null,
              extent: e && e.length === 4 ? [e[0]!, e[1]!, e[2]!, e[3]!] : null,
              srsWkt: geom?.coordinateSystem?.wkt ?? null,
              fields: (l.fields ?? []).map((f) => ({
                name: f.name,
                type: f.type as OgrFieldType,
                subType: f.subType && f.subType !== 'None' ? f.subType : null,
              })),
            };
          }),
        };
      } catch (error) {
        throw gdalFailed(lastErrors.join('\n') || (error as Error).message, 'read');
      } finally {
        g.close(ds);
      }
    },

    async translate(source, layer, wire) {
      const g = await gdal();
      const ds = await openDataset(g, source.path, source.openOptions);
      const name = `t${process.pid}_${++counter}`;
      let file: string;
      try {
        const { format, options } = translateOptions(source, wire);
        // The library form of ogr2ogr takes layer names as trailing arguments.
        file = (await g.ogr2ogr(ds, ['-f', format, ...options, layer], name)).real;
      } catch (error) {
        throw gdalFailed(lastErrors.join('\n') || (error as Error).message, 'read');
      } finally {
        g.close(ds);
      }
      const input = fs.createReadStream(file);
      const lines = readline.createInterface({ input, crlfDelay: Infinity });
      const finished = new Promise<void>((resolve) => input.on('close', resolve));
      void finished.then(() => fs.rmSync(file, { force: true }));
      return {
        lines,
        finished,
        warnings: () => messages.list(),
        cancel: () => input.destroy(),
      };
    },

    async convert(args) {
      // args: -f FORMAT output input [options…]
      const [flag, format, output, input, ...rest] = args;
      const g = await gdal();
      const ds = await openDataset(g, input!.replace(/^GeoJSONSeq:/, ''), []);
      try {
        const name = `c${process.pid}_${++counter}`;
        const result = await g.ogr2ogr(ds, [flag!, format!, ...rest], name);
        const produced = path.dirname(result.real);
        for (const f of fs.readdirSync(produced).filter((f) => f.startsWith(name + '.'))) {
          fs.renameSync(path.join(produced, f), output!.replace(/\.[^.]+$/, '') + path.extname(f));
        }
      } catch (error) {
        throw gdalFailed(lastErrors.join('\n') || (error as Error).message, 'convert');
      } finally {
        g.close(ds);
      }
      return { warnings: messages.list() };
    },
  };
}
