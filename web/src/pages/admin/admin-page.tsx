/** Administration (系统管理): users, roles and scopes; the indicator system; the audit log. */
import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useApiCatalog } from '../../api/catalog.js';
import { useAuth } from '../../auth/auth.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, PageTitle } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';

const UsersTab = lazy(() => import('./users-tab.js'));
const AuditTab = lazy(() => import('./audit-tab.js'));
const IndicatorSystemTab = lazy(() => import('./indicator-system-tab.js'));

export default function AdminPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const catalog = useApiCatalog();
  const tabs = [
    can('user.manage') && { key: 'users', label: t('admin.tab.users'), children: <UsersTab /> },
    can('indicator.manage') && {
      key: 'system',
      label: t('admin.tab.system'),
      children: catalog.has('get', '/api/indicator-systems') ? (
        <IndicatorSystemTab />
      ) : (
        <ApiMissing feature={t('admin.tab.system')} />
      ),
    },
    can('audit.read') && { key: 'audit', label: t('admin.tab.audit'), children: <AuditTab /> },
  ].filter((x): x is { key: string; label: string; children: React.ReactElement } => Boolean(x));
  return (
    <>
      <PageTitle title={t('nav.admin')} description={t('admin.description')} />
      <Tabs
        destroyOnHidden
        items={tabs.map((tab) => ({ ...tab, children: <Suspense fallback={<Loading />}>{tab.children}</Suspense> }))}
      />
    </>
  );
}
