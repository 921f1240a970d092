#!/usr/bin/env node
// The `lantu` command. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('lantu: dist/ is missing — run `npm ci` (or `npm run build`) first / 尚未编译：请先运行 npm ci 或 npm run build');
  process.exit(1);
}
await import(entry.href);
