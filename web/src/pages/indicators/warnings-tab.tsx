/** Warnings with the rule that fired and its plain explanation; acknowledge, resolve or dismiss them. */
import { App, Button, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client.js';
import { GRADES, type Warning, type WarningPage } from '../../api/monitoring.js';
import { useAuth } from '../../auth/auth.js';
import { formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useCatalog, useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { GradeTag } from './grade-tag.js';
import { gradeLabel, kindLabel, warningStatusLabel } from './labels.js';

const KINDS = ['bottom_line_breach', 'deviation', 'forecast_miss', 'adverse_trend', 'outside_reasonable_range'];
type Event = 'acknowledge' | 'resolve' | 'dismiss';

export default function WarningsTab({ defaultYear }: { defaultYear?: number }) {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const zones = useZones();
  const { catalog } = useCatalog();
  const [year, setYear] = useState<number | undefined>(defaultYear);
  const [grade, setGrade] = useState<string | undefined>();
  const [status, setStatus] = useState<string>('open');
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ warning: Warning; event: Event } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const list = useRequest(
    (signal) =>
      api.get<WarningPage>('/api/warnings', { year, grade, status, kind, limit: 20, offset: (page - 1) * 20 }, signal),
    [year, grade, status, kind, page],
  );
  const indicator = (code: string) => catalog?.items.find((i) => i.code === code);

  const act = async () => {
    if (!acting) return;
    const { reason } = acting.event === 'acknowledge' ? { reason: undefined } : await form.validateFields();
    try {
      await api.post(`/api/warnings/${acting.warning.id}/transitions`, { event: acting.event, reason });
      message.success(t('warning.done'));
      setActing(null);
      form.resetFields();
      list.reload();
    } catch (e) {
      const err = e as ApiError;
      if (err.field === 'reason') form.setFields([{ name: 'reason', errors: [pick(err.text)] }]);
      else message.error(pick(err.text));
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <label className="inline-label">
          {t('common.year')}
          <InputNumber
            value={year}
            min={2000}
            max={2100}
            onChange={(v) => setYear(v ?? undefined)}
            aria-label={t('common.year')}
          />
        </label>
        <Select
          allowClear
          placeholder={t('warning.grade')}
          aria-label={t('warning.grade')}
          value={grade}
          onChange={setGrade}
          style={{ width: 120 }}
          options={GRADES.map((g) => ({ value: g, label: t(gradeLabel(g)) }))}
        />
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 150 }}
          aria-label={t('common.status')}
          options={['open', 'raised', 'acknowledged', 'resolved', 'dismissed'].map((s) => ({
            value: s,
            label: t(warningStatusLabel(s)),
          }))}
        />
        <Select
          allowClear
          placeholder={t('warning.kind')}
          aria-label={t('warning.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 190 }}
          options={KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))}
        />
        {list.data && (
          <Space size={4}>
            {GRADES.filter((g) => list.data!.byGrade[g]).map((g) => (
              <Tag key={g} color={undefined}>
                <GradeTag grade={g} /> {list.data!.byGrade[g]}
              </Tag>
            ))}
          </Space>
        )}
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <List<Warning>
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <EmptyState description={t('warning.empty')} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        renderItem={(w) => {
          const i = indicator(w.indicatorCode);
          return (
            <List.Item
              className={`warning-item grade-${w.grade}`}
              actions={
                can('warning.manage') && (w.status === 'raised' || w.status === 'acknowledged')
                  ? [
                      ...(w.status === 'raised'
                        ? [
                            <Button
                              key="ack"
                              size="small"
                              onClick={() => setActing({ warning: w, event: 'acknowledge' })}
                            >
                              {t('warning.acknowledge')}
                            </Button>,
                          ]
                        : []),
                      <Button key="res" size="small" onClick={() => setActing({ warning: w, event: 'resolve' })}>
                        {t('warning.resolve')}
                      </Button>,
                      <Button key="dis" size="small" onClick={() => setActing({ warning: w, event: 'dismiss' })}>
                        {t('warning.dismiss')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <GradeTag grade={w.grade} />
                    <Link to={`/indicators/trend?indicator=${w.indicatorCode}&zone=${w.zoneCode}`}>
                      {w.indicatorCode} {i ? pick(i.name, i.nameEn) : ''}
                    </Link>
                    <Typography.Text type="secondary">
                      {zoneName(w.zoneCode, zones, pick)} · {w.year} · {t(kindLabel(w.kind))}
                    </Typography.Text>
                    <Tag>{t(warningStatusLabel(w.status))}</Tag>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph style={{ marginBottom: 4, color: '#262626' }}>
                      {pick(w.explanation)}
                    </Typography.Paragraph>
                    {w.statusReason && (
                      <Typography.Text type="secondary">
                        {t('warning.reasonBy', {
                          by: w.statusBy ?? '',
                          at: formatTime(w.statusAt, locale),
                          reason: w.statusReason,
                        })}
                      </Typography.Text>
                    )}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal
        open={acting !== null}
        title={acting ? t(`warning.${acting.event}` as never) : ''}
        onCancel={() => setActing(null)}
        onOk={() => void act()}
        okText={t('action.submit')}
        cancelText={t('action.cancel')}
      >
        {acting && (
          <>
            <Typography.Paragraph>{pick(acting.warning.explanation)}</Typography.Paragraph>
            {acting.event !== 'acknowledge' && (
              <Form form={form} layout="vertical">
                <Form.Item
                  name="reason"
                  label={t('warning.reason')}
                  rules={[{ required: true, message: t('warning.reasonRequired') }]}
                >
                  <Input.TextArea rows={3} />
                </Form.Item>
              </Form>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
