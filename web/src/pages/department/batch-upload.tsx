/**
 * A batch of values from a CSV or XLSX file. When the server finds mistakes, each row of the file is
 * shown with its own errors beside it (the server writes nothing unless "accept the valid rows" is
 * chosen); a template shows the columns the server reads.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { saveBlob, upload, ApiError } from '../../api/client.js';
import type { Indicator, RowError, SubmitResult } from '../../api/monitoring.js';
import { useI18n } from '../../i18n/i18n.js';
import { csvBlob, parseCsv } from './csv.js';

const TEMPLATE_HEADER = ['指标代码', '区划代码', '年份', '数值', '单位', '来源', '佐证'];

interface Outcome {
  fileName: string;
  rows: { row: number; cells: string[] }[] | null;
  header: string[];
  errors: RowError[];
  result: SubmitResult | null;
  failure: ApiError | null;
}

export function BatchUpload({
  indicators,
  regionCode,
  onSubmitted,
}: {
  indicators: Indicator[];
  regionCode: string;
  onSubmitted(): void;
}) {
  const { t, pick } = useI18n();
  const [acceptValid, setAcceptValid] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const template = () => {
    const example = indicators[0];
    const rows = [TEMPLATE_HEADER];
    if (example) rows.push([example.code, regionCode, String(new Date().getFullYear() - 1), '', example.unit, '', '']);
    saveBlob(csvBlob(rows), 'lantu-indicator-values-template.csv');
  };

  const send = async (file: File) => {
    const isCsv = file.name.toLowerCase().endsWith('.csv');
    const parsed = isCsv ? parseCsv(await file.text()) : null;
    const form = new FormData();
    form.append('file', file, file.name);
    setSent(0);
    setOutcome(null);
    const base: Outcome = {
      fileName: file.name,
      rows: parsed ? parsed.slice(1) : null,
      header: parsed?.[0]?.cells ?? [],
      errors: [],
      result: null,
      failure: null,
    };
    try {
      const result = await upload<SubmitResult>(
        `/api/indicators/submissions/batch${acceptValid ? '?acceptValid=true' : ''}`,
        form,
        (done, total) => setSent(Math.round((100 * done) / total)),
      );
      setOutcome({ ...base, result, errors: result.errors });
      onSubmitted();
    } catch (e) {
      const err = e as ApiError;
      const errors = ((err.details as { errors?: RowError[] } | undefined)?.errors ?? []) as RowError[];
      setOutcome({ ...base, errors, failure: err });
    } finally {
      setSent(null);
    }
  };

  const errorsOf = (row: number) => outcome?.errors.filter((e) => e.row === row) ?? [];
  const rowsWithErrors = outcome ? [...new Set(outcome.errors.map((e) => e.row))].sort((a, b) => a - b) : [];

  return (
    <Card size="small" title={t('dept.batch.title')}>
      <Typography.Paragraph type="secondary">{t('dept.batch.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} onClick={template}>
          {t('dept.batch.template')}
        </Button>
        <Checkbox checked={acceptValid} onChange={(e) => setAcceptValid(e.target.checked)}>
          {t('dept.batch.acceptValid')}
        </Checkbox>
      </Space>
      <Upload.Dragger
        accept=".csv,.xlsx"
        showUploadList={false}
        multiple={false}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
        disabled={sent !== null}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('dept.batch.drop')}</p>
        <p className="ant-upload-hint">{t('dept.batch.hint')}</p>
      </Upload.Dragger>
      {sent !== null && <Progress percent={sent} status="active" style={{ marginTop: 12 }} />}
      {outcome && (
        <div style={{ marginTop: 16 }} data-testid="batch-outcome">
          {outcome.failure ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('dept.batch.rejected', {
                file: outcome.fileName,
                rows: rowsWithErrors.length,
                errors: outcome.errors.length,
              })}
              description={outcome.errors.length ? t('dept.batch.rejectedHint') : pick(outcome.failure.text)}
            />
          ) : (
            <Alert
              type={outcome.errors.length ? 'warning' : 'success'}
              showIcon
              title={t('dept.batch.accepted', { file: outcome.fileName, count: outcome.result?.submitted.length ?? 0 })}
              description={
                outcome.errors.length ? t('dept.batch.partly', { errors: outcome.errors.length }) : undefined
              }
            />
          )}
          {outcome.rows && outcome.errors.length > 0 && (
            <Table<{ row: number; cells: string[] }>
              size="small"
              style={{ marginTop: 12 }}
              rowKey="row"
              pagination={{ pageSize: 20, showSizeChanger: false }}
              scroll={{ x: true }}
              dataSource={outcome.rows}
              rowClassName={(r) => (errorsOf(r.row).length ? 'row-with-error' : '')}
              columns={[
                { title: t('dept.batch.row'), dataIndex: 'row', width: 60 },
                ...outcome.header.map((h, i) => ({
                  title: h,
                  key: `c${i}`,
                  render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
                })),
                {
                  title: t('dept.batch.errors'),
                  key: 'errors',
                  render: (_: unknown, r: { row: number; cells: string[] }) => {
                    const errs = errorsOf(r.row);
                    return errs.length ? (
                      <ul className="row-errors">
                        {errs.map((e, k) => (
                          <li key={k} className="row-error">
                            {pick(e.message)}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <Typography.Text type="success">{t('dept.batch.rowOk')}</Typography.Text>
                    );
                  },
                },
              ]}
            />
          )}
          {!outcome.rows && outcome.errors.length > 0 && (
            <Table<RowError>
              size="small"
              style={{ marginTop: 12 }}
              rowKey={(e) => `${e.row}|${e.field}|${e.code}`}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              dataSource={outcome.errors}
              columns={[
                { title: t('dept.batch.row'), dataIndex: 'row', width: 60 },
                { title: t('dept.batch.field'), dataIndex: 'field', width: 140 },
                {
                  title: t('dept.batch.errors'),
                  key: 'm',
                  render: (_, e) => <span className="row-error">{pick(e.message)}</span>,
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
