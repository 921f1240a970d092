/** Monitoring runs: start one for a year (a background job with real progress) and read its summary. */
import { Button, Card, Form, InputNumber, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import { GRADES, type Run } from '../../api/monitoring.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { JobProgress } from '../../components/job-progress.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { GradeTag } from './grade-tag.js';

export default function RunsTab({ defaultYear }: { defaultYear: number }) {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const [form] = Form.useForm<{ year: number }>();
  const [jobId, setJobId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const runs = useRequest((signal) => api.get<{ items: Run[] }>('/api/monitoring/runs', { limit: 50 }, signal), []);

  const start = async ({ year }: { year: number }) => {
    setBusy(true);
    try {
      const r = await api.post<{ runId: number; jobId: number }>('/api/monitoring/runs', { year });
      setJobId(r.jobId);
    } catch (e) {
      const err = e as ApiError;
      form.setFields([{ name: 'year', errors: [pick(err.text)] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {can('monitor.run') && (
        <Card size="small" title={t('run.start')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">{t('run.intro')}</Typography.Paragraph>
          <Form form={form} layout="inline" initialValues={{ year: defaultYear }} onFinish={start}>
            <Form.Item
              name="year"
              label={t('common.year')}
              rules={[{ required: true, message: t('run.yearRequired') }]}
            >
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={jobId !== null && busy}>
              {t('run.submit')}
            </Button>
          </Form>
          {jobId !== null && (
            <div style={{ marginTop: 12 }} data-testid="run-progress">
              <JobProgress jobId={jobId} onDone={() => runs.reload()} />
            </div>
          )}
        </Card>
      )}
      <ErrorAlert error={runs.error} onRetry={runs.reload} />
      <Table<Run>
        size="small"
        rowKey="id"
        loading={runs.loading}
        dataSource={runs.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('run.empty')} /> }}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: t('run.id'), dataIndex: 'id', width: 70 },
          { title: t('common.year'), dataIndex: 'year', width: 80 },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => (
              <Tag color={s === 'succeeded' ? 'green' : s === 'failed' ? 'red' : 'blue'}>
                {t(`run.status.${s}` as never)}
              </Tag>
            ),
          },
          { title: t('run.values'), key: 'values', render: (_, r) => formatNumber(r.summary?.values, locale, 0) },
          {
            title: t('run.openWarnings'),
            key: 'warnings',
            render: (_, r) => (
              <>
                {GRADES.filter((g) => r.summary?.warnings?.open?.[g]).map((g) => (
                  <span key={g} style={{ marginRight: 6 }}>
                    <GradeTag grade={g} />
                    {r.summary!.warnings!.open[g]}
                  </span>
                ))}
              </>
            ),
          },
          { title: t('run.seconds'), key: 'seconds', render: (_, r) => formatNumber(r.summary?.seconds, locale, 1) },
          { title: t('run.by'), dataIndex: 'createdBy' },
          { title: t('common.time'), dataIndex: 'startedAt', render: (v: string) => formatTime(v, locale) },
        ]}
      />
    </>
  );
}
