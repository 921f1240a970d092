/**
 * The trend of one indicator in one zone: annual values against the plan's trajectory and target,
 * the fitted trend and the forecast for the target year with its interval — "will we make it".
 */
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import type { IndicatorValue, Series } from '../../api/monitoring.js';
import { Chart, type ChartOption } from '../../charts/chart.js';
import { formatNumber, formatPercent } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { IndicatorSelect, useCatalog, useZones, ZoneSelect } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { directionLabel, outlookLabel } from './labels.js';

const OUTLOOK_COLOUR = { likely: 'green', uncertain: 'orange', unlikely: 'red' } as const;

export function seriesOption(
  s: Series,
  t: (k: never, p?: Record<string, string | number>) => string,
  locale: 'zh' | 'en',
): ChartOption {
  const tt = t as unknown as (k: string, p?: Record<string, string | number>) => string;
  const values = s.values.filter((v) => v.value !== null).map((v) => [v.year, v.value]);
  const trajectory = s.trajectory.filter((p) => p.expected !== null).map((p) => [p.year, p.expected]);
  const targetPoints = s.target
    ? [[s.target.targetYear, s.target.targetValue], ...s.target.milestones.map((m) => [m.year, m.value])]
    : [];
  const trendLine = s.trend ? s.trend.fitted.map((p) => [p.year, p.value]) : [];
  if (s.trend && s.forecast) trendLine.push([s.forecast.year, s.forecast.value]);
  const years = [...values, ...trajectory, ...targetPoints, ...trendLine].map((p) => p[0] as number);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const fmt = (v: number) => formatNumber(v, locale, 2);
  return {
    grid: { left: 64, right: 24, top: 48, bottom: 40 },
    legend: { top: 8 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmt(v)} ${s.indicator.unit}` : String(v ?? '—')),
    },
    xAxis: {
      type: 'value',
      min: minYear,
      max: maxYear,
      interval: maxYear - minYear > 12 ? 2 : 1,
      axisLabel: { formatter: (v: number) => String(v) },
    },
    yAxis: { type: 'value', name: s.indicator.unit, scale: true, axisLabel: { formatter: (v: number) => fmt(v) } },
    series: [
      {
        name: tt('ind.trend.values'),
        type: 'line',
        data: values,
        symbolSize: 8,
        lineStyle: { width: 2.5, color: '#1d4e89' },
        itemStyle: { color: '#1d4e89' },
        z: 5,
      },
      {
        name: tt('ind.trend.trajectory'),
        type: 'line',
        data: trajectory,
        showSymbol: false,
        lineStyle: { type: 'dashed', color: '#389e0d', width: 2 },
        itemStyle: { color: '#389e0d' },
      },
      {
        name: tt('ind.trend.target'),
        type: 'scatter',
        data: targetPoints,
        symbol: 'diamond',
        symbolSize: 14,
        itemStyle: { color: '#389e0d' },
      },
      {
        name: tt('ind.trend.fitted'),
        type: 'line',
        data: trendLine,
        showSymbol: false,
        lineStyle: { type: 'dotted', color: '#fa8c16', width: 2 },
        itemStyle: { color: '#fa8c16' },
      },
      ...(s.forecast
        ? [
            {
              name: tt('ind.trend.forecast'),
              type: 'custom',
              data: [[s.forecast.year, s.forecast.low, s.forecast.high, s.forecast.value]],
              // The interval's ends count in the y axis's extent, so the bar is never cut off.
              encode: { x: 0, y: [1, 2] },
              itemStyle: { color: '#fa8c16' },
              renderItem: (
                _params: unknown,
                api: { value(i: number): number; coord(p: number[]): number[]; style(): object },
              ) => {
                const x = api.value(0);
                const low = api.coord([x, api.value(1)]);
                const high = api.coord([x, api.value(2)]);
                const mid = api.coord([x, api.value(3)]);
                const w = 8;
                const style = { stroke: '#fa8c16', lineWidth: 2 };
                return {
                  type: 'group',
                  children: [
                    { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
                    { type: 'line', shape: { x1: low[0]! - w, y1: low[1], x2: low[0]! + w, y2: low[1] }, style },
                    { type: 'line', shape: { x1: high[0]! - w, y1: high[1], x2: high[0]! + w, y2: high[1] }, style },
                    {
                      type: 'circle',
                      shape: { cx: mid[0], cy: mid[1], r: 5 },
                      style: { fill: '#fff', stroke: '#fa8c16', lineWidth: 2 },
                    },
                  ],
                };
              },
              tooltip: {
                trigger: 'item',
                formatter: () =>
                  tt('ind.trend.forecastTip', {
                    year: s.forecast!.year,
                    value: fmt(s.forecast!.value),
                    low: fmt(s.forecast!.low),
                    high: fmt(s.forecast!.high),
                    unit: s.indicator.unit,
                    confidence: Math.round(s.forecast!.confidence * 100),
                  }),
              },
            },
          ]
        : []),
    ],
  };
}

export default function TrendTab() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const { catalog } = useCatalog();
  const zones = useZones();
  const indicator = params.get('indicator') ?? undefined;
  const zone = params.get('zone') ?? zones.find((z) => z.kind === 'region' && z.level === 'city')?.code;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const series = useRequest(
    indicator && zone
      ? (signal) => api.get<Series>(`/api/indicators/${encodeURIComponent(indicator)}/series`, { zone }, signal)
      : null,
    [indicator, zone],
  );
  const option = useMemo(
    () =>
      series.data && series.data.values.length + series.data.trajectory.length > 0
        ? seriesOption(series.data, t as never, locale)
        : null,
    [series.data, t, locale],
  );
  const s = series.data;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <IndicatorSelect value={indicator} onChange={(v) => set('indicator', v)} indicators={catalog?.items ?? []} />
        <ZoneSelect value={zone} onChange={(v) => set('zone', v)} zones={zones} />
      </Space>
      {!indicator && <EmptyState description={t('ind.trend.pick')} />}
      <ErrorAlert error={series.error} onRetry={series.reload} />
      {s && (
        <Card loading={series.loading} size="small">
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>
              {pick(s.zone.name, s.zone.nameEn)} · {s.indicator.code} {pick(s.indicator.name, s.indicator.nameEn)}
            </Typography.Text>
            <Tag>{t(directionLabel(s.indicator.direction))}</Tag>
            {s.target?.binding && <Tag color="red">{t('ind.attribute.binding')}</Tag>}
            {s.target?.bottomLine && <Tag color="volcano">{t('ind.bottomLine')}</Tag>}
            {s.forecast && (
              <Tag color={OUTLOOK_COLOUR[s.forecast.outlook]} data-testid="outlook">
                {t(outlookLabel(s.forecast.outlook))}
              </Tag>
            )}
          </Space>
          {option ? (
            <Chart
              option={option}
              label={t('ind.trend.chartLabel', { indicator: pick(s.indicator.name, s.indicator.nameEn) })}
            />
          ) : (
            <EmptyState description={t('ind.trend.noValues')} />
          )}
          {s.forecast && (
            <Alert
              type={
                s.forecast.outlook === 'likely' ? 'success' : s.forecast.outlook === 'uncertain' ? 'warning' : 'error'
              }
              showIcon
              title={t('ind.trend.outlookText', {
                year: s.forecast.year,
                value: formatNumber(s.forecast.value, locale),
                low: formatNumber(s.forecast.low, locale),
                high: formatNumber(s.forecast.high, locale),
                unit: s.indicator.unit,
                target: formatNumber(s.forecast.target, locale),
                outlook: t(outlookLabel(s.forecast.outlook)),
              })}
              style={{ margin: '8px 0' }}
            />
          )}
          {s.target && (
            <Descriptions
              size="small"
              column={4}
              items={[
                {
                  key: 'base',
                  label: t('ind.trend.base', { year: s.target.baseYear }),
                  children: `${formatNumber(s.target.baseValue, locale)} ${s.indicator.unit}`,
                },
                ...s.target.milestones.map((m) => ({
                  key: `m${m.year}`,
                  label: t('ind.trend.milestone', { year: m.year }),
                  children: `${formatNumber(m.value, locale)} ${s.indicator.unit}`,
                })),
                {
                  key: 'target',
                  label: t('ind.trend.targetYear', { year: s.target.targetYear }),
                  children: `${formatNumber(s.target.targetValue, locale)} ${s.indicator.unit}`,
                },
                ...(s.trend ? [{ key: 'r2', label: 'R²', children: formatNumber(s.trend.r2, locale, 3) }] : []),
              ]}
            />
          )}
          <ValuesTable values={s.values} unit={s.indicator.unit} />
        </Card>
      )}
    </>
  );
}

export function ValuesTable({ values, unit }: { values: IndicatorValue[]; unit: string }) {
  const { t, locale } = useI18n();
  return (
    <Table<IndicatorValue>
      size="small"
      rowKey={(v) => `${v.year}|${v.period}`}
      dataSource={values}
      pagination={false}
      columns={[
        { title: t('common.year'), dataIndex: 'year', width: 80 },
        {
          title: `${t('common.value')} (${unit})`,
          dataIndex: 'value',
          render: (v: number | null) => formatNumber(v, locale),
        },
        { title: t('ind.expected'), key: 'exp', render: (_, v) => formatNumber(v.evaluation?.expected, locale) },
        {
          title: t('ind.deviation'),
          key: 'dev',
          render: (_, v) =>
            v.evaluation?.deviationPct == null ? '—' : formatPercent(v.evaluation.deviationPct / 100, locale),
        },
        { title: t('ind.method'), dataIndex: 'method', render: (m: string) => t(`ind.method.${m}` as never) },
        {
          title: t('ind.stale'),
          dataIndex: 'stale',
          render: (s: boolean) => (s ? <Tag color="orange">{t('ind.staleYes')}</Tag> : t('common.no')),
        },
      ]}
    />
  );
}
