import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LantuError } from '../errors.js';
import { CLASSIFICATIONS } from './catalog-tables.js';
import { readCatalogs, type Catalogs } from './read-catalogs.js';

const P = 'PRACTITIONER: fixture,fixture';
const CLASS_HEADER = 'code,level,name,name_en,parent_code,verification,source';
const CROSSWALK_HEADER = 'from_code,from_name,to_code,to_name,needs_split,note,verification,source';

/** The smallest valid catalog folder: every classification, one crosswalk with a 1:1 and a 1:2 mapping. */
const VALID: Record<string, string> = {
  'ydyh2023.csv': [
    'code,level,name,name_en,parent_code,land_or_sea,verification,source',
    `01,1,耕地,Cropland,,land,${P}`,
    `0101,2,水田,Paddy field,01,land,${P}`,
    `0102,2,水浇地,,01,land,${P}`,
  ].join('\n'),
  'ydyh2020.csv': [CLASS_HEADER, `01,1,耕地,,,${P}`].join('\n'),
  'sandiao.csv': [CLASS_HEADER, `01,1,耕地,,,${P}`, `0101,2,水田,,01,${P}`, `0102,2,水浇地,,01,${P}`].join('\n'),
  'czcsxm.csv': [CLASS_HEADER, `201,1,城市,,,${P}`].join('\n'),
  'gbt21010.csv': [CLASS_HEADER, `01,1,耕地,,,${P}`].join('\n'),
  'crosswalk-sandiao-ydyh2023.csv': [
    CROSSWALK_HEADER,
    `0101,水田,0101,水田,0,,${P}`,
    `0102,水浇地,0101,水田,1,"either, by hand",${P}`,
    `0102,水浇地,0102,水浇地,1,,${P}`,
  ].join('\n'),
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temp folder with the valid fixture, where `changes` replace (string) or remove (null) files. */
function fixture(changes: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-catalogs-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ ...VALID, ...changes }))
    if (text !== null) fs.writeFileSync(path.join(dir, name), text + '\n');
  return dir;
}

