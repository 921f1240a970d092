/**
 * 体检评估 (check-up and evaluation): the list of check-ups, and one check-up's page — its workflow,
 * frozen indicator table, findings with causes and countermeasures, tasks, report and participation.
 */
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, PageTitle } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';
import { CheckupList } from './checkup-list.js';

// The project page brings the charts (trend mini-charts); the list does not need them.
const CheckupProject = lazy(() => import('./checkup-project.js'));

export default function CheckupPage() {
  const { t } = useI18n();
  const catalog = useApiCatalog();
  if (catalog.loaded && !catalog.hasPrefix('/api/checkups')) {
    return (
      <>
        <PageTitle title={t('nav.checkup')} description={t('checkup.description')} />
        <ApiMissing feature={t('checkup.feature')} />
      </>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<CheckupList />} />
        <Route path=":id/*" element={<CheckupProject />} />
      </Routes>
    </Suspense>
  );
}
