/**
 * The check-up report (体检报告): section by section, the text Lantu generated from the chain of
 * findings, causes, countermeasures and tasks, and what a person wrote instead (marked 已修改; it wins
 * and regeneration leaves it alone). Then the documents: generate DOCX, HTML or PDF and download them.
 */
import { DownloadOutlined, FileWordOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Collapse, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  checkupApi,
  REPORT_FORMATS,
  type Checkup,
  type ReportFile,
  type ReportFormat,
  type ReportSection,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { JobProgress } from '../../components/job-progress.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';

const keyOf = (s: ReportSection) => s.sectionKey ?? s.key ?? '';

function SectionEditor({
  checkup,
  section,
  editable,
  onSaved,
}: {
  checkup: Checkup;
  section: ReportSection;
  editable: boolean;
  onSaved(): void;
}) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState(section.editedText ?? section.generatedText ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(section.editedText ?? section.generatedText ?? ''), [section]);
  const save = async (value: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await checkupApi.saveSection(checkup.id, keyOf(section), value);
      message.success(value === null ? t('report.restored') : t('report.saved'));
      onSaved();
    } catch (e) {
      setError(pick((e as ApiError).text));
    } finally {
      setBusy(false);
    }
  };
  const dirty = text !== (section.editedText ?? section.generatedText ?? '');
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Typography.Text type="secondary">{t('report.generated')}</Typography.Text>
        <div className="report-generated">{section.generatedText || t('report.noGenerated')}</div>
      </Col>
      <Col xs={24} xl={12}>
        <label htmlFor={`section-${keyOf(section)}`}>
          <Typography.Text type="secondary">{t('report.text')}</Typography.Text>
        </label>
        <Input.TextArea
          id={`section-${keyOf(section)}`}
          autoSize={{ minRows: 6, maxRows: 20 }}
          value={text}
          readOnly={!editable}
          onChange={(e) => setText(e.target.value)}
        />
        {section.editedAt && (
          <Typography.Text type="secondary">
            {t('report.editedBy', { who: section.editedBy ?? '', time: formatTime(section.editedAt, locale) })}
          </Typography.Text>
        )}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {editable && (
          <Space style={{ marginTop: 8, display: 'flex' }}>
            <Button type="primary" disabled={!dirty} loading={busy} onClick={() => void save(text)}>
              {t('action.save')}
            </Button>
            {section.editedText !== null && (
              <Button icon={<UndoOutlined />} loading={busy} onClick={() => void save(null)}>
                {t('report.restore')}
              </Button>
            )}
          </Space>
        )}
      </Col>
    </Row>
  );
}

export default function ReportTab({ checkup }: { checkup: Checkup }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const manage = can('checkup.manage');
  const sections = useRequest((signal) => checkupApi.sections(checkup.id, signal), [checkup.id]);
  const reports = useRequest((signal) => checkupApi.reports(checkup.id, signal), [checkup.id]);
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);

  const generate = async (format: ReportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const r = await checkupApi.generate(checkup.id, format);
      if (typeof r.jobId === 'number') setJobId(r.jobId);
      else message.success(t('report.generatedFile', { file: r.fileName ?? format }));
      reports.reload();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('report.documents')}
        extra={
          manage && (
            <Space>
              {REPORT_FORMATS.map((f) => (
                <Button
                  key={f}
                  type={f === 'docx' ? 'primary' : 'default'}
                  icon={f === 'docx' ? <FileWordOutlined /> : undefined}
                  loading={busy === f}
                  onClick={() => void generate(f)}
                >
                  {t('report.generate', { format: f.toUpperCase() })}
                </Button>
              ))}
            </Space>
          )
        }
      >
        <ErrorAlert error={error ?? reports.error} onRetry={reports.reload} title={t('report.failed')} />
        {jobId !== null && (
          <div style={{ maxWidth: 520, marginBottom: 12 }}>
            <JobProgress jobId={jobId} onDone={() => reports.reload()} />
          </div>
        )}
        <Table<ReportFile>
          size="small"
          rowKey="id"
          data-testid="report-files"
          loading={reports.loading}
          dataSource={[...(reports.data ?? [])].sort((a, b) => b.id - a.id)}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <EmptyState description={t('report.none')} /> }}
          columns={[
            { title: t('report.file'), dataIndex: 'fileName' },
            {
              title: t('report.format'),
              dataIndex: 'format',
              width: 80,
              render: (f: string) => <Tag>{f.toUpperCase()}</Tag>,
            },
            {
              title: t('report.size'),
              dataIndex: 'byteSize',
              width: 100,
              align: 'right',
              render: (b: number) => `${formatNumber(b / 1024, locale, 1)} KB`,
            },
            {
              title: t('report.at'),
              dataIndex: 'generatedAt',
              width: 170,
              render: (v: string) => formatTime(v, locale),
            },
            { title: t('checkup.actor'), dataIndex: 'generatedBy', width: 110 },
            {
              title: t('common.actions'),
              key: 'dl',
              width: 100,
              render: (_, r) => (
                // A plain link: the browser saves the attachment under the server's file name.
                <a href={`/api/reports/${r.id}/file`} download={r.fileName}>
                  <DownloadOutlined /> {t('action.download')}
                </a>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('report.sections')}>
        <ErrorAlert error={sections.error} onRetry={sections.reload} />
        {sections.data && sections.data.length === 0 && <EmptyState description={t('report.noSections')} />}
        <Collapse
          items={(sections.data ?? []).map((s) => ({
            key: keyOf(s),
            label: (
              <Space>
                <span>{s.title}</span>
                {s.editedText !== null && <Tag color="orange">{t('report.edited')}</Tag>}
              </Space>
            ),
            children: <SectionEditor checkup={checkup} section={s} editable={manage} onSaved={sections.reload} />,
          }))}
        />
      </Card>
    </Space>
  );
}
