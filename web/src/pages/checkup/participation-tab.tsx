/**
 * Public participation for a check-up, the bureau's side: put it out for 公示 or publish the result
 * (the public page is frozen then), handle what the public wrote — moderate, hand to a department,
 * answer and publish the answer — and read the satisfaction survey's results.
 */
import { App, Button, Card, Checkbox, Input, Modal, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  participationApi,
  type Checkup,
  type Publication,
  type PublicComment,
  type SurveyResults,
} from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import { useLabel } from './labels.js';
import { departmentOptions, useDepartmentName } from '../tasks/departments.js';

function AnswerDialog({ comment, onClose, onDone }: { comment: PublicComment; onClose(): void; onDone(): void }) {
  const { t, pick } = useI18n();
  const [answer, setAnswer] = useState(comment.answer ?? '');
  const [publish, setPublish] = useState(comment.moderation === 'approved');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await participationApi.answer(comment.id, answer, publish);
      onDone();
    } catch (e) {
      setError(pick((e as ApiError).text));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('comment.answer')}
      okText={t('action.submit')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{comment.body}</Typography.Paragraph>
      <label htmlFor="comment-answer">{t('comment.answerText')}</label>
      <Input.TextArea id="comment-answer" rows={5} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      <Checkbox
        checked={publish}
        disabled={comment.moderation !== 'approved'}
        onChange={(e) => setPublish(e.target.checked)}
        style={{ marginTop: 8 }}
      >
        {t('comment.publishAnswer')}
      </Checkbox>
      {comment.moderation !== 'approved' && (
        <Typography.Paragraph type="secondary">{t('comment.publishNeedsApproval')}</Typography.Paragraph>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

export function CommentQueue({ publicationIds }: { publicationIds: number[] }) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const label = useLabel();
  const { departments, name } = useDepartmentName();
  const [moderation, setModeration] = useState<string | undefined>();
  const [answering, setAnswering] = useState<PublicComment | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const comments = useRequest(
    async (signal) => {
      const all = await participationApi.comments({ moderation }, signal);
      return all.filter((c) => publicationIds.includes(c.publicationId));
    },
    [moderation, publicationIds.join(',')],
  );
  const act = async (work: Promise<unknown>, done: string) => {
    setError(null);
    try {
      await work;
      message.success(done);
      comments.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          value={moderation}
          onChange={setModeration}
          placeholder={t('comment.moderation')}
          aria-label={t('comment.moderation')}
          style={{ width: 160 }}
          options={['pending', 'approved', 'rejected'].map((m) => ({
            value: m,
            label: label('comment.moderation', m),
          }))}
        />
      </Space>
      <ErrorAlert error={error ?? comments.error} onRetry={comments.reload} title={t('checkup.actionFailed')} />
      <Table<PublicComment>
        size="small"
        rowKey="id"
        data-testid="comment-queue"
        loading={comments.loading}
        dataSource={comments.data ?? []}
        locale={{ emptyText: <EmptyState description={t('comment.queueEmpty')} /> }}
        columns={[
          { title: t('common.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v, locale) },
          {
            title: t('comment.body'),
            key: 'body',
            render: (_, c) => (
              <Space orientation="vertical" size={2}>
                <span>{c.body}</span>
                {c.publicBody && c.publicBody !== c.body && (
                  <Typography.Text type="secondary">
                    {t('comment.publicBody')}：{c.publicBody}
                  </Typography.Text>
                )}
                {(c.moderationFlags ?? []).map((f) => (
                  <Tag key={f} color="orange">
                    {label('comment.flag', f)}
                  </Tag>
                ))}
                {c.answer && (
                  <Typography.Text type="success">
                    {t('comment.answer')}：{c.answer}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('comment.author'),
            key: 'who',
            width: 140,
            render: (_, c) => (
              <>
                {c.authorName ?? '—'}
                {c.contact && <div className="muted">{c.contact}</div>}
              </>
            ),
          },
          {
            title: t('common.status'),
            key: 'state',
            width: 160,
            render: (_, c) => (
              <>
                <Tag color={c.moderation === 'approved' ? 'green' : c.moderation === 'rejected' ? 'red' : 'gold'}>
                  {label('comment.moderation', c.moderation ?? 'pending')}
                </Tag>
                <Tag>{label('comment.status', c.status)}</Tag>
                {c.assignedDepartment && <div>{name(c.assignedDepartment)}</div>}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'act',
            width: 260,
            render: (_, c) => (
              <Space wrap size={4}>
                {c.moderation !== 'approved' && (
                  <Button
                    size="small"
                    onClick={() =>
                      void act(participationApi.moderate(c.id, { decision: 'approve' }), t('comment.approved'))
                    }
                  >
                    {t('comment.approve')}
                  </Button>
                )}
                {c.moderation !== 'rejected' && (
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      void act(participationApi.moderate(c.id, { decision: 'reject' }), t('comment.rejected'))
                    }
                  >
                    {t('comment.reject')}
                  </Button>
                )}
                <Select
                  size="small"
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('comment.assign')}
                  aria-label={t('comment.assign')}
                  style={{ width: 120 }}
                  value={c.assignedDepartment ?? undefined}
                  onChange={(d: string) => void act(participationApi.assign(c.id, d), t('comment.assigned'))}
                  options={departmentOptions(departments, pick)}
                  popupMatchSelectWidth={false}
                />
                {/* 已接收 → 已分办 → 已答复: a comment is answered once a department has it. */}
                {c.status === 'received' ? (
                  <Typography.Text type="secondary">{t('comment.assignFirst')}</Typography.Text>
                ) : (
                  <Button size="small" type="primary" ghost onClick={() => setAnswering(c)}>
                    {t('comment.answer')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {answering && (
        <AnswerDialog
          comment={answering}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            message.success(t('comment.answered'));
            comments.reload();
          }}
        />
      )}
    </>
  );
}

function SurveyResultsView({ results }: { results: SurveyResults }) {
  const { t, pick, locale } = useI18n();
  const { overall, survey } = results;
  return (
    <>
      <Space size="large" style={{ marginBottom: 12 }}>
        <Statistic title={t('survey.responses')} value={overall.n} />
        <Statistic title={t('survey.meanScore')} value={formatNumber(overall.meanScore, locale, 1)} />
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={survey.questions.filter((q) => q.kind !== 'text')}
        columns={[
          { title: t('survey.question'), key: 'q', render: (_, q) => pick(q.textZh, q.textEn) },
          {
            title: t('survey.answered'),
            key: 'n',
            width: 90,
            render: (_, q) => overall.questions[q.key]?.answered ?? 0,
          },
          {
            title: t('survey.mean'),
            key: 'mean',
            width: 90,
            render: (_, q) => formatNumber(overall.questions[q.key]?.mean ?? null, locale, 2),
          },
        ]}
      />
      {results.units.length > 0 && (
        <Table
          size="small"
          rowKey="zoneCode"
          style={{ marginTop: 12 }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={results.units}
          columns={[
            { title: t('common.zone'), key: 'z', render: (_, u) => u.zoneName ?? u.zoneCode },
            { title: t('survey.responses'), dataIndex: 'n', width: 90 },
            {
              title: t('survey.meanScore'),
              dataIndex: 'meanScore',
              width: 110,
              render: (v: number | null) => formatNumber(v, locale, 1),
            },
          ]}
        />
      )}
    </>
  );
}

function Surveys({ checkup }: { checkup: Checkup }) {
  const { t } = useI18n();
  const surveys = useRequest((signal) => participationApi.surveys(signal), []);
  const mine = (surveys.data ?? []).filter((s) => s.checkupId === checkup.id || s.checkupId === null);
  const [id, setId] = useState<number | undefined>();
  const chosen = id ?? mine[0]?.id;
  const results = useRequest(chosen ? (signal) => participationApi.surveyResults(chosen, signal) : null, [chosen]);
  if (surveys.error) return <ErrorAlert error={surveys.error} onRetry={surveys.reload} />;
  if (mine.length === 0) return <EmptyState description={t('survey.none')} />;
  return (
    <>
      <Select
        value={chosen}
        onChange={setId}
        aria-label={t('survey.title')}
        style={{ width: 360, marginBottom: 12 }}
        options={mine.map((s) => ({ value: s.id, label: s.title }))}
      />
      <ErrorAlert error={results.error} onRetry={results.reload} />
      {results.data && (
        <div data-testid="survey-results">
          <SurveyResultsView results={results.data} />
        </div>
      )}
    </>
  );
}

export default function ParticipationTab({ checkup }: { checkup: Checkup }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const label = useLabel();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const publications = useRequest(
    (signal) => participationApi.publications({ entityId: checkup.id }, signal),
    [checkup.id],
  );
  const mine = (publications.data ?? []).filter((p) => p.entityType === 'checkup' && p.entityId === checkup.id);
  const manage = can('participation.manage');

  const publish = async (stage: 'draft_notice' | 'result') => {
    setBusy(stage);
    setError(null);
    try {
      await participationApi.publish({ entityType: 'checkup', entityId: checkup.id, stage });
      message.success(t('publication.created'));
      publications.reload();
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
        title={t('publication.title')}
        extra={
          manage && (
            <Space>
              <Button loading={busy === 'draft_notice'} onClick={() => void publish('draft_notice')}>
                {t('publication.notice')}
              </Button>
              <Button type="primary" loading={busy === 'result'} onClick={() => void publish('result')}>
                {t('publication.result')}
              </Button>
            </Space>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('publication.intro')}</Typography.Paragraph>
        <ErrorAlert
          error={error ?? publications.error}
          onRetry={publications.reload}
          title={t('checkup.actionFailed')}
        />
        <Table<Publication>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={mine}
          locale={{ emptyText: <EmptyState description={t('publication.none')} /> }}
          columns={[
            { title: t('publication.name'), dataIndex: 'title' },
            {
              title: t('publication.stage'),
              dataIndex: 'stage',
              width: 100,
              render: (s: string) => (
                <Tag color={s === 'result' ? 'green' : 'purple'}>{label('publication.stage', s)}</Tag>
              ),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => label('publication.status', s),
            },
            {
              title: t('publication.opens'),
              dataIndex: 'opensAt',
              width: 150,
              render: (v: string) => formatTime(v, locale),
            },
            {
              title: t('publication.closes'),
              dataIndex: 'closesAt',
              width: 150,
              render: (v: string | null) => formatTime(v, locale),
            },
            {
              title: t('common.actions'),
              key: 'go',
              width: 110,
              render: (_, p) => <Link to={`/portal/checkups/${p.id}`}>{t('publication.viewPublic')}</Link>,
            },
          ]}
        />
      </Card>
      {manage && mine.length > 0 && (
        <Card size="small" title={t('comment.queue')}>
          <CommentQueue publicationIds={mine.map((p) => p.id)} />
        </Card>
      )}
      {manage && (
        <Card size="small" title={t('survey.results')}>
          <Surveys checkup={checkup} />
        </Card>
      )}
    </Space>
  );
}
