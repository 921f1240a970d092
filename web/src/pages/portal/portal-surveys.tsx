/**
 * Satisfaction surveys (满意度调查) for the public, no sign-in: the open surveys, and one survey's
 * questions — ratings of one to five stars, choices, short texts — answered for the district or planning
 * unit the respondent lives in.
 */
import { Alert, Button, Card, Form, Input, List, Radio, Rate, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { participationApi, type Survey } from '../../api/checkup.js';
import type { ApiError } from '../../api/client.js';
import { Loading } from '../../components/loading.js';
import { EmptyState, ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';

export function PortalSurveys() {
  const { t } = useI18n();
  const surveys = useRequest((signal) => participationApi.publicSurveys(signal), []);
  return (
    <>
      <ErrorAlert error={surveys.error} onRetry={surveys.reload} />
      <List
        loading={surveys.loading}
        dataSource={surveys.data ?? []}
        locale={{ emptyText: <EmptyState description={t('portal.surveys.none')} /> }}
        renderItem={(s: Survey) => (
          <List.Item
            actions={[
              <Link key="go" to={`/portal/surveys/${s.id}`}>
                {t('portal.surveys.take')}
              </Link>,
            ]}
          >
            <List.Item.Meta title={<Link to={`/portal/surveys/${s.id}`}>{s.title}</Link>} description={s.description} />
          </List.Item>
        )}
      />
    </>
  );
}

export function SurveyPage({ id }: { id: number }) {
  const { t, pick } = useI18n();
  const survey = useRequest((signal) => participationApi.publicSurvey(id, signal), [id]);
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const s = survey.data;
  if (survey.error) return <ErrorAlert error={survey.error} onRetry={survey.reload} />;
  if (!s) return <Loading />;
  // The survey names the places one may answer for (no account needed); older servers did not.
  const zones = s.zones ?? [];

  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const { zoneCode, ...answers } = values;
      const given = Object.fromEntries(
        Object.entries(answers).filter(([, v]) => v !== undefined && v !== '' && v !== 0),
      );
      await participationApi.respond(s.id, { zoneCode: String(zoneCode), answers: given });
      setDone(true);
    } catch (e) {
      const err = e as ApiError;
      const question = err.field?.startsWith('answers.') ? err.field.slice('answers.'.length) : null;
      if (err.field === 'zoneCode') form.setFields([{ name: 'zoneCode', errors: [pick(err.text)] }]);
      else if (question) form.setFields([{ name: question, errors: [pick(err.text)] }]);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="portal-section">
      <Link to="/portal/comments">← {t('portal.surveys.back')}</Link>
      <Card size="small" title={s.title} style={{ marginTop: 8 }}>
        {s.description && <Typography.Paragraph>{s.description}</Typography.Paragraph>}
        {done ? (
          <Alert type="success" showIcon role="status" title={t('portal.surveys.thanks')} />
        ) : s.acceptsResponses === false ? (
          <Alert type="info" showIcon title={t('portal.surveys.closed')} />
        ) : (
          <Form form={form} layout="vertical" onFinish={submit} data-testid="survey-form">
            <ErrorAlert error={error} title={t('portal.surveys.failed')} />
            <Form.Item
              name="zoneCode"
              label={t('portal.surveys.zone')}
              rules={[{ required: true, message: t('portal.surveys.zoneRequired') }]}
            >
              {zones.length > 0 ? (
                <Select
                  id="survey-zone"
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ maxWidth: 360 }}
                  options={zones.map((z) => ({ value: z.code, label: `${pick(z.name, z.nameEn)} (${z.code})` }))}
                />
              ) : (
                <Input id="survey-zone" style={{ maxWidth: 360 }} placeholder={t('portal.surveys.zoneHint')} />
              )}
            </Form.Item>
            {s.questions.map((q) => (
              <Form.Item
                key={q.key}
                name={q.key}
                label={pick(q.textZh, q.textEn)}
                rules={q.required ? [{ required: true, message: t('portal.surveys.answerRequired') }] : undefined}
              >
                {q.kind === 'rating' ? (
                  <Rate aria-label={pick(q.textZh, q.textEn)} />
                ) : q.kind === 'choice' ? (
                  <Radio.Group options={(q.options ?? []).map((o) => ({ value: o, label: o }))} />
                ) : (
                  <Input.TextArea rows={3} maxLength={1000} />
                )}
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('action.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}

/** /portal/surveys/:id */
export function PortalSurveyRoute() {
  const { '*': rest } = useParams();
  const id = Number(rest?.split('/')[1]);
  return id ? <SurveyPage id={id} /> : <PortalSurveys />;
}
