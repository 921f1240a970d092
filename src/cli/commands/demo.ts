/** `lantu demo` — generate and load the demo city (示范市) into the store, create its accounts, optionally serve. */
import type { Command } from 'commander';
import { recordAudit } from '../../auth/audit.js';
import { SYSTEM } from '../../auth/principal.js';
import { ROLE_LABELS } from '../../auth/roles.js';
import { createUser } from '../../auth/users.js';
import { resolveConfig } from '../../config.js';
import { badRequest, LantuError } from '../../errors.js';
import {
  DEFAULT_DEMO_OPTIONS,
  generateDemoCity,
  loadDemoCity,
  writeDirtySample,
  type DemoLoadSummary,
} from '../../demo/index.js';
import { prepareLayerTiles } from '../../services/tile-prepare.js';
import { migrate } from '../../store/migrate.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { emit, type OutputOptions } from '../output.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { startServer } from './serve.js';

type Global = OutputOptions & { dataDir?: string };

interface DemoFlags {
  seed: string;
  patches: string;
  years: string;
  serve?: boolean;
  port?: string;
  host?: string;
  dirty?: string;
}

export function registerDemoCommand(program: Command, globals: () => Global) {
  program
    .command('demo')
    .description('生成并载入示范市数据和演示账号 generate and load the demo city and its accounts')
    .option('--seed <seed>', '随机种子 seed (same seed, same city)', DEFAULT_DEMO_OPTIONS.seed)
    .option(
      '--patches <n>',
      '每个调查年度的图斑数 land-survey patches per survey year',
      String(DEFAULT_DEMO_OPTIONS.patches),
    )
    .option(
      '--years <range>',
      '调查年度 survey years, e.g. 2020-2025 or 2025',
      `${DEFAULT_DEMO_OPTIONS.years[0]}-${DEFAULT_DEMO_OPTIONS.years.at(-1)}`,
    )
    .option('--serve', '载入后启动服务 start the server afterwards')
    .option('--port <port>', 'HTTP 端口 port (with --serve)')
    .option('--host <host>', '监听地址 bind address (with --serve)')
    .option('--dirty <dir>', '只写出“脏数据”样例到目录 only write the dirty sample files to <dir>')
    .action(async (o: DemoFlags) => {
      const g = globals();
      if (o.dirty) {
        const result = await writeDirtySample(o.dirty, o.seed);
        emit(
          g,
          result,
          () => `已写出脏数据样例 wrote the dirty sample (${result.faults} faults): ${result.files.join(', ')}`,
        );
        return;
      }
      const patches = parsePatches(o.patches);
      const years = parseYears(o.years);
      const config = resolveConfig({ dataDir: g.dataDir, port: o.port, host: o.host });
      const store = await openStore(config);
      let summary: DemoLoadSummary | 'already-loaded';
      try {
        await migrate(store);
        summary = await loadOnce(store, { seed: o.seed, patches, years }, g);
        await ensureAccounts(store);
      } catch (error) {
        await store.close();
        throw error;
      }
      const accounts = DEMO_ACCOUNTS.map((a) => ({
        username: a.username,
        password: DEMO_PASSWORD,
        role: a.role,
        region: a.regionCode,
        department: a.departmentCode,
      }));
      const result = { store: store.kind, location: store.location, loaded: summary, accounts };
      if (!o.serve) {
        await store.close();
        emit(g, result, () => describe(result));
        return;
      }
      if (!g.json) process.stdout.write(describe(result) + '\n');
      await startServer(store, config, g, g.json ? result : {});
    });
}

async function loadOnce(store: Store, options: { seed: string; patches: number; years: number[] }, g: Global) {
  const progress = (stage: string, done: number, total: number) => {
    if (!g.json && process.stderr.isTTY) process.stderr.write(`\r  ${stage} ${done}/${total}        `);
  };
  try {
    if (!g.json)
      process.stderr.write(
        `生成示范市 generating the demo city (seed ${options.seed}, ${options.patches} patches × ${options.years.length} years)…\n`,
      );
    const city = generateDemoCity(options);
    const summary = await loadDemoCity(store, city, progress);
    await prepareLayerTiles(store);
    if (!g.json && process.stderr.isTTY) process.stderr.write('\n');
    await recordAudit(store.db, SYSTEM, {
      activity: 'demo.loaded',
      entityType: 'store',
      regionCode: '9901',
      after: { ...options, ...summary },
    });
    return summary;
  } catch (error) {
    if (error instanceof LantuError && error.code === 'demo_already_loaded') return 'already-loaded' as const;
    throw error;
  }
}

async function ensureAccounts(store: Store) {
  for (const account of DEMO_ACCOUNTS) {
    const exists = await store.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirst();
    if (exists) continue;
    await createUser(store.db, SYSTEM, { ...account, password: DEMO_PASSWORD });
  }
}

function describe(r: {
  store: string;
  location: string;
  loaded: DemoLoadSummary | 'already-loaded';
  accounts: { username: string; role: string; region: string }[];
}) {
  const loaded =
    r.loaded === 'already-loaded'
      ? '示范市数据已存在，未重复载入 the demo city was already loaded; nothing reloaded'
      : `已载入示范市 loaded the demo city: ${r.loaded.zones} zones, ${Object.entries(r.loaded.features)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} in ${r.loaded.seconds.toFixed(1)} s`;
  const rows = r.accounts.map(
    (a) =>
      `  ${a.username.padEnd(12)} ${DEMO_PASSWORD}   ${ROLE_LABELS[a.role as keyof typeof ROLE_LABELS].zh} ${a.role}${a.region ? ` · ${a.region}` : ''}`,
  );
  return [
    loaded,
    `数据 store: ${r.store} — ${r.location}`,
    '演示账号（仅用于演示）demo accounts (demo only):',
    ...rows,
  ].join('\n');
}

function parsePatches(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1000 || n > 5_000_000) {
    throw badRequest(
      'patches_invalid',
      `--patches “${text}” 无效：应为 1000 到 5000000 之间的整数`,
      `--patches "${text}" is invalid: expected a whole number from 1000 to 5000000`,
      {
        field: '--patches',
      },
    );
  }
  return n;
}

function parseYears(text: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  const from = Number(m?.[1]);
  const to = Number(m?.[2] ?? m?.[1]);
  if (!m || from < 2020 || to > 2025 || from > to) {
    throw badRequest(
      'years_invalid',
      `--years “${text}” 无效：应为 2020 到 2025 之间的年份或范围，如 2020-2025`,
      `--years "${text}" is invalid: expected a year or range within 2020–2025, e.g. 2020-2025`,
      {
        field: '--years',
      },
    );
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
