/**
 * Words that hold a public comment for a moderator, kept as data apart from the screening logic so a
 * bureau can extend the list without touching the rules. Matching is case-insensitive substring
 * matching: a listed word anywhere in the text flags the comment as spam (held, never rejected
 * automatically — a moderator decides).
 */
export const BANNED_WORDS: readonly string[] = [
  // advertising and fraud patterns seen on government message boards
  '代开发票',
  '加微信',
  '加我微信',
  '刷单',
  '兼职日结',
  '贷款秒批',
  '博彩',
  '赌博',
  '六合彩',
  '代办证件',
  'casino',
  'viagra',
  // abuse
  '傻逼',
  '去死',
];
