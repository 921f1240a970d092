/**
 * A check-up's workflow: the eight stages as steps, the moves the reader may make now (a reason is asked
 * for sending back), the run that freezes a new snapshot with the job's real progress, and the history.
 */
import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Modal, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHECKUP_EVENTS, CHECKUP_STATUSES, checkupApi, type Checkup, type Transition } from '../../api/checkup.js';
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
  const [sendingBack, setSendingBack] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);

  const current = CHECKUP_STATUSES.indexOf(checkup.status);
  const events = Object.entries(CHECKUP_EVENTS).filter(
    ([, rule]) => rule.from.includes(checkup.status) && can(rule.permission),
  );

  const move = async (event: string, why?: string) => {
    setBusy(event);
    setError(null);
    try {
      await checkupApi.transition(checkup.id, event, why);
      message.success(t('checkup.moved', { status: label('checkup.status', CHECKUP_EVENTS[event]!.to) }));
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
        {events.map(([event, rule]) => (
          <Button
            key={event}
            type={rule.danger ? 'default' : 'primary'}
            danger={rule.danger}
            loading={busy === event}
            onClick={() => (rule.needsReason ? setSendingBack(event) : void move(event))}
          >
            {label('checkup.event', event)}
          </Button>
        ))}
        {can('checkup.manage') && RUNNABLE.has(checkup.status) && (
          <Button icon={<PlayCircleOutlined />} loading={busy === 'run'} onClick={() => void run()}>
            {t('checkup.run')}
          </Button>
        )}
        {events.length === 0 && !can('checkup.manage') && (
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
        title={sendingBack ? label('checkup.event', sendingBack) : ''}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
        okButtonProps={{ danger: true, loading: busy === sendingBack }}
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
