/**
 * The frozen indicator table a check-up stands on, per level (市域 / 城区 / 单元) and snapshot: value,
 * the year's expected value, the target and the status colour. It never changes under a finding: a new
 * run makes a new snapshot.
 */
import { Input, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { checkupApi, type Checkup, type SnapshotValue } from '../../api/checkup.js';
import type { Grade } from '../../api/monitoring.js';
import { formatNumber } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useCatalog, useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { GradeTag } from '../indicators/grade-tag.js';
import { useLabel } from './labels.js';

/** The value's colour: its worst open warning, green when on its expected path, none without a target. */
export function valueGrade(v: Pick<SnapshotValue, 'grade' | 'expected' | 'target'>): Grade | 'green' | 'none' {
  if (v.grade) return v.grade as Grade;
  return v.expected !== null || v.target !== null ? 'green' : 'none';
}

export default function ValuesTab({ checkup }: { checkup: Checkup }) {
  const { t, pick, locale } = useI18n();
  const label = useLabel();
  const zones = useZones();
  const { catalog } = useCatalog();
  const [level, setLevel] = useState<string>(checkup.levels[0] ?? 'city');
  const [snapshot, setSnapshot] = useState<number | undefined>(checkup.currentSnapshotId ?? undefined);
  const [search, setSearch] = useState('');
  const values = useRequest(
    checkup.currentSnapshotId ? (signal) => checkupApi.values(checkup.id, { snapshot, level }, signal) : null,
    [checkup.id, snapshot, level, checkup.currentSnapshotId],
  );
  const nameOf = useMemo(() => {
    const items = catalog?.items ?? [];
    return (v: SnapshotValue) => {
      const i = items.find((x) => x.code === v.indicatorCode);
      return i ? pick(i.name, i.nameEn) : v.indicatorName ? pick(v.indicatorName, v.indicatorNameEn) : '';
    };
  }, [catalog, pick]);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (values.data ?? []).filter(
      (v) => !q || v.indicatorCode.toLowerCase().includes(q) || nameOf(v).toLowerCase().includes(q),
    );
  }, [values.data, search, nameOf]);

  if (!checkup.currentSnapshotId) return <EmptyState description={t('checkup.values.noSnapshot')} />;

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={level}
          onChange={(v) => setLevel(String(v))}
          options={checkup.levels.map((l) => ({ value: l, label: label('checkup.level', l) }))}
          aria-label={t('checkup.level')}
        />
        <Select
          value={snapshot}
          onChange={setSnapshot}
          style={{ width: 200 }}
          aria-label={t('checkup.snapshot')}
          options={(checkup.snapshots ?? []).map((s) => ({
            value: s.id,
            label:
              t('checkup.snapshot.seq', { seq: s.seq }) + (s.published ? ` · ${t('checkup.snapshot.published')}` : ''),
          }))}
        />
        <Input.Search
          allowClear
          placeholder={t('checkup.values.search')}
          aria-label={t('checkup.values.search')}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Typography.Text type="secondary">{t('checkup.values.frozen')}</Typography.Text>
      </Space>
      <ErrorAlert error={values.error} onRetry={values.reload} />
      <Table<SnapshotValue>
        size="small"
        rowKey={(v) => `${v.indicatorCode}|${v.zoneCode}|${v.year}`}
        loading={values.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="checkup-values"
        locale={{ emptyText: <EmptyState description={t('checkup.values.empty')} /> }}
        columns={[
          { title: t('common.code'), dataIndex: 'indicatorCode', width: 90 },
          { title: t('ind.indicator'), key: 'name', render: (_, v) => nameOf(v) },
          {
            title: t('common.zone'),
            dataIndex: 'zoneCode',
            render: (code: string) => zoneName(code, zones, pick),
          },
          {
            title: t('common.value'),
            key: 'value',
            align: 'right',
            render: (_, v) => `${formatNumber(v.value, locale)} ${v.unit}`,
          },
          {
            title: t('checkup.values.expected'),
            dataIndex: 'expected',
            align: 'right',
            render: (x: number | null) => formatNumber(x, locale),
          },
          {
            title: t('checkup.values.target'),
            dataIndex: 'target',
            align: 'right',
            render: (x: number | null) => formatNumber(x, locale),
          },
          {
            title: t('common.status'),
            key: 'grade',
            width: 100,
            render: (_, v) => <GradeTag grade={valueGrade(v)} />,
          },
        ]}
      />
    </>
  );
}
