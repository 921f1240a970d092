/**
 * Password hashing with Argon2id (@node-rs/argon2: the reference implementation, prebuilt in the npm
 * package — no compiler or download at install). Parameters follow OWASP's Argon2id minimum
 * (m=19 MiB, t=2, p=1); the encoded hash carries them, so raising them later needs no migration.
 */
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { badRequest } from '../errors.js';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(
      'password_too_short',
      `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      { field: 'password' },
    );
  }
  if (password.length > 256) {
    throw badRequest('password_too_long', '密码不能超过 256 个字符', 'the password must not exceed 256 characters', {
      field: 'password',
    });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('lantu-decoy-password-never-matches');
  return decoy;
}
