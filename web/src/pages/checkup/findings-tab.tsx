/**
 * The findings of a check-up per level: Lantu drafts them from the frozen values (warnings, trends,
 * bottom lines, lagging peers); the evaluators edit, merge and add. A drafted finding a person changed
 * is marked edited and is never overwritten by drafting again.
 */
import { BulbOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import {
  CHECKUP_LEVELS,
  checkupApi,
  FINDING_SEVERITIES,
  type Checkup,
  type CheckupLevel,
  type Finding,
  type FindingSeverity,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useZones, zoneName, ZoneSelect } from '../../components/pickers.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { FindingDetail } from './finding-detail.js';
import { SeverityTag, useLabel } from './labels.js';

/** The statuses in which findings may change (src/checkup/checkup-status.ts EDITABLE_STATUSES). */
const EDITABLE = new Set(['drafting', 'collecting', 'computing', 'analysing', 'reviewing', 'publicising']);

interface FindingValues {
  title: string;
  body?: string;
  level: CheckupLevel;
  severity: FindingSeverity;
  zoneCode?: string;
}

function FindingDialog({
  checkup,
  finding,
  onClose,
  onSaved,
}: {
  checkup: Checkup;
  finding?: Finding;
  onClose(): void;
  onSaved(f: Finding): void;
}) {
  const { t, pick } = useI18n();
  const label = useLabel();
  const zones = useZones();
  const [form] = Form.useForm<FindingValues>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const submit = async (v: FindingValues) => {
    setBusy(true);
    setGeneral(null);
    try {
      const { zoneCode, ...rest } = v;
      // A finding may span zones (zoneCodes); the dialog sets the one it is about.
      const body = { ...rest, body: v.body || null, zoneCodes: zoneCode ? [zoneCode] : [] };
      onSaved(finding ? await checkupApi.editFinding(finding.id, body) : await checkupApi.addFinding(checkup.id, body));
    } catch (e) {
      const err = e as ApiError;
      const field = err.field === 'zoneCodes' ? 'zoneCode' : err.field;
      if (field && ['title', 'body', 'level', 'severity', 'zoneCode'].includes(field))
        form.setFields([{ name: field as keyof FindingValues, errors: [pick(err.text)] }]);
      else setGeneral(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={finding ? t('finding.edit') : t('finding.add')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={general} title={t('checkup.actionFailed')} />
      <Form<FindingValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          finding
            ? {
                title: finding.title,
                body: finding.body ?? undefined,
                level: finding.level,
                severity: finding.severity,
                zoneCode: finding.zoneCode ?? undefined,
              }
            : { level: checkup.levels[0] ?? 'city', severity: 'yellow' }
        }
      >
        <Form.Item name="title" label={t('finding.titleField')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} id="finding-title" />
        </Form.Item>
        <Form.Item name="body" label={t('finding.body')}>
          <Input.TextArea rows={4} id="finding-body" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="level" label={t('checkup.level')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              aria-label={t('checkup.level')}
              options={CHECKUP_LEVELS.filter((l) => checkup.levels.includes(l)).map((l) => ({
                value: l,
                label: label('checkup.level', l),
              }))}
            />
          </Form.Item>
          <Form.Item name="severity" label={t('finding.severity')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              aria-label={t('finding.severity')}
              options={FINDING_SEVERITIES.map((s) => ({ value: s, label: label('finding.severity', s) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="zoneCode" label={t('common.zone')}>
          <ZoneSelect zones={zones} style={{ width: '100%' }} id="finding-zone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MergeDialog({
  checkup,
  findings,
  onClose,
  onMerged,
}: {
  checkup: Checkup;
  findings: Finding[];
  onClose(): void;
  onMerged(): void;
}) {
  const { t, pick } = useI18n();
  const [title, setTitle] = useState(findings[0]?.title ?? '');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const merge = async () => {
    if (!title.trim()) {
      setError(t('finding.titleRequired'));
      return;
    }
    setBusy(true);
    try {
      await checkupApi.mergeFindings(checkup.id, {
        ids: findings.map((f) => f.id),
        title: title.trim(),
        body: body.trim() || undefined,
      });
      onMerged();
    } catch (e) {
      setError(pick((e as ApiError).text));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('finding.merge.title', { count: findings.length })}
      okText={t('finding.merge')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => void merge()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('finding.merge.intro')}</Typography.Paragraph>
      <ul>
        {findings.map((f) => (
          <li key={f.id}>{f.title}</li>
        ))}
      </ul>
      <label htmlFor="merge-title">{t('finding.titleField')}</label>
      <Input id="merge-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
      <label htmlFor="merge-body">{t('finding.body')}</label>
      <Input.TextArea id="merge-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

export default function FindingsTab({ checkup, onChanged }: { checkup: Checkup; onChanged(): void }) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const label = useLabel();
  const zones = useZones();
  const [level, setLevel] = useState<string>('all');
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'add' | 'edit' | 'merge' | null>(null);
  const [drafting, setDrafting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const findings = useRequest(
    (signal) => checkupApi.findings(checkup.id, level === 'all' ? {} : { level }, signal),
    [checkup.id, level],
  );
  const editable = EDITABLE.has(checkup.status) && can('checkup.manage');
  const live = useMemo(() => (findings.data ?? []).filter((f) => !f.mergedIntoId), [findings.data]);
  const current = live.find((f) => f.id === open) ?? null;
  const reload = () => {
    findings.reload();
    onChanged();
  };

  const draft = async () => {
    setDrafting(true);
    setError(null);
    try {
      const r = await checkupApi.draftFindings(checkup.id);
      const created = (r as { created?: number } | null)?.created;
      message.success(
        typeof created === 'number' ? t('finding.drafted.count', { count: created }) : t('finding.drafted'),
      );
      reload();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setDrafting(false);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Segmented
          value={level}
          onChange={(v) => setLevel(String(v))}
          aria-label={t('checkup.level')}
          options={[
            { value: 'all', label: t('common.all') },
            ...checkup.levels.map((l) => ({
              value: l,
              label: `${label('checkup.level', l)}${checkup.counts?.findingsByLevel?.[l] !== undefined ? ` (${checkup.counts.findingsByLevel[l]})` : ''}`,
            })),
          ]}
        />
        {editable && (
          <Space wrap>
            <Button icon={<BulbOutlined />} loading={drafting} onClick={() => void draft()}>
              {t('finding.draft')}
            </Button>
            <Button icon={<MergeCellsOutlined />} disabled={selected.length < 2} onClick={() => setDialog('merge')}>
              {t('finding.merge')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('add')}>
              {t('finding.add')}
            </Button>
          </Space>
        )}
      </Space>
      <ErrorAlert error={error ?? findings.error} onRetry={findings.reload} title={t('checkup.actionFailed')} />
      <Table<Finding>
        rowKey="id"
        size="middle"
        data-testid="findings"
        loading={findings.loading}
        dataSource={live}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowSelection={
          editable ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined
        }
        onRow={(f) => ({ onClick: () => setOpen(f.id), style: { cursor: 'pointer' } })}
        locale={{
          emptyText: (
            <EmptyState
              description={checkup.currentSnapshotId ? t('finding.empty') : t('finding.emptyNoSnapshot')}
              action={
                editable &&
                checkup.currentSnapshotId && (
                  <Button type="primary" onClick={() => void draft()} loading={drafting}>
                    {t('finding.draft')}
                  </Button>
                )
              }
            />
          ),
        }}
        columns={[
          {
            title: t('finding.severity'),
            dataIndex: 'severity',
            width: 90,
            render: (s: FindingSeverity) => <SeverityTag severity={s} />,
          },
          {
            title: t('finding.titleField'),
            dataIndex: 'title',
            render: (title: string, f) => (
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}>
                {pick(title, f.titleEn)}
                {f.origin !== 'drafted' && (
                  <Tag color="blue" style={{ marginLeft: 6 }}>
                    {label('finding.origin', f.origin)}
                  </Tag>
                )}
              </Button>
            ),
          },
          {
            title: t('checkup.level'),
            dataIndex: 'level',
            width: 90,
            render: (l: string) => label('checkup.level', l),
          },
          {
            title: t('common.zone'),
            dataIndex: 'zoneCode',
            width: 140,
            render: (z: string | null) => (z ? zoneName(z, zones, pick) : '—'),
          },
          { title: t('finding.kind'), dataIndex: 'kind', width: 110, render: (k: string) => label('finding.kind', k) },
          {
            title: t('finding.chain'),
            key: 'chain',
            width: 150,
            render: (_, f) =>
              f.causes || f.measures
                ? t('finding.chainCounts', { causes: f.causes?.length ?? 0, measures: f.measures?.length ?? 0 })
                : '—',
          },
        ]}
      />
      <Drawer
        open={current !== null}
        onClose={() => setOpen(null)}
        size={820}
        title={t('finding.detail')}
        rootClassName="finding-drawer"
        destroyOnHidden
      >
        {current && (
          <FindingDetail
            finding={current}
            editable={EDITABLE.has(checkup.status)}
            onEdit={() => setDialog('edit')}
            onChanged={findings.reload}
          />
        )}
      </Drawer>
      {dialog === 'add' && (
        <FindingDialog
          checkup={checkup}
          onClose={() => setDialog(null)}
          onSaved={(f) => {
            setDialog(null);
            reload();
            setOpen(f.id);
          }}
        />
      )}
      {dialog === 'edit' && current && (
        <FindingDialog
          checkup={checkup}
          finding={current}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            findings.reload();
          }}
        />
      )}
      {dialog === 'merge' && (
        <MergeDialog
          checkup={checkup}
          findings={live.filter((f) => selected.includes(f.id))}
          onClose={() => setDialog(null)}
          onMerged={() => {
            setDialog(null);
            setSelected([]);
            reload();
          }}
        />
      )}
    </>
  );
}
