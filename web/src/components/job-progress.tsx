/**
 * A background job's real progress (GET /api/jobs/:id, polled): the stage in words, done of total,
 * and the error in the reader's language when it fails.
 */
import { Alert, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { Job } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages/index.js';
import { formatNumber } from './format.js';

const POLL_MS = 500;

export function stageLabel(stage: string | null, t: (k: MessageKey) => string): string {
  if (!stage) return t('job.stage.queued');
  const base = stage.split(':')[0]!;
  const key = `job.stage.${base}` as MessageKey;
  const text = t(key);
  return text === key ? stage : text;
}

export function JobProgress({ jobId, onDone }: { jobId: number; onDone?(job: Job): void }) {
  const { t, pick, locale } = useI18n();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await api.get<Job>(`/api/jobs/${jobId}`);
        if (!live) return;
        setJob(j);
        if (j.status === 'succeeded' || j.status === 'failed') {
          doneRef.current?.(j);
          return;
        }
      } catch (e) {
        if (!live) return;
        setError(e as ApiError);
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  if (error) return <Alert type="error" showIcon title={pick(error.text)} />;
  if (!job) return <Progress percent={0} status="active" />;
  const { done, total } = job.progress;
  const percent =
    job.status === 'succeeded'
      ? 100
      : total && total > 0
        ? Math.min(99, Math.floor((100 * done) / total))
        : job.status === 'running'
          ? 5
          : 0;
  const status = job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active';
  const jobError = job.error?.message;
  return (
    <div className="job-progress" aria-live="polite">
      <Progress percent={percent} status={status} aria-label={t('job.progress')} />
      <Space size="large">
        <Typography.Text type="secondary">
          {t('job.stage')}：{stageLabel(job.status === 'succeeded' ? 'done' : job.stage, t)}
        </Typography.Text>
        {total !== null && total > 0 && job.status !== 'succeeded' && (
          <Typography.Text type="secondary">
            {formatNumber(done, locale, 0)} / {formatNumber(total, locale, 0)}
          </Typography.Text>
        )}
      </Space>
      {job.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={t('job.failed')}
          description={jobError ? pick(jobError) : undefined}
        />
      )}
    </div>
  );
}
