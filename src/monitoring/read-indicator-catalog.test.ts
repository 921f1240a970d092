import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LantuError } from '../errors.js';
import { INDICATOR_CATALOG_DIR, readIndicatorCatalog } from './read-indicator-catalog.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-indicators-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A copy of the shipped catalog with one file edited. */
function variant(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(temp, 'v-'));
  for (const f of fs.readdirSync(INDICATOR_CATALOG_DIR))
    fs.copyFileSync(path.join(INDICATOR_CATALOG_DIR, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}

async function problemsOf(dir: string) {
  try {
    await readIndicatorCatalog(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(LantuError);
    return (error as LantuError).details as { problems: { file: string; row?: number; field?: string; en: string }[] };
  }
  throw new Error('the catalog was accepted');
}

describe('the shipped indicator catalog', () => {
  it('holds the 122 TD/T 1063 indicators (33 basic), 36 master-plan indicators and the local ones', async () => {
    const c = await readIndicatorCatalog();
    const bySystem = (s: string) => c.indicators.filter((i) => i.source_system === s);
    expect(bySystem('tdt1063')).toHaveLength(122);
    expect(bySystem('tdt1063').filter((i) => i.tier === 'basic')).toHaveLength(33);
    expect(new Set(bySystem('tdt1063').map((i) => i.dimension))).toEqual(
      new Set(['安全', '创新', '协调', '绿色', '开放', '共享']),
    );
    expect(bySystem('master_plan')).toHaveLength(36);
    expect(new Set(bySystem('master_plan').map((i) => i.dimension))).toEqual(
      new Set(['空间底线', '空间结构与效率', '空间品质']),
    );
    // Local indicators and links are Lantu's own and grow; the two named by issue #4 are there.
    expect(bySystem('local').map((i) => i.code)).toEqual(expect.arrayContaining(['LOC-01', 'LOC-02']));
    expect(c.mappings.length).toBeGreaterThanOrEqual(39);
    expect(c.mappings.filter((m) => m.relation === 'component').map((m) => m.to_code)).toEqual([
      'GX-10',
      'GX-13',
      'GX-14',
      'GX-15',
      'GX-17',
      'GX-26',
    ]);
    expect(c.rules).toHaveLength(8);
    expect(c.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps provenance per claim and leads with the weakest', async () => {
    const c = await readIndicatorCatalog();
    const byCode = new Map(c.indicators.map((i) => [i.code, i]));
    // 耕地保有量: basic per the release article (VERIFIED), name from a third-party tree, unit inferred.
    expect(byCode.get('AQ-11')!.verification).toBe('UNVERIFIED: name PRACTITIONER; class VERIFIED; unit UNVERIFIED');
    expect(byCode.get('AQ-11')!.source).toContain('release article');
    expect(byCode.get('MP-04')!.verification).toMatch(/^UNVERIFIED: .*reconstructed from memory/);
    expect(c.indicators.every((i) => /^(VERIFIED|PRACTITIONER|UNVERIFIED): /.test(i.verification) && i.source)).toBe(
      true,
    );
  });

  it('names a formula key for every computed indicator and none for the others', async () => {
    const c = await readIndicatorCatalog();
    for (const i of c.indicators) expect(Boolean(i.formula_key)).toBe(i.method === 'computed');
    expect(c.indicators.filter((i) => i.method === 'computed').length).toBeGreaterThanOrEqual(30);
  });
});

describe('checks before anything is loaded', () => {
  it('names the file, line and field of each problem', async () => {
    const dir = variant('tdt1063.csv', (t) =>
      t.replace('AQ-02,地下水水位', 'AQ-2,地下水水位').replace(',m³/人,lower_better,', ',m³/人,downwards,'),
    );
    const { problems } = await problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'tdt1063.csv', row: 3, field: 'code' }),
        expect.objectContaining({ file: 'tdt1063.csv', row: 2, field: 'direction' }),
      ]),
    );
  });

  it('refuses a mapping whose name does not match, or a "same" mapping between different units', async () => {
    const dir = variant('mapping.csv', (t) =>
      t
        .replace('MP-04,耕地保有量,AQ-11,耕地保有量', 'MP-04,耕地面积,AQ-11,耕地保有量')
        .replace('MP-15,常住人口规模,XT-01', 'MP-15,常住人口规模,XT-02'),
    );
    const { problems } = await problemsOf(dir);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['from_name', 'to_name', 'relation']));
  });

  it('refuses a computed indicator without a formula key and a rule of an unknown kind', async () => {
    const a = variant('local.csv', (t) => t.replace(',computed,development_intensity,', ',computed,,'));
    expect((await problemsOf(a)).problems[0]).toMatchObject({ file: 'local.csv', row: 2, field: 'formula_key' });
    const b = variant('warning-rules.csv', (t) => t.replace(',deviation,blue,1,', ',deviance,blue,1,'));
    expect((await problemsOf(b)).problems[0]).toMatchObject({ file: 'warning-rules.csv', row: 6, field: 'kind' });
  });
});
