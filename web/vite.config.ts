/**
 * The browser application's build. `npm run build:web` writes web/dist, which Lantu serves
 * (src/http/web-app.ts). During development `npx vite web` proxies the API to a running Lantu
 * (LANTU_DEV_API, default http://127.0.0.1:8030). Pages are split by React.lazy: the map (MapLibre)
 * and the charts (ECharts) load with the pages that use them, never with the first page.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.LANTU_DEV_API ?? 'http://127.0.0.1:8030';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
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
