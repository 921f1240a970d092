/** The check-up loop's words and colours: statuses, levels, severities, causes, paths, task states. */
import { Tag } from 'antd';
import type { CheckupStatus, FindingSeverity, Task, TaskStatus } from '../../api/checkup.js';
import { isOverdue } from '../../api/checkup.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

/** Every label key is `<prefix>.<value>`; a value the screen does not know yet is shown as it is. */
export function useLabel() {
  const { t } = useI18n();
  return (prefix: string, value: string | null | undefined): string => {
    if (!value) return '—';
    const key = `${prefix}.${value}` as MessageKey;
    const text = t(key);
    return text === key ? value : text;
  };
}

export const STATUS_COLOURS: Record<CheckupStatus, string> = {
  drafting: 'default',
  collecting: 'cyan',
  computing: 'processing',
  analysing: 'blue',
  reviewing: 'gold',
  publicising: 'purple',
  published: 'green',
  archived: 'default',
};

export const SEVERITY_COLOURS: Record<FindingSeverity, string> = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#d4b106',
  blue: '#1677ff',
  info: '#8c8c8c',
};

export const TASK_COLOURS: Record<TaskStatus, string> = {
  open: 'default',
  in_progress: 'processing',
  done: 'success',
  cancelled: 'default',
};

export function CheckupStatusTag({ status }: { status: CheckupStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLOURS[status] ?? 'default'}>{label('checkup.status', status)}</Tag>;
}

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  const label = useLabel();
  return <Tag color={SEVERITY_COLOURS[severity] ?? '#8c8c8c'}>{label('finding.severity', severity)}</Tag>;
}

/** A task's state, and 逾期 in red beside it when the deadline has passed (colour is never the only signal). */
export function TaskStatusTags({ task }: { task: Pick<Task, 'status' | 'deadline' | 'overdue'> }) {
  const { t } = useI18n();
  const label = useLabel();
  return (
    <>
      <Tag color={TASK_COLOURS[task.status] ?? 'default'}>{label('task.status', task.status)}</Tag>
      {isOverdue(task) && <Tag color="red">{t('task.overdue')}</Tag>}
    </>
  );
}
