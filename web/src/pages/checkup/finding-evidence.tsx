/**
 * What a drafted finding stands on (src/checkup/finding-rules.ts): the indicator, each zone's frozen
 * value against the year's expected value and the target, the trend as a mini-chart, the gap to a
 * bottom line, the peers it lags; and, asked for separately, Lantu's quantitative support — indicators
 * that move with it across zones and years, and the zones where the shortfall concentrates.
 */
import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import type { Grade } from '../../api/monitoring.js';
import { formatNumber, formatPercent } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useI18n } from '../../i18n/i18n.js';
import { GradeTag } from '../indicators/grade-tag.js';
import { EvidenceView } from './evidence.js';

const TrendMini = lazy(() => import('./trend-mini.js'));

interface Trend {
  slope: number;
  slopeLow: number;
  slopeHigh: number;
  r2: number;
  n: number;
  points: { x: number; y: number }[];
}

interface EvidenceValue {
  zoneCode: string;
  zoneName: string | null;
  value: number | null;
  expected: number | null;
  target: number | null;
  grade: string | null;
  trend?: Trend;
  limit?: number;
  limitYear?: number;
  gap?: number;
  gapPct?: number | null;
  warnings?: { id: number; grade: string; kind: string }[];
  peers?: { n: number; q1: number; median: number; q3: number };
}

interface DraftedEvidence {
  year?: number;
  indicator?: { code: string; name: string; unit: string };
  values?: EvidenceValue[];
  zones?: string[];
}

const isDrafted = (e: unknown): e is DraftedEvidence =>
  !!e && typeof e === 'object' && Array.isArray((e as DraftedEvidence).values) && !!(e as DraftedEvidence).indicator;

export function FindingEvidence({ evidence }: { evidence: unknown }) {
  const { t, pick, locale } = useI18n();
  const zones = useZones();
  if (!isDrafted(evidence)) return <EvidenceView evidence={evidence} />;
  const { indicator, values = [] } = evidence;
  const unit = indicator?.unit ?? '';
  const withTrend = values.find((v) => v.trend?.points?.length);
  const hasGap = values.some((v) => v.gap !== undefined);
  const hasPeers = values.some((v) => v.peers);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small" data-testid="finding-evidence">
      <Typography.Text>
        {indicator?.code} {indicator?.name}
        {unit && `（${unit}）`} · {evidence.year}
      </Typography.Text>
      <Table<EvidenceValue>
        size="small"
        rowKey="zoneCode"
        pagination={values.length > 8 ? { pageSize: 8 } : false}
        dataSource={values}
        scroll={{ x: true }}
        columns={[
          {
            title: t('common.zone'),
            dataIndex: 'zoneCode',
            render: (z: string, v) => v.zoneName ?? zoneName(z, zones, pick),
          },
          {
            title: t('common.value'),
            dataIndex: 'value',
            align: 'right',
            render: (x: number | null) => formatNumber(x, locale),
          },
          {
            title: t('checkup.values.expected'),
            dataIndex: 'expected',
            align: 'right',
            render: (x: number | null) => formatNumber(x, locale),
          },
          {
            title: t('checkup.values.target'),
            dataIndex: 'target',
            align: 'right',
            render: (x: number | null) => formatNumber(x, locale),
          },
          ...(hasGap
            ? [
                {
                  title: t('evidence.field.gap'),
                  key: 'gap',
                  align: 'right' as const,
                  render: (_: unknown, v: EvidenceValue) =>
                    v.gap === undefined
                      ? '—'
                      : `${formatNumber(v.gap, locale)}${v.gapPct != null ? `（${formatNumber(v.gapPct, locale, 1)}%）` : ''}`,
                },
              ]
            : []),
          ...(hasPeers
            ? [
                {
                  title: t('evidence.field.peers'),
                  key: 'peers',
                  render: (_: unknown, v: EvidenceValue) =>
                    v.peers
                      ? t('evidence.peers', {
                          n: v.peers.n,
                          median: formatNumber(v.peers.median, locale),
                          q1: formatNumber(v.peers.q1, locale),
                        })
                      : '—',
                },
              ]
            : []),
          {
            title: t('common.status'),
            dataIndex: 'grade',
            width: 90,
            render: (g: string | null, v) => (
              <GradeTag grade={(g as Grade | null) ?? (v.expected !== null || v.target !== null ? 'green' : 'none')} />
            ),
          },
        ]}
      />
      {withTrend?.trend && (
        <div>
          <Typography.Text type="secondary">
            {t('evidence.trendOf', {
              zone: withTrend.zoneName ?? withTrend.zoneCode,
              slope: formatNumber(withTrend.trend.slope, locale, 3),
              low: formatNumber(withTrend.trend.slopeLow, locale, 3),
              high: formatNumber(withTrend.trend.slopeHigh, locale, 3),
              r2: formatNumber(withTrend.trend.r2, locale, 2),
              unit,
            })}
          </Typography.Text>
          <Suspense fallback={<Loading />}>
            <TrendMini
              series={withTrend.trend.points.map((p) => ({ year: p.x, value: p.y }))}
              label={t('evidence.field.trend')}
            />
          </Suspense>
        </div>
      )}
      {(evidence.zones?.length ?? 0) > 1 && (
        <div>
          <Typography.Text type="secondary">{t('evidence.field.zones')}：</Typography.Text>
          {evidence.zones!.map((z) => (
            <Tag key={z}>{zoneName(z, zones, pick)}</Tag>
          ))}
        </div>
      )}
    </Space>
  );
}

