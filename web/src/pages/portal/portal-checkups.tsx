/**
 * The public side of the check-up loop, no sign-in: the published check-up results and the notices out
 * for comment (公示) — indicator table, findings, countermeasures and tasks as frozen at publication —
 * the comments the bureau approved with their published answers, and a comment form. Every refusal
 * (too long, too many in a short time, closed notice) is shown in the reader's language beside the form.
 */
import { Alert, Button, Card, Form, Input, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { participationApi, type Publication, type PublicationContent } from '../../api/checkup.js';
import type { ApiError, Bilingual } from '../../api/client.js';
import type { Grade } from '../../api/monitoring.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { Loading } from '../../components/loading.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { useLabel } from '../checkup/labels.js';
import { GradeTag } from '../indicators/grade-tag.js';
import { PortalSurveys } from './portal-surveys.js';

export function PublicationList({ onlyOpen = false }: { onlyOpen?: boolean }) {
  const { t, pick, locale } = useI18n();
  const label = useLabel();
  const publications = useRequest((signal) => participationApi.publicPublications(signal), []);
  const items = (publications.data ?? []).filter((p) => !onlyOpen || p.acceptsComments);
  return (
    <>
      <ErrorAlert error={publications.error} onRetry={publications.reload} />
      <List
        loading={publications.loading}
        dataSource={items}
        locale={{
          emptyText: <EmptyState description={onlyOpen ? t('portal.comments.none') : t('portal.checkups.none')} />,
        }}
        renderItem={(p: Publication) => (
          <List.Item
            actions={[
              <Link key="go" to={`/portal/checkups/${p.id}`}>
                {p.acceptsComments ? t('portal.checkups.comment') : t('action.view')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={<Link to={`/portal/checkups/${p.id}`}>{p.title}</Link>}
              description={
                <Space wrap size={4}>
                  <Tag color={p.stage === 'result' ? 'green' : 'purple'}>
                    {p.stageLabel ? pick(p.stageLabel) : label('publication.stage', p.stage)}
                  </Tag>
                  {p.acceptsComments && <Tag color="blue">{t('portal.checkups.open')}</Tag>}
                  <span>
                    {t('portal.checkups.opens', { time: formatTime(p.opensAt, locale) })}
                    {p.closesAt ? ` · ${t('portal.checkups.closes', { time: formatTime(p.closesAt, locale) })}` : ''}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}

function ContentTabs({ content }: { content: PublicationContent }) {
  const { t, pick, locale } = useI18n();
  const label = useLabel();
  return (
    <Tabs
      items={[
        {
          key: 'indicators',
          label: t('portal.checkups.indicators'),
          children: (
            <Table
              size="small"
              rowKey={(v) => `${v.code}|${v.zoneCode}|${v.year}`}
              dataSource={content.indicators ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('ind.indicator'), key: 'n', render: (_, v) => `${v.code} ${pick(v.name ?? '', v.nameEn)}` },
                { title: t('common.zone'), key: 'z', render: (_, v) => v.zoneName ?? v.zoneCode },
                {
                  title: t('common.value'),
                  key: 'v',
                  align: 'right',
                  render: (_, v) => `${formatNumber(v.value, locale)} ${v.unit}`,
                },
                {
                  title: t('checkup.values.target'),
                  dataIndex: 'target',
                  align: 'right',
                  render: (x: number | null) => formatNumber(x, locale),
                },
                {
                  title: t('common.status'),
                  key: 'g',
                  render: (_, v) => (
                    <GradeTag
                      grade={(v.grade as Grade | null) ?? (v.expected !== null || v.target !== null ? 'green' : 'none')}
                    />
                  ),
                },
              ]}
            />
          ),
        },
        {
          key: 'findings',
          label: t('portal.checkups.findings'),
          children: (
            <List
              dataSource={content.findings ?? []}
              locale={{ emptyText: <EmptyState description={t('finding.empty')} /> }}
              renderItem={(f) => (
                <List.Item>
                  <Space orientation="vertical" size={2}>
                    <Space wrap size={4}>
                      <Tag>{label('finding.severity', f.severity)}</Tag>
                      <Typography.Text strong>{f.title}</Typography.Text>
                      <Typography.Text type="secondary">{label('checkup.level', f.level)}</Typography.Text>
                    </Space>
                    {(content.measures ?? [])
                      .filter((m) => m.findingId === f.id)
                      .map((m, i) => (
                        <Typography.Text key={i} type="secondary">
                          {label('measure.path', m.path)}：{m.description}
                        </Typography.Text>
                      ))}
                  </Space>
                </List.Item>
              )}
            />
          ),
        },
        {
          key: 'tasks',
          label: t('portal.checkups.tasks'),
          children: (
            <Table
              size="small"
              rowKey={(x, i) => `${x.title}|${i}`}
              dataSource={content.tasks ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('task.titleField'), dataIndex: 'title' },
                { title: t('task.department'), key: 'd', render: (_, x) => x.departmentName ?? x.departmentCode },
                { title: t('task.deadline'), dataIndex: 'deadline', width: 110 },
                {
                  title: t('task.progress'),
                  key: 'p',
                  width: 140,
                  render: (_, x) => `${label('task.status', x.status)} · ${Math.round(x.progress)}%`,
                },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

interface CommentValues {
  body: string;
  name?: string;
  contact?: string;
}

function CommentForm({ publication, onSent }: { publication: Publication; onSent(): void }) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<CommentValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const submit = async (v: CommentValues) => {
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const r = await participationApi.comment(publication.id, {
        body: v.body,
        name: v.name || undefined,
        contact: v.contact || undefined,
      });
      const message = (r as { message?: Bilingual }).message;
      setSent(message ? pick(message) : t('portal.comment.sent'));
      form.resetFields();
      onSent();
    } catch (e) {
      const err = e as ApiError;
      if (err.field && ['body', 'name', 'contact'].includes(err.field))
        form.setFields([{ name: err.field as keyof CommentValues, errors: [pick(err.text)] }]);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('portal.comment.title')} className="portal-comment-form">
      {sent && <Alert type="success" showIcon title={sent} style={{ marginBottom: 12 }} role="status" />}
      <ErrorAlert error={error} title={t('portal.comment.failed')} />
      <Form<CommentValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="body"
          label={t('portal.comment.body')}
          rules={[
            { required: true, whitespace: true, message: t('portal.comment.bodyRequired') },
            { max: 2000, message: t('portal.comment.tooLong', { max: 2000 }) },
          ]}
        >
          <Input.TextArea id="comment-body" rows={5} showCount maxLength={2100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="name" label={t('portal.comment.name')} extra={t('portal.comment.private')}>
            <Input id="comment-name" maxLength={60} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="contact" label={t('portal.comment.contact')}>
            <Input id="comment-contact" maxLength={110} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('portal.comment.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

export function PublicationPage({ id }: { id: number }) {
  const { t, pick, locale } = useI18n();
  const label = useLabel();
  const publication = useRequest((signal) => participationApi.publicPublication(id, signal), [id]);
  const p = publication.data;
  if (publication.error) return <ErrorAlert error={publication.error} onRetry={publication.reload} />;
  if (!p) return <Loading />;
  return (
    <div className="portal-section">
      <Link to="/portal/checkups">← {t('portal.checkups.back')}</Link>
      <Typography.Title level={4} style={{ marginTop: 8 }}>
        {p.title}
      </Typography.Title>
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <Tag color={p.stage === 'result' ? 'green' : 'purple'}>
          {p.stageLabel ? pick(p.stageLabel) : label('publication.stage', p.stage)}
        </Tag>
        <Typography.Text type="secondary">
          {t('portal.checkups.opens', { time: formatTime(p.opensAt, locale) })}
          {p.closesAt ? ` · ${t('portal.checkups.closes', { time: formatTime(p.closesAt, locale) })}` : ''}
        </Typography.Text>
        {p.reportId && (
          <a href={`/api/public/publications/${p.id}/report`} download>
            {t('portal.checkups.report')}
          </a>
        )}
      </Space>
      {p.summary && <Typography.Paragraph>{p.summary}</Typography.Paragraph>}
      {p.content && <ContentTabs content={p.content} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('portal.comments.published')}
      </Typography.Title>
      <List
        dataSource={p.comments ?? []}
        data-testid="public-comments"
        locale={{ emptyText: <EmptyState description={t('portal.comments.noneYet')} /> }}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text type="secondary">{formatTime(c.createdAt, locale)}</Typography.Text>
              <Typography.Text>{c.publicBody ?? c.body}</Typography.Text>
              {c.answer && (
                <div className="public-answer">
                  <Typography.Text strong>{t('portal.comments.answer')}：</Typography.Text>
                  {c.answer}
                </div>
              )}
            </Space>
          </List.Item>
        )}
      />
      {p.acceptsComments ? (
        <CommentForm publication={p} onSent={publication.reload} />
      ) : (
        <Alert type="info" showIcon title={t('portal.comment.closed')} />
      )}
    </div>
  );
}

/** /portal/checkups and /portal/checkups/:id */
export function PortalCheckups() {
  const { t } = useI18n();
  const { '*': rest } = useParams();
  const id = Number(rest?.split('/')[1]);
  if (id) return <PublicationPage id={id} />;
  return (
    <div className="portal-section">
      <Typography.Paragraph type="secondary">{t('portal.checkups.intro')}</Typography.Paragraph>
      <PublicationList />
    </div>
  );
}

/** The comments tab: notices open for comment, and the surveys open for answers. */
export function PortalParticipation() {
  const { t } = useI18n();
  return (
    <div className="portal-section">
      <Card size="small" title={t('portal.comments.open')} style={{ marginBottom: 16 }}>
        <PublicationList onlyOpen />
      </Card>
      <Card size="small" title={t('portal.surveys.title')}>
        <PortalSurveys />
      </Card>
    </div>
  );
}
