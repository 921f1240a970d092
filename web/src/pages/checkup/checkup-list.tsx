/** The check-ups of the reader's region: kind, year, region, status and progress; a new one by dialog. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Progress, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { cached } from '../../api/cache.js';
import {
  CHECKUP_KINDS,
  CHECKUP_LEVELS,
  CHECKUP_STATUSES,
  checkupApi,
  type Checkup,
  type CheckupKind,
  type CheckupLevel,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import type { Zone } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert, PageTitle } from '../../components/page.js';
import { zoneName, ZoneSelect } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { CheckupStatusTag, useLabel } from './labels.js';

interface CreateValues {
  kind: CheckupKind;
  regionCode: string;
  year: number;
  levels: CheckupLevel[];
  title?: string;
  previousId?: number;
}

const FIELDS = new Set(['kind', 'regionCode', 'year', 'levels', 'title', 'previousId']);

function CreateDialog({
  open,
  onClose,
  checkups,
  zones,
}: {
  open: boolean;
  onClose(): void;
  checkups: Checkup[];
  zones: Zone[];
}) {
  const { t, pick } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const label = useLabel();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiError | null>(null);

  const submit = async (values: CreateValues) => {
    setBusy(true);
    setGeneral(null);
    try {
      const c = await checkupApi.create({ ...values, title: values.title || undefined });
      message.success(t('checkup.created', { title: c.title }));
      onClose();
      navigate(`/checkup/${c.id}`);
    } catch (e) {
      const err = e as ApiError;
      if (err.field && FIELDS.has(err.field))
        form.setFields([{ name: err.field as keyof CreateValues, errors: [pick(err.text)] }]);
      else setGeneral(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('checkup.create.title')}
      onCancel={onClose}
      okText={t('action.create')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ErrorAlert error={general} title={t('checkup.create.failed')} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'annual',
          regionCode: me?.regionCode || undefined,
          year: new Date().getFullYear() - 1,
          levels: ['city', 'urban'],
        }}
      >
        <Form.Item name="kind" label={t('checkup.kind')} rules={[{ required: true }]}>
          <Select
            aria-label={t('checkup.kind')}
            options={CHECKUP_KINDS.map((k) => ({ value: k, label: label('checkup.kind', k) }))}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('common.region')}
          rules={[{ required: true, message: t('checkup.create.regionRequired') }]}
        >
          <ZoneSelect zones={zones} groups={['city', 'district']} style={{ width: '100%' }} id="regionCode" />
        </Form.Item>
        <Form.Item
          name="year"
          label={t('checkup.year')}
          rules={[{ required: true, message: t('checkup.create.yearRequired') }]}
          extra={t('checkup.create.yearHint')}
        >
          <InputNumber min={2000} max={2100} style={{ width: 160 }} id="year" />
        </Form.Item>
        <Form.Item name="levels" label={t('checkup.levels')} rules={[{ required: true }]}>
          <Checkbox.Group options={CHECKUP_LEVELS.map((l) => ({ value: l, label: label('checkup.level', l) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('checkup.titleField')} extra={t('checkup.create.titleHint')}>
          <Input maxLength={200} id="title" />
        </Form.Item>
        <Form.Item name="previousId" label={t('checkup.previous')} extra={t('checkup.create.previousHint')}>
          <Select
            allowClear
            aria-label={t('checkup.previous')}
            options={checkups.map((c) => ({ value: c.id, label: `${c.year} · ${c.title}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CheckupList() {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const label = useLabel();
  const [status, setStatus] = useState<string | undefined>();
  const [year, setYear] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [zones, setZones] = useState<Zone[]>([]);
  useEffect(() => {
    cached.zones().then(setZones, () => undefined);
  }, []);
  const checkups = useRequest((signal) => checkupApi.list({ status, year: year ?? undefined }, signal), [status, year]);
  const manage = can('checkup.manage');

  return (
    <>
      <PageTitle
        title={t('nav.checkup')}
        description={t('checkup.description')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('checkup.new')}
            </Button>
          )
        }
      />
      <div className="filter-bar" style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('common.status')}
          aria-label={t('common.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={CHECKUP_STATUSES.map((s) => ({ value: s, label: label('checkup.status', s) }))}
        />
        <InputNumber
          placeholder={t('common.year')}
          aria-label={t('common.year')}
          value={year}
          onChange={(v) => setYear(v)}
          min={2000}
          max={2100}
          style={{ width: 120 }}
        />
      </div>
      <ErrorAlert error={checkups.error} onRetry={checkups.reload} />
      <Table<Checkup>
        rowKey="id"
        size="middle"
        loading={checkups.loading}
        dataSource={checkups.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: (
            <EmptyState
              description={manage ? t('checkup.list.emptyManage') : t('checkup.list.empty')}
              action={
                manage && (
                  <Button type="primary" onClick={() => setCreating(true)}>
                    {t('checkup.new')}
                  </Button>
                )
              }
            />
          ),
        }}
        columns={[
          {
            title: t('checkup.titleField'),
            dataIndex: 'title',
            render: (title: string, c) => <Link to={`/checkup/${c.id}`}>{title}</Link>,
          },
          {
            title: t('checkup.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: string) => <Tag>{label('checkup.kind', k)}</Tag>,
          },
          { title: t('checkup.year'), dataIndex: 'year', width: 90 },
          {
            title: t('common.region'),
            dataIndex: 'regionCode',
            width: 140,
            render: (code: string) => zoneName(code, zones, pick),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: Checkup['status']) => <CheckupStatusTag status={s} />,
          },
          {
            title: t('checkup.progress'),
            key: 'progress',
            width: 180,
            render: (_, c) =>
              typeof c.progress === 'number' ? (
                <Progress percent={Math.round(c.progress)} size="small" />
              ) : (
                <Progress
                  percent={Math.round((100 * CHECKUP_STATUSES.indexOf(c.status)) / (CHECKUP_STATUSES.length - 1))}
                  size="small"
                  showInfo={false}
                  aria-label={t('checkup.stageProgress')}
                />
              ),
          },
          {
            title: t('common.updatedAt'),
            dataIndex: 'updatedAt',
            width: 170,
            render: (v: string) => formatTime(v, locale),
          },
        ]}
      />
      {creating && (
        <CreateDialog open={creating} onClose={() => setCreating(false)} checkups={checkups.data ?? []} zones={zones} />
      )}
    </>
  );
}
