// First sign-in (or after an administrator's reset): a new password before anything else.
import { LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { useLogout, useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { safeNextPath } from '@/lib/permissions';
import { AuthShell } from './AuthShell';

export default function ForcedPasswordPage() {
  const { t } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const logout = useLogout();
  const next = safeNextPath(params.get('next'));
  if (!user.must_change_password) return <Navigate to={next} replace />;

  return (
    <AuthShell
      title={t('password.forcedTitle')}
      extra={
        <Button
          size="small"
          type="text"
          icon={<LogoutOutlined />}
          onClick={() => {
            navigate('/login', { replace: true });
            logout();
          }}
        >
          {t('header.logout')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={`${user.display_name}（${user.username}）`} description={t('password.forcedIntro')} style={{ marginBottom: 16 }} />
      <ChangePasswordForm
        onDone={() => {
          message.success(t('password.changed'));
          navigate(next, { replace: true });
        }}
      />
    </AuthShell>
  );
}
