/** The per-installation secret behind client hashes: from LANTU_SECRET, else created once in the data folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clientHash, participationSecret } from './client-hash.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-secret-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('creates the secret once in the data folder, readable by the owner only, and keeps it', () => {
  const secret = participationSecret(dir, {});
  const file = path.join(dir, 'participation-secret');
  expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect(participationSecret(dir, {})).toBe(secret);
});

it('prefers LANTU_SECRET and never creates a missing data folder', () => {
  expect(participationSecret(dir, { LANTU_SECRET: ' shared ' })).toBe('shared');
  const missing = path.join(dir, 'absent');
  expect(participationSecret(missing, {})).toMatch(/^[0-9a-f]{64}$/);
  expect(fs.existsSync(missing)).toBe(false);
});

it('hashes an address with the key: same address same hash, another key another hash', () => {
  // HMAC-SHA256('k', '203.0.113.7'), worked out with `printf 203.0.113.7 | openssl dgst -sha256 -hmac k`
  expect(clientHash('k', '203.0.113.7')).toBe('024f38e394d6c69db316cba1600f4a82088d71babaeb09eef8b9e0f33399d37a');
  expect(clientHash('k', '203.0.113.7')).not.toBe(clientHash('other', '203.0.113.7'));
  expect(clientHash('k', '203.0.113.7')).not.toContain('203');
});
