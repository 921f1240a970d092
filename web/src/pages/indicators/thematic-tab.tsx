/**
 * A thematic map of one indicator in one year: each zone of a level coloured by its value in five
 * quantile classes, drawn on the zones' own vector tiles.
 */
import { Card, Col, InputNumber, Row, Segmented, Space, Spin, Table, Typography } from 'antd';
import type { ExpressionSpecification, Map as MlMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { cached } from '../../api/cache.js';
import { api } from '../../api/client.js';
import type { IndicatorValue } from '../../api/monitoring.js';
import type { LayerView } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { IndicatorSelect, useCatalog, useZones, ZONE_GROUPS } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { homeBounds, type Bounds } from '../../map/home-bounds.js';
import { MapView } from '../../map/map-view.js';
import { Swatch } from '../map/legend-panel.js';

/** ColorBrewer YlGnBu, five classes: light for low values, dark for high. */
const PALETTE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
const LEVELS = ['district', 'unit', 'governance'] as const;

export function quantileBreaks(values: number[], classes = 5): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++)
    breaks.push(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))]!);
  return [...new Set(breaks)];
}

const classOf = (value: number, breaks: number[]) => {
  let k = 0;
  while (k < breaks.length && value >= breaks[k]!) k++;
  return k;
};

export default function ThematicTab({ defaultYear }: { defaultYear: number }) {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  const { catalog } = useCatalog();
  const zones = useZones();
  const [indicator, setIndicator] = useState<string | undefined>();
  const [year, setYear] = useState(defaultYear);
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('unit');
  const [zonesLayer, setZonesLayer] = useState<LayerView | null>(null);
  const [bounds, setBounds] = useState<Bounds | null>(null);

  useEffect(() => {
    cached.layers().then(
      (ls) => setZonesLayer(ls.find((l) => l.category === 'zone') ?? null),
      () => undefined,
    );
    homeBounds(me ?? null).then(setBounds, () => undefined);
  }, [me]);

  const values = useRequest(
    indicator
      ? (signal) =>
          api.get<{ items: IndicatorValue[] }>('/api/indicators/values', { indicator, year, limit: 5000 }, signal)
      : null,
    [indicator, year],
  );
  const group = ZONE_GROUPS.find((g) => g.key === level)!;
  const inLevel = useMemo(() => new Set(zones.filter(group.match).map((z) => z.code)), [zones, group]);
  const rows = useMemo(
    () => (values.data?.items ?? []).filter((v) => v.value !== null && v.period === '' && inLevel.has(v.zoneCode)),
    [values.data, inLevel],
  );
  const breaks = useMemo(() => quantileBreaks(rows.map((r) => r.value!)), [rows]);
  const unit = catalog?.items.find((i) => i.code === indicator)?.unit ?? '';

  const afterSync = useCallback(
    (map: MlMap) => {
      const id = 'thematic-fill';
      const pairs = rows.flatMap((r) => [r.zoneCode, PALETTE[classOf(r.value!, breaks)]!]);
      const colour = (pairs.length
        ? ['match', ['get', 'code'], ...pairs, 'rgba(0,0,0,0)']
        : 'rgba(0,0,0,0)') as unknown as ExpressionSpecification;
      if (!map.getSource('lantu:zones')) return;
      if (map.getLayer(id)) {
        map.setPaintProperty(id, 'fill-color', colour);
        return;
      }
      const first = map.getStyle().layers.find((l) => l.id.startsWith('lantu:zones::'))?.id;
      map.addLayer(
        {
          id,
          type: 'fill',
          source: 'lantu:zones',
          'source-layer': 'zones',
          paint: { 'fill-color': colour, 'fill-opacity': 0.85 },
        },
        first,
      );
    },
    [rows, breaks],
  );

  const legend = [
    ...breaks.map((b, i) => ({
      colour: PALETTE[i]!,
      label: `< ${formatNumber(b, locale)}${i > 0 ? ` (≥ ${formatNumber(breaks[i - 1], locale)})` : ''}`,
    })),
    ...(breaks.length ? [{ colour: PALETTE[breaks.length]!, label: `≥ ${formatNumber(breaks.at(-1), locale)}` }] : []),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <IndicatorSelect value={indicator} onChange={setIndicator} indicators={catalog?.items ?? []} />
        <label className="inline-label">
          {t('common.year')}
          <InputNumber
            value={year}
            min={2000}
            max={2100}
            onChange={(v) => v && setYear(v)}
            aria-label={t('common.year')}
          />
        </label>
        <Segmented
          value={level}
          onChange={(v) => setLevel(v as (typeof LEVELS)[number])}
          options={LEVELS.map((l) => ({ value: l, label: t(ZONE_GROUPS.find((g) => g.key === l)!.label) }))}
        />
      </Space>
      <ErrorAlert error={values.error} onRetry={values.reload} />
      <Row gutter={12}>
        <Col span={16}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <div className="thematic-map">
              {zonesLayer && bounds ? (
                <MapView
                  layers={[zonesLayer]}
                  bounds={bounds}
                  afterSync={afterSync}
                  label={t('ind.thematic.mapLabel')}
                />
              ) : (
                <Spin />
              )}
              {!indicator && (
                <div className="map-empty">
                  <EmptyState description={t('ind.thematic.pick')} />
                </div>
              )}
              {indicator && !values.loading && rows.length === 0 && (
                <div className="map-empty">
                  <EmptyState description={t('ind.thematic.noValues', { year })} />
                </div>
              )}
            </div>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={t('ind.thematic.legend', { unit: unit || '—' })}>
            {legend.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <ul className="plain-list">
                {legend.map((l) => (
                  <li key={l.label}>
                    <Swatch entry={{ colour: l.colour, kind: 'fill' }} /> {l.label}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Table<IndicatorValue>
            size="small"
            style={{ marginTop: 12 }}
            rowKey="zoneCode"
            dataSource={[...rows].sort((a, b) => b.value! - a.value!)}
            pagination={{ pageSize: 8, showSizeChanger: false, size: 'small' }}
            columns={[
              {
                title: t('common.zone'),
                dataIndex: 'zoneCode',
                render: (code: string) => {
                  const z = zones.find((x) => x.code === code);
                  return z ? pick(z.name, z.nameEn) : code;
                },
              },
              {
                title: unit ? `${t('common.value')} (${unit})` : t('common.value'),
                dataIndex: 'value',
                align: 'right',
                render: (v: number) => formatNumber(v, locale),
              },
            ]}
          />
        </Col>
      </Row>
    </>
  );
}
