/** The audit log: who did what, when, to which entity, with before and after; filtered. */
import { Button, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { AuditEntry, Page } from '../../api/types.js';
import { formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';

interface Filters {
  entityType?: string;
  entityId?: string;
  actor?: string;
  activity?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditTab() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const log = useRequest(
    (signal) =>
      api.get<Page<AuditEntry>>(
        '/api/audit',
        {
          entityType: filters.entityType,
          entityId: filters.entityId,
          actor: filters.actor,
          activity: filters.activity,
          from: filters.range?.[0]?.startOf('day').toISOString(),
          to: filters.range?.[1]?.endOf('day').toISOString(),
          limit: 20,
          offset: (page - 1) * 20,
        },
        signal,
      ),
    [filters, page],
  );
  const apply = () => {
    setPage(1);
    setFilters(draft);
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          placeholder={t('admin.audit.entityType')}
          aria-label={t('admin.audit.entityType')}
          value={draft.entityType}
          onChange={(e) => setDraft({ ...draft, entityType: e.target.value || undefined })}
          style={{ width: 160 }}
        />
        <Input
          placeholder={t('admin.audit.entityId')}
          aria-label={t('admin.audit.entityId')}
          value={draft.entityId}
          onChange={(e) => setDraft({ ...draft, entityId: e.target.value || undefined })}
          style={{ width: 140 }}
        />
        <Input
          placeholder={t('admin.audit.actor')}
          aria-label={t('admin.audit.actor')}
          value={draft.actor}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value || undefined })}
          style={{ width: 140 }}
        />
        <Input
          placeholder={t('admin.audit.activity')}
          aria-label={t('admin.audit.activity')}
          value={draft.activity}
          onChange={(e) => setDraft({ ...draft, activity: e.target.value || undefined })}
          style={{ width: 180 }}
        />
        <DatePicker.RangePicker
          value={draft.range ?? null}
          onChange={(range) => setDraft({ ...draft, range })}
          aria-label={t('admin.audit.range')}
        />
        <Button type="primary" onClick={apply}>
          {t('action.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft({});
            setFilters({});
            setPage(1);
          }}
        >
          {t('action.reset')}
        </Button>
      </Space>
      <ErrorAlert error={log.error} onRetry={log.reload} />
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('admin.audit.empty')} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: log.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
        }}
        expandable={{
          expandedRowRender: (a) => (
            <div className="audit-diff">
              <div>
                <Typography.Text strong>{t('admin.audit.before')}</Typography.Text>
                <Json value={a.before} />
              </div>
              <div>
                <Typography.Text strong>{t('admin.audit.after')}</Typography.Text>
                <Json value={a.after} />
              </div>
              {a.comment && <Typography.Paragraph>{a.comment}</Typography.Paragraph>}
            </div>
          ),
        }}
        columns={[
          { title: t('common.time'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v, locale) },
          {
            title: t('admin.audit.actor'),
            key: 'actor',
            render: (_, a) => (
              <>
                {a.actorName} {a.automated && <Tag>{t('admin.audit.automated')}</Tag>}
              </>
            ),
          },
          { title: t('admin.audit.activity'), dataIndex: 'activity' },
          { title: t('admin.audit.entityType'), dataIndex: 'entityType' },
          { title: t('admin.audit.entityId'), dataIndex: 'entityId' },
          { title: t('common.region'), dataIndex: 'regionCode' },
          { title: 'IP', dataIndex: 'ip' },
        ]}
      />
    </>
  );
}
