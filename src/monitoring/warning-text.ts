/**
 * Numbers as warnings print them: at most two decimals (trailing zeros dropped), a real minus sign
 * (−, U+2212) so "−3.2%" never reads as a hyphenated word, and explicit signs on changes.
 *
 *   fmt(1234.5678) // → '1234.57'      pct(-3.21) // → '−3.2%'      signed(0.5) // → '+0.5'
 */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const digits = abs !== 0 && abs < 0.01 ? 4 : 2;
  const text = Number(abs.toFixed(digits)).toString();
  return v < 0 && Number(text) !== 0 ? `−${text}` : text;
}

export function signed(v: number): string {
  const text = fmt(v);
  return text.startsWith('−') || Number(text) === 0 ? text : `+${text}`;
}

export function pct(v: number): string {
  const text = Number(Math.abs(v).toFixed(1)).toString();
  if (Number(text) === 0) return '0%';
  return `${v < 0 ? '−' : '+'}${text}%`;
}

export function rangeText(low: number, high: number): string {
  return `${fmt(low)}～${fmt(high)}`;
}
