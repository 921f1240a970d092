/**
 * 任务清单: the task board of a check-up (the current one by default), for the bureau; a department
 * officer sees their own department's tasks.
 */
import { Select, Space } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { checkupApi } from '../../api/checkup.js';
import { useAuth } from '../../auth/auth.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { useLabel } from '../checkup/labels.js';
import MyTasks from './my-tasks.js';

const TaskBoard = lazy(() => import('./task-board.js'));

export default function TasksPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const catalog = useApiCatalog();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const officer = me?.role === 'department_officer';
  const checkups = useRequest(officer ? null : (signal) => checkupApi.list({}, signal), [officer]);
  const chosen = Number(params.get('checkup')) || undefined;
  const [id, setId] = useState<number | undefined>(chosen);
  useEffect(() => {
    if (id || !checkups.data?.length) return;
    // The newest check-up that still has work: not archived.
    setId((checkups.data.find((c) => c.status !== 'archived') ?? checkups.data[0])!.id);
  }, [checkups.data, id]);
  const detail = useRequest(id ? (signal) => checkupApi.get(id, signal) : null, [id]);

  if (catalog.loaded && !catalog.hasPrefix('/api/tasks') && !catalog.hasPrefix('/api/checkups/{id}/tasks')) {
    return (
      <>
        <PageTitle title={t('nav.tasks')} />
        <ApiMissing feature={t('nav.tasks')} />
      </>
    );
  }
  if (officer) {
    return (
      <>
        <PageTitle title={t('myTasks.title')} description={t('myTasks.description')} />
        <MyTasks />
      </>
    );
  }
  return (
    <>
      <PageTitle
        title={t('nav.tasks')}
        description={t('tasks.description')}
        extra={
          <Space>
            <span>{t('tasks.checkup')}</span>
            <Select
              style={{ width: 320 }}
              aria-label={t('tasks.checkup')}
              value={id}
              loading={checkups.loading}
              onChange={(v) => {
                setId(v);
                setParams({ checkup: String(v) });
              }}
              options={(checkups.data ?? []).map((c) => ({
                value: c.id,
                label: `${c.year} · ${c.title} · ${label('checkup.status', c.status)}`,
              }))}
            />
          </Space>
        }
      />
      <ErrorAlert error={checkups.error ?? detail.error} onRetry={checkups.reload} />
      {checkups.data && checkups.data.length === 0 && <EmptyState description={t('tasks.noCheckup')} />}
      {detail.data && (
        <Suspense fallback={<Loading />}>
          <TaskBoard checkup={detail.data} key={detail.data.id} />
        </Suspense>
      )}
    </>
  );
}
