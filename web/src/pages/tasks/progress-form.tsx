/**
 * A progress report on a task (进展报送): how far it has come, its state, a note, and the evidence —
 * links to documents or short texts. The server checks that the reporter's department leads or shares
 * the task; its refusal is shown next to the field it names.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Select, Slider, Space } from 'antd';
import { useState } from 'react';
import { checkupApi, type Evidence, type Task, type TaskStatus } from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';
import { useLabel } from '../checkup/labels.js';

interface Values {
  progress: number;
  status: TaskStatus;
  note: string;
  evidence?: Evidence[];
}

export function ProgressForm({ task, onReported }: { task: Task; onReported(): void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const label = useLabel();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiError | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setGeneral(null);
    try {
      await checkupApi.report(task.id, {
        progress: v.progress,
        status: v.status,
        note: v.note.trim(),
        evidence: (v.evidence ?? []).filter((e) => e?.value?.trim()),
      });
      message.success(t('progress.reported'));
      form.resetFields(['note', 'evidence']);
      onReported();
    } catch (e) {
      const err = e as ApiError;
      if (err.field === 'evidence' && err.row) {
        form.setFields([{ name: ['evidence', err.row - 1, 'value'], errors: [pick(err.text)] }]);
      } else if (err.field && ['progress', 'status', 'note'].includes(err.field)) {
        form.setFields([{ name: err.field as keyof Values, errors: [pick(err.text)] }]);
      } else setGeneral(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="progress-form"
      initialValues={{
        progress: task.progress,
        status: task.status === 'open' ? 'in_progress' : task.status,
        evidence: [{ kind: 'link', value: '' }],
      }}
      onValuesChange={(changed: Partial<Values>) => {
        if (changed.progress === 100) form.setFieldValue('status', 'done');
      }}
    >
      <ErrorAlert error={general} title={t('progress.failed')} />
      <Form.Item label={t('task.progress')} required>
        <Space style={{ width: '100%' }} align="center">
          <Form.Item name="progress" noStyle>
            <Slider min={0} max={100} style={{ width: 260 }} aria-label={t('task.progress')} />
          </Form.Item>
          <Form.Item name="progress" noStyle rules={[{ required: true }]}>
            <InputNumber min={0} max={100} suffix="%" id="progress-value" aria-label={t('progress.percent')} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="status" label={t('common.status')} rules={[{ required: true }]}>
        <Select
          id="progress-status"
          aria-label={t('common.status')}
          style={{ width: 180 }}
          options={(['open', 'in_progress', 'done'] as const).map((s) => ({
            value: s,
            label: label('task.status', s),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('progress.note')}
        rules={[{ required: true, whitespace: true, message: t('progress.noteRequired') }]}
      >
        <Input.TextArea id="progress-note" rows={3} placeholder={t('progress.noteHint')} />
      </Form.Item>
      <Form.List name="evidence">
        {(fields, { add, remove }) => (
          <Form.Item label={t('progress.evidence')} extra={t('progress.evidenceHint')}>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                <Form.Item name={[field.name, 'kind']} noStyle>
                  <Select
                    style={{ width: 100 }}
                    aria-label={t('progress.evidenceKind')}
                    options={[
                      { value: 'link', label: t('progress.evidence.link') },
                      { value: 'text', label: t('progress.evidence.text') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} style={{ marginBottom: 0 }}>
                  <Input
                    style={{ width: 360 }}
                    placeholder={t('progress.evidenceValueHint')}
                    aria-label={t('progress.evidenceValue')}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('action.delete')}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'link', value: '' })}>
              {t('progress.addEvidence')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('progress.submit')}
      </Button>
    </Form>
  );
}
