/** One task: what it is for, who carries it, its progress, its reports (history), and a new report. */
import { Descriptions, Drawer, Empty, Progress, Tag, Timeline, Typography } from 'antd';
import { checkupApi, type TaskReport } from '../../api/checkup.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { ErrorAlert } from '../../components/page.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { TaskStatusTags, useLabel } from '../checkup/labels.js';
import { ProgressForm } from './progress-form.js';
import { useDepartmentName } from './departments.js';

export function ReportHistory({ reports }: { reports: TaskReport[] }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  if (reports.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('progress.none')} />;
  return (
    <Timeline
      data-testid="report-history"
      items={[...reports].reverse().map((r) => ({
        key: r.id,
        color: r.status === 'done' ? 'green' : 'blue',
        content: (
          <>
            <Typography.Text strong>
              {r.progress}% · {label('task.status', r.status)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {r.reportedBy} · {formatTime(r.reportedAt, locale)}
            </Typography.Text>
            <div>{r.note}</div>
            {r.evidence.map((e, i) =>
              e.kind === 'link' && /^https?:\/\//.test(e.value) ? (
                <div key={i}>
                  <a href={e.value} target="_blank" rel="noreferrer noopener">
                    {e.name ?? e.value}
                  </a>
                </div>
              ) : (
                <div key={i}>
                  <Tag>{t(`progress.evidence.${e.kind === 'file' ? 'text' : e.kind}`)}</Tag>
                  {e.name ?? e.value}
                </div>
              ),
            )}
          </>
        ),
      }))}
    />
  );
}

export function TaskDrawer({ taskId, onClose, onChanged }: { taskId: number; onClose(): void; onChanged(): void }) {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const zones = useZones();
  const { name } = useDepartmentName();
  const task = useRequest((signal) => checkupApi.task(taskId, signal), [taskId]);
  const x = task.data;
  return (
    <Drawer
      open
      onClose={onClose}
      size={720}
      title={x?.title ?? t('nav.tasks')}
      rootClassName="task-drawer"
      destroyOnHidden
    >
      <ErrorAlert error={task.error} onRetry={task.reload} />
      {!x ? (
        <Loading />
      ) : (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('common.status')}>
              <TaskStatusTags task={x} />
            </Descriptions.Item>
            <Descriptions.Item label={t('task.progress')}>
              <Progress percent={Math.round(x.progress)} size="small" />
            </Descriptions.Item>
            <Descriptions.Item label={t('task.department')}>{name(x.departmentCode)}</Descriptions.Item>
            <Descriptions.Item label={t('task.coDepartments')}>
              {x.coDepartments.length ? x.coDepartments.map(name).join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('task.deadline')}>{x.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('common.zone')}>
              {x.zoneCode ? zoneName(x.zoneCode, zones, pick) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('task.targetIndicator')}>
              {x.targetIndicatorCode
                ? `${x.targetIndicatorCode}：${formatNumber(x.baselineValue, locale)} → ${formatNumber(x.targetValue, locale)}`
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('task.deliverable')}>{x.deliverable ?? '—'}</Descriptions.Item>
            {x.description && (
              <Descriptions.Item label={t('task.description')} span={2}>
                {x.description}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('progress.history')}</Typography.Title>
          <ReportHistory reports={x.reports ?? []} />
          {can('task.report') && x.status !== 'done' && x.status !== 'cancelled' && (
            <>
              <Typography.Title level={5}>{t('progress.new')}</Typography.Title>
              <ProgressForm
                task={x}
                onReported={() => {
                  task.reload();
                  onChanged();
                }}
              />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
