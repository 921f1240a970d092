/**
 * Routes. Each page is its own chunk (React.lazy): the map pages bring MapLibre, the indicator pages
 * bring ECharts; the first page a visitor sees carries neither.
 */
import { Result } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/auth.js';
import { Loading } from './components/loading.js';
import { useI18n } from './i18n/i18n.js';
import { ErrorBoundary } from './layout/error-boundary.js';
import { homePath } from './layout/navigation.js';
import { LoginPage } from './pages/login-page.js';

// The signed-in frame (menu, header) loads after sign-in: the sign-in page carries only its form.
const AppShell = lazy(() => import('./layout/app-shell.js').then((m) => ({ default: m.AppShell })));
const CockpitPage = lazy(() => import('./pages/cockpit/cockpit-page.js'));
const MapPage = lazy(() => import('./pages/map/map-page.js'));
const IndicatorsPage = lazy(() => import('./pages/indicators/indicators-page.js'));
const DepartmentPage = lazy(() => import('./pages/department/department-page.js'));
const DataPage = lazy(() => import('./pages/data/data-page.js'));
const AdminPage = lazy(() => import('./pages/admin/admin-page.js'));
const PortalPage = lazy(() => import('./pages/portal/portal-page.js'));
const CheckupPage = lazy(() => import('./pages/checkup/checkup-page.js'));
const TasksPage = lazy(() => import('./pages/tasks/tasks-page.js'));

function Page({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t('error.notFound')} subTitle={t('error.notFoundHint')} />;
}

function SignedIn() {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.role === 'public') return <Navigate to="/portal" replace />;
  return (
    <Suspense fallback={<Loading />}>
      <AppShell me={me} />
    </Suspense>
  );
}

function Home() {
  const { me } = useAuth();
  if (me === undefined) return <Loading />;
  return <Navigate to={me ? homePath(me) : '/login'} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/portal/*"
        element={
          <Page>
            <PortalPage />
          </Page>
        }
      />
      <Route path="/" element={<Home />} />
      <Route element={<SignedIn />}>
        <Route
          path="/cockpit"
          element={
            <Page>
              <CockpitPage />
            </Page>
          }
        />
        <Route
          path="/map"
          element={
            <Page>
              <MapPage />
            </Page>
          }
        />
        <Route
          path="/indicators/*"
          element={
            <Page>
              <IndicatorsPage />
            </Page>
          }
        />
        <Route
          path="/checkup/*"
          element={
            <Page>
              <CheckupPage />
            </Page>
          }
        />
        <Route
          path="/tasks"
          element={
            <Page>
              <TasksPage />
            </Page>
          }
        />
        <Route
          path="/department/*"
          element={
            <Page>
              <DepartmentPage />
            </Page>
          }
        />
        <Route
          path="/data/*"
          element={
            <Page>
              <DataPage />
            </Page>
          }
        />
        <Route
          path="/admin/*"
          element={
            <Page>
              <AdminPage />
            </Page>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
