/** The bureau reviews departments' submitted values: accept (becomes the value) or return with a comment. */
import { App, Button, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Submission } from '../../api/monitoring.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useCatalog, useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { submissionStatusLabel } from './labels.js';

export const SUBMISSION_COLOURS = { submitted: 'blue', accepted: 'green', returned: 'orange' } as const;

export default function ReviewTab() {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const zones = useZones();
  const { catalog } = useCatalog();
  const [status, setStatus] = useState<string>('submitted');
  const [returning, setReturning] = useState<Submission | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const list = useRequest(
    (signal) =>
      api.get<{ total: number; items: Submission[] }>('/api/indicators/submissions', { status, limit: 200 }, signal),
    [status],
  );
  const review = async (s: Submission, event: 'accept' | 'return', text?: string) => {
    try {
      await api.post(`/api/indicators/submissions/${s.id}/review`, { event, comment: text });
      message.success(t(event === 'accept' ? 'review.accepted' : 'review.returned'));
      setReturning(null);
      setComment('');
      list.reload();
    } catch (e) {
      const err = e as ApiError;
      if (err.field === 'comment') setCommentError(pick(err.text));
      else message.error(pick(err.text));
    }
  };
  const name = (code: string) => {
    const i = catalog?.items.find((x) => x.code === code);
    return i ? `${code} ${pick(i.name, i.nameEn)}` : code;
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          aria-label={t('common.status')}
          options={['submitted', 'accepted', 'returned'].map((s) => ({ value: s, label: t(submissionStatusLabel(s)) }))}
        />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Submission>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('review.empty')} /> }}
        columns={[
          { title: t('ind.indicator'), dataIndex: 'indicatorCode', render: name },
          { title: t('common.zone'), dataIndex: 'zoneCode', render: (c: string) => zoneName(c, zones, pick) },
          { title: t('common.year'), dataIndex: 'year', width: 70 },
          {
            title: t('common.value'),
            key: 'v',
            align: 'right',
            render: (_, s) => `${formatNumber(s.value, locale)} ${s.unit}`,
          },
          { title: t('submission.department'), dataIndex: 'departmentCode', width: 90 },
          { title: t('common.source'), dataIndex: 'source', render: (v: string | null) => v ?? '—' },
          {
            title: t('submission.by'),
            key: 'by',
            render: (_, s) => `${s.submittedBy} · ${formatTime(s.submittedAt, locale)}`,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (st: Submission['status'], s) => (
              <>
                <Tag color={SUBMISSION_COLOURS[st]}>{t(submissionStatusLabel(st))}</Tag>
                {s.reviewComment && <Typography.Text type="secondary">{s.reviewComment}</Typography.Text>}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'act',
            render: (_, s) =>
              s.status === 'submitted' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => void review(s, 'accept')}>
                    {t('review.accept')}
                  </Button>
                  <Button size="small" onClick={() => setReturning(s)}>
                    {t('review.return')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={returning !== null}
        title={t('review.return')}
        onCancel={() => setReturning(null)}
        onOk={() => returning && void review(returning, 'return', comment)}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
      >
        <label className="field-label">
          <span>{t('review.comment')}</span>
          <Input.TextArea
            rows={3}
            value={comment}
            status={commentError ? 'error' : undefined}
            onChange={(e) => {
              setComment(e.target.value);
              setCommentError(null);
            }}
          />
        </label>
        {commentError && <div className="row-error">{commentError}</div>}
      </Modal>
    </>
  );
}
