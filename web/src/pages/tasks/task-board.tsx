/**
 * A check-up's task list (任务清单) by department, status and deadline, with overdue marked; the
 * roll-up of progress by weight from tasks to countermeasures to findings; and the read-back of the
 * previous check-up's tasks — closed or not, and whether the indicator moved toward its target.
 */
import {
  App,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  checkupApi,
  TASK_STATUSES,
  type Checkup,
  type CheckupRollup,
  type Task,
  type TaskReadback,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatPercent } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { TaskStatusTags, useLabel } from '../checkup/labels.js';
import { departmentOptions, useDepartmentName } from './departments.js';
import { TaskDrawer } from './task-drawer.js';

/** A roll-up line: what, then its bar at the right. */
const ROW: React.CSSProperties = { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16 };

const pct = (p: number | null | undefined) => (typeof p === 'number' ? Math.round(p) : 0);

export function TaskTable({
  tasks,
  loading,
  onOpen,
  empty,
  showCheckup = false,
}: {
  tasks: Task[];
  loading?: boolean;
  onOpen(task: Task): void;
  empty: string;
  showCheckup?: boolean;
}) {
  const { t, pick } = useI18n();
  const zones = useZones();
  const { name } = useDepartmentName();
  return (
    <Table<Task>
      rowKey="id"
      size="middle"
      data-testid="task-table"
      loading={loading}
      dataSource={tasks}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(task) => ({ onClick: () => onOpen(task), style: { cursor: 'pointer' } })}
      rowClassName={(task) => (task.overdue ? 'task-overdue' : '')}
      locale={{ emptyText: <EmptyState description={empty} /> }}
      columns={[
        {
          title: t('task.titleField'),
          dataIndex: 'title',
          render: (title: string, task) => (
            <Space orientation="vertical" size={0}>
              <Typography.Link>{title}</Typography.Link>
              {showCheckup && (
                <Link to={`/checkup/${task.checkupId}/tasks`} onClick={(e) => e.stopPropagation()}>
                  <Typography.Text type="secondary">{t('task.ofCheckup', { id: task.checkupId })}</Typography.Text>
                </Link>
              )}
            </Space>
          ),
        },
        {
          title: t('task.department'),
          dataIndex: 'departmentCode',
          width: 150,
          render: (code: string, task) => (
            <>
              {name(code)}
              {task.coDepartments.length > 0 && (
                <Typography.Text type="secondary"> +{task.coDepartments.map(name).join('、')}</Typography.Text>
              )}
            </>
          ),
        },
        {
          title: t('common.zone'),
          dataIndex: 'zoneCode',
          width: 120,
          render: (z: string | null) => (z ? zoneName(z, zones, pick) : '—'),
        },
        {
          title: t('task.deadline'),
          dataIndex: 'deadline',
          width: 150,
          sorter: (a, b) => a.deadline.localeCompare(b.deadline),
          render: (d: string, task) => (
            <>
              {d}
              {task.overdue && task.daysOverdue ? (
                <Typography.Text type="danger"> {t('task.daysOverdue', { days: task.daysOverdue })}</Typography.Text>
              ) : null}
            </>
          ),
        },
        {
          title: t('common.status'),
          key: 'status',
          width: 150,
          render: (_, task) => <TaskStatusTags task={task} />,
        },
        {
          title: t('task.progress'),
          dataIndex: 'progress',
          width: 160,
          render: (p: number, task) => (
            <Progress
              percent={pct(p)}
              size="small"
              status={task.overdue ? 'exception' : task.status === 'done' ? 'success' : 'active'}
            />
          ),
        },
      ]}
    />
  );
}

