/** Sign in. Wrong input is answered next to the field the server names. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client.js';
import { forget } from '../api/cache.js';
import { useAuth } from '../auth/auth.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../layout/language-switch.js';
import { homePath } from '../layout/navigation.js';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, pick } = useI18n();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Credentials>();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiError | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  if (me) return <Navigate to={from && from !== '/login' ? from : homePath(me)} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setGeneral(null);
    try {
      forget();
      const who = await login(username.trim(), password);
      navigate(from && from !== '/login' ? from : homePath(who), { replace: true });
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'client', { zh: String(error), en: String(error) });
      if (e.field === 'username' || e.field === 'password') {
        form.setFields([{ name: e.field, errors: [pick(e.text)] }]);
      } else {
        setGeneral(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <section className="login-hero" aria-hidden="false">
        <div className="login-hero-inner">
          <img src="/favicon.svg" alt="" width={56} height={56} />
          <Typography.Title level={1} className="login-title">
            {t('app.name')}
          </Typography.Title>
          <Typography.Title level={3} className="login-subtitle">
            {t('app.fullName')}
          </Typography.Title>
          <ul className="login-points">
            <li>{t('login.point.map')}</li>
            <li>{t('login.point.monitor')}</li>
            <li>{t('login.point.checkup')}</li>
          </ul>
        </div>
      </section>
      <main className="login-main">
        <section className="login-card" aria-labelledby="login-title">
          <h2 id="login-title" className="login-card-title">
            {t('login.title')}
          </h2>
          {general && (
            <Alert type="error" showIcon role="alert" title={pick(general.text)} style={{ marginBottom: 16 }} />
          )}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          <div className="login-foot">
            <Link to="/portal">{t('login.toPortal')}</Link>
          </div>
        </section>
        <Typography.Text type="secondary" className="login-note">
          {t('app.footer')}
        </Typography.Text>
      </main>
    </div>
  );
}
