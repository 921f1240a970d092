#!/usr/bin/env node
// `npm test`: build (the CLI tests run the compiled `lantu`), run the whole Vitest suite on both stores,
// and close with one plain line — "tests: N passed, N failed, N skipped" — that any CI can read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false });
const build = run('npx', ['tsc', '-p', 'tsconfig.json']);
if (build.status !== 0) process.exit(build.status ?? 1);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-vitest-')), 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const result = run('npx', args);
let summary = 'tests: no report was written';
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  if (r.numTotalTests === 0) {
    console.error('no test ran');
    process.exitCode = 1;
  }
}
console.log(`\n${summary}`);
process.exit(result.status ?? 1);
