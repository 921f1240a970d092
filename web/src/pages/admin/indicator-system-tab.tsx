/**
 * Editing the indicator system: versions (draft, active, retired); add a local indicator to the draft,
 * retire one naming its successor, activate the draft. Each change is audited by the server.
 */
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { cached } from '../../api/cache.js';
import { api, ApiError } from '../../api/client.js';
import type { Catalog, Direction, SystemVersion } from '../../api/monitoring.js';
import type { Department } from '../../api/types.js';
import { formatTime } from '../../components/format.js';
import { ErrorAlert } from '../../components/page.js';
import { forgetCatalog, IndicatorSelect } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { directionLabel, methodLabel } from '../indicators/labels.js';

interface NewIndicator {
  code: string;
  name: string;
  nameEn?: string;
  dimension?: string;
  unit: string;
  direction: Direction;
  rangeLow?: number;
  rangeHigh?: number;
  levels: string[];
  method: 'computed' | 'reported' | 'imported';
  departmentCode?: string;
  definition?: string;
  source: string;
}

const FORM_FIELDS = [
  'code',
  'name',
  'nameEn',
  'dimension',
  'unit',
  'direction',
  'rangeLow',
  'rangeHigh',
  'levels',
  'method',
  'departmentCode',
  'definition',
  'source',
];

export default function IndicatorSystemTab() {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewIndicator>();
  const [retireForm] = Form.useForm<{ code: string; successorCode?: string; reason: string }>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [tick, setTick] = useState(0);
  const versions = useRequest(
    (signal) => api.get<{ items: SystemVersion[] }>('/api/indicator-systems', undefined, signal),
    [tick],
  );
  const catalog = useRequest((signal) => api.get<Catalog>('/api/indicators', undefined, signal), [tick]);
  const direction = Form.useWatch('direction', form);
  useEffect(() => {
    cached.departments().then(setDepartments, () => undefined);
  }, []);
  const changed = () => {
    forgetCatalog();
    setTick((n) => n + 1);
  };
  const fail = (f: typeof form | typeof retireForm, fields: string[], e: unknown) => {
    const err = e as ApiError;
    if (err.field && fields.includes(err.field)) f.setFields([{ name: err.field as never, errors: [pick(err.text)] }]);
    else message.error(pick(err.text));
  };

  const add = async (values: NewIndicator) => {
    try {
      await api.post('/api/indicator-systems/draft/indicators', {
        ...values,
        nameEn: values.nameEn || null,
        dimension: values.dimension || null,
        departmentCode: values.departmentCode || null,
        definition: values.definition || null,
        rangeLow: values.rangeLow ?? null,
        rangeHigh: values.rangeHigh ?? null,
      });
      message.success(t('admin.system.added', { code: values.code }));
      form.resetFields();
      changed();
    } catch (e) {
      fail(form, FORM_FIELDS, e);
    }
  };
  const retire = async (values: { code: string; successorCode?: string; reason: string }) => {
    try {
      await api.post(`/api/indicator-systems/draft/indicators/${encodeURIComponent(values.code)}/retire`, {
        successorCode: values.successorCode || null,
        reason: values.reason,
      });
      message.success(t('admin.system.retired', { code: values.code }));
      retireForm.resetFields();
      changed();
    } catch (e) {
      fail(retireForm, ['code', 'successorCode', 'reason'], e);
    }
  };
  const activate = (v: SystemVersion) =>
    Modal.confirm({
      title: t('admin.system.activateTitle', { version: v.versionNo }),
      content: t('admin.system.activateText'),
      okText: t('admin.system.activate'),
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/indicator-systems/versions/${v.versionNo}/activate`);
          message.success(t('admin.system.activated', { version: v.versionNo }));
          changed();
        } catch (e) {
          message.error(pick((e as ApiError).text));
        }
      },
    });

  return (
    <>
      <ErrorAlert error={versions.error} onRetry={versions.reload} />
      <Table<SystemVersion>
        size="small"
        rowKey="id"
        loading={versions.loading}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('admin.system.version'), dataIndex: 'versionNo', width: 80 },
          { title: t('common.name'), dataIndex: 'name' },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'active' ? 'green' : s === 'draft' ? 'blue' : undefined}>
                {t(`admin.system.status.${s}` as never)}
              </Tag>
            ),
          },
          { title: t('admin.system.note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
          { title: t('common.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, locale) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, v) =>
              v.status === 'draft' && (
                <Button size="small" type="primary" onClick={() => activate(v)}>
                  {t('admin.system.activate')}
                </Button>
              ),
          },
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('admin.system.addTitle')}>
            <Form<NewIndicator>
              form={form}
              layout="vertical"
              onFinish={add}
              initialValues={{ direction: 'higher_better', method: 'reported', levels: ['city'] }}
            >
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item
                    name="code"
                    label={t('common.code')}
                    rules={[{ required: true, pattern: /^[A-Z]{2,3}-\d{2}$/, message: t('admin.system.codeRule') }]}
                  >
                    <Input placeholder="LOC-10" />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item
                    name="name"
                    label={t('common.name')}
                    rules={[{ required: true, min: 2, message: t('admin.system.nameRequired') }]}
                  >
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="nameEn" label={`${t('admin.system.nameEn')}${t('common.optional')}`}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="dimension" label={`${t('ind.dimension')}${t('common.optional')}`}>
                    <Input placeholder="安全 / 绿色 / 空间底线…" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={6}>
                  <Form.Item
                    name="unit"
                    label={t('common.unit')}
                    rules={[{ required: true, message: t('dept.form.unitRequired') }]}
                  >
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={9}>
                  <Form.Item name="direction" label={t('ind.direction')} rules={[{ required: true }]}>
                    <Select
                      options={['higher_better', 'lower_better', 'range', 'target'].map((d) => ({
                        value: d,
                        label: t(directionLabel(d)),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={9}>
                  <Form.Item name="method" label={t('ind.method')} rules={[{ required: true }]}>
                    <Select
                      options={['reported', 'imported', 'computed'].map((m) => ({
                        value: m,
                        label: t(methodLabel(m)),
                      }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              {direction === 'range' && (
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="rangeLow" label={t('admin.system.rangeLow')}>
                      <InputNumber style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="rangeHigh" label={t('admin.system.rangeHigh')}>
                      <InputNumber style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="levels" label={t('ind.levels')} rules={[{ required: true }]}>
                    <Select
                      mode="multiple"
                      options={['city', 'urban', 'unit', 'any'].map((l) => ({
                        value: l,
                        label: t(`ind.level.${l}` as never),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="departmentCode" label={t('ind.department')}>
                    <Select
                      allowClear
                      options={departments.map((d) => ({ value: d.code, label: pick(d.name, d.name_en) }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="definition" label={t('ind.definition')}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item
                name="source"
                label={t('common.source')}
                rules={[{ required: true, min: 2, message: t('admin.system.sourceRequired') }]}
              >
                <Input placeholder={t('admin.system.sourceHint')} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('admin.system.add')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('admin.system.retireTitle')}>
            <Form form={retireForm} layout="vertical" onFinish={retire}>
              <Form.Item
                name="code"
                label={t('ind.indicator')}
                rules={[{ required: true, message: t('ind.pickIndicator') }]}
              >
                <IndicatorSelect indicators={catalog.data?.items ?? []} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="successorCode" label={`${t('admin.system.successor')}${t('common.optional')}`}>
                <IndicatorSelect indicators={catalog.data?.items ?? []} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('warning.reason')}
                rules={[{ required: true, min: 2, message: t('warning.reasonRequired') }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button danger htmlType="submit">
                {t('admin.system.retire')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
