/** The parts every screen is made of: a title block, plain errors, empty states that say what to do. */
import { Alert, Button, Empty, Result, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export function PageTitle({
  title,
  description,
  extra,
}: {
  title: string;
  description?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className="page-title">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {description && <Typography.Text type="secondary">{description}</Typography.Text>}
      </div>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}

/** An API error in the reader's language, with where it happened (field or row) when the server says. */
export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: ApiError | null;
  onRetry?: () => void;
  title?: string;
}) {
  const { t, pick } = useI18n();
  if (!error) return null;
  const where = error.row ? `${t('error.row', { row: error.row })}：` : '';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('error.loadTitle')}
      description={where + pick(error.text)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('action.retry')}
          </Button>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} style={{ padding: '24px 0' }}>
      {action}
    </Empty>
  );
}

/** A feature whose API this server does not have yet. */
export function ApiMissing({ feature }: { feature: string }) {
  const { t } = useI18n();
  return <EmptyState description={t('empty.apiMissing', { feature })} />;
}

export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('error.forbidden')} />;
}
