/**
 * A small world for API tests: city 9901 with two districts (990102, 990103), a township in each, a
 * public and an internal layer, a department, and one user per role we need — built through the same
 * functions the product uses (createUser), except the regions, which only data loads create.
 */
import type { FastifyInstance } from 'fastify';
import type { MultiPolygon } from 'geojson';
import { SYSTEM } from '../src/auth/principal.js';
import type { Role } from '../src/auth/roles.js';
import { createUser } from '../src/auth/users.js';
import { resolveConfig } from '../src/config.js';
import { buildServer } from '../src/http/server.js';
import { nowIso, type Store } from '../src/store/store.js';

export const PASSWORD = 'correct-horse-battery';

export const square = (x: number, y: number, size = 0.1): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  ],
});

const REGIONS: [code: string, level: string, name: string, parent: string | null, geom: MultiPolygon][] = [
  ['99', 'province', '示范省', null, square(117, 31, 0.4)],
  ['9901', 'city', '示范市', '99', square(117, 31, 0.4)],
  ['990102', 'county', '示范一区', '9901', square(117, 31, 0.2)],
  ['990103', 'county', '示范二区', '9901', square(117.2, 31, 0.2)],
  ['990102001', 'township', '一区街道', '990102', square(117, 31, 0.2)],
  ['990103001', 'township', '二区街道', '990103', square(117.2, 31, 0.2)],
];

export const USERS: { username: string; role: Role; regionCode: string; departmentCode?: string }[] = [
  { username: 'admin', role: 'admin', regionCode: '9901' },
  { username: 'planner', role: 'planner', regionCode: '9901' },
  { username: 'planner_d1', role: 'planner', regionCode: '990102' },
  { username: 'planner_d2', role: 'planner', regionCode: '990103' },
  { username: 'evaluator', role: 'evaluator', regionCode: '9901' },
  { username: 'dept', role: 'department_officer', regionCode: '9901', departmentCode: 'jyj' },
  { username: 'leader', role: 'leader', regionCode: '9901' },
  { username: 'citizen', role: 'public', regionCode: '' },
];

export async function seedWorld(store: Store): Promise<void> {
  const now = nowIso();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('department')
      .values({ code: 'jyj', name: '教育局', name_en: 'Education Bureau', region_code: '9901' })
      .execute();
    for (const [code, level, name, parent, geom] of REGIONS) {
      await trx
        .insertInto('zone')
        .values({
          code,
          kind: 'region',
          level,
          name,
          name_en: null,
          parent_code: parent,
          region_code: code,
          attrs: null,
          geom: store.dialect.encodeGeometry(geom),
        })
        .execute();
    }
    for (const [code, isPublic, region] of [
      ['redline', 1, '9901'],
      ['survey-d1', 0, '990102'],
    ] as const) {
      const layer = await trx
        .insertInto('layer')
        .values({
          code,
          title: code === 'redline' ? '生态保护红线' : '一区现状',
          category: code === 'redline' ? 'control_line' : 'land_survey',
          feature_table: code === 'redline' ? 'control_line' : 'land_survey',
          is_public: isPublic,
          region_code: region,
          feature_count: 1,
          created_at: now,
          updated_at: now,
          created_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (code === 'redline') {
        await trx
          .insertInto('control_line')
          .values({
            layer_id: layer.id,
            region_code: '990102001',
            line_type: '生态保护红线',
            sub_type: null,
            name: '红线一',
            attrs: null,
            geom: store.dialect.encodeGeometry(square(117.01, 31.01, 0.02)),
          })
          .execute();
      } else {
        await trx
          .insertInto('land_survey')
          .values({
            layer_id: layer.id,
            region_code: '990102001',
            bsm: '1',
            dlbm: '0101',
            dlmc: '水田',
            czcsxm: null,
            attrs: JSON.stringify({ DLBM: '0101' }),
            geom: store.dialect.encodeGeometry(square(117.05, 31.05, 0.01)),
          })
          .execute();
      }
    }
  });
  for (const u of USERS) await createUser(store.db, SYSTEM, { ...u, password: PASSWORD });
}

export async function startApi(store: Store): Promise<FastifyInstance> {
  const app = await buildServer({ store, config: resolveConfig({ dataDir: '/nonexistent' }, {}) });
  await app.ready();
  return app;
}

/** Sign in and return the bearer token. */
export async function tokenFor(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
  return (res.json() as { token: string }).token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
