/**
 * Vitest global setup of the browser journeys: the screenshot folder holds this run's screens only
 * (names change as journeys are added). Cleared once per run, before any test file — a file clearing it
 * itself would delete the screens of the files that ran before it.
 */
import fs from 'node:fs';
import { SCREENSHOTS } from './harness.js';

export default function setup(): void {
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
}
