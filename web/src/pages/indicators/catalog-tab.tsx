/** The indicator catalog: filter, read an indicator's definition, source, department and mapping. */
import { Descriptions, Drawer, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Indicator } from '../../api/monitoring.js';
import { ErrorAlert } from '../../components/page.js';
import { useCatalog } from '../../components/pickers.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ApiError } from '../../api/client.js';
import { attributeLabel, DIMENSIONS_EN, directionLabel, methodLabel, systemLabel, tierLabel } from './labels.js';

export default function CatalogTab() {
  const { t, pick, locale } = useI18n();
  const { catalog, error } = useCatalog();
  const [q, setQ] = useState('');
  const [dimension, setDimension] = useState<string | undefined>();
  const [system, setSystem] = useState<string | undefined>();
  const [method, setMethod] = useState<string | undefined>();
  const [open, setOpen] = useState<Indicator | null>(null);
  const dim = (d: string | null) => (d ? pick(d, DIMENSIONS_EN[d]) : '—');

  const items = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (catalog?.items ?? []).filter(
      (i) =>
        (!dimension || i.dimension === dimension) &&
        (!system || i.sourceSystem === system) &&
        (!method || i.method === method) &&
        (!needle ||
          i.code.toLowerCase().includes(needle) ||
          i.name.includes(q.trim()) ||
          (i.nameEn ?? '').toLowerCase().includes(needle)),
    );
  }, [catalog, q, dimension, system, method]);
  const dimensions = [
    ...new Set((catalog?.items ?? []).map((i) => i.dimension).filter((d): d is string => Boolean(d))),
  ];
  const mappings = (code: string) => (catalog?.mappings ?? []).filter((m) => m.fromCode === code || m.toCode === code);

  if (error) return <ErrorAlert error={error as ApiError} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('ind.catalog.search')}
          aria-label={t('ind.catalog.search')}
          allowClear
          onSearch={setQ}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('ind.dimension')}
          aria-label={t('ind.dimension')}
          value={dimension}
          onChange={setDimension}
          style={{ width: 180 }}
          options={dimensions.map((d) => ({ value: d, label: dim(d) }))}
        />
        <Select
          allowClear
          placeholder={t('ind.sourceSystem')}
          aria-label={t('ind.sourceSystem')}
          value={system}
          onChange={setSystem}
          style={{ width: 200 }}
          options={['tdt1063', 'master_plan', 'local'].map((s) => ({ value: s, label: t(systemLabel(s)) }))}
        />
        <Select
          allowClear
          placeholder={t('ind.method')}
          aria-label={t('ind.method')}
          value={method}
          onChange={setMethod}
          style={{ width: 160 }}
          options={['computed', 'reported', 'imported'].map((m) => ({ value: m, label: t(methodLabel(m)) }))}
        />
        {catalog && (
          <Typography.Text type="secondary">
            {t('ind.catalog.version', {
              name: catalog.system.name,
              version: catalog.system.versionNo,
              count: items.length,
            })}
          </Typography.Text>
        )}
      </Space>
      <Table<Indicator>
        size="small"
        rowKey="code"
        loading={!catalog}
        dataSource={items}
        pagination={{ pageSize: 15, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
        onRow={(record) => ({ onClick: () => setOpen(record), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('common.code'), dataIndex: 'code', width: 90 },
          {
            title: t('common.name'),
            key: 'name',
            render: (_, i) => (
              <a
                onClick={(e) => {
                  e.preventDefault();
                  setOpen(i);
                }}
                href={`#${i.code}`}
              >
                {pick(i.name, i.nameEn)}
              </a>
            ),
          },
          {
            title: t('ind.dimension'),
            dataIndex: 'dimension',
            width: 140,
            render: (d: string | null, i) =>
              `${dim(d)}${i.subdimension && locale === 'zh' ? ` · ${i.subdimension}` : ''}`,
          },
          {
            title: t('ind.attributeTier'),
            key: 'attr',
            width: 120,
            render: (_, i) => (
              <>
                {i.planAttribute && (
                  <Tag color={i.planAttribute === 'binding' ? 'red' : 'blue'}>{t(attributeLabel(i.planAttribute))}</Tag>
                )}
                {i.tier && <Tag>{t(tierLabel(i.tier))}</Tag>}
              </>
            ),
          },
          { title: t('common.unit'), dataIndex: 'unit', width: 90 },
          {
            title: t('ind.direction'),
            dataIndex: 'direction',
            width: 110,
            render: (d: string) => t(directionLabel(d)),
          },
          { title: t('ind.method'), dataIndex: 'method', width: 100, render: (m: string) => t(methodLabel(m)) },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={560}
        title={open ? `${open.code} ${pick(open.name, open.nameEn)}` : ''}
      >
        {open && (
          <>
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                {
                  key: 'dim',
                  label: t('ind.dimension'),
                  children: `${dim(open.dimension)}${open.subdimension ? ` · ${open.subdimension}` : ''}`,
                },
                { key: 'sys', label: t('ind.sourceSystem'), children: t(systemLabel(open.sourceSystem)) },
                {
                  key: 'attr',
                  label: t('ind.attribute'),
                  children: open.planAttribute ? t(attributeLabel(open.planAttribute)) : '—',
                },
                { key: 'tier', label: t('ind.tier'), children: open.tier ? t(tierLabel(open.tier)) : '—' },
                { key: 'unit', label: t('common.unit'), children: open.unit },
                {
                  key: 'dir',
                  label: t('ind.direction'),
                  children:
                    t(directionLabel(open.direction)) +
                    (open.rangeLow !== null || open.rangeHigh !== null
                      ? ` [${open.rangeLow ?? '−∞'}, ${open.rangeHigh ?? '+∞'}]`
                      : ''),
                },
                {
                  key: 'levels',
                  label: t('ind.levels'),
                  children: open.levels.map((l) => t(`ind.level.${l}` as never)).join(' / '),
                },
                {
                  key: 'method',
                  label: t('ind.method'),
                  children: `${t(methodLabel(open.method))}${open.formulaKey ? ` · ${open.formulaKey}` : ''}`,
                },
                { key: 'def', label: t('ind.definition'), children: open.definition ?? '—' },
                {
                  key: 'layers',
                  label: t('ind.dataLayers'),
                  children: open.dataLayers.length ? open.dataLayers.join(' / ') : '—',
                },
                { key: 'dept', label: t('ind.department'), children: open.departmentCode ?? '—' },
                { key: 'source', label: t('common.source'), children: open.source },
                {
                  key: 'ver',
                  label: t('ind.verification'),
                  children: <Typography.Text type="secondary">{open.verification}</Typography.Text>,
                },
              ]}
            />
            {mappings(open.code).length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('ind.mapping')}
                </Typography.Title>
                <ul>
                  {mappings(open.code).map((m) => (
                    <li key={`${m.fromCode}-${m.toCode}`}>
                      {m.fromCode} ↔ {m.toCode} · {t(`ind.relation.${m.relation}` as never)}
                      {m.note ? ` · ${m.note}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Link to={`/indicators/trend?indicator=${open.code}`}>{t('ind.openTrend')}</Link>
          </>
        )}
      </Drawer>
    </>
  );
}