interface Correlation {
  indicatorCode: string;
  name: string | null;
  n: number;
  r: number;
}

interface Support {
  acrossZones?: Correlation[];
  acrossYears?: { zoneCode: string; fromYear: number | null; toYear: number; items: Correlation[] };
  concentration?: {
    n: number;
    median: number | null;
    totalShortfall: number;
    zones: { zoneCode: string; name: string | null; value: number; shortfall: number; share: number }[];
    worstFifth: { zones: number; share: number } | null;
  } | null;
  note?: { zh: string; en: string };
}

function CorrelationTable({ rows, testId }: { rows: Correlation[]; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <Table<Correlation>
      size="small"
      rowKey="indicatorCode"
      data-testid={testId}
      pagination={false}
      dataSource={rows.slice(0, 8)}
      locale={{ emptyText: t('support.none') }}
      columns={[
        { title: t('ind.indicator'), key: 'i', render: (_, c) => `${c.indicatorCode} ${c.name ?? ''}` },
        {
          title: t('support.r'),
          dataIndex: 'r',
          width: 110,
          align: 'right',
          render: (r: number) => (
            <Typography.Text type={Math.abs(r) >= 0.7 ? 'danger' : undefined}>
              {formatNumber(r, locale, 2)}
            </Typography.Text>
          ),
        },
        { title: t('support.n'), dataIndex: 'n', width: 80, align: 'right' },
      ]}
    />
  );
}

export function SupportView({ support }: { support: unknown }) {
  const { t, pick, locale } = useI18n();
  const zones = useZones();
  const s = support as Support;
  if (!s || (!s.acrossZones && !s.concentration)) return <EvidenceView evidence={support} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {s.note && <Alert type="info" showIcon title={pick(s.note)} />}
      <div>
        <Typography.Text strong>{t('support.acrossZones')}</Typography.Text>
        <CorrelationTable rows={s.acrossZones ?? []} testId="support-zones" />
      </div>
      {s.acrossYears && (
        <div>
          <Typography.Text strong>
            {t('support.acrossYears', {
              zone: zoneName(s.acrossYears.zoneCode, zones, pick),
              from: s.acrossYears.fromYear ?? '—',
              to: s.acrossYears.toYear,
            })}
          </Typography.Text>
          <CorrelationTable rows={s.acrossYears.items} testId="support-years" />
        </div>
      )}
      {s.concentration && (
        <div>
          <Typography.Text strong>{t('support.concentration')}</Typography.Text>
          {s.concentration.worstFifth && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('support.worstFifth')}>
                {t('support.worstFifthText', {
                  zones: s.concentration.worstFifth.zones,
                  share: formatPercent(s.concentration.worstFifth.share, locale),
                })}
              </Descriptions.Item>
            </Descriptions>
          )}
          <Table
            size="small"
            rowKey="zoneCode"
            data-testid="support-concentration"
            pagination={false}
            dataSource={s.concentration.zones.slice(0, 10)}
            columns={[
              { title: t('common.zone'), key: 'z', render: (_, z) => z.name ?? zoneName(z.zoneCode, zones, pick) },
              {
                title: t('common.value'),
                dataIndex: 'value',
                align: 'right',
                render: (v: number) => formatNumber(v, locale),
              },
              {
                title: t('support.shortfall'),
                dataIndex: 'shortfall',
                align: 'right',
                render: (v: number) => formatNumber(v, locale),
              },
              {
                title: t('support.share'),
                dataIndex: 'share',
                align: 'right',
                render: (v: number) => formatPercent(v, locale),
              },
            ]}
          />
        </div>
      )}
    </Space>
  );
}
