// Change one's own password (POST /me/password): used by the forced first-login page and the profile.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useChangePassword } from '@/lib/auth';
import { formErrors } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

const FIELDS = ['current_password', 'new_password'] as const;

export function ChangePasswordForm({ onDone, submitText }: { onDone?: () => void; submitText?: string }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string | null>(null);
  const change = useChangePassword();

  const onFinish = (v: Values) => {
    setGeneral(null);
    change.mutate(
      { current_password: v.current_password, new_password: v.new_password },
      {
        onSuccess: () => {
          form.resetFields();
          onDone?.();
        },
        onError: (e) => {
          const { fields, general: g } = formErrors(lang, e, FIELDS);
          form.setFields(fields);
          setGeneral(g);
        },
      },
    );
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="off" data-testid="change-password-form">
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="current_password"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="new_password"
        label={t('password.new')}
        extra={t('password.rules')}
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('new_password') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {submitText ?? t('password.submit')}
      </Button>
    </Form>
  );
}
