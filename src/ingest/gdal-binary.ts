/** The GDAL backend over the installed `ogr2ogr` and `ogrinfo` programs (Debian gdal-bin). */
import { execFile, spawn } from 'node:child_process';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { gdalFailed, translateOptions, WarningLog, type GdalBackend, type TranslateRun } from './gdal.js';
import { parseOgrinfoText } from './ogrinfo-text.js';

const run = promisify(execFile);
let available: Promise<boolean> | null = null;

export function hasGdalBinaries(): Promise<boolean> {
  available ??= run('ogr2ogr', ['--version']).then(
    () => run('ogrinfo', ['--version']).then(() => true),
    () => false,
  );
  return available.catch(() => false);
}

export const binaryBackend: GdalBackend = {
  name: 'ogr2ogr',

  async inspect(source) {
    const oo = source.openOptions.flatMap((o) => ['-oo', o]);
    try {
      const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', ...oo, source.path], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return parseOgrinfoText(stdout);
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw gdalFailed(e.stderr || e.message, 'read');
    }
  },

  async translate(source, layer, wire): Promise<TranslateRun> {
    const { format, options } = translateOptions(source, wire);
    const child = spawn('ogr2ogr', ['-f', format, '/vsistdout/', source.path, layer, ...options], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const warnings = new WarningLog();
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      warnings.add(chunk);
      for (const line of chunk.split('\n')) if (/^ERROR \d+:/.test(line) && errors.length < 4000) errors += line + '\n';
    });
    const finished = new Promise<void>((resolve, reject) => {
      child.on('error', (error) => reject(gdalFailed(error.message, 'read')));
      child.on('close', (code, signal) => {
        if (code === 0 || signal === 'SIGTERM') resolve();
        else reject(gdalFailed(errors || `ogr2ogr exited with ${code ?? signal}`, 'read'));
      });
    });
    finished.catch(() => undefined);
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    return {
      lines,
      finished,
      warnings: () => warnings.list(),
      cancel: () => {
        if (child.exitCode === null) child.kill('SIGTERM');
      },
    };
  },

  async convert(args) {
    const warnings = new WarningLog();
    try {
      const { stderr } = await run('ogr2ogr', args, { maxBuffer: 64 * 1024 * 1024 });
      warnings.add(stderr);
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw gdalFailed(e.stderr || e.message, 'convert');
    }
    return { warnings: warnings.list() };
  },
};
