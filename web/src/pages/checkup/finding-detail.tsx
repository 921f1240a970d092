/**
 * One finding, in the order a planner reasons about it: what was found and on what evidence, what
 * Lantu's numbers suggest (co-moving indicators, zones where it concentrates), why it happened (causes
 * by category), what to do about it on which of the five paths, and the tasks that carry it out.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  CAUSE_CATEGORIES,
  checkupApi,
  MEASURE_PATHS,
  type Cause,
  type CauseCategory,
  type Finding,
  type Measure,
  type MeasurePath,
  type MeasureTask,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { Loading } from '../../components/loading.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useZones, zoneName } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { FindingEvidence, SupportView } from './finding-evidence.js';
import { SeverityTag, TaskStatusTags, useLabel } from './labels.js';
import { departmentOptions, useDepartments } from '../tasks/departments.js';
import { TaskForm } from './task-form.js';

function Support({ findingId }: { findingId: number }) {
  const { t } = useI18n();
  const support = useRequest((signal) => checkupApi.support(findingId, signal), [findingId]);
  if (support.error) return <ErrorAlert error={support.error} onRetry={support.reload} />;
  if (!support.data) return <Loading />;
  return (
    <div data-testid="finding-support">
      <Typography.Paragraph type="secondary">{t('finding.support.intro')}</Typography.Paragraph>
      <SupportView support={support.data} />
    </div>
  );
}

function CauseItem({
  cause,
  editable,
  onSaved,
  onDeleted,
}: {
  cause: Cause;
  editable: boolean;
  onSaved(c: Cause): void;
  onDeleted(): void;
}) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const [editing, setEditing] = useState(false);
  const [category, setCategory] = useState<CauseCategory>(cause.category);
  const [text, setText] = useState(cause.description);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async () => {
    try {
      onSaved(await checkupApi.editCause(cause.id, { category, description: text }));
      setEditing(false);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  if (editing) {
    return (
      <List.Item>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select
            value={category}
            onChange={setCategory}
            style={{ width: 200 }}
            aria-label={t('cause.category')}
            options={CAUSE_CATEGORIES.map((c) => ({ value: c, label: label('cause.category', c) }))}
          />
          <Input.TextArea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={t('cause.text')}
          />
          {error && <Typography.Text type="danger">{pick(error.text)}</Typography.Text>}
          <Space>
            <Button type="primary" size="small" onClick={() => void save()}>
              {t('action.save')}
            </Button>
            <Button size="small" onClick={() => setEditing(false)}>
              {t('action.cancel')}
            </Button>
          </Space>
        </Space>
      </List.Item>
    );
  }
  return (
    <List.Item
      actions={
        editable
          ? [
              <Button key="e" type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('action.edit')}
              </Button>,
              <Popconfirm
                key="d"
                title={t('cause.deleteConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                onConfirm={() => checkupApi.deleteCause(cause.id).then(onDeleted, (e: ApiError) => setError(e))}
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} />
              </Popconfirm>,
            ]
          : []
      }
    >
      <Space orientation="vertical" size={2}>
        <Tag color="geekblue">{label('cause.category', cause.category)}</Tag>
        <Typography.Text>{cause.description}</Typography.Text>
        {error && <Typography.Text type="danger">{pick(error.text)}</Typography.Text>}
      </Space>
    </List.Item>
  );
}

function CauseForm({ findingId, onAdded }: { findingId: number; onAdded(c: Cause): void }) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const [form] = Form.useForm<{ category: CauseCategory; description: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { category: CauseCategory; description: string }) => {
    setBusy(true);
    try {
      onAdded(await checkupApi.addCause(findingId, v));
      form.resetFields();
    } catch (e) {
      const err = e as ApiError;
      form.setFields([{ name: err.field === 'category' ? 'category' : 'description', errors: [pick(err.text)] }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} className="inline-editor">
      <Form.Item
        name="category"
        label={t('cause.category')}
        rules={[{ required: true, message: t('cause.categoryRequired') }]}
      >
        <Select
          id="cause-category"
          aria-label={t('cause.category')}
          style={{ width: 220 }}
          options={CAUSE_CATEGORIES.map((c) => ({ value: c, label: label('cause.category', c) }))}
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('cause.text')}
        rules={[{ required: true, whitespace: true, message: t('cause.textRequired') }]}
      >
        <Input.TextArea id="cause-text" rows={3} placeholder={t('cause.textHint')} />
      </Form.Item>
      <Button htmlType="submit" icon={<PlusOutlined />} loading={busy}>
        {t('cause.add')}
      </Button>
    </Form>
  );
}

interface MeasureValues {
  path: MeasurePath;
  description: string;
  departmentCode?: string;
  weight?: number;
}

function MeasureForm({
  findingId,
  measure,
  onSaved,
  onCancel,
}: {
  findingId: number;
  measure?: Measure;
  onSaved(m: Measure): void;
  onCancel?(): void;
}) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const departments = useDepartments();
  const [form] = Form.useForm<MeasureValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: MeasureValues) => {
    setBusy(true);
    try {
      const body = { ...v, departmentCode: v.departmentCode ?? null, weight: v.weight ?? 1 };
      const saved = measure
        ? await checkupApi.editMeasure(measure.id, body)
        : await checkupApi.addMeasure(findingId, body);
      onSaved(saved);
      if (!measure) form.resetFields();
    } catch (e) {
      const err = e as ApiError;
      const field = (['path', 'departmentCode', 'weight'] as const).find((f) => f === err.field) ?? 'description';
      form.setFields([{ name: field, errors: [pick(err.text)] }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<MeasureValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      className="inline-editor"
      initialValues={
        measure
          ? {
              path: measure.path,
              description: measure.description,
              departmentCode: measure.departmentCode ?? undefined,
              weight: measure.weight,
            }
          : { weight: 1 }
      }
    >
      <Space wrap align="start">
        <Form.Item
          name="path"
          label={t('measure.path')}
          rules={[{ required: true, message: t('measure.pathRequired') }]}
        >
          <Select
            id={measure ? `measure-path-${measure.id}` : 'measure-path'}
            aria-label={t('measure.path')}
            style={{ width: 220 }}
            options={MEASURE_PATHS.map((p) => ({ value: p, label: label('measure.path', p) }))}
          />
        </Form.Item>
        <Form.Item name="departmentCode" label={t('measure.department')}>
          <Select
            id={measure ? `measure-department-${measure.id}` : 'measure-department'}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('measure.department')}
            style={{ width: 240 }}
            options={departmentOptions(departments, pick)}
          />
        </Form.Item>
        <Form.Item name="weight" label={t('task.weight')}>
          <InputNumber min={0.1} step={0.5} style={{ width: 100 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="description"
        label={t('measure.text')}
        rules={[{ required: true, whitespace: true, message: t('measure.textRequired') }]}
      >
        <Input.TextArea
          id={measure ? `measure-text-${measure.id}` : 'measure-text'}
          rows={3}
          placeholder={t('measure.textHint')}
        />
      </Form.Item>
      <Space>
        <Button
          htmlType="submit"
          type={measure ? 'primary' : 'default'}
          icon={measure ? undefined : <PlusOutlined />}
          loading={busy}
        >
          {measure ? t('action.save') : t('measure.add')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('action.cancel')}</Button>}
      </Space>
    </Form>
  );
}

function MeasureItem({
  measure,
  editable,
  onSaved,
  onDeleted,
  onChanged,
}: {
  measure: Measure;
  editable: boolean;
  onSaved(m: Measure): void;
  onDeleted(): void;
  onChanged(): void;
}) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const departments = useDepartments();
  const [editing, setEditing] = useState(false);
  const [tasking, setTasking] = useState(false);
  const [tasks, setTasks] = useState<MeasureTask[]>(measure.tasks ?? []);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (measure.tasks) setTasks(measure.tasks);
  }, [measure.tasks]);
  const dept = departments.find((d) => d.code === measure.departmentCode);
  if (editing) {
    return (
      <List.Item>
        <MeasureForm
          findingId={measure.findingId}
          measure={measure}
          onSaved={(m) => {
            setEditing(false);
            onSaved(m);
          }}
          onCancel={() => setEditing(false)}
        />
      </List.Item>
    );
  }
  return (
    <List.Item
      data-testid={`measure-${measure.id}`}
      actions={
        editable
          ? [
              <Button key="t" size="small" type="primary" ghost onClick={() => setTasking(true)}>
                {t('measure.createTask')}
              </Button>,
              <Button key="e" type="text" size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('action.edit')}
              </Button>,
              <Popconfirm
                key="d"
                title={t('measure.deleteConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                onConfirm={() => checkupApi.deleteMeasure(measure.id).then(onDeleted, (e: ApiError) => setError(e))}
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} />
              </Popconfirm>,
            ]
          : []
      }
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={4} wrap>
          <Tag color="purple">{label('measure.path', measure.path)}</Tag>
          {dept && <Tag>{pick(dept.name, dept.name_en)}</Tag>}
          <Typography.Text type="secondary">
            {t('task.weight')} {measure.weight}
          </Typography.Text>
        </Space>
        <Typography.Text>{measure.description}</Typography.Text>
        {tasks.map((task) => (
          <Space key={task.id} size={4} wrap className="measure-task">
            <Typography.Text type="secondary">{t('measure.task')}：</Typography.Text>
            <Typography.Text>{task.title}</Typography.Text>
            <TaskStatusTags task={task} />
            <Typography.Text type="secondary">
              {t('task.deadline')} {task.deadline} · {task.progress}%
            </Typography.Text>
          </Space>
        ))}
        {error && <Typography.Text type="danger">{pick(error.text)}</Typography.Text>}
      </Space>
      {tasking && (
        <TaskForm
          measure={measure}
          onClose={() => setTasking(false)}
          onCreated={(task) => {
            setTasking(false);
            setTasks((ts) => [...ts, task]);
            onChanged();
          }}
        />
      )}
    </List.Item>
  );
}

export function FindingDetail({
  finding,
  editable,
  onEdit,
  onChanged,
}: {
  finding: Finding;
  editable: boolean;
  onEdit(): void;
  onChanged(): void;
}) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const zones = useZones();
  const { can } = useAuth();
  const manage = editable && can('checkup.manage');
  // The list may or may not nest causes and measures; what this screen added is kept either way.
  const [causes, setCauses] = useState<Cause[]>(finding.causes ?? []);
  const [measures, setMeasures] = useState<Measure[]>(finding.measures ?? []);
  useEffect(() => {
    if (finding.causes) setCauses(finding.causes);
    if (finding.measures) setMeasures(finding.measures);
  }, [finding]);
  const { message } = App.useApp();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="finding-detail">
      <Card
        size="small"
        title={
          <Space wrap>
            <SeverityTag severity={finding.severity} />
            <span>{pick(finding.title, finding.titleEn)}</span>
          </Space>
        }
        extra={
          manage && (
            <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
              {t('action.edit')}
            </Button>
          )
        }
      >
        <Space size={4} wrap style={{ marginBottom: 8 }}>
          <Tag>{label('checkup.level', finding.level)}</Tag>
          {finding.zoneCode && <Tag>{zoneName(finding.zoneCode, zones, pick)}</Tag>}
          <Tag>{label('finding.kind', finding.kind)}</Tag>
          <Tag color={finding.origin === 'drafted' ? 'default' : 'blue'}>{label('finding.origin', finding.origin)}</Tag>
          {finding.indicatorCodes?.map((c) => (
            <Tag key={c} color="cyan">
              {c}
            </Tag>
          ))}
        </Space>
        {finding.body && <Typography.Paragraph>{finding.body}</Typography.Paragraph>}
        <Typography.Title level={5}>{t('finding.evidence')}</Typography.Title>
        <FindingEvidence evidence={finding.evidence} />
      </Card>
      <Card size="small" title={t('finding.support')}>
        <Support findingId={finding.id} />
      </Card>
      <Card size="small" title={t('finding.causes')} data-testid="causes">
        <List
          size="small"
          dataSource={causes}
          locale={{ emptyText: <EmptyState description={t('finding.causes.empty')} /> }}
          renderItem={(c) => (
            <CauseItem
              key={c.id}
              cause={c}
              editable={manage}
              onSaved={(saved) => setCauses((cs) => cs.map((x) => (x.id === saved.id ? { ...x, ...saved } : x)))}
              onDeleted={() => {
                setCauses((cs) => cs.filter((x) => x.id !== c.id));
                onChanged();
              }}
            />
          )}
        />
        {manage && (
          <CauseForm
            findingId={finding.id}
            onAdded={(c) => {
              setCauses((cs) => [...cs, c]);
              message.success(t('cause.added'));
              onChanged();
            }}
          />
        )}
      </Card>
      <Card size="small" title={t('finding.measures')} data-testid="measures">
        <List
          size="small"
          dataSource={measures}
          locale={{ emptyText: <EmptyState description={t('finding.measures.empty')} /> }}
          renderItem={(m) => (
            <MeasureItem
              key={m.id}
              measure={m}
              editable={manage}
              onSaved={(saved) => setMeasures((ms) => ms.map((x) => (x.id === saved.id ? { ...x, ...saved } : x)))}
              onDeleted={() => {
                setMeasures((ms) => ms.filter((x) => x.id !== m.id));
                onChanged();
              }}
              onChanged={onChanged}
            />
          )}
        />
        {manage && (
          <MeasureForm
            findingId={finding.id}
            onSaved={(m) => {
              setMeasures((ms) => [...ms, m]);
              message.success(t('measure.added'));
              onChanged();
            }}
          />
        )}
      </Card>
    </Space>
  );
}
