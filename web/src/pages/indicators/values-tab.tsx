/** Values by zone and year: each indicator's value against this year's expected value, with its status. */
import { InputNumber, Space, Table, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { worstGrade, type Grade, type IndicatorValue, type WarningPage } from '../../api/monitoring.js';
import { formatNumber, formatPercent, formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useCatalog, useZones, ZoneSelect } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { GradeTag } from './grade-tag.js';
import { methodLabel } from './labels.js';

export default function ValuesTab({ defaultYear }: { defaultYear: number }) {
  const { t, pick, locale } = useI18n();
  const zones = useZones();
  const { catalog } = useCatalog();
  const [year, setYear] = useState<number>(defaultYear);
  const [zone, setZone] = useState<string | undefined>();
  const zoneCode = zone ?? zones.find((z) => z.kind === 'region' && z.level === 'city')?.code;
  const values = useRequest(
    zoneCode
      ? (signal) =>
          api.get<{ total: number; items: IndicatorValue[] }>(
            '/api/indicators/values',
            { zone: zoneCode, year, limit: 1000 },
            signal,
          )
      : null,
    [zoneCode, year],
  );
  const warnings = useRequest(
    zoneCode
      ? (signal) => api.get<WarningPage>('/api/warnings', { zone: zoneCode, year, status: 'open', limit: 1000 }, signal)
      : null,
    [zoneCode, year],
  );
  const gradeOf = useMemo(() => {
    const m = new Map<string, Grade[]>();
    for (const w of warnings.data?.items ?? []) m.set(w.indicatorCode, [...(m.get(w.indicatorCode) ?? []), w.grade]);
    return (code: string) => worstGrade(m.get(code) ?? []);
  }, [warnings.data]);
  const indicator = (code: string) => catalog?.items.find((i) => i.code === code);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <ZoneSelect value={zoneCode} onChange={setZone} zones={zones} />
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
      </Space>
      <ErrorAlert error={values.error} onRetry={values.reload} />
      <Table<IndicatorValue>
        size="small"
        rowKey={(v) => `${v.indicatorCode}|${v.period}`}
        loading={values.loading}
        dataSource={values.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        locale={{ emptyText: <EmptyState description={t('ind.values.empty', { year })} /> }}
        columns={[
          {
            title: t('common.status'),
            key: 'status',
            width: 90,
            render: (_, v) => {
              const g = gradeOf(v.indicatorCode);
              return <GradeTag grade={g ?? (v.evaluation?.expected != null ? 'green' : 'none')} />;
            },
          },
          {
            title: t('ind.indicator'),
            key: 'ind',
            render: (_, v) => {
              const i = indicator(v.indicatorCode);
              return (
                <Link to={`/indicators/trend?indicator=${v.indicatorCode}&zone=${v.zoneCode}`}>
                  {v.indicatorCode} {i ? pick(i.name, i.nameEn) : ''}
                </Link>
              );
            },
          },
          {
            title: t('common.value'),
            key: 'value',
            align: 'right',
            render: (_, v) => `${formatNumber(v.value, locale)} ${v.unit}`,
          },
          {
            title: t('ind.expected'),
            key: 'exp',
            align: 'right',
            render: (_, v) => formatNumber(v.evaluation?.expected, locale),
          },
          {
            title: t('ind.deviation'),
            key: 'dev',
            align: 'right',
            render: (_, v) =>
              v.evaluation?.deviationPct == null ? '—' : formatPercent(v.evaluation.deviationPct / 100, locale),
          },
          {
            title: t('ind.provenance'),
            key: 'prov',
            render: (_, v) => (
              <Tooltip
                title={
                  (v.dataVersions ?? []).map((d) => `${d.code} · ${formatTime(d.updatedAt, locale)}`).join('\n') ||
                  formatTime(v.computedAt, locale)
                }
              >
                <span>
                  {t(methodLabel(v.method))}
                  {v.runId ? ` · ${t('ind.runNo', { id: v.runId })}` : ''}
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('ind.stale'),
            dataIndex: 'stale',
            width: 80,
            render: (s: boolean) => (s ? <Tag color="orange">{t('ind.staleYes')}</Tag> : ''),
          },
        ]}
      />
    </>
  );
}
