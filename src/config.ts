/**
 * Settings from the environment and command-line flags (flags win). Every bad value is refused with a
 * message that names the setting.
 */
import path from 'node:path';
import { LantuError } from './errors.js';

export interface LantuConfig {
  /** Folder of the embedded store (LANTU_DATA_DIR / --data-dir). */
  dataDir: string;
  /** PostgreSQL URL (LANTU_DATABASE_URL); when set, the embedded store is not used. */
  databaseUrl: string | null;
  /** PostgreSQL schema for Lantu's tables (LANTU_DATABASE_SCHEMA, or ?schema= in the URL). */
  databaseSchema: string | null;
  /** HTTP port (LANTU_PORT / --port). */
  port: number;
  /** HTTP bind address (LANTU_HOST / --host). */
  host: string;
  /** Session lifetime in hours (LANTU_SESSION_HOURS). */
  sessionHours: number;
  /** Mark session cookies Secure (LANTU_SECURE_COOKIES=1 behind HTTPS). */
  secureCookies: boolean;
}

export interface ConfigFlags {
  dataDir?: string;
  port?: string | number;
  host?: string;
}

export function resolveConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): LantuConfig {
  return {
    dataDir: path.resolve(flags.dataDir ?? env.LANTU_DATA_DIR ?? 'lantu-data'),
    databaseUrl: env.LANTU_DATABASE_URL?.trim() || null,
    databaseSchema: env.LANTU_DATABASE_SCHEMA?.trim() || null,
    port: parseInteger(
      flags.port ?? env.LANTU_PORT ?? '8030',
      flags.port !== undefined ? '--port' : 'LANTU_PORT',
      0,
      65535,
    ),
    host: flags.host ?? env.LANTU_HOST ?? '127.0.0.1',
    sessionHours: parseInteger(env.LANTU_SESSION_HOURS ?? '12', 'LANTU_SESSION_HOURS', 1, 24 * 30),
    secureCookies: env.LANTU_SECURE_COOKIES === '1' || env.LANTU_SECURE_COOKIES === 'true',
  };
}

function parseInteger(raw: string | number, name: string, min: number, max: number): number {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LantuError(
      'config_invalid',
      500,
      `设置 ${name} 的值 “${raw}” 无效：应为 ${min} 到 ${max} 之间的整数`,
      `setting ${name} = "${raw}" is invalid: expected a whole number from ${min} to ${max}`,
      { field: name },
    );
  }
  return value;
}
