/**
 * The cockpit (驾驶舱): where the plan stands for the reader's region — the binding indicators with
 * their status colour, what is red, what is overdue, what changed since the last visit, and a map.
 */
import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { cached } from '../../api/cache.js';
import { api } from '../../api/client.js';
import {
  GRADE_COLOURS,
  GRADES,
  worstGrade,
  type Catalog,
  type Grade,
  type IndicatorValue,
  type WarningPage,
} from '../../api/monitoring.js';
import type { AuditEntry, ImportView, Page, PlanTarget, PlanVersionDetail, Zone } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { ApiMissing, EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMonitoredYear } from '../../hooks/use-monitored-year.js';
import { GradeTag } from '../indicators/grade-tag.js';
import { OverdueTasks } from '../tasks/overdue-tasks.js';
import { sinceLastVisit } from './since-last-visit.js';

const CockpitMap = lazy(() => import('./cockpit-map.js'));

/** The zone the cockpit speaks for: the reader's region, or the city for nationwide accounts. */
/**
 * The map starts once the key indicators are on screen (or after MAP_AT_LATEST_MS): its 1 MB of MapLibre,
 * its WebGL context and its first tiles otherwise compete with them for the browser's one main thread,
 * and a leader opens the cockpit for the figures first.
 */
const MAP_AT_LATEST_MS = 2000;

function useDeferredMap(): [boolean, () => void] {
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWanted(true), MAP_AT_LATEST_MS);
    return () => clearTimeout(timer);
  }, []);
  // After the indicators' paint, not within it.
  const show = useCallback(() => requestAnimationFrame(() => setTimeout(() => setWanted(true), 0)), []);
  return [wanted, show];
}

/** Tell the page once `done` has become true. */
function useShownWhen(done: boolean, onShown: () => void) {
  useEffect(() => {
    if (done) onShown();
  }, [done, onShown]);
}

function homeZone(zones: Zone[], regionCode: string): Zone | undefined {
  return zones.find((z) => z.code === regionCode) ?? zones.find((z) => z.kind === 'region' && z.level === 'city');
}

function KeyIndicators({ zone, year, onShown }: { zone: Zone; year: number; onShown: () => void }) {
  const { t, pick, locale } = useI18n();
  const data = useRequest(
    async (signal) => {
      const [catalog, values, warnings] = await Promise.all([
        api.get<Catalog>('/api/indicators', { sourceSystem: 'master_plan' }, signal),
        api.get<{ items: IndicatorValue[] }>('/api/indicators/values', { zone: zone.code, year, limit: 500 }, signal),
        api.get<WarningPage>('/api/warnings', { zone: zone.code, year, status: 'open', limit: 500 }, signal),
      ]);
      return { catalog, values, warnings };
    },
    [zone.code, year],
  );
  useShownWhen(!data.loading, onShown);
  if (data.error) return <ErrorAlert error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { catalog, values, warnings } = data.data;
  // The master plan's indicators measured this year: binding ones first, then the others, nine at most.
  const rank = (a: string | null) => (a === 'binding' ? 0 : a === 'expected' ? 1 : 2);
  const cards = catalog.items
    .map((i) => ({ indicator: i, value: values.items.find((v) => v.indicatorCode === i.code && v.period === '') }))
    .filter((c) => c.value)
    .sort((a, b) => rank(a.indicator.planAttribute) - rank(b.indicator.planAttribute))
    .slice(0, 9);
  if (cards.length === 0)
    return (
      <EmptyState
        description={t('cockpit.noValues', { year })}
        action={<Link to="/indicators/runs">{t('cockpit.goRuns')}</Link>}
      />
    );
  return (
    <Row gutter={[12, 12]}>
      {cards.map(({ indicator, value }) => {
        const grades = warnings.items.filter((w) => w.indicatorCode === indicator.code).map((w) => w.grade);
        const grade: Grade | 'green' | 'none' =
          worstGrade(grades) ?? (value!.evaluation?.expected != null ? 'green' : 'none');
        return (
          <Col xs={24} md={12} xxl={8} key={indicator.code}>
            <Link to={`/indicators/trend?indicator=${indicator.code}&zone=${zone.code}`} className="kpi-link">
              <Card size="small" className={`kpi-card grade-${grade}`} hoverable>
                <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                  <Typography.Text type="secondary">{pick(indicator.name, indicator.nameEn)}</Typography.Text>
                  <GradeTag grade={grade} />
                </Space>
                <div className="kpi-value">
                  {formatNumber(value!.value, locale)}
                  <span className="kpi-unit">{indicator.unit}</span>
                </div>
                <div className="kpi-meta">
                  {value!.evaluation?.expected != null
                    ? t('cockpit.expected', { value: formatNumber(value!.evaluation.expected, locale), year })
                    : t('cockpit.noTarget')}
                </div>
              </Card>
            </Link>
          </Col>
        );
      })}
    </Row>
  );
}

