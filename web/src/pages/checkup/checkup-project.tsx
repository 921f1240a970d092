/**
 * One check-up: where it stands in its workflow and what may be done now, then its parts by tab —
 * the frozen indicator table, findings (with causes, countermeasures and tasks), the task board, the
 * report, and public participation.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Statistic, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { cached } from '../../api/cache.js';
import { checkupApi, type Checkup, type Snapshot } from '../../api/checkup.js';
import type { Zone } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatTime } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';
import { CheckupStatusTag, useLabel } from './labels.js';
import { TransitionHistory, WorkflowCard } from './workflow.js';

const ValuesTab = lazy(() => import('./values-tab.js'));
const FindingsTab = lazy(() => import('./findings-tab.js'));
const TaskBoard = lazy(() => import('../tasks/task-board.js'));
const ReportTab = lazy(() => import('./report-tab.js'));
const ParticipationTab = lazy(() => import('./participation-tab.js'));

function Overview({ checkup }: { checkup: Checkup }) {
  const { t, locale } = useI18n();
  const counts = checkup.counts;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('checkup.history')} style={{ marginBottom: 16 }}>
          <TransitionHistory transitions={checkup.transitions ?? []} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        {counts && (
          <Card size="small" title={t('checkup.counts')} style={{ marginBottom: 16 }}>
            <Row gutter={8}>
              <Col span={8}>
                <Statistic title={t('checkup.count.findings')} value={counts.findings} />
              </Col>
              <Col span={8}>
                <Statistic title={t('checkup.count.measures')} value={counts.measures} />
              </Col>
              <Col span={8}>
                <Statistic title={t('checkup.count.tasks')} value={counts.tasks} />
              </Col>
            </Row>
          </Card>
        )}
        <Card size="small" title={t('checkup.snapshots')}>
          <Table<Snapshot>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={[...(checkup.snapshots ?? [])].reverse()}
            locale={{ emptyText: <EmptyState description={t('checkup.snapshots.empty')} /> }}
            columns={[
              {
                title: t('checkup.snapshot'),
                dataIndex: 'seq',
                render: (seq: number, s) => (
                  <>
                    {t('checkup.snapshot.seq', { seq })}
                    {s.id === checkup.currentSnapshotId && <Tag color="blue">{t('checkup.snapshot.current')}</Tag>}
                    {s.published && <Tag color="green">{t('checkup.snapshot.published')}</Tag>}
                  </>
                ),
              },
              { title: t('common.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, locale) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export default function CheckupProject() {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const catalog = useApiCatalog();
  const navigate = useNavigate();
  const label = useLabel();
  const { id: idText, '*': rest } = useParams();
  const id = Number(idText);
  const tab = rest?.split('/')[0] || 'overview';
  const [zones, setZones] = useState<Zone[]>([]);
  useEffect(() => {
    cached.zones().then(setZones, () => undefined);
  }, []);
  const checkup = useRequest((signal) => checkupApi.get(id, signal), [id]);
  const c = checkup.data;

  if (checkup.error && !c) return <ErrorAlert error={checkup.error} onRetry={checkup.reload} />;
  if (!c) return <Loading />;

  const has = (prefix: string) => !catalog.loaded || catalog.hasPrefix(prefix);
  const tabs: { key: string; label: MessageKey; show: boolean; node: React.ReactNode }[] = [
    { key: 'overview', label: 'checkup.tab.overview', show: true, node: <Overview checkup={c} /> },
    { key: 'values', label: 'checkup.tab.values', show: true, node: <ValuesTab checkup={c} /> },
    {
      key: 'findings',
      label: 'checkup.tab.findings',
      show: true,
      node: <FindingsTab checkup={c} onChanged={checkup.reload} />,
    },
    {
      key: 'tasks',
      label: 'checkup.tab.tasks',
      show: true,
      node: has('/api/checkups/{id}/tasks') ? <TaskBoard checkup={c} /> : <ApiMissing feature={t('nav.tasks')} />,
    },
    {
      key: 'report',
      label: 'checkup.tab.report',
      show: true,
      node: has('/api/checkups/{id}/report') ? (
        <ReportTab checkup={c} />
      ) : (
        <ApiMissing feature={t('checkup.tab.report')} />
      ),
    },
    {
      key: 'participation',
      label: 'checkup.tab.participation',
      show: can('participation.manage') || can('checkup.review'),
      node: has('/api/publications') ? (
        <ParticipationTab checkup={c} />
      ) : (
        <ApiMissing feature={t('checkup.tab.participation')} />
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title={c.title}
        description={
          <>
            <CheckupStatusTag status={c.status} /> {label('checkup.kind', c.kind)} · {c.year} ·{' '}
            {zoneName(c.regionCode, zones, pick)}
          </>
        }
        extra={
          <Link to="/checkup">
            <ArrowLeftOutlined /> {t('checkup.backToList')}
          </Link>
        }
      />
      <ErrorAlert error={checkup.error} onRetry={checkup.reload} />
      <WorkflowCard checkup={c} onChanged={checkup.reload} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('checkup.levels')}>
          {c.levels.map((l) => label('checkup.level', l)).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('checkup.previous')}>
          {c.previousId ? <Link to={`/checkup/${c.previousId}`}>#{c.previousId}</Link> : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('checkup.createdBy')}>{c.createdBy}</Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/checkup/${id}/${key}`)}
        destroyOnHidden
        items={tabs
          .filter((x) => x.show)
          .map((x) => ({
            key: x.key,
            label: t(x.label),
            children: <Suspense fallback={<Loading />}>{x.node}</Suspense>,
          }))}
      />
    </>
  );
}
