/**
 * What a finding or a cause stands on, shown as the reader needs it: the values as a table, a trend as
 * a mini-chart, the zones as tags. The server decides what evidence a finding carries; parts this
 * screen does not know by name are still shown, as a table or as text, never dropped.
 */
import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { formatNumber } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

const TrendMini = lazy(() => import('./trend-mini.js'));

type Row = Record<string, unknown>;
const isRows = (v: unknown): v is Row[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
const isScalarList = (v: unknown): v is (string | number)[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
/** A series is rows with a year and a value. */
const isSeries = (rows: Row[]) => rows.every((r) => typeof r.year === 'number' && 'value' in r);

export function useFieldLabel() {
  const { t } = useI18n();
  return (key: string) => {
    const k = `evidence.field.${key}` as MessageKey;
    const text = t(k);
    return text === k ? key : text;
  };
}

function Cell({ name, value }: { name: string; value: unknown }) {
  const { locale, pick } = useI18n();
  const zones = useZones();
  if (value === null || value === undefined) return <>—</>;
  if (typeof value === 'number') return <>{formatNumber(value, locale)}</>;
  if (typeof value === 'boolean') return <>{value ? '✓' : '✗'}</>;
  if (typeof value === 'string' && /zone/i.test(name)) return <>{zoneName(value, zones, pick)}</>;
  if (typeof value === 'object' && 'zh' in (value as object)) return <>{pick(value as { zh: string; en: string })}</>;
  if (typeof value === 'object') return <>{JSON.stringify(value)}</>;
  return <>{String(value)}</>;
}

export function RowsTable({ rows, testId }: { rows: Row[]; testId?: string }) {
  const field = useFieldLabel();
  const keys = useMemo(() => [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'id'), [rows]);
  return (
    <Table<Row>
      size="small"
      data-testid={testId}
      rowKey={(_, i) => String(i)}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      dataSource={rows}
      scroll={{ x: true }}
      columns={keys.map((k) => ({
        title: field(k),
        dataIndex: k,
        render: (v: unknown) => <Cell name={k} value={v} />,
      }))}
    />
  );
}

export function EvidenceView({ evidence }: { evidence: unknown }) {
  const { t, pick } = useI18n();
  const zones = useZones();
  const field = useFieldLabel();
  if (evidence === null || evidence === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof evidence !== 'object' || Array.isArray(evidence)) {
    return isRows(evidence) ? <RowsTable rows={evidence} /> : <Typography.Text>{String(evidence)}</Typography.Text>;
  }
  const entries = Object.entries(evidence as Row);
  const scalars = entries.filter(
    ([, v]) => v === null || typeof v !== 'object' || (v as object).constructor !== Object,
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {entries.map(([key, value]) => {
        if (isRows(value) && isSeries(value)) {
          return (
            <div key={key}>
              <Typography.Text strong>{field(key)}</Typography.Text>
              <Suspense fallback={<Loading />}>
                <TrendMini series={value as { year: number; value: number | null }[]} label={field(key)} />
              </Suspense>
            </div>
          );
        }
        if (isRows(value)) {
          return (
            <div key={key}>
              <Typography.Text strong>{field(key)}</Typography.Text>
              <RowsTable rows={value} />
            </div>
          );
        }
        if (isScalarList(value) && /zone/i.test(key)) {
          return (
            <div key={key}>
              <Typography.Text strong>{field(key)}：</Typography.Text>
              {value.map((z) => (
                <Tag key={String(z)}>{zoneName(String(z), zones, pick)}</Tag>
              ))}
            </div>
          );
        }
        return null;
      })}
      {scalars.filter(([, v]) => !Array.isArray(v)).length > 0 && (
        <Descriptions size="small" column={2} bordered>
          {scalars
            .filter(([, v]) => !Array.isArray(v))
            .map(([key, value]) => (
              <Descriptions.Item key={key} label={field(key)}>
                <Cell name={key} value={value} />
              </Descriptions.Item>
            ))}
        </Descriptions>
      )}
      {entries.some(([, v]) => isScalarList(v)) &&
        entries
          .filter(([k, v]) => isScalarList(v) && !/zone/i.test(k) && v.length > 0)
          .map(([key, value]) => (
            <div key={key}>
              <Typography.Text strong>{field(key)}：</Typography.Text>
              {(value as (string | number)[]).map((x) => (
                <Tag key={String(x)}>{String(x)}</Tag>
              ))}
            </div>
          ))}
      {entries.length === 0 && <Typography.Text type="secondary">{t('checkup.evidence.none')}</Typography.Text>}
    </Space>
  );
}
