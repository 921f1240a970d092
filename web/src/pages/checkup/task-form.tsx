/**
 * A task from a countermeasure: the lead department, co-departments, zone, deadline, and what counts as
 * done — an indicator target or a deliverable. Each error the server finds is shown under its field.
 */
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { checkupApi, type Measure, type Task } from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/page.js';
import { IndicatorSelect, useCatalog, useZones, ZoneSelect } from '../../components/pickers.js';
import { useI18n } from '../../i18n/i18n.js';
import { departmentOptions, useDepartments } from '../tasks/departments.js';

interface Values {
  title: string;
  description?: string;
  departmentCode: string;
  coDepartments?: string[];
  zoneCode?: string;
  deadline: Dayjs;
  targetIndicatorCode?: string;
  targetValue?: number;
  deliverable?: string;
  weight?: number;
}

const FIELDS = new Set([
  'title',
  'description',
  'departmentCode',
  'coDepartments',
  'zoneCode',
  'deadline',
  'targetIndicatorCode',
  'targetValue',
  'deliverable',
  'weight',
]);

export function TaskForm({
  measure,
  onClose,
  onCreated,
}: {
  measure: Measure;
  onClose(): void;
  onCreated(task: Task): void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const departments = useDepartments();
  const zones = useZones();
  const { catalog } = useCatalog();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiError | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setGeneral(null);
    try {
      const task = await checkupApi.createTask(measure.id, {
        title: v.title,
        description: v.description || null,
        departmentCode: v.departmentCode,
        coDepartments: v.coDepartments ?? [],
        zoneCode: v.zoneCode || null,
        deadline: v.deadline.format('YYYY-MM-DD'),
        targetIndicatorCode: v.targetIndicatorCode || null,
        targetValue: v.targetValue ?? null,
        deliverable: v.deliverable || null,
        weight: v.weight ?? 1,
      });
      message.success(t('task.created', { title: task.title }));
      onCreated(task);
    } catch (e) {
      const err = e as ApiError;
      if (err.field && FIELDS.has(err.field))
        form.setFields([{ name: err.field as keyof Values, errors: [pick(err.text)] }]);
      else setGeneral(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('task.create.title')}
      okText={t('action.create')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={general} title={t('task.create.failed')} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          title: measure.description.slice(0, 100),
          departmentCode: measure.departmentCode ?? undefined,
          weight: 1,
        }}
      >
        <Form.Item
          name="title"
          label={t('task.titleField')}
          rules={[{ required: true, message: t('task.titleRequired') }]}
        >
          <Input maxLength={200} id="task-title" />
        </Form.Item>
        <Form.Item name="description" label={t('task.description')}>
          <Input.TextArea rows={2} id="task-description" />
        </Form.Item>
        <Form.Item
          name="departmentCode"
          label={t('task.department')}
          rules={[{ required: true, message: t('task.departmentRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('task.department')}
            id="task-department"
            options={departmentOptions(departments, pick)}
          />
        </Form.Item>
        <Form.Item name="coDepartments" label={t('task.coDepartments')}>
          <Select
            mode="multiple"
            aria-label={t('task.coDepartments')}
            options={departmentOptions(departments, pick)}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="zoneCode" label={t('common.zone')}>
          <ZoneSelect zones={zones} style={{ width: '100%' }} id="task-zone" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('task.deadline')}
          rules={[{ required: true, message: t('task.deadlineRequired') }]}
        >
          <DatePicker id="task-deadline" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="targetIndicatorCode" label={t('task.targetIndicator')} extra={t('task.targetHint')}>
          <IndicatorSelect indicators={catalog?.items ?? []} style={{ width: '100%' }} id="task-indicator" />
        </Form.Item>
        <Form.Item name="targetValue" label={t('task.targetValue')}>
          <InputNumber style={{ width: 200 }} id="task-target" />
        </Form.Item>
        <Form.Item name="deliverable" label={t('task.deliverable')}>
          <Input maxLength={500} id="task-deliverable" placeholder={t('task.deliverableHint')} />
        </Form.Item>
        <Form.Item name="weight" label={t('task.weight')}>
          <InputNumber min={0.1} step={0.5} style={{ width: 120 }} id="task-weight" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
