import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { DIRTY_FAULTS, type DirtyFault } from './dirty-faults.js';
import { writeDirtySample } from './dirty-sample.js';
import { ringArea } from './frame.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-dirty-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeDirtySample', () => {
  it('writes the GeoJSON, the CSV and the fault list for the same features', async () => {
    const { files, faults } = await writeDirtySample(dir);
    expect(files.map((f) => path.basename(f))).toEqual([
      'dirty-landsurvey.geojson',
      'dirty-landsurvey.csv',
      'faults.json',
    ]);
    const geojson = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as FeatureCollection;
    const report = JSON.parse(fs.readFileSync(files[2]!, 'utf8')) as { features: Record<string, DirtyFault[]> };
    const csv = fs.readFileSync(files[1]!, 'utf8').trim().split('\r\n');
    const ids = geojson.features.map((f) => String(f.id));
    expect(Object.keys(report.features)).toEqual(ids);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(ids);
    expect(csv[0]!.split(',').at(-1)).toBe('WKT');
    expect(faults).toBe(Object.values(report.features).reduce((s, f) => s + f.length, 0));
    const carried = new Set(Object.values(report.features).flat());
    expect([...carried].sort()).toEqual(Object.keys(DIRTY_FAULTS).sort());
    expect(Object.values(report.features).filter((f) => f.length === 0).length).toBeGreaterThan(15);
  });

  it('puts on each feature exactly the faults it lists', async () => {
    const { files } = await writeDirtySample(dir);
    const geojson = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as FeatureCollection;
    const report = JSON.parse(fs.readFileSync(files[2]!, 'utf8')) as { features: Record<string, DirtyFault[]> };
    const byFault = (fault: DirtyFault) =>
      geojson.features.filter((f) => report.features[String(f.id)]!.includes(fault));
    const rings = (f: Feature) =>
      f.geometry?.type === 'Polygon'
        ? f.geometry.coordinates
        : f.geometry?.type === 'MultiPolygon'
          ? f.geometry.coordinates.flat()
          : [];
    const closed = (r: Position[]) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1];
    for (const f of geojson.features.filter((f) => report.features[String(f.id)]!.length === 0)) {
      for (const [i, r] of rings(f).entries()) {
        expect(closed(r)).toBe(true);
        expect(Math.sign(ringArea(r))).toBe(i === 0 || f.geometry?.type === 'MultiPolygon' ? 1 : -1);
      }
      expect(f.properties!.BSM).toBeTruthy();
    }
    expect(byFault('null_geometry').every((f) => f.geometry === null)).toBe(true);
    expect(byFault('empty_geometry').every((f) => rings(f).length === 0)).toBe(true);
    expect(byFault('unclosed_ring').every((f) => !closed(rings(f)[0]!))).toBe(true);
    expect(byFault('wrong_orientation').every((f) => ringArea(rings(f)[0]!) < 0)).toBe(true);
    expect(byFault('projected_coordinates').every((f) => rings(f)[0]![0]![0]! > 39_000_000)).toBe(true);
    expect(byFault('unknown_class_code').every((f) => f.properties!.DLBM === '0199')).toBe(true);
    const duplicates = byFault('duplicate_bsm').map((f) => f.properties!.BSM);
    expect(duplicates).toHaveLength(2);
    expect(new Set(duplicates).size).toBe(1);
    const bsms = geojson.features.map((f) => f.properties!.BSM);
    expect(new Set(bsms).size).toBe(bsms.length - 1);
  });

  it('is deterministic for a seed', async () => {
    const other = path.join(dir, 'again');
    const a = await writeDirtySample(other, 'x');
    const first = fs.readFileSync(a.files[0]!, 'utf8');
    await writeDirtySample(other, 'x');
    expect(fs.readFileSync(a.files[0]!, 'utf8')).toBe(first);
  });
});
