import { App, Form, Input, Select } from 'antd';
import { LANGUAGES, ROLES, type Language, type Role, type User } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { OfficeSelect } from '@/components/OfficeSelect';
import { useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { useCreateUser, useUpdateUser } from '../api/users';

interface Values {
  username: string;
  display_name: string;
  password?: string;
  roles: Role[];
  office_id?: number | null;
  language: Language;
  email?: string;
}

/** Create (user undefined) or edit a user. */
export function UserFormModal({ open, user, onClose }: { open: boolean; user?: User; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  // Nobody changes their own roles (the server refuses with `roles.own`): another administrator does.
  const me = useUser();
  const ownRoles = !!user && user.id === me.id;

  const onSubmit = async (v: Values) => {
    const office_id = v.office_id ?? null;
    if (user) {
      await update.mutateAsync({
        id: user.id,
        body: {
          version: user.version,
          display_name: v.display_name.trim(),
          ...(ownRoles ? {} : { roles: v.roles }),
          office_id,
          language: v.language,
          email: (v.email ?? '').trim(),
        },
      });
      message.success(t('common.saved'));
    } else {
      await create.mutateAsync({
        username: v.username.trim(),
        display_name: v.display_name.trim(),
        password: v.password ?? '',
        roles: v.roles,
        office_id,
        language: v.language,
        email: (v.email ?? '').trim() || null,
      });
      message.success(t('common.created'));
    }
    onClose();
  };

  const required = { required: true, whitespace: true, message: t('fieldError.required') };

  return (
    <FormModal<Values>
      open={open}
      title={user ? t('users.edit') : t('users.create')}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      testId="user-form"
      fieldMessages={{ 'email.invalid': t('users.emailInvalid') }}
      initialValues={
        user
          ? {
              username: user.username,
              display_name: user.display_name,
              roles: user.roles,
              office_id: user.office_id ?? null,
              language: user.language,
              email: user.email,
            }
          : { roles: [], language: 'zh-CN', email: '' }
      }
    >
      <Form.Item name="username" label={t('users.username')} rules={[required]}>
        <Input maxLength={64} disabled={!!user} autoComplete="off" />
      </Form.Item>
      <Form.Item name="display_name" label={t('users.displayName')} rules={[required]}>
        <Input maxLength={100} />
      </Form.Item>
      {user ? null : (
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          extra={`${t('users.initialPasswordHelp')} ${t('password.rules')}`}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item
        name="roles"
        label={t('users.roles')}
        extra={ownRoles ? t('fieldError.roles.own') : undefined}
        rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
      >
        <Select<Role[]>
          mode="multiple"
          allowClear
          disabled={ownRoles}
          data-testid="user-roles"
          options={ROLES.map((r) => ({ value: r, label: td(`role.${r}`, r) }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item name="office_id" label={`${t('users.office')}${t('common.optional')}`}>
        <OfficeSelect data-testid="user-office" />
      </Form.Item>
      <Form.Item name="email" label={`${t('users.email')}${t('common.optional')}`} extra={t('users.emailHelp')}>
        <Input inputMode="email" maxLength={200} autoComplete="off" placeholder="zhangsan@jiyuan.example" data-testid="user-email" />
      </Form.Item>
      <Form.Item name="language" label={t('users.language')}>
        <Select<Language> options={LANGUAGES.map((l) => ({ value: l, label: td(`lang.${l}`, l) }))} />
      </Form.Item>
    </FormModal>
  );
}
