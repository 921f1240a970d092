/**
 * The browser application's build. `npm run build:web` writes web/dist, which Lantu serves
 * (src/http/web-app.ts). During development `npx vite web` proxies the API to a running Lantu
 * (LANTU_DEV_API, default http://127.0.0.1:8030). Pages are split by React.lazy: the map (MapLibre)
 * and the charts (ECharts) load with the pages that use them, never with the first page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const api = process.env.LANTU_DEV_API ?? 'http://127.0.0.1:8030';

/**
 * Brotli and gzip copies of every text asset, written once at build time: Lantu sends them to browsers
 * that accept them (@fastify/static preCompressed), so no request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: 'lantu-precompress',
    apply: 'build',
    closeBundle() {
      const dist = fileURLToPath(new URL('./dist', import.meta.url));
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(dist)) {
        if (!/\.(js|mjs|css|html|svg|json)$/.test(file) || fs.statSync(file).size < 1024) continue;
        const data = fs.readFileSync(file);
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The map chunk (MapLibre) is ~800 kB before gzip by itself; it loads with the map pages only.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': api, '/tiles': api, '/ogc': api },
  },
});
