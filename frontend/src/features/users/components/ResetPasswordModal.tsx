import { App, Form, Input, Typography } from 'antd';
import type { User } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { useResetPassword } from '../api/users';

export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ new_password: string }>();
  const reset = useResetPassword();
  return (
    <FormModal<{ new_password: string }>
      open
      title={t('users.resetPasswordTitle', { name: user.display_name })}
      form={form}
      onCancel={onClose}
      okText={t('users.resetPassword')}
      testId="reset-password-form"
      onSubmit={async (v) => {
        await reset.mutateAsync({ id: user.id, new_password: v.new_password });
        message.success(t('users.resetPasswordDone'));
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHelp')}</Typography.Paragraph>
      <Form.Item
        name="new_password"
        label={t('password.new')}
        extra={t('password.rules')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
