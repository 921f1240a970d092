/**
 * Import a file into a layer: the bytes' upload progress, then the import job's real progress
 * (reading, checking each feature, writing), then its validation report.
 */
import { InboxOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Collapse,
  Form,
  Input,
  Progress,
  Select,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { upload, type ApiError } from '../../api/client.js';
import type { Job, LayerView } from '../../api/types.js';
import { JobProgress } from '../../components/job-progress.js';
import { useI18n } from '../../i18n/i18n.js';
import { ImportReportView } from './import-report.js';

interface Values {
  layer: string;
  title?: string;
  preset?: string;
  encoding?: string;
  crs?: string;
  gcj02?: boolean;
  mode?: string;
  region?: string;
  sourceLayer?: string;
  lineType?: string;
}

const PRESETS = ['dltb', 'ydyh', 'control-line', 'ghfq', 'zone', 'generic'];
const FIELDS = [
  'layer',
  'title',
  'preset',
  'encoding',
  'crs',
  'gcj02',
  'mode',
  'region',
  'sourceLayer',
  'lineType',
] as const;

export function ImportForm({ layers, onImported }: { layers: LayerView[]; onImported(): void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [importId, setImportId] = useState<number | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async (values: Values) => {
    if (files.length === 0) {
      setFileError(t('import.fileRequired'));
      return;
    }
    const data = new FormData();
    for (const name of FIELDS) {
      const v = values[name];
      if (v !== undefined && v !== null && v !== '' && v !== false) data.append(name, String(v));
    }
    for (const f of files) data.append('file', f.originFileObj as File, f.name);
    setSent(0);
    setJobId(null);
    setImportId(null);
    setGeneral(null);
    try {
      const r = await upload<{ jobId: number }>('/api/imports', data, (done, total) =>
        setSent(Math.round((100 * done) / total)),
      );
      setJobId(r.jobId);
    } catch (e) {
      const err = e as ApiError;
      if (err.field === 'file') setFileError(pick(err.text));
      else if (err.field && (FIELDS as readonly string[]).includes(err.field))
        form.setFields([{ name: err.field as keyof Values, errors: [pick(err.text)] }]);
      else setGeneral(pick(err.text));
    } finally {
      setSent(null);
    }
  };

  const finished = (job: Job) => {
    const id = (job.result as { importId?: number } | null)?.importId ?? null;
    setImportId(id);
    onImported();
  };

  return (
    <Card size="small" title={t('import.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ mode: 'all_or_nothing' }}
        style={{ maxWidth: 720 }}
      >
        <Form.Item
          label={t('import.file')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? t('import.fileHint')}
        >
          <Upload.Dragger
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList);
              setFileError(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item
          name="layer"
          label={t('import.layer')}
          rules={[{ required: true, message: t('import.layerRequired') }]}
          extra={t('import.layerHint')}
        >
          <AutoComplete
            options={layers.map((l) => ({ value: l.code, label: `${l.code} · ${pick(l.title, l.titleEn)}` }))}
            showSearch={{
              filterOption: (input, option) =>
                String(option?.value ?? '').includes(input) || String(option?.label ?? '').includes(input),
            }}
          />
        </Form.Item>
        <Form.Item name="title" label={`${t('import.layerTitle')}${t('common.optional')}`}>
          <Input />
        </Form.Item>
        <Form.Item name="preset" label={t('import.preset')} extra={t('import.presetHint')}>
          <Select allowClear options={PRESETS.map((p) => ({ value: p, label: t(`import.preset.${p}` as never) }))} />
        </Form.Item>
        <Form.Item name="mode" label={t('import.mode')}>
          <Select
            options={[
              { value: 'all_or_nothing', label: t('import.mode.all_or_nothing') },
              { value: 'valid_part', label: t('import.mode.valid_part') },
            ]}
          />
        </Form.Item>
        <Collapse
          ghost
          items={[
            {
              key: 'more',
              label: t('import.more'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name="encoding" label={t('import.encoding')} extra={t('import.encodingHint')}>
                    <Select allowClear options={['UTF-8', 'GBK', 'GB18030'].map((v) => ({ value: v, label: v }))} />
                  </Form.Item>
                  <Form.Item name="crs" label={t('import.crs')} extra={t('import.crsHint')}>
                    <Input placeholder="EPSG:4527" />
                  </Form.Item>
                  <Form.Item name="gcj02" valuePropName="checked">
                    <Checkbox>{t('import.gcj02')}</Checkbox>
                  </Form.Item>
                  <Form.Item name="region" label={t('import.region')}>
                    <Input placeholder="990102" />
                  </Form.Item>
                  <Form.Item name="sourceLayer" label={t('import.sourceLayer')}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="lineType" label={t('import.lineType')}>
                    <Input placeholder="STBHHX / YJJBNT / CZKFBJ" />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        {general && (
          <Typography.Paragraph className="row-error" role="alert">
            {general}
          </Typography.Paragraph>
        )}
        <Button type="primary" htmlType="submit" loading={sent !== null}>
          {t('import.submit')}
        </Button>
      </Form>
      {sent !== null && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('import.uploading')}</Typography.Text>
          <Progress percent={sent} status="active" />
        </div>
      )}
      {jobId !== null && (
        <div style={{ marginTop: 16 }} data-testid="import-progress">
          <Typography.Text strong>{t('import.jobTitle', { id: jobId })}</Typography.Text>
          <JobProgress jobId={jobId} onDone={finished} />
        </div>
      )}
      {importId !== null && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('import.report')}</Typography.Title>
          <ImportReportView id={importId} />
        </div>
      )}
    </Card>
  );
}
