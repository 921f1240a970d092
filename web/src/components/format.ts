/** Numbers, areas, lengths and times as a Chinese (or English) reader expects them. */
import { translate, type Locale } from '../i18n/i18n.js';

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en-GB');

export function formatNumber(value: number | null | undefined, locale: Locale, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(tag(locale), { maximumFractionDigits: digits });
}

/** An ellipsoidal area in m², in m² below a hectare, hectares below a square kilometre, then km². */
export function formatArea(m2: number | null | undefined, locale: Locale): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—';
  if (m2 < 10_000) return `${formatNumber(m2, locale, 1)} ${translate(locale, 'unit.m2')}`;
  if (m2 < 1_000_000) return `${formatNumber(m2 / 10_000, locale, 2)} ${translate(locale, 'unit.ha')}`;
  return `${formatNumber(m2 / 1_000_000, locale, 3)} ${translate(locale, 'unit.km2')}`;
}

export function formatLength(m: number | null | undefined, locale: Locale): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '—';
  if (m < 1000) return `${formatNumber(m, locale, 1)} ${translate(locale, 'unit.m')}`;
  return `${formatNumber(m / 1000, locale, 3)} ${translate(locale, 'unit.km')}`;
}

export function formatTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(tag(locale), { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(tag(locale), { dateStyle: 'medium' } as Intl.DateTimeFormatOptions);
}

export function formatPercent(share: number | null | undefined, locale: Locale, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${formatNumber(share * 100, locale, digits)}%`;
}

/** A list joined as the language writes lists. */
export const joinList = (items: string[], locale: Locale) => items.join(locale === 'zh' ? '、' : ', ');
