/** Data (数据管理): import files with progress and their validation reports; layers and their history. */
import { Drawer, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useApiCatalog } from '../../api/catalog.js';
import { cached, forgetKey } from '../../api/cache.js';
import { api } from '../../api/client.js';
import type { AuditEntry, ImportView, LayerView, Page } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { ApiMissing, EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { categoryLabel } from '../map/layer-panel.js';
import { ImportForm } from './import-form.js';
import { IMPORT_STATUS_COLOURS, ImportReportView } from './import-report.js';

function LayerHistory({ layer }: { layer: LayerView }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const imports = useRequest(
    can('data.import')
      ? (signal) => api.get<Page<ImportView>>('/api/imports', { layer: layer.code, limit: 20 }, signal)
      : null,
    [layer.code],
  );
  const audit = useRequest(
    can('audit.read')
      ? (signal) =>
          api.get<Page<AuditEntry>>('/api/audit', { entityType: 'layer', entityId: layer.code, limit: 20 }, signal)
      : null,
    [layer.code],
  );
  const events = [
    ...(imports.data?.items ?? []).map((i) => ({
      at: i.createdAt,
      text: t('data.history.import', {
        file: i.fileName,
        status: t(`import.status.${i.status}` as never),
        loaded: i.counts.loaded,
        by: i.createdBy,
      }),
      colour: IMPORT_STATUS_COLOURS[i.status] ?? 'gray',
    })),
    ...(audit.data?.items ?? []).map((a) => ({ at: a.at, text: `${a.activity} · ${a.actorName}`, colour: 'gray' })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return events.length === 0 ? (
    <Typography.Text type="secondary">
      {t('data.history.none', { time: formatTime(layer.updatedAt, locale) })}
    </Typography.Text>
  ) : (
    <Timeline items={events.map((e) => ({ color: e.colour, content: `${formatTime(e.at, locale)} · ${e.text}` }))} />
  );
}

export default function DataPage() {
  const { t, pick, locale } = useI18n();
  const catalog = useApiCatalog();
  const { can } = useAuth();
  const [report, setReport] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const importsAvailable = catalog.has('post', '/api/imports') && can('data.import');
  const layers = useRequest(() => cached.layers(), [tick]);
  const imports = useRequest(
    importsAvailable ? (signal) => api.get<Page<ImportView>>('/api/imports', { limit: 50 }, signal) : null,
    [tick, importsAvailable],
  );
  const refresh = () => {
    forgetKey('layers');
    setTick((n) => n + 1);
  };

  return (
    <>
      <PageTitle title={t('nav.data')} description={t('data.description')} />
      <Tabs
        items={[
          {
            key: 'import',
            label: t('data.tab.import'),
            children: importsAvailable ? (
              <ImportForm layers={layers.data ?? []} onImported={refresh} />
            ) : (
              <ApiMissing feature={t('data.tab.import')} />
            ),
          },
          {
            key: 'history',
            label: t('data.tab.history'),
            children: importsAvailable ? (
              <>
                <ErrorAlert error={imports.error} onRetry={imports.reload} />
                <Table<ImportView>
                  size="small"
                  rowKey="id"
                  loading={imports.loading}
                  dataSource={imports.data?.items ?? []}
                  locale={{ emptyText: <EmptyState description={t('data.imports.empty')} /> }}
                  onRow={(r) => ({ onClick: () => setReport(r.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: 'ID', dataIndex: 'id', width: 60 },
                    { title: t('import.file'), dataIndex: 'fileName' },
                    { title: t('import.layer'), dataIndex: 'layerCode' },
                    {
                      title: t('common.status'),
                      dataIndex: 'status',
                      render: (s: string) => (
                        <Tag color={IMPORT_STATUS_COLOURS[s]}>{t(`import.status.${s}` as never)}</Tag>
                      ),
                    },
                    {
                      title: t('data.imports.counts'),
                      key: 'c',
                      render: (_, r) =>
                        t('data.imports.countText', {
                          read: r.counts.read,
                          loaded: r.counts.loaded,
                          rejected: r.counts.rejected,
                        }),
                    },
                    { title: t('import.by'), dataIndex: 'createdBy' },
                    { title: t('common.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, locale) },
                  ]}
                />
              </>
            ) : (
              <ApiMissing feature={t('data.tab.history')} />
            ),
          },
          {
            key: 'layers',
            label: t('data.tab.layers'),
            children: (
              <>
                <ErrorAlert error={layers.error} onRetry={layers.reload} />
                <Table<LayerView>
                  size="small"
                  rowKey="code"
                  loading={layers.loading}
                  dataSource={layers.data ?? []}
                  pagination={false}
                  expandable={{ expandedRowRender: (l) => <LayerHistory layer={l} /> }}
                  columns={[
                    { title: t('common.name'), key: 'title', render: (_, l) => pick(l.title, l.titleEn) },
                    { title: t('common.code'), dataIndex: 'code' },
                    {
                      title: t('data.layers.category'),
                      dataIndex: 'category',
                      render: (c: string) => t(categoryLabel(c)),
                    },
                    {
                      title: t('data.layers.versionYear'),
                      key: 'vy',
                      render: (_, l) =>
                        l.statusYear
                          ? String(l.statusYear)
                          : l.planVersionId
                            ? t('map.versionNo', { id: l.planVersionId })
                            : '—',
                    },
                    {
                      title: t('data.layers.features'),
                      dataIndex: 'featureCount',
                      align: 'right',
                      render: (n: number) => formatNumber(n, locale, 0),
                    },
                    {
                      title: t('data.layers.access'),
                      dataIndex: 'isPublic',
                      render: (p: boolean) =>
                        p ? <Tag color="green">{t('common.public')}</Tag> : <Tag>{t('common.internal')}</Tag>,
                    },
                    {
                      title: t('common.updatedAt', { time: '' }).trim(),
                      dataIndex: 'updatedAt',
                      render: (v: string) => formatTime(v, locale),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
      <Drawer open={report !== null} onClose={() => setReport(null)} size={820} title={t('import.report')}>
        {report !== null && <ImportReportView id={report} />}
      </Drawer>
    </>
  );
}