/** VALID[file] with `line` (1-based, header = 1) replaced or appended. */
function edit(file: string, line: number, text: string): string {
  const lines = VALID[file]!.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

async function refusal(dir: string): Promise<LantuError> {
  const error = await readCatalogs(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LantuError);
  const lantu = error as LantuError;
  expect(lantu.code).toBe('catalog_invalid');
  expect(lantu.status).toBe(500);
  return lantu;
}

const fileOf = (e: LantuError) => (e.details as { file: string }).file;

describe('readCatalogs on fixture folders', () => {
  it('reads a valid folder: extra columns become properties, empty name_en becomes null', async () => {
    const { classes, crosswalks } = await readCatalogs(fixture());
    expect(classes).toHaveLength(9);
    expect(classes.find((c) => c.classification === 'ydyh2023' && c.code === '0101')).toMatchObject({
      level: 2,
      parent_code: '01',
      name_en: 'Paddy field',
      properties: { land_or_sea: 'land' },
    });
    expect(classes.find((c) => c.classification === 'ydyh2023' && c.code === '0102')!.name_en).toBeNull();
    expect(classes.find((c) => c.classification === 'sandiao' && c.code === '01')!.properties).toBeNull();
    expect(crosswalks.filter((x) => x.from_code === '0102').map((x) => [x.to_code, x.needs_split])).toEqual([
      ['0101', 1],
      ['0102', 1],
    ]);
    expect(crosswalks.find((x) => x.from_code === '0102')!.note).toBe('either, by hand');
  });

  it('refuses a parent that does not exist, naming file, line and field', async () => {
    const e = await refusal(fixture({ 'sandiao.csv': edit('sandiao.csv', 4, `0102,2,水浇地,,09,${P}`) }));
    expect(e.location).toEqual({ row: 4, field: 'parent_code' });
    expect(fileOf(e)).toBe('sandiao.csv');
    expect(e.zh).toContain('sandiao.csv，第 4 行，字段 parent_code');
    expect(e.en).toContain('parent 09 is not in sandiao');
  });

  it('refuses a parent that is not one level up', async () => {
    const text = VALID['ydyh2023.csv'] + `\n010101,3,水田三级,,01,land,${P}`;
    const e = await refusal(fixture({ 'ydyh2023.csv': text }));
    expect(e.location).toEqual({ row: 5, field: 'parent_code' });
    expect(e.en).toContain('parent 01 is level 1, expected 2');
  });

  it('refuses a duplicate code and a level-1 class with a parent', async () => {
    const dup = await refusal(fixture({ 'sandiao.csv': edit('sandiao.csv', 4, `0101,2,水田again,,01,${P}`) }));
    expect(dup.location).toEqual({ row: 4, field: 'code' });
    expect(dup.en).toContain('duplicate code 0101');
    const top = await refusal(fixture({ 'czcsxm.csv': edit('czcsxm.csv', 2, `201,1,城市,,20,${P}`) }));
    expect(top.location).toEqual({ row: 2, field: 'parent_code' });
  });

  it('refuses a crosswalk to an unknown code', async () => {
    const file = 'crosswalk-sandiao-ydyh2023.csv';
    const e = await refusal(fixture({ [file]: edit(file, 2, `0101,水田,0199,水田,0,,${P}`) }));
    expect(e.location).toEqual({ row: 2, field: 'to_code' });
    expect(fileOf(e)).toBe(file);
    expect(e.en).toContain('code 0199 is not in ydyh2023');
  });

  it('refuses a crosswalk whose name does not match the class table', async () => {
    const file = 'crosswalk-sandiao-ydyh2023.csv';
    const e = await refusal(fixture({ [file]: edit(file, 2, `0101,水田,0101,水稻田,0,,${P}`) }));
    expect(e.location).toEqual({ row: 2, field: 'to_name' });
  });

  it('refuses needs_split that contradicts the number of candidates', async () => {
    const file = 'crosswalk-sandiao-ydyh2023.csv';
    const single = await refusal(fixture({ [file]: edit(file, 2, `0101,水田,0101,水田,1,,${P}`) }));
    expect(single.location).toEqual({ row: 2, field: 'needs_split' });
    const several = await refusal(fixture({ [file]: edit(file, 4, `0102,水浇地,0102,水浇地,0,,${P}`) }));
    expect(several.location).toEqual({ row: 4, field: 'needs_split' });
  });

  it('refuses a missing required column and an unknown crosswalk column', async () => {
    const noParent = await refusal(fixture({ 'gbt21010.csv': 'code,level,name,verification,source\n01,1,耕地,' + P }));
    expect(noParent.location).toEqual({ row: 1, field: 'parent_code' });
    const file = 'crosswalk-sandiao-ydyh2023.csv';
    const extra = await refusal(fixture({ [file]: edit(file, 1, CROSSWALK_HEADER + ',weight') }));
    expect(extra.location).toEqual({ row: 1, field: 'weight' });
  });

  it('refuses a missing classification file and a file it does not know', async () => {
    const missing = await refusal(fixture({ 'czcsxm.csv': null }));
    expect(fileOf(missing)).toBe('czcsxm.csv');
    const stray = await refusal(fixture({ 'crosswalk-sandiao-osm.csv': CROSSWALK_HEADER }));
    expect(fileOf(stray)).toBe('crosswalk-sandiao-osm.csv');
  });

  it('refuses a verification without status and reason, and malformed CSV with its line', async () => {
    const bad = await refusal(fixture({ 'gbt21010.csv': edit('gbt21010.csv', 2, '01,1,耕地,,,checked,fixture') }));
    expect(bad.location).toEqual({ row: 2, field: 'verification' });
    const csv = await refusal(fixture({ 'gbt21010.csv': edit('gbt21010.csv', 2, '01,1,"耕地"x,,,' + P) }));
    expect(csv.location.row).toBe(2);
    const short = await refusal(fixture({ 'gbt21010.csv': edit('gbt21010.csv', 2, '01,1,耕地') }));
    expect(short.location).toEqual({ row: 2 });
  });

  it('reports every problem it found, not only the first', async () => {
    const e = await refusal(
      fixture({
        'sandiao.csv': edit('sandiao.csv', 4, `0102,2,水浇地,,09,${P}`),
        'czcsxm.csv': edit('czcsxm.csv', 2, `201,1,城市,,,${P.replace('PRACTITIONER', 'TRUSTED')}`),
      }),
    );
    const problems = (e.details as { problems: { file: string }[] }).problems;
    expect(problems.map((p) => p.file).sort()).toEqual(['czcsxm.csv', 'sandiao.csv']);
    expect(e.en).toMatch(/\(\+1\)$/);
  });
});

describe('the shipped catalogs', () => {
  let shipped: Catalogs;
  const load = async () => (shipped ??= await readCatalogs());
  const count = (c: Catalogs, classification: string) =>
    c.classes.filter((r) => r.classification === classification).length;
  const targets = (c: Catalogs, from: string, to: string) => {
    const map = new Map<string, Set<string>>();
    for (const x of c.crosswalks.filter((r) => r.from_classification === from && r.to_classification === to))
      map.set(x.from_code, (map.get(x.from_code) ?? new Set()).add(x.to_code));
    return map;
  };

  it('hold every classification with the expected number of classes', async () => {
    const c = await load();
    expect(Object.fromEntries(CLASSIFICATIONS.map((k) => [k, count(c, k)]))).toEqual({
      ydyh2023: 175,
      ydyh2020: 169,
      sandiao: 81,
      czcsxm: 8,
      gbt21010: 85,
    });
    const levels = (k: string) =>
      [1, 2, 3].map((l) => c.classes.filter((r) => r.classification === k && r.level === l).length);
    expect(levels('ydyh2023')).toEqual([24, 111, 40]);
    expect(levels('ydyh2020')).toEqual([24, 106, 39]);
    expect(levels('gbt21010')).toEqual([12, 73, 0]);
  });

  it('map every 三调 DLBM leaf and every 2020 code', async () => {
    const c = await load();
    const leaves = c.classes
      .filter((r) => r.classification === 'sandiao')
      .filter((r) => !c.classes.some((k) => k.classification === 'sandiao' && k.parent_code === r.code))
      .map((r) => r.code)
      .sort();
    expect([...targets(c, 'sandiao', 'ydyh2023').keys()].sort()).toEqual(leaves);
    expect([...targets(c, 'sandiao', 'ydyh2020').keys()].sort()).toEqual(leaves);
    expect(targets(c, 'ydyh2020', 'ydyh2023').size).toBe(169);
  });

  it('agree with themselves: 三调 → 2020 → 2023 gives the 三调 → 2023 candidates at the second level', async () => {
    const c = await load();
    const toLevel2 = (code: string) => code.slice(0, 4);
    const direct = targets(c, 'sandiao', 'ydyh2023');
    const via2020 = targets(c, 'sandiao', 'ydyh2020');
    const migration = targets(c, 'ydyh2020', 'ydyh2023');
    for (const [code, direct2023] of direct) {
      const composed = new Set([...via2020.get(code)!].flatMap((t) => [...migration.get(t)!].map(toLevel2)));
      expect([code, [...composed].sort()]).toEqual([code, [...new Set([...direct2023].map(toLevel2))].sort()]);
    }
  });
});
