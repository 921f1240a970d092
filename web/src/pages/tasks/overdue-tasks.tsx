/**
 * The cockpit's overdue tasks: a department officer sees their own department's, the bureau sees those
 * of the check-ups still under way — longest overdue first.
 */
import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { checkupApi, type Task } from '../../api/checkup.js';
import { useAuth } from '../../auth/auth.js';
import { Loading } from '../../components/loading.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDepartmentName } from './departments.js';

/** How many check-ups the bureau's card looks into: the live ones, newest first. */
const LIVE_CHECKUPS = 3;

export function OverdueTasks() {
  const { t } = useI18n();
  const { me } = useAuth();
  const { name } = useDepartmentName();
  const officer = me?.role === 'department_officer';
  const overdue = useRequest(
    async (signal) => {
      if (officer) return (await checkupApi.myTasks(signal)).filter((x) => x.overdue);
      const live = (await checkupApi.list({}, signal)).filter((c) => c.status !== 'archived').slice(0, LIVE_CHECKUPS);
      const lists = await Promise.all(live.map((c) => checkupApi.tasks(c.id, { overdue: true }, signal)));
      return lists.flat();
    },
    [officer],
  );
  if (overdue.error) return <ErrorAlert error={overdue.error} onRetry={overdue.reload} />;
  if (!overdue.data) return <Loading />;
  const rows = [...overdue.data].sort((a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0));
  const link = (task: Task) => (officer ? '/tasks' : `/tasks?checkup=${task.checkupId}`);
  return (
    <List
      size="small"
      data-testid="overdue-tasks"
      dataSource={rows.slice(0, 6)}
      locale={{ emptyText: <EmptyState description={t('cockpit.noOverdue')} /> }}
      footer={rows.length > 6 ? <Link to="/tasks">{t('cockpit.overdueMore', { count: rows.length })}</Link> : undefined}
      renderItem={(task) => (
        <List.Item>
          <Space orientation="vertical" size={0}>
            <Link to={link(task)}>{task.title}</Link>
            <Space size={4} wrap>
              <Tag color="red">{t('task.daysOverdue', { days: task.daysOverdue ?? 0 })}</Tag>
              <Typography.Text type="secondary">
                {name(task.departmentCode)} · {t('task.deadline')} {task.deadline} · {task.progress}%
              </Typography.Text>
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}
