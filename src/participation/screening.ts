/**
 * Automatic screening of what the public writes, before anyone reads it. Two separate concerns:
 *
 * - Personal data (个人信息) — mainland mobile numbers, 18-digit resident ID numbers whose check digit is
 *   right (GB 11643), e-mail addresses and landlines — is masked in the text the public may see and the
 *   comment is flagged 'personal_data'. The text as written stays internal (`public_comment.body`).
 *   An 18-digit number with a wrong check digit is not an ID number (parcel and contract numbers are
 *   long too), so it is left as written.
 * - Spam — links, text the same client already sent, text too short or without any words, and the
 *   banned words (banned-words.ts) — flags the comment 'spam'.
 *
 *   screenText('请联系13812345678') // → { text: '请联系138****5678', flags: ['personal_data'], … }
 */
import { BANNED_WORDS } from './banned-words.js';

export type ScreeningFlag = 'personal_data' | 'spam';

/** ISO 7064 MOD 11-2 check digit of a resident ID number (GB 11643-1999). */
export function idCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return '10X98765432'[sum % 11]!;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dXx]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17]!.toUpperCase();
}

interface Pattern {
  kind: 'id_number' | 'mobile' | 'landline' | 'email';
  regex: RegExp;
  mask: (match: string) => string | null;
}

const stars = (n: number) => '*'.repeat(Math.max(n, 0));

// Order matters: ID numbers before phone numbers, so a phone pattern never bites into an ID's digits
// (each match is replaced before the next pattern runs, and masks contain no digit runs that match).
const PATTERNS: Pattern[] = [
  {
    kind: 'id_number',
    regex: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
    mask: (m) => (isValidIdNumber(m) ? `${m.slice(0, 4)}${stars(10)}${m.slice(14)}` : null),
  },
  {
    kind: 'mobile',
    // 13812345678, 138-1234-5678, 138 1234 5678, +86 138…
    regex: /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g,
    mask: (m) => {
      const digits = m.replace(/\D/g, '').slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(7)}`;
    },
  },
  {
    kind: 'landline',
    // 010-12345678, 0551-6512345, (0551)65123456, 0551 65123456
    regex: /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[-\s])\d{7,8}(?!\d)/g,
    mask: (m) => {
      const area = m.match(/0\d{2,3}/)![0];
      return `${area}-${stars(4)}${m.replace(/\D/g, '').slice(-4)}`;
    },
  },
  {
    kind: 'email',
    regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
    mask: (m) => {
      const [user, domain] = m.split('@') as [string, string];
      return `${user.slice(0, 1)}***@${domain}`;
    },
  },
];

export interface Masked {
  text: string;
  /** What was found, by kind, e.g. { mobile: 1, id_number: 1 }. */
  found: Partial<Record<Pattern['kind'], number>>;
}

/** Mask personal data in a text; the counts say what was masked. */
export function maskPersonalData(text: string): Masked {
  const found: Masked['found'] = {};
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.regex, (m) => {
      const masked = p.mask(m);
      if (masked === null) return m;
      found[p.kind] = (found[p.kind] ?? 0) + 1;
      return masked;
    });
  }
  return { text: out, found };
}

const LINK = /(https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(com|cn|net|org|top|xyz|vip|info|cc)\b/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Reasons a text looks like spam, empty when none. `repeated` is whether this client sent it before. */
export function spamReasons(text: string, repeated = false): string[] {
  const reasons: string[] = [];
  const compact = text.replace(/\s+/g, '');
  // An e-mail address is personal data, not a link: its domain must not count as one.
  if (LINK.test(text.replace(EMAIL, ''))) reasons.push('link');
  if (repeated) reasons.push('repeated');
  // Fewer than 5 characters says nothing a planner can act on; text with no letters or Han characters
  // (only digits and punctuation) or one character over and over is noise.
  const words = compact.match(/[\p{Script=Han}\p{L}]/gu) ?? [];
  if (compact.length < 5 || words.length === 0) reasons.push('too_short');
  else if (compact.length >= 10 && new Set(compact).size / compact.length < 0.2) reasons.push('garbage');
  const lower = text.toLowerCase();
  if (BANNED_WORDS.some((w) => lower.includes(w.toLowerCase()))) reasons.push('banned_word');
  return reasons;
}

export interface Screening {
  /** The text the public may see once approved: personal data masked. */
  publicText: string;
  flags: ScreeningFlag[];
  /** Why, for the moderator: what was masked and which spam signals fired. */
  reasons: string[];
}

export function screenText(text: string, options: { repeated?: boolean } = {}): Screening {
  const masked = maskPersonalData(text);
  const spam = spamReasons(text, options.repeated);
  const flags: ScreeningFlag[] = [];
  if (Object.keys(masked.found).length) flags.push('personal_data');
  if (spam.length) flags.push('spam');
  return { publicText: masked.text, flags, reasons: [...Object.keys(masked.found), ...spam] };
}