function RollupView({ rollup }: { rollup: CheckupRollup }) {
  const { t } = useI18n();
  const label = useLabel();
  const { name } = useDepartmentName();
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('rollup.byFinding')} style={{ marginBottom: 16 }} data-testid="rollup">
          {rollup.findings.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rollup.empty')} />
          ) : (
            <Collapse
              size="small"
              items={rollup.findings.map((f) => ({
                key: f.id,
                label: (
                  <div className="rollup-row" style={ROW}>
                    <span className="rollup-title">{f.title}</span>
                    <Progress percent={pct(f.progress)} size="small" style={{ width: 180, margin: 0 }} />
                  </div>
                ),
                children: f.measures.map((m) => (
                  <div className="rollup-row" key={m.id} style={ROW}>
                    <span className="rollup-title">
                      {m.description}
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('task.weight')} {m.weight} · {t('rollup.liveTasks', { count: m.liveTasks })}
                      </Typography.Text>
                    </span>
                    <Progress percent={pct(m.progress)} size="small" style={{ width: 180, margin: 0 }} />
                  </div>
                )),
              }))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('rollup.byDepartment')} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="departmentCode"
            pagination={false}
            dataSource={rollup.departments}
            columns={[
              { title: t('task.department'), dataIndex: 'departmentCode', render: name },
              ...TASK_STATUSES.filter((s) => s !== 'cancelled').map((s) => ({
                title: label('task.status', s),
                key: s,
                width: 70,
                render: (_: unknown, d: CheckupRollup['departments'][number]) => d.byStatus[s] ?? 0,
              })),
              {
                title: t('task.overdue'),
                dataIndex: 'overdue',
                width: 70,
                render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** Unfinished tasks of the previous check-up carried into this one, under a carry-over countermeasure. */
function CarryOver({ checkup, onCarried }: { checkup: Checkup; onCarried(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const carry = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await checkupApi.carryOver(checkup.id);
      message.success(t('readback.carriedCount', { count: r.carried.length, already: r.alreadyCarried }));
      onCarried();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button loading={busy} onClick={() => void carry()}>
        {t('readback.carryOver')}
      </Button>
      <ErrorAlert error={error} title={t('checkup.actionFailed')} />
    </>
  );
}

function ReadbackView({ checkup, onCarried }: { checkup: Checkup; onCarried(): void }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { name } = useDepartmentName();
  const readback = useRequest(checkup.previousId ? (signal) => checkupApi.readback(checkup.id, signal) : null, [
    checkup.id,
    checkup.previousId,
  ]);
  if (!checkup.previousId) return <EmptyState description={t('readback.noPrevious')} />;
  if (readback.error) return <ErrorAlert error={readback.error} onRetry={readback.reload} />;
  if (!readback.data) return <Loading />;
  const { summary, tasks } = readback.data;
  const yesNo = (v: boolean | null) =>
    v === null ? (
      <Tag>{t('readback.unknown')}</Tag>
    ) : v ? (
      <Tag color="green">{t('common.yes')}</Tag>
    ) : (
      <Tag color="red">{t('common.no')}</Tag>
    );
  return (
    <>
      {can('checkup.manage') && (
        <div style={{ marginBottom: 12 }}>
          <CarryOver
            checkup={checkup}
            onCarried={() => {
              readback.reload();
              onCarried();
            }}
          />
        </div>
      )}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={6}>
          <Statistic title={t('readback.tasks')} value={summary.tasks} />
        </Col>
        <Col span={6}>
          <Statistic title={t('readback.closedShare')} value={formatPercent(summary.closedShare, locale)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('readback.movedShare')} value={formatPercent(summary.movedTowardTargetShare, locale)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('readback.reached')} value={summary.targetReached} />
        </Col>
      </Row>
      <Table<TaskReadback>
        size="small"
        rowKey="taskId"
        dataSource={tasks}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('task.titleField'), dataIndex: 'title' },
          { title: t('task.department'), dataIndex: 'departmentCode', width: 140, render: name },
          { title: t('task.deadline'), dataIndex: 'deadline', width: 110 },
          { title: t('readback.closed'), dataIndex: 'closed', width: 80, render: (v: boolean) => yesNo(v) },
          {
            title: t('readback.onTime'),
            dataIndex: 'closedOnTime',
            width: 80,
            render: (v: boolean | null) => yesNo(v),
          },
          {
            title: t('readback.indicator'),
            key: 'indicator',
            render: (_, r) =>
              r.indicator ? (
                <Space orientation="vertical" size={0}>
                  <span>
                    {r.indicator.indicatorCode}：{formatNumber(r.indicator.baselineValue, locale)} →{' '}
                    {formatNumber(r.indicator.currentValue, locale)}（{t('readback.target')}{' '}
                    {formatNumber(r.indicator.targetValue, locale)}）
                  </span>
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('readback.moved'),
            key: 'moved',
            width: 110,
            render: (_, r) => (r.indicator ? yesNo(r.indicator.movedTowardTarget) : '—'),
          },
          {
            title: t('readback.carried'),
            dataIndex: 'carriedOverTaskId',
            width: 90,
            render: (id: number | null) => (id ? `#${id}` : '—'),
          },
        ]}
      />
    </>
  );
}

export default function TaskBoard({ checkup }: { checkup: Checkup }) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const { departments } = useDepartmentName();
  const [department, setDepartment] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [open, setOpen] = useState<Task | null>(null);
  const tasks = useRequest(
    (signal) => checkupApi.tasks(checkup.id, { department, status, overdue: overdueOnly ? true : undefined }, signal),
    [checkup.id, department, status, overdueOnly],
  );
  const rollup = useRequest((signal) => checkupApi.rollup(checkup.id, signal), [checkup.id]);
  const reload = () => {
    tasks.reload();
    rollup.reload();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {rollup.data && (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('rollup.progress')} value={pct(rollup.data.progress)} suffix="%" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('rollup.tasks')} value={rollup.data.tasks.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={label('task.status', 'done')} value={rollup.data.tasks.byStatus.done ?? 0} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small" className={rollup.data.tasks.overdue > 0 ? 'grade-red' : undefined}>
              <Statistic
                title={t('task.overdue')}
                value={rollup.data.tasks.overdue}
                styles={{ content: { color: rollup.data.tasks.overdue > 0 ? '#cf1322' : undefined } }}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small" title={t('nav.tasks')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('task.department')}
            aria-label={t('task.department')}
            value={department}
            onChange={setDepartment}
            style={{ width: 220 }}
            options={departmentOptions(departments, pick)}
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            aria-label={t('common.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={TASK_STATUSES.map((s) => ({ value: s, label: label('task.status', s) }))}
          />
          <Space>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label={t('task.overdueOnly')} />
            <span>{t('task.overdueOnly')}</span>
          </Space>
        </Space>
        <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
        <TaskTable tasks={tasks.data ?? []} loading={tasks.loading} onOpen={setOpen} empty={t('task.empty')} />
      </Card>
      <ErrorAlert error={rollup.error} onRetry={rollup.reload} />
      {rollup.data && <RollupView rollup={rollup.data} />}
      <Card size="small" title={t('readback.title')}>
        <ReadbackView checkup={checkup} onCarried={reload} />
      </Card>
      {open && <TaskDrawer taskId={open.id} onClose={() => setOpen(null)} onChanged={reload} />}
    </Space>
  );
}
