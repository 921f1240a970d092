/** `lantu serve` and `lantu migrate`. */
import type { Command } from 'commander';
import type { LantuConfig } from '../../config.js';
import { resolveConfig } from '../../config.js';
import { LantuError } from '../../errors.js';
import { buildServer } from '../../http/server.js';
import { appliedSchemaVersion, currentSchemaVersion, migrate } from '../../store/migrate.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { withStore } from '../context.js';
import { emit, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

export function registerServeCommands(program: Command, globals: () => Global) {
  program
    .command('migrate')
    .description('升级数据库结构并载入标准目录 bring the store to the current schema and load the reference catalogs')
    .action(async () => {
      const g = globals();
      const result = await withStore(
        g,
        async (store) => ({ store: store.kind, location: store.location, ...(await migrate(store)) }),
        {
          migrateFirst: false,
        },
      );
      emit(g, result, () =>
        result.applied.length
          ? `已应用迁移 applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n结构版本 schema version: ${result.schemaVersion} (${result.store}: ${result.location})`
          : `已是最新 already current: schema version ${result.schemaVersion} (${result.store}: ${result.location})`,
      );
    });

  program
    .command('serve')
    .description('启动 Lantu 服务 start the Lantu server')
    .option('--port <port>', 'HTTP 端口 port (LANTU_PORT, default 8030)')
    .option('--host <host>', '监听地址 bind address (LANTU_HOST, default 127.0.0.1)')
    .action(async (o: { port?: string; host?: string }) => {
      const g = globals();
      const config = resolveConfig({ dataDir: g.dataDir, port: o.port, host: o.host });
      const store = await openStore(config);
      const applied = await appliedSchemaVersion(store).catch(() => null);
      if (applied !== currentSchemaVersion()) {
        await store.close();
        throw new LantuError(
          'schema_outdated',
          500,
          `数据库结构不是最新（${applied ?? '未初始化'}）：请先运行 lantu migrate（或 lantu demo 载入示范数据）`,
          `the store's schema is not current (${applied ?? 'not initialised'}): run \`lantu migrate\` first (or \`lantu demo\` for the demo city)`,
        );
      }
      await startServer(store, config, g);
    });
}

/** Listen, print where, and shut down cleanly on SIGINT/SIGTERM. */
export async function startServer(
  store: Store,
  config: LantuConfig,
  g: OutputOptions,
  extra: Record<string, unknown> = {},
) {
  const app = await buildServer({ store, config, logger: process.env.LANTU_LOG === '1' });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new LantuError(
      'listen_failed',
      500,
      code === 'EADDRINUSE'
        ? `端口 ${config.port} 已被占用：请用 --port 或 LANTU_PORT 换一个端口`
        : `无法在 ${config.host}:${config.port} 上监听：${(error as Error).message}`,
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use: choose another with --port or LANTU_PORT`
        : `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
      { field: 'port' },
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  emit(
    g,
    { url, store: store.kind, location: store.location, ...extra },
    () =>
      `Lantu 蓝图 已启动 running at ${url}\n数据 store: ${store.kind} — ${store.location}\nAPI: ${url}/api/openapi.json`,
  );
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
