/** One value by form: every error the server finds is shown under the field it names. */
import { App, Button, Card, Form, Input, InputNumber, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Indicator, Submission } from '../../api/monitoring.js';
import { IndicatorSelect, useZones, ZoneSelect } from '../../components/pickers.js';
import { useI18n } from '../../i18n/i18n.js';

interface Values {
  indicatorCode: string;
  zoneCode: string;
  year: number;
  value: number;
  unit: string;
  source?: string;
  evidence?: string;
}

/** The server's column names (snake case) to the form's fields. */
export const FIELD_OF: Record<string, keyof Values> = {
  indicator_code: 'indicatorCode',
  indicatorCode: 'indicatorCode',
  zone_code: 'zoneCode',
  zoneCode: 'zoneCode',
  year: 'year',
  value: 'value',
  unit: 'unit',
  source: 'source',
  evidence: 'evidence',
};

export function SubmitForm({ indicators, onSubmitted }: { indicators: Indicator[]; onSubmitted(): void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const zones = useZones();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const code = Form.useWatch('indicatorCode', form);
  const chosen = useMemo(() => indicators.find((i) => i.code === code), [indicators, code]);

  useEffect(() => {
    if (chosen) form.setFieldValue('unit', chosen.unit);
  }, [chosen, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setGeneral(null);
    try {
      const s = await api.post<Submission>('/api/indicators/submissions', {
        ...values,
        source: values.source || null,
        evidence: values.evidence || null,
      });
      message.success(t('dept.submitted', { id: s.id }));
      form.resetFields(['value', 'source', 'evidence']);
      onSubmitted();
    } catch (e) {
      const err = e as ApiError;
      const field = err.field ? FIELD_OF[err.field] : undefined;
      if (field) form.setFields([{ name: field, errors: [pick(err.text)] }]);
      else setGeneral(pick(err.text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('dept.form.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ year: new Date().getFullYear() - 1 }}
        style={{ maxWidth: 640 }}
        onValuesChange={() => setGeneral(null)}
      >
        <Form.Item
          name="indicatorCode"
          label={t('ind.indicator')}
          rules={[{ required: true, message: t('dept.form.indicatorRequired') }]}
        >
          <IndicatorSelect indicators={indicators} style={{ width: '100%' }} id="indicatorCode" />
        </Form.Item>
        {chosen?.definition && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            {chosen.definition}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="zoneCode"
          label={t('common.zone')}
          rules={[{ required: true, message: t('dept.form.zoneRequired') }]}
        >
          <ZoneSelect
            zones={zones}
            style={{ width: '100%' }}
            groups={['city', 'district', 'township', 'unit', 'governance', 'central_urban']}
            id="zoneCode"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item
            name="year"
            label={t('common.year')}
            rules={[{ required: true, message: t('dept.form.yearRequired') }]}
          >
            <InputNumber min={1949} max={2100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="value"
            label={t('common.value')}
            rules={[{ required: true, message: t('dept.form.valueRequired') }]}
          >
            <InputNumber style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="unit"
            label={t('common.unit')}
            rules={[{ required: true, message: t('dept.form.unitRequired') }]}
          >
            <Input style={{ width: 140 }} />
          </Form.Item>
        </div>
        <Form.Item name="source" label={`${t('common.source')}${t('common.optional')}`}>
          <Input placeholder={t('dept.form.sourceHint')} />
        </Form.Item>
        <Form.Item name="evidence" label={`${t('dept.form.evidence')}${t('common.optional')}`}>
          <Input.TextArea rows={2} placeholder={t('dept.form.evidenceHint')} />
        </Form.Item>
        {general && (
          <Typography.Paragraph className="row-error" role="alert">
            {general}
          </Typography.Paragraph>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('action.submit')}
        </Button>
      </Form>
    </Card>
  );
}
