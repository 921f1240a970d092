/**
 * Geometry fixtures in the Turf shape: inputs as GeoJSON files, each operation's expected output as a
 * file beside them, regenerated with `REGEN=1 npx vitest run <file>` and reviewed in a diff (and on a
 * map: the outputs are GeoJSON). A missing output is written on first run and the test fails, so a new
 * fixture is always looked at before it is trusted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export interface Fixture<T = unknown> {
  name: string;
  input: T;
}

/** The `*.geojson` files of a folder, parsed, in name order. */
export function loadFixtures<T = unknown>(dir: string): Fixture<T>[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.geojson$/, ''),
      input: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as T,
    }));
}

/** Compare `actual` with the stored output `file`, or (re)write it under REGEN=1 or when it is missing. */
export function expectFixture(file: string, actual: unknown): void {
  const text = JSON.stringify(actual, null, 1) + '\n';
  if (process.env.REGEN === '1' || !fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    if (process.env.REGEN !== '1')
      throw new Error(`fixture output ${file} was missing and has been written: review it`);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The demo's dirty land-survey sample as an importer sees it: the GeoJSON file and the fault list. */
export async function readDirtySample(): Promise<
  { id: string; geometry: import('geojson').Geometry | null; faults: string[] }[]
> {
  const { writeDirtySample } = await import('../../demo/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-dirty-'));
  try {
    await writeDirtySample(dir);
    const collection = JSON.parse(fs.readFileSync(path.join(dir, 'dirty-landsurvey.geojson'), 'utf8')) as {
      features: { id: string; geometry: import('geojson').Geometry | null }[];
    };
    const faults = JSON.parse(fs.readFileSync(path.join(dir, 'faults.json'), 'utf8')) as {
      features: Record<string, string[]>;
    };
    return collection.features.map((f) => ({ id: f.id, geometry: f.geometry, faults: faults.features[f.id] ?? [] }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
