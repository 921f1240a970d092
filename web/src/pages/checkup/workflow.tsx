/**
 * A check-up's workflow: the eight stages as steps, the moves the reader may make now (a reason is asked
 * for sending back), the run that freezes a new snapshot with the job's real progress, and the history.
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Modal, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHECKUP_STATUSES, checkupApi, type Checkup, type NextEvent, type Transition } from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { formatTime } from '../../components/format.js';
import { JobProgress } from '../../components/job-progress.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';
import { useLabel } from './labels.js';

/** Running is offered while the values may still change: before review. */
const RUNNABLE = new Set(['drafting', 'collecting', 'computing', 'analysing']);

export function WorkflowCard({ checkup, onChanged }: { checkup: Checkup; onChanged(): void }) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const label = useLabel();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [sendingBack, setSendingBack] = useState<NextEvent | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);

  const current = CHECKUP_STATUSES.indexOf(checkup.status);
  const runnable = can('checkup.manage') && RUNNABLE.has(checkup.status);
  // The server says which moves are open and whether this reader may make them.
  const events = (checkup.nextEvents ?? []).filter((e) => e.allowed);

  const move = async (next: NextEvent, why?: string) => {
    setBusy(next.event);
    setError(null);
    try {
      await checkupApi.transition(checkup.id, next.event, why);
      message.success(t('checkup.moved', { status: label('checkup.status', next.to) }));
      setSendingBack(null);
      setReason('');
      onChanged();
    } catch (e) {
      const err = e as ApiError;
      if (err.field === 'reason') setReasonError(pick(err.text));
      else setError(err);
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    setBusy('run');
    setError(null);
    try {
      const r = await checkupApi.run(checkup.id);
      setJobId(r.jobId);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" className="checkup-workflow" style={{ marginBottom: 16 }}>
      <Steps
        size="small"
        current={current}
        status={checkup.status === 'archived' ? 'finish' : 'process'}
        items={CHECKUP_STATUSES.map((s) => ({ title: label('checkup.status', s) }))}
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={error} title={t('checkup.actionFailed')} />
      <Space wrap>
        {events.map((e) => (
          <Button
            key={e.event}
            type={e.event === 'send_back' ? 'default' : 'primary'}
            danger={e.event === 'send_back'}
            loading={busy === e.event}
            onClick={() => (e.needsReason ? setSendingBack(e) : void move(e))}
          >
            {label('checkup.event', e.event)}
          </Button>
        ))}
        {runnable && (
          <Button icon={<PlayCircleOutlined />} loading={busy === 'run'} onClick={() => void run()}>
            {t('checkup.run')}
          </Button>
        )}
        {events.length === 0 && !runnable && (
          <Typography.Text type="secondary">{t('checkup.noActions')}</Typography.Text>
        )}
      </Space>
      {jobId !== null && (
        <div data-testid="checkup-run-progress" style={{ marginTop: 12, maxWidth: 560 }}>
          <Typography.Text strong>{t('checkup.runProgress')}</Typography.Text>
          <JobProgress
            jobId={jobId}
            onDone={(job) => {
              if (job.status === 'succeeded') message.success(t('checkup.runDone'));
              onChanged();
            }}
          />
        </div>
      )}
      <Modal
        open={sendingBack !== null}
        title={sendingBack ? label('checkup.event', sendingBack.event) : ''}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        okButtonProps={{ danger: true, loading: busy === sendingBack?.event }}
        onCancel={() => setSendingBack(null)}
        onOk={() => {
          if (!reason.trim()) {
            setReasonError(t('checkup.reasonRequired'));
            return;
          }
          void move(sendingBack!, reason.trim());
        }}
      >
        <label htmlFor="send-back-reason">{t('checkup.reason')}</label>
        <Input.TextArea
          id="send-back-reason"
          rows={4}
          value={reason}
          status={reasonError ? 'error' : undefined}
          onChange={(e) => {
            setReason(e.target.value);
            setReasonError(null);
          }}
          placeholder={t('checkup.reasonHint')}
        />
        {reasonError && <Typography.Text type="danger">{reasonError}</Typography.Text>}
      </Modal>
    </Card>
  );
}

export function TransitionHistory({ transitions }: { transitions: Transition[] }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  return (
    <Table<Transition>
      size="small"
      rowKey="id"
      dataSource={[...transitions].reverse()}
      pagination={false}
      locale={{ emptyText: <EmptyState description={t('checkup.history.empty')} /> }}
      columns={[
        { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v, locale) },
        { title: t('checkup.event'), dataIndex: 'event', render: (e: string) => label('checkup.event', e) },
        {
          title: t('checkup.move'),
          key: 'move',
          render: (_, x) => (
            <>
              <Tag>{label('checkup.status', x.from)}</Tag>→<Tag>{label('checkup.status', x.to)}</Tag>
            </>
          ),
        },
        { title: t('checkup.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        { title: t('checkup.actor'), dataIndex: 'actor', width: 120 },
      ]}
    />
  );
}
