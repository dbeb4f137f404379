import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { PageLoader } from '@/components/PageLoader';
import { consumeSessionExpired, useLogin, useSession } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';
import { safeNextPath } from '@/lib/permissions';
import { AuthShell } from './AuthShell';

interface Values {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const login = useLogin();
  const [expired] = useState(consumeSessionExpired);

  // A reload restores the session from the cookie first: no login form flashing meanwhile.
  if (session.status === 'loading') return <PageLoader fullScreen />;
  if (session.status === 'authenticated') {
    const target = session.user.must_change_password
      ? `/change-password${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`
      : next;
    return <Navigate to={target} replace />;
  }

  const onFinish = (v: Values) => login.mutate({ username: v.username.trim(), password: v.password });

  return (
    <AuthShell title={t('login.title')}>
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(lang, login.error)}
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      ) : expired ? (
        <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="login-form">
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Paragraph>
    </AuthShell>
  );
}
