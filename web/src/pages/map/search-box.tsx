/** Find a place by name or code (regions, planning units, governance zones) and go there. */
import { AutoComplete, Input } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { cached } from '../../api/cache.js';
import { api } from '../../api/client.js';
import type { Zone } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

export const zoneKindLabel = (zone: Pick<Zone, 'kind' | 'level'>): MessageKey =>
  (zone.kind === 'region' ? `zone.level.${zone.level}` : `zone.kind.${zone.kind}`) as MessageKey;

export function SearchBox({ onFound, disabled }: { onFound(zone: Zone): void; disabled?: boolean }) {
  const { t, pick } = useI18n();
  const [zones, setZones] = useState<Zone[]>([]);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (disabled) return;
    cached
      .zones()
      .then(setZones)
      .catch(() => setZones([]));
  }, [disabled]);

  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return zones
      .filter(
        (z) =>
          z.code.toLowerCase().includes(q) ||
          z.name.includes(query.trim()) ||
          (z.nameEn ?? '').toLowerCase().includes(q),
      )
      .slice(0, 20)
      .map((z) => ({
        value: z.code,
        label: (
          <span className="search-option">
            <span>{pick(z.name, z.nameEn)}</span>
            <span className="search-option-meta">
              {t(zoneKindLabel(z))} · {z.code}
            </span>
          </span>
        ),
      }));
  }, [zones, query, pick, t]);

  const go = async (code: string) => {
    setError(null);
    try {
      const zone = await api.get<Zone>(`/api/zones/${encodeURIComponent(code)}`);
      setQuery(pick(zone.name, zone.nameEn));
      onFound(zone);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <AutoComplete
      value={query}
      options={options}
      onSearch={setQuery}
      onChange={setQuery}
      onSelect={(code: string) => void go(code)}
      style={{ width: 240 }}
      disabled={disabled}
      notFoundContent={query.trim() ? t('map.search.none') : null}
    >
      <Input.Search
        placeholder={disabled ? t('map.search.signInFirst') : t('map.search.placeholder')}
        aria-label={t('map.search.label')}
        status={error ? 'error' : undefined}
        allowClear
        onSearch={(value) => {
          const exact = zones.find((z) => z.code === value.trim() || z.name === value.trim());
          if (exact) void go(exact.code);
          else if (options[0]) void go(options[0].value);
        }}
      />
    </AutoComplete>
  );
}
