/**
 * 我的任务: the department's tasks across check-ups, as lead or co-department — overdue ones first —
 * and, for each, its history of progress reports and a form for the next one.
 */
import { Segmented, Space } from 'antd';
import { useMemo, useState } from 'react';
import { checkupApi, type Task } from '../../api/checkup.js';
import { ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { TaskTable } from './task-board.js';
import { TaskDrawer } from './task-drawer.js';

export default function MyTasks() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<'open' | 'overdue' | 'all'>('open');
  const [open, setOpen] = useState<Task | null>(null);
  const tasks = useRequest((signal) => checkupApi.myTasks(signal), []);
  const shown = useMemo(() => {
    const all = tasks.data ?? [];
    const rows =
      filter === 'all'
        ? all
        : filter === 'overdue'
          ? all.filter((x) => x.overdue)
          : all.filter((x) => x.status === 'open' || x.status === 'in_progress');
    // Overdue first, then by deadline: what needs doing now is on top.
    return [...rows].sort((a, b) => Number(!!b.overdue) - Number(!!a.overdue) || a.deadline.localeCompare(b.deadline));
  }, [tasks.data, filter]);
  const overdue = (tasks.data ?? []).filter((x) => x.overdue).length;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        aria-label={t('common.status')}
        options={[
          { value: 'open', label: t('myTasks.open') },
          { value: 'overdue', label: `${t('task.overdue')} (${overdue})` },
          { value: 'all', label: t('common.all') },
        ]}
      />
      <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
      <TaskTable tasks={shown} loading={tasks.loading} onOpen={setOpen} empty={t('dept.tasks.none')} showCheckup />
      {open && <TaskDrawer taskId={open.id} onClose={() => setOpen(null)} onChanged={tasks.reload} />}
    </Space>
  );
}
