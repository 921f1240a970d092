import { Spin } from 'antd';
import { useI18n } from '../i18n/i18n.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin size="large" />
      <span>{t('app.loading')}</span>
    </div>
  );
}
