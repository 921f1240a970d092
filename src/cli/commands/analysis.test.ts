/**
 * `lantu zonal` and `lantu check` as a user runs them: the CLI in a child process (TypeScript through
 * tsx, so the test needs no build), the demo city in a fresh folder, real GeoJSON files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve('src/cli/main.ts');
let dir: string;

function lantu(args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args, '--data-dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, LANTU_DATABASE_URL: '' },
    timeout: 240_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('lantu zonal and lantu check', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-cli-analysis-'));
    const demo = lantu(['demo', '--patches', '2000', '--years', '2025', '--json']);
    expect(demo.code, demo.stderr).toBe(0);
  }, 240_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints areas per district and class, and the same as JSON with provenance', () => {
    const text = lantu(['zonal', '--zones', 'region', '--level', 'county', '--layer', 'landsurvey-2025']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('zone\tclass\tvalue (m²)\tfeatures');
    const json = lantu([
      'zonal',
      '--zones',
      'region',
      '--level',
      'county',
      '--layer',
      'landsurvey-2025',
      '--planar-epsg',
      '4527',
      '--json',
    ]);
    const result = JSON.parse(json.stdout);
    expect(result.measure).toBe('area');
    expect(result.provenance.layer).toMatchObject({ code: 'landsurvey-2025', featuresRead: 2000 });
    const total = result.cells.reduce((s: number, c: { areaM2: number }) => s + c.areaM2, 0);
    // The demo city is ~2,000 km², all of it in one district or another.
    expect(total / 1e6).toBeGreaterThan(1500);
    expect(total / 1e6).toBeLessThan(2500);
    expect(result.cells[0].planarAreaM2).toBeGreaterThan(0);
  }, 120_000);

  it('checks a parcel from a GeoJSON file', () => {
    const file = path.join(dir, 'parcel.geojson');
    const ring = [
      [117.24, 31.79],
      [117.27, 31.79],
      [117.27, 31.81],
      [117.24, 31.81],
      [117.24, 31.79],
    ];
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }],
      }),
    );
    const r = lantu(['check', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.input.kind).toBe('parcel');
    expect(result.checked.map((l: { code: string }) => l.code)).toEqual(
      expect.arrayContaining(['controlline-v2', 'plannedlanduse-v2']),
    );
    expect(result.checked.map((l: { code: string }) => l.code)).not.toContain('controlline-v1');
  }, 120_000);

  it('fails in one line naming the field, with a non-zero exit', () => {
    const point = path.join(dir, 'point.geojson');
    fs.writeFileSync(point, JSON.stringify({ type: 'Point', coordinates: [117, 31] }));
    const r = lantu(['check', point]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[geometry]');
    expect(r.stderr).toContain('地块');
    const unknown = lantu(['zonal', '--zones', 'region', '--layer', 'no-such-layer']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[layer]');
  }, 120_000);
});
