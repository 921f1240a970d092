import { defineConfig } from 'vitest/config';

/**
 * The browser journeys: a real Lantu (the built server serving the built web application) and Debian's
 * Chromium driven by playwright-core. Run with `npm run test:browser` after `npm run build`.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/clear-screenshots.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
