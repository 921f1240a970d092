/** Choosing an indicator or a zone: searchable by code and by name in either language. */
import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { cached } from '../api/cache.js';
import { api } from '../api/client.js';
import type { Catalog, Indicator } from '../api/monitoring.js';
import type { Zone } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages/index.js';

let catalogPromise: Promise<Catalog> | null = null;
export function loadCatalog(): Promise<Catalog> {
  catalogPromise ??= api.get<Catalog>('/api/indicators').catch((e: unknown) => {
    catalogPromise = null;
    throw e;
  });
  return catalogPromise;
}
export const forgetCatalog = () => {
  catalogPromise = null;
};

export function useCatalog(): { catalog: Catalog | null; error: unknown } {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadCatalog().then(setCatalog, setError);
  }, []);
  return { catalog, error };
}

export function useZones(): Zone[] {
  const [zones, setZones] = useState<Zone[]>([]);
  useEffect(() => {
    cached.zones().then(setZones, () => setZones([]));
  }, []);
  return zones;
}

export function indicatorLabel(i: Indicator, pick: (zh: string, en?: string | null) => string) {
  return `${i.code} ${pick(i.name, i.nameEn)}`;
}

export function IndicatorSelect({
  value,
  onChange,
  indicators,
  style,
  placeholder,
  id,
}: {
  value?: string;
  onChange?(code: string): void;
  indicators: Indicator[];
  style?: React.CSSProperties;
  placeholder?: string;
  id?: string;
}) {
  const { t, pick } = useI18n();
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t('ind.pickIndicator')}
      style={style ?? { width: 360 }}
      options={indicators.map((i) => ({ value: i.code, label: indicatorLabel(i, pick) }))}
      aria-label={t('ind.indicator')}
    />
  );
}

/** Zone groups the monitoring computes for: city, districts, central urban area, units, governance zones. */
export const ZONE_GROUPS: { key: string; label: MessageKey; match(z: Zone): boolean }[] = [
  { key: 'city', label: 'zone.level.city', match: (z) => z.kind === 'region' && z.level === 'city' },
  { key: 'district', label: 'zone.level.county', match: (z) => z.kind === 'region' && z.level === 'county' },
  { key: 'central_urban', label: 'zone.kind.central_urban', match: (z) => z.kind === 'central_urban' },
  { key: 'unit', label: 'zone.kind.planning_unit', match: (z) => z.kind === 'planning_unit' },
  { key: 'governance', label: 'zone.kind.governance', match: (z) => z.kind === 'governance' },
  { key: 'township', label: 'zone.level.township', match: (z) => z.kind === 'region' && z.level === 'township' },
];

export function ZoneSelect({
  value,
  onChange,
  zones,
  groups = ['city', 'district', 'central_urban', 'unit', 'governance'],
  style,
  id,
}: {
  value?: string;
  onChange?(code: string): void;
  zones: Zone[];
  groups?: string[];
  style?: React.CSSProperties;
  id?: string;
}) {
  const { t, pick } = useI18n();
  const options = useMemo(
    () =>
      ZONE_GROUPS.filter((g) => groups.includes(g.key))
        .map((g) => ({
          label: t(g.label),
          title: t(g.label),
          options: zones
            .filter(g.match)
            .map((z) => ({ value: z.code, label: `${pick(z.name, z.nameEn)} (${z.code})` })),
        }))
        .filter((g) => g.options.length > 0),
    [zones, groups, t, pick],
  );
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      placeholder={t('ind.pickZone')}
      style={style ?? { width: 280 }}
      options={options}
      aria-label={t('common.zone')}
    />
  );
}

export function zoneName(code: string, zones: Zone[], pick: (zh: string, en?: string | null) => string): string {
  const z = zones.find((x) => x.code === code);
  return z ? pick(z.name, z.nameEn) : code;
}
