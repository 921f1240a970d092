import { createHash } from 'node:crypto';
import type { MultiPolygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import wkx from 'wkx';
import type { DemoCity } from './demo-city.js';
import { multiPolygonArea } from './frame.js';
import { generateDemoCity } from './generate-demo-city.js';
import { isConstruction } from './sandiao-classes.js';

const SMALL = { seed: 'lantu', patches: 3000, years: [2020, 2021, 2022, 2023, 2024, 2025] };

/** A digest of everything the city would write: zones, every survey year, plan layers, roads, facilities. */
function digest(city: DemoCity): string {
  const hash = createHash('sha256');
  for (const z of city.zones) hash.update(JSON.stringify(z));
  for (const y of city.years)
    for (const f of city.landSurvey(y)) hash.update(f.attrsJson).update(JSON.stringify(f.geometry));
  for (const v of city.planVersions) {
    hash.update(JSON.stringify([v.controlLines, v.planningZones, v.plannedLandUse]));
  }
  hash.update(JSON.stringify([city.roadFeatures, city.facilities, city.population, city.plans]));
  return hash.digest('hex');
}

const key = (p: Position) => `${p[0]},${p[1]}`;

/** Directed edges of a MultiPolygon, as "x,y>x,y" keys. */
function edges(g: MultiPolygon): string[] {
  const out: string[] = [];
  for (const polygon of g.coordinates) {
    for (const ring of polygon) for (let i = 1; i < ring.length; i++) out.push(`${key(ring[i - 1]!)}>${key(ring[i]!)}`);
  }
  return out;
}

describe('generateDemoCity', () => {
  let city: DemoCity;
  beforeAll(() => {
    city = generateDemoCity(SMALL);
  });
  const zone = (code: string) => city.zones.find((z) => z.code === code)!;
  const survey = (year: number) => [...city.landSurvey(year)];

  it('is deterministic: the same seed gives the same city, another seed another', () => {
    const again = generateDemoCity(SMALL);
    const other = generateDemoCity({ ...SMALL, seed: 'another' });
    const d = digest(city);
    expect(digest(again)).toBe(d);
    expect(digest(other)).not.toBe(d);
  });

  it('places the city in east China around 117.0–117.5°E, 31.6–32.0°N, ~2,000 km², irregular', () => {
    const city9901 = zone('9901');
    const xs = city9901.geometry.coordinates.flat(2).map((p) => p[0]!);
    const ys = city9901.geometry.coordinates.flat(2).map((p) => p[1]!);
    expect(Math.min(...xs)).toBeGreaterThan(116.7);
    expect(Math.max(...xs)).toBeLessThan(117.8);
    expect(Math.min(...ys)).toBeGreaterThan(31.4);
    expect(Math.max(...ys)).toBeLessThan(32.2);
    expect((city9901.attrs.area_m2 as number) / 1e6).toBeCloseTo(2000, -1);
    expect(city9901.geometry.coordinates).toHaveLength(1);
    expect(city9901.geometry.coordinates[0]).toHaveLength(1);
  });

  it('has the hierarchy the brief asks for, with codes that nest by prefix', () => {
    const of = (kind: string, level?: string) =>
      city.zones.filter((z) => z.kind === kind && (!level || z.level === level));
    expect(of('region', 'province').map((z) => z.code)).toEqual(['99']);
    expect(
      of('region', 'county')
        .map((z) => z.name.slice(-1))
        .sort(),
    ).toEqual(['区', '区', '区', '区', '县', '县']);
    expect(of('region', 'township')).toHaveLength(40);
    expect(of('planning_unit')).toHaveLength(150);
    expect(of('central_urban').map((z) => z.code)).toEqual(['9901ZX']);
    expect(of('governance').length).toBeGreaterThanOrEqual(2);
    for (const z of city.zones) {
      if (z.parentCode) expect(z.code.startsWith(z.parentCode) || z.parentCode === '9901').toBe(true);
      if (z.kind === 'planning_unit') expect(z.code).toMatch(/^\d{11}$/);
    }
    for (const g of of('governance')) {
      const districts = new Set(
        g.units.map((u) => city.hierarchy.townships[city.hierarchy.units[u]!.township]!.district),
      );
      expect(districts.size).toBeGreaterThanOrEqual(2);
    }
  });

  it('tiles the city with each year’s patches: every edge is matched by its reverse or lies on the city boundary', () => {
    const boundary = new Set(edges(zone('9901').geometry));
    for (const year of [2020, 2025]) {
      const seen = new Map<string, number>();
      let area = 0;
      for (const f of survey(year)) {
        area += multiPolygonArea(f.geometry.coordinates);
        for (const e of edges(f.geometry)) seen.set(e, (seen.get(e) ?? 0) + 1);
      }
      for (const [e, n] of seen) {
        expect(n).toBe(1);
        const [a, b] = e.split('>');
        expect(seen.has(`${b}>${a}`) || boundary.has(e)).toBe(true);
      }
      const cityArea = multiPolygonArea(zone('9901').geometry.coordinates);
      expect(Math.abs(area - cityArea) / cityArea).toBeLessThan(1e-9);
    }
  });

  it('nests exactly: units are their patches, townships their units, districts their townships', () => {
    const planar = (code: string) => multiPolygonArea(zone(code).geometry.coordinates);
    const byUnit = new Map<string, number>();
    const features = survey(2025);
    for (let p = 0; p < city.patches.count; p++) {
      const unit = city.hierarchy.units[city.hierarchy.unitOfCell[city.patches.cells[city.patches.start[p]!]!]!]!;
      byUnit.set(unit.code, (byUnit.get(unit.code) ?? 0) + multiPolygonArea(features[p]!.geometry.coordinates));
    }
    const close = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(1e-9);
    for (const [code, area] of byUnit) close(area, planar(code));
    for (const t of city.hierarchy.townships)
      close(
        t.units.reduce((s, u) => s + planar(city.hierarchy.units[u]!.code), 0),
        planar(t.code),
      );
    for (const d of city.hierarchy.districts)
      close(
        d.townships.reduce((s, t) => s + planar(city.hierarchy.townships[t]!.code), 0),
        planar(d.code),
      );
    close(
      city.hierarchy.districts.reduce((s, d) => s + planar(d.code), 0),
      planar('9901'),
    );
  });

  it('has patches with holes and patches in two parts, each with one BSM per year', () => {
    const features = survey(2025);
    expect(features.some((f) => f.geometry.coordinates.some((polygon) => polygon.length > 1))).toBe(true);
    expect(features.some((f) => f.geometry.coordinates.length > 1)).toBe(true);
    expect(new Set(features.map((f) => f.bsm)).size).toBe(features.length);
    const attrs = JSON.parse(features[0]!.attrsJson) as Record<string, unknown>;
    for (const field of [
      'BSM',
      'YSDM',
      'TBBH',
      'DLBM',
      'DLMC',
      'QSXZ',
      'QSDWDM',
      'QSDWMC',
      'ZLDWDM',
      'ZLDWMC',
      'TBMJ',
      'KCDLBM',
      'KCXS',
      'GDLX',
      'GDPDJB',
      'TBXHDM',
      'ZZSXDM',
      'CZCSXM',
      'SJNF',
    ]) {
      expect(attrs).toHaveProperty(field);
    }
  });

  it('changes between years: farmland shrinks, construction grows, buildings appear inside the red line', () => {
    const stats = (y: number) => city.stats.years.find((s) => s.year === y)!;
    expect(stats(2025).groups.cropland).toBeLessThan(stats(2020).groups.cropland);
    expect(stats(2025).groups.construction).toBeGreaterThan(stats(2020).groups.construction);
    expect(stats(2020).constructionInRedLine).toBe(0);
    expect(stats(2025).constructionInRedLine).toBeGreaterThan(0);
    // The same breach, seen in the layers: a construction patch of 2025 on red-line cells.
    const red = city.planVersions[1].cells.red;
    const y = city.years.indexOf(2025);
    const breached = Array.from(red).some((r, c) => r > 0 && isConstruction(city.classes[y]![c]!));
    expect(breached).toBe(true);
    const bsm2020 = new Set(survey(2020).map((f) => f.bsm));
    const kept = survey(2025).filter((f) => bsm2020.has(f.bsm)).length;
    expect(kept).toBeGreaterThan(city.patches.count * 0.8);
    expect(kept).toBeLessThan(city.patches.count);
  });

  it('keeps the three control lines apart and covers the city with planning zones', () => {
    for (const v of city.planVersions) {
      const { red, pbf, udb } = v.cells;
      for (let c = 0; c < red.length; c++)
        expect((red[c] ? 1 : 0) + (pbf[c] ? 1 : 0) + (udb[c] ? 1 : 0)).toBeLessThanOrEqual(1);
      const zonesArea = v.planningZones.reduce(
        (s, f) => s + multiPolygonArea((wkx.Geometry.parse(f.geometry.wkb).toGeoJSON() as MultiPolygon).coordinates),
        0,
      );
      const cityArea = multiPolygonArea(zone('9901').geometry.coordinates);
      expect(Math.abs(zonesArea - cityArea) / cityArea).toBeLessThan(1e-9);
      const types = new Set(v.controlLines.map((f) => f.lineType));
      expect([...types].sort()).toEqual(['历史文化保护线', '城市蓝线', '城镇开发边界', '永久基本农田', '生态保护红线']);
      expect(v.plannedLandUse.length).toBeGreaterThan(10);
    }
    expect(city.stats.plans[1].udb).toBeGreaterThan(city.stats.plans[0].udb);
  });

  it('builds a connected road network whose segments share end points', () => {
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      while (parent.get(k) !== k) k = parent.get(k)!;
      return k;
    };
    for (const r of city.roadFeatures) {
      const [a, b] = r.geometry.coordinates.map(key) as [string, string];
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      parent.set(find(a), find(b));
    }
    const roots = new Set([...parent.keys()].map(find));
    expect(roots.size).toBe(1);
    const classes = new Set(city.roadFeatures.map((r) => r.roadClass));
    expect(classes).toEqual(new Set(['高速公路', '国省道', '城市主干路', '城市次干路', '城市支路', '乡村道路']));
  });

  it('hits the counts: exactly the asked patches, facilities of every type, six years of population', () => {
    expect(Math.abs(city.patches.count - SMALL.patches) / SMALL.patches).toBeLessThan(0.01);
    expect(new Set(city.facilities.map((f) => f.facilityType)).size).toBeGreaterThanOrEqual(10);
    expect(city.population.filter((p) => p.year === 2025)).toHaveLength(150);
    const master = city.plans.find((p) => p.key === 'master')!;
    expect(master.versions.map((v) => v.isCurrent)).toEqual([false, true]);
    expect(master.versions[1]!.changeReason).toBeTruthy();
    const target = (name: string) =>
      master.versions[1]!.targets.find((t) => t.indicatorName === name && t.zoneCode === '9901')!;
    const y2025 = city.stats.years.find((s) => s.year === 2025)!;
    // Some near-term targets are missed by the 2025 data, so warnings have something to say.
    expect(y2025.groups.cropland).toBeLessThan(target('耕地保有量').nearValue);
    expect(y2025.groups.construction).toBeGreaterThan(target('建设用地总面积').nearValue);
    expect(target('生态保护红线面积').isBottomLine).toBe(true);
  });

  it('refuses nonsense options with a typed error', () => {
    expect(() => generateDemoCity({ patches: 10 })).toThrow(expect.objectContaining({ code: 'invalid_demo_options' }));
    expect(() => generateDemoCity({ years: [] })).toThrow(expect.objectContaining({ code: 'invalid_demo_options' }));
  });
});
