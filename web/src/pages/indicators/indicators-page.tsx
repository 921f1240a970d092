/**
 * Indicators (指标监测): the catalog, values by zone and year, the trend of one indicator, warnings, a
 * thematic map, monitoring runs and the review of departments' submissions. Each tab loads by itself
 * (the trend brings ECharts, the thematic map brings MapLibre).
 */
import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { useAuth } from '../../auth/auth.js';
import { ApiMissing, PageTitle } from '../../components/page.js';
import { useMonitoredYear } from '../../hooks/use-monitored-year.js';
import { useI18n } from '../../i18n/i18n.js';
import { Loading } from '../../components/loading.js';
import type { MessageKey } from '../../i18n/messages/index.js';

const CatalogTab = lazy(() => import('./catalog-tab.js'));
const ValuesTab = lazy(() => import('./values-tab.js'));
const TrendTab = lazy(() => import('./trend-tab.js'));
const WarningsTab = lazy(() => import('./warnings-tab.js'));
const ThematicTab = lazy(() => import('./thematic-tab.js'));
const RunsTab = lazy(() => import('./runs-tab.js'));
const ReviewTab = lazy(() => import('./review-tab.js'));

export default function IndicatorsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const catalog = useApiCatalog();
  const navigate = useNavigate();
  const { '*': rest } = useParams();
  const year = useMonitoredYear();
  const tab = rest?.split('/')[0] || 'catalog';

  if (catalog.loaded && !catalog.has('get', '/api/indicators')) {
    return (
      <>
        <PageTitle title={t('nav.indicators')} />
        <ApiMissing feature={t('nav.indicators')} />
      </>
    );
  }

  const tabs: { key: string; label: MessageKey; show: boolean; node: React.ReactNode }[] = [
    { key: 'catalog', label: 'ind.tab.catalog', show: true, node: <CatalogTab /> },
    { key: 'values', label: 'ind.tab.values', show: true, node: <ValuesTab defaultYear={year} key={year} /> },
    { key: 'trend', label: 'ind.tab.trend', show: true, node: <TrendTab /> },
    { key: 'warnings', label: 'ind.tab.warnings', show: true, node: <WarningsTab defaultYear={year} key={year} /> },
    { key: 'thematic', label: 'ind.tab.thematic', show: true, node: <ThematicTab defaultYear={year} key={year} /> },
    {
      key: 'runs',
      label: 'ind.tab.runs',
      show: catalog.has('get', '/api/monitoring/runs'),
      node: <RunsTab defaultYear={year} />,
    },
    { key: 'review', label: 'ind.tab.review', show: can('indicator.review'), node: <ReviewTab /> },
  ];

  return (
    <>
      <PageTitle title={t('nav.indicators')} description={t('ind.description')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/indicators/${key}`)}
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
