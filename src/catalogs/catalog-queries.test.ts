import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.js';
import { crosswalk, getClass, listClasses } from './catalog-queries.js';

describeEachStore('catalog queries', (ctx) => {
  it('gets known classes with level, parent and properties', async () => {
    const db = ctx.store.db;
    expect(await getClass(db, 'ydyh2023', '0701')).toMatchObject({
      name: '城镇住宅用地',
      level: 2,
      parent_code: '07',
      properties: { land_or_sea: 'land' },
    });
    expect(await getClass(db, 'ydyh2023', '1207')).toMatchObject({ name: '城镇村道路用地', parent_code: '12' });
    expect(await getClass(db, 'ydyh2023', '1804')).toMatchObject({ properties: { land_or_sea: 'sea' } });
    expect(await getClass(db, 'ydyh2020', '1207')).toMatchObject({ name: '城镇道路用地' });
    expect(await getClass(db, 'ydyh2020', '0601')).toMatchObject({
      name: '乡村道路用地',
      properties: { land_or_sea: 'land', construction: '建设用地' },
    });
    expect(await getClass(db, 'sandiao', '0101')).toMatchObject({ name: '水田', level: 2, parent_code: '01' });
    expect(await getClass(db, 'sandiao', '0303')).toMatchObject({ name: '红树林地', parent_code: '00' });
    expect(await getClass(db, 'sandiao', '1104K')).toMatchObject({
      name: '可调整养殖坑塘',
      properties: { variant: 'K', base_code: '1104A' },
    });
    expect(await getClass(db, 'czcsxm', '201A')).toMatchObject({ name: '城市独立工业用地', level: 1 });
    expect(await getClass(db, 'gbt21010', '0906')).toMatchObject({ name: '风景名胜设施用地', parent_code: '09' });
    expect(await getClass(db, 'ydyh2023', '9999')).toBeNull();
    expect(await getClass(db, 'sandiao', '201')).toBeNull();
  });

  it('lists by level and by parent, in code order', async () => {
    const db = ctx.store.db;
    const top = await listClasses(db, 'ydyh2023', { level: 1 });
    expect(top.map((c) => c.code)).toEqual(Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')));
    const housing = await listClasses(db, 'ydyh2023', { parent: '07' });
    expect(housing.map((c) => `${c.code} ${c.name}`)).toEqual([
      '0701 城镇住宅用地',
      '0702 城镇社区服务设施用地',
      '0703 农村宅基地',
      '0704 农村社区服务设施用地',
    ]);
    const wetland = await listClasses(db, 'sandiao', { parent: '00' });
    expect(wetland.map((c) => c.code)).toEqual(['0303', '0304', '0306', '0402', '0603', '1105', '1106', '1108']);
    expect(await listClasses(db, 'sandiao', { level: 2, parent: '05' })).toHaveLength(2);
    const all = await listClasses(db, 'czcsxm');
    expect(all.map((c) => c.code)).toEqual(['201', '201A', '202', '202A', '203', '203A', '204', '205']);
  });

  it('crosswalks a 1:1 class with needs_split false', async () => {
    const candidates = await crosswalk(ctx.store.db, 'sandiao', '0101', 'ydyh2023');
    expect(candidates).toEqual([expect.objectContaining({ code: '0101', name: '水田', level: 2, needs_split: false })]);
    expect(candidates[0]!.verification).toMatch(/^PRACTITIONER: /);
  });

  it('crosswalks a 1:n class to every candidate with needs_split true', async () => {
    const db = ctx.store.db;
    const garden = await crosswalk(db, 'sandiao', '0204', 'ydyh2023');
    expect(garden.map((c) => [c.code, c.name, c.needs_split])).toEqual([
      ['0204', '油料园地', true],
      ['0205', '其他园地', true],
    ]);
    const paths = await crosswalk(db, 'sandiao', '1006', 'ydyh2020');
    expect(paths.map((c) => c.code)).toEqual(['060101', '2303']);
  });

  it('follows the 2020 → 2023 code migration and answers empty for what is not recorded', async () => {
    const db = ctx.store.db;
    expect((await crosswalk(db, 'ydyh2020', '060102', 'ydyh2023')).map((c) => c.code)).toEqual(['1207']);
    expect((await crosswalk(db, 'ydyh2020', '2303', 'ydyh2023')).map((c) => c.name)).toEqual(['田间道']);
    expect((await crosswalk(db, 'sandiao', '1107A', 'ydyh2020')).map((c) => c.name)).toEqual(['干渠']);
    expect(await crosswalk(db, 'sandiao', '9999', 'ydyh2023')).toEqual([]);
    expect(await crosswalk(db, 'ydyh2023', '0101', 'sandiao')).toEqual([]);
  });
});
