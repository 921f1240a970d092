/**
 * The module a worker thread runs: compiled JavaScript beside the caller in dist/. In development and
 * tests the sources are TypeScript run through tsx, and a worker does not inherit that loader (Node 20
 * ignores `--import` in a worker's execArgv), so a one-line ES module bootstrap registers tsx in the
 * worker first. Every pool of ours (zonal sums, import checks, demo rows, tiles) starts its workers here.
 *
 * @param callerUrl the caller's `import.meta.url`
 * @param name the worker's file name without extension, beside the caller
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function workerModule(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith('.ts')) return new URL(`./${name}.js`, callerUrl);
  // require.resolve finds the CommonJS build of tsx's API; its ES module twin sits beside it.
  const api = createRequire(callerUrl)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(api).href;
  const target = new URL(`./${name}.ts`, callerUrl).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(target)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
