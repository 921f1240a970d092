/**
 * The department officer's desk (部门填报): tasks assigned to the department (with the check-up
 * capability), values by form, a batch by file with each row's errors beside it, and the history of
 * what was submitted and how the bureau reviewed it.
 */
import { Select, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useApiCatalog } from '../../api/catalog.js';
import { cached } from '../../api/cache.js';
import { api } from '../../api/client.js';
import type { Catalog, Submission } from '../../api/monitoring.js';
import type { Department } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { submissionStatusLabel } from '../indicators/labels.js';
import { SUBMISSION_COLOURS } from '../indicators/review-tab.js';
import { BatchUpload } from './batch-upload.js';
import { SubmitForm } from './submit-form.js';

const MyTasks = lazy(() => import('../tasks/my-tasks.js'));

export default function DepartmentPage() {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  const catalog = useApiCatalog();
  const zones = useZones();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [status, setStatus] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const department = me?.departmentCode ?? null;

  useEffect(() => {
    cached.departments().then(setDepartments, () => undefined);
  }, []);

  const indicators = useRequest(
    catalog.has('get', '/api/indicators')
      ? (signal) => api.get<Catalog>('/api/indicators', department ? { department } : { method: 'reported' }, signal)
      : null,
    [department, catalog.loaded],
  );
  const submissions = useRequest(
    catalog.has('get', '/api/indicators/submissions')
      ? (signal) =>
          api.get<{ total: number; items: Submission[] }>('/api/indicators/submissions', { status, limit: 200 }, signal)
      : null,
    [status, tick, catalog.loaded],
  );
  // Computed indicators come from the platform, never from a form: only reported and imported ones are offered.
  const reportable = useMemo(
    () => (indicators.data?.items ?? []).filter((i) => i.method !== 'computed'),
    [indicators.data],
  );
  const name = useMemo(() => {
    const items = indicators.data?.items ?? [];
    return (code: string) => {
      const i = items.find((x) => x.code === code);
      return i ? `${code} ${pick(i.name, i.nameEn)}` : code;
    };
  }, [indicators.data, pick]);
  const dept = departments.find((d) => d.code === department);
  const refresh = () => setTick((n) => n + 1);

  if (catalog.loaded && !catalog.has('post', '/api/indicators/submissions')) {
    return (
      <>
        <PageTitle title={t('nav.department')} />
        <ApiMissing feature={t('dept.submissions')} />
      </>
    );
  }

  return (
    <>
      <PageTitle
        title={t('nav.department')}
        description={
          dept ? t('dept.description', { department: pick(dept.name, dept.name_en) }) : t('dept.descriptionBureau')
        }
      />
      <ErrorAlert error={indicators.error} onRetry={indicators.reload} />
      {indicators.data && indicators.data.items.length === 0 && <EmptyState description={t('dept.noIndicators')} />}
      <Tabs
        items={[
          {
            key: 'tasks',
            label: t('dept.tab.tasks'),
            children: catalog.hasPrefix('/api/tasks') ? (
              <Suspense fallback={<Loading />}>
                <MyTasks />
              </Suspense>
            ) : (
              <ApiMissing feature={t('dept.tab.tasks')} />
            ),
          },
          {
            key: 'form',
            label: t('dept.tab.form'),
            children: <SubmitForm indicators={reportable} onSubmitted={refresh} />,
          },
          {
            key: 'batch',
            label: t('dept.tab.batch'),
            children: <BatchUpload indicators={reportable} regionCode={me?.regionCode ?? ''} onSubmitted={refresh} />,
          },
          {
            key: 'history',
            label: t('dept.tab.history'),
            children: (
              <>
                <Select
                  allowClear
                  placeholder={t('common.status')}
                  aria-label={t('common.status')}
                  value={status}
                  onChange={setStatus}
                  style={{ width: 160, marginBottom: 12 }}
                  options={['submitted', 'accepted', 'returned'].map((s) => ({
                    value: s,
                    label: t(submissionStatusLabel(s)),
                  }))}
                />
                <ErrorAlert error={submissions.error} onRetry={submissions.reload} />
                <Table<Submission>
                  size="small"
                  rowKey="id"
                  loading={submissions.loading}
                  dataSource={submissions.data?.items ?? []}
                  locale={{ emptyText: <EmptyState description={t('dept.history.empty')} /> }}
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
                    { title: t('common.time'), dataIndex: 'submittedAt', render: (v: string) => formatTime(v, locale) },
                    {
                      title: t('common.status'),
                      key: 'st',
                      render: (_, s) => (
                        <>
                          <Tag color={SUBMISSION_COLOURS[s.status]}>{t(submissionStatusLabel(s.status))}</Tag>
                          {s.reviewComment && <Typography.Text type="secondary">{s.reviewComment}</Typography.Text>}
                        </>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
        defaultActiveKey="form"
      />
    </>
  );
}