/** Without the monitoring capability: the plan's own targets, so the cockpit still says what the plan promises. */
function PlanTargets({ zone, onShown }: { zone: Zone; onShown: () => void }) {
  const { t, pick, locale } = useI18n();
  const data = useRequest(
    async (signal) => {
      const plans = await cached.plans();
      const master =
        plans.find((p) => p.kind === 'master' && zone.code.startsWith(p.regionCode)) ??
        plans.find((p) => p.kind === 'master');
      if (!master) return null;
      const detail = await api.get<{ versions: { versionNo: number; isCurrent: boolean }[] }>(
        `/api/plans/${master.id}`,
        undefined,
        signal,
      );
      const current = detail.versions.find((v) => v.isCurrent) ?? detail.versions.at(-1);
      if (!current) return null;
      return api.get<PlanVersionDetail>(`/api/plans/${master.id}/versions/${current.versionNo}`, undefined, signal);
    },
    [zone.code],
  );
  useShownWhen(!data.loading, onShown);
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return data.loading ? <Loading /> : <EmptyState description={t('cockpit.noPlan')} />;
  const targets = data.data.targets.filter((x: PlanTarget) => x.attribute === '约束性' || x.isBottomLine).slice(0, 9);
  return (
    <Row gutter={[12, 12]}>
      {targets.map((x) => (
        <Col xs={24} md={12} xxl={8} key={x.indicatorName}>
          <Card size="small" className="kpi-card grade-none">
            <Typography.Text type="secondary">{pick(x.indicatorName, x.indicatorNameEn)}</Typography.Text>
            <div className="kpi-value">
              {formatNumber(x.targetValue, locale)}
              <span className="kpi-unit">{x.unit}</span>
            </div>
            <div className="kpi-meta">{t('cockpit.targetOf', { year: x.targetYear })}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Changes({ since }: { since: string | null }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const catalog = useApiCatalog();
  const data = useRequest(
    async (signal) => {
      const from = since ?? new Date(Date.now() - 7 * 86400_000).toISOString();
      const [layers, warnings, imports, audit] = await Promise.all([
        cached.layers(),
        catalog.has('get', '/api/warnings')
          ? api.get<WarningPage>('/api/warnings', { status: 'open', limit: 500 }, signal)
          : null,
        can('data.import') && catalog.has('get', '/api/imports')
          ? api.get<Page<ImportView>>('/api/imports', { limit: 50 }, signal)
          : null,
        can('audit.read') ? api.get<Page<AuditEntry>>('/api/audit', { from, limit: 1 }, signal) : null,
      ]);
      return {
        from,
        layers: layers.filter((l) => l.updatedAt > from),
        warnings: (warnings?.items ?? []).filter((w) => w.createdAt > from),
        imports: (imports?.items ?? []).filter((i) => i.createdAt > from),
        audit: audit?.total ?? null,
      };
    },
    [since, catalog.loaded],
  );
  if (!data.data) return <Loading />;
  const d = data.data;
  const items = [
    {
      key: 'w',
      text: t('cockpit.changes.warnings', { count: d.warnings.length }),
      link: '/indicators/warnings',
      show: catalog.has('get', '/api/warnings'),
    },
    {
      key: 'l',
      text: t('cockpit.changes.layers', {
        count: d.layers.length,
        names: d.layers
          .slice(0, 3)
          .map((l) => l.code)
          .join(', '),
      }),
      link: '/map',
      show: true,
    },
    {
      key: 'i',
      text: t('cockpit.changes.imports', { count: d.imports.length }),
      link: '/data',
      show: can('data.import'),
    },
    { key: 'a', text: t('cockpit.changes.audit', { count: d.audit ?? 0 }), link: '/admin', show: d.audit !== null },
  ].filter((i) => i.show);
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {since ? t('cockpit.changes.since', { time: formatTime(since, locale) }) : t('cockpit.changes.firstVisit')}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={items}
        renderItem={(i) => (
          <List.Item
            actions={[
              <Link key="go" to={i.link} aria-label={i.text}>
                <ArrowRightOutlined />
              </Link>,
            ]}
          >
            {i.text}
          </List.Item>
        )}
      />
    </>
  );
}

export default function CockpitPage() {
  const { t, pick } = useI18n();
  const { me } = useAuth();
  const catalog = useApiCatalog();
  const year = useMonitoredYear();
  const [zones, setZones] = useState<Zone[]>([]);
  const since = useMemo(() => (me ? sinceLastVisit(me.username) : null), [me]);
  useEffect(() => {
    cached.zones().then(setZones, () => setZones([]));
  }, []);
  const zone = homeZone(zones, me?.regionCode ?? '');
  const monitoring = catalog.has('get', '/api/warnings');
  const [mapWanted, showMap] = useDeferredMap();
  const warnings = useRequest(
    monitoring ? (signal) => api.get<WarningPage>('/api/warnings', { status: 'open', year, limit: 8 }, signal) : null,
    [monitoring, year],
  );
  const red = useRequest(
    monitoring
      ? (signal) => api.get<WarningPage>('/api/warnings', { status: 'open', grade: 'red', limit: 8 }, signal)
      : null,
    [monitoring],
  );
  const top = (red.data?.items.length ? red.data.items : (warnings.data?.items ?? [])).slice(0, 6);

  return (
    <>
      <PageTitle
        title={t('cockpit.title', { region: zone ? pick(zone.name, zone.nameEn) : '' })}
        description={t('cockpit.subtitle', { year })}
        extra={<Link to="/map">{t('action.openMap')}</Link>}
      />
      {monitoring && (
        <Row gutter={12} style={{ marginBottom: 16 }}>
          {GRADES.map((g) => (
            <Col span={6} key={g}>
              <Link
                to={`/indicators/warnings`}
                aria-label={t('cockpit.gradeCount', { grade: t(`grade.${g}` as never) })}
              >
                <Card size="small" className={`grade-${g}`} hoverable>
                  <Statistic
                    title={t('cockpit.gradeCount', { grade: t(`grade.${g}` as never) })}
                    value={warnings.data?.byGrade[g] ?? 0}
                    styles={{ content: { color: GRADE_COLOURS[g] } }}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('cockpit.keyIndicators')} size="small" style={{ marginBottom: 16 }}>
            {zone ? (
              monitoring ? (
                <KeyIndicators zone={zone} year={year} onShown={showMap} />
              ) : (
                <PlanTargets zone={zone} onShown={showMap} />
              )
            ) : (
              <Loading />
            )}
          </Card>
          <Card
            title={t('cockpit.map')}
            size="small"
            extra={<Link to="/map">{t('action.openMap')}</Link>}
            styles={{ body: { padding: 0 } }}
          >
            <div className="cockpit-map">
              {mapWanted ? (
                <Suspense fallback={<Loading />}>
                  <CockpitMap />
                </Suspense>
              ) : (
                <Loading />
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card
            title={t('cockpit.redWarnings')}
            size="small"
            style={{ marginBottom: 16 }}
            extra={monitoring && <Link to="/indicators/warnings">{t('cockpit.allWarnings')}</Link>}
          >
            {!monitoring ? (
              <ApiMissing feature={t('ind.tab.warnings')} />
            ) : (
              <List
                size="small"
                loading={warnings.loading}
                dataSource={top}
                locale={{ emptyText: <EmptyState description={t('cockpit.noWarnings')} /> }}
                renderItem={(w) => (
                  <List.Item className={`warning-item grade-${w.grade}`}>
                    <Space orientation="vertical" size={2}>
                      <Space size={4}>
                        <GradeTag grade={w.grade} />
                        <Tag>{w.year}</Tag>
                      </Space>
                      <Typography.Text>{pick(w.explanation)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card title={t('cockpit.overdue')} size="small" style={{ marginBottom: 16 }}>
            {catalog.hasPrefix('/api/tasks') ? <OverdueTasks /> : <ApiMissing feature={t('cockpit.overdueFeature')} />}
          </Card>
          <Card title={t('cockpit.changes')} size="small">
            <Changes since={since} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
