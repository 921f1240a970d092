/**
 * The public's addresses are never stored. Comments and survey responses keep an HMAC-SHA256 of the
 * client address under a per-installation secret: stable enough to spot one client sending the same
 * text twice or answering a survey twice a day, useless for finding out who they are without the
 * secret (a plain hash of an IPv4 address is reversed by trying all 2³² addresses).
 *
 * The secret: LANTU_SECRET when set (share it between instances behind one balancer); otherwise a random
 * one created once in the data folder (`participation-secret`, mode 0600). When there is no data folder
 * or it cannot be written (a PostgreSQL deployment without one), the secret lives in memory for the
 * process — hashes then change at restart, which only weakens the duplicate guards, never exposes an
 * address; such deployments should set LANTU_SECRET.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

export function participationSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.LANTU_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const cached = cache.get(dataDir);
  if (cached) return cached;
  const file = path.join(dataDir, 'participation-secret');
  let secret: string;
  try {
    secret = fs.readFileSync(file, 'utf8').trim();
  } catch {
    secret = randomBytes(32).toString('hex');
    try {
      // The data folder is the store's to create; a missing one means a deployment without it (PostgreSQL).
      if (!fs.statSync(dataDir).isDirectory()) throw new Error('not a folder');
      // 'wx': two processes starting together must not overwrite each other's secret.
      fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    } catch {
      try {
        secret = fs.readFileSync(file, 'utf8').trim() || secret;
      } catch {
        // read-only folder: keep the in-memory secret
      }
    }
  }
  cache.set(dataDir, secret);
  return secret;
}

export function clientHash(secret: string, address: string): string {
  return createHmac('sha256', secret).update(address).digest('hex');
}
