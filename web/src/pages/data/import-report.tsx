/** One import's validation report: counts, then each issue with its row, field, value and message. */
import { Descriptions, Select, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ImportIssue, ImportReport } from '../../api/types.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';

export const IMPORT_STATUS_COLOURS: Record<string, string> = {
  running: 'blue',
  loaded: 'green',
  rejected: 'red',
  failed: 'red',
};

export function ImportReportView({ id }: { id: number }) {
  const { t, pick, locale } = useI18n();
  const [severity, setSeverity] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const report = useRequest(
    (signal) => api.get<ImportReport>(`/api/imports/${id}`, { severity, limit: 20, offset: (page - 1) * 20 }, signal),
    [id, severity, page],
  );
  const r = report.data;
  return (
    <div data-testid="import-report">
      <ErrorAlert error={report.error} onRetry={report.reload} />
      {r && (
        <>
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            <Statistic title={t('import.count.read')} value={r.counts.read} />
            <Statistic
              title={t('import.count.loaded')}
              value={r.counts.loaded}
              styles={{ content: { color: '#389e0d' } }}
            />
            <Statistic
              title={t('import.count.repaired')}
              value={r.counts.repaired}
              styles={{ content: { color: '#d48806' } }}
            />
            <Statistic
              title={t('import.count.rejected')}
              value={r.counts.rejected}
              styles={{ content: { color: r.counts.rejected ? '#cf1322' : undefined } }}
            />
          </Space>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'file', label: t('import.file'), children: r.fileName },
              {
                key: 'status',
                label: t('common.status'),
                children: <Tag color={IMPORT_STATUS_COLOURS[r.status]}>{t(`import.status.${r.status}` as never)}</Tag>,
              },
              { key: 'layer', label: t('import.layer'), children: r.layerCode ?? '—' },
              { key: 'crs', label: t('import.sourceCrs'), children: r.sourceCrs ?? '—' },
              { key: 'format', label: t('import.format'), children: r.format ?? '—' },
              { key: 'by', label: t('import.by'), children: `${r.createdBy} · ${formatTime(r.createdAt, locale)}` },
            ]}
          />
          <Space style={{ margin: '12px 0' }}>
            <Select
              allowClear
              placeholder={t('import.severity')}
              aria-label={t('import.severity')}
              value={severity}
              onChange={(v) => {
                setSeverity(v);
                setPage(1);
              }}
              style={{ width: 140 }}
              options={[
                { value: 'error', label: t('import.severity.error') },
                { value: 'warning', label: t('import.severity.warning') },
              ]}
            />
            {Object.entries(r.issues.byCode).map(([code, n]) => (
              <Tag key={code}>
                {code} × {formatNumber(n, locale, 0)}
              </Tag>
            ))}
          </Space>
          <Table<ImportIssue>
            size="small"
            rowKey={(i, k) => `${i.row}|${i.issue}|${k}`}
            dataSource={r.issues.items}
            loading={report.loading}
            locale={{ emptyText: <EmptyState description={t('import.noIssues')} /> }}
            pagination={{
              current: page,
              pageSize: 20,
              total: r.issues.total,
              onChange: setPage,
              showSizeChanger: false,
            }}
            columns={[
              { title: t('dept.batch.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
              {
                title: t('import.severity'),
                dataIndex: 'severity',
                width: 80,
                render: (s: string) => (
                  <Tag color={s === 'error' ? 'red' : 'gold'}>{t(`import.severity.${s}` as never)}</Tag>
                ),
              },
              { title: t('import.issue'), dataIndex: 'issue', width: 160 },
              { title: t('dept.batch.field'), dataIndex: 'field', width: 100, render: (v: string | null) => v ?? '—' },
              {
                title: t('common.value'),
                dataIndex: 'value',
                width: 120,
                ellipsis: true,
                render: (v: string | null) => v ?? '—',
              },
              { title: t('import.message'), key: 'm', render: (_, i) => pick(i.message) },
              {
                title: t('import.action'),
                dataIndex: 'action',
                width: 100,
                render: (v: string | null) => (v ? t(`import.action.${v}` as never) : '—'),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
