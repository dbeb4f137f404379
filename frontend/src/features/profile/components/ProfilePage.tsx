// 个人设置: name, e-mail address for notification copies, language (saved to the profile) and password.
import { App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Language } from '@/api/types';
import { ChangePasswordForm } from '@/components/ChangePasswordForm';
import { PageHeader } from '@/components/PageHeader';
import { RoleTags } from '@/components/RoleTags';
import { useUpdateMe, useUser } from '@/lib/auth';
import { errorMessage, formErrors } from '@/lib/errors';
import { translate, useI18n } from '@/lib/i18n';

export default function ProfilePage() {
  const user = useUser();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const updateMe = useUpdateMe();
  const [nameForm] = Form.useForm<{ display_name: string }>();
  const [editingName, setEditingName] = useState(false);
  const [emailForm] = Form.useForm<{ email: string }>();
  const [editingEmail, setEditingEmail] = useState(false);

  const saveLanguage = (language: Language) =>
    updateMe.mutate(
      { language },
      {
        onSuccess: () => message.success(translate(language, 'profile.languageSaved')),
        onError: (e) => message.error(errorMessage(lang, e)),
      },
    );

  const saveName = ({ display_name }: { display_name: string }) =>
    updateMe.mutate(
      { display_name: display_name.trim() },
      {
        onSuccess: () => {
          setEditingName(false);
          message.success(t('profile.displayNameSaved'));
        },
        onError: (e) => {
          const { fields, general } = formErrors(lang, e, ['display_name']);
          nameForm.setFields(fields);
          if (general) message.error(general);
        },
      },
    );

  const saveEmail = ({ email }: { email: string }) =>
    updateMe.mutate(
      { email: (email ?? '').trim() },
      {
        onSuccess: () => {
          setEditingEmail(false);
          message.success(t('profile.emailSaved'));
        },
        onError: (e) => {
          const { fields, general } = formErrors(lang, e, ['email'], {}, { 'email.invalid': t('users.emailInvalid') });
          emailForm.setFields(fields);
          if (general) message.error(general);
        },
      },
    );

  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.account')} size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('users.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('profile.displayName')}>
                {editingName ? (
                  <Form form={nameForm} layout="inline" initialValues={{ display_name: user.display_name }} onFinish={saveName}>
                    <Form.Item name="display_name" rules={[{ required: true, whitespace: true, message: t('fieldError.required') }]}>
                      <Input maxLength={100} autoFocus />
                    </Form.Item>
                    <Space>
                      <Button type="primary" htmlType="submit" loading={updateMe.isPending}>
                        {t('common.save')}
                      </Button>
                      <Button onClick={() => setEditingName(false)}>{t('common.cancel')}</Button>
                    </Space>
                  </Form>
                ) : (
                  <Space>
                    {user.display_name}
                    <Typography.Link onClick={() => setEditingName(true)}>{t('common.edit')}</Typography.Link>
                  </Space>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('users.email')}>
                {editingEmail ? (
                  <Form form={emailForm} layout="inline" initialValues={{ email: user.email }} onFinish={saveEmail} data-testid="profile-email-form">
                    <Form.Item name="email">
                      <Input inputMode="email" maxLength={200} autoFocus placeholder="zhangsan@jiyuan.example" aria-label={t('users.email')} style={{ width: 260 }} />
                    </Form.Item>
                    <Space>
                      <Button type="primary" htmlType="submit" loading={updateMe.isPending} data-testid="profile-email-save">
                        {t('common.save')}
                      </Button>
                      <Button onClick={() => setEditingEmail(false)}>{t('common.cancel')}</Button>
                    </Space>
                  </Form>
                ) : (
                  <Space>
                    <span data-testid="profile-email">{user.email || t('profile.noEmail')}</span>
                    <Typography.Link onClick={() => setEditingEmail(true)} data-testid="profile-email-edit">
                      {t('common.edit')}
                    </Typography.Link>
                  </Space>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('users.roles')}>
                <RoleTags roles={user.roles} />
              </Descriptions.Item>
              <Descriptions.Item label={t('users.office')}>
                {user.office ? `${user.office.name}（${user.office.code}）` : t('header.noOffice')}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('profile.emailHelp')}
            </Typography.Paragraph>
          </Card>
          <Card title={t('profile.language')} size="small" style={{ marginTop: 16 }}>
            <Radio.Group
              value={user.language}
              onChange={(e) => saveLanguage(e.target.value as Language)}
              disabled={updateMe.isPending}
              data-testid="profile-language"
              options={[
                { value: 'zh-CN', label: t('lang.zh-CN') },
                { value: 'en', label: t('lang.en') },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('profile.languageHelp')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.changePassword')} size="small">
            <Typography.Paragraph type="secondary">{t('profile.changePasswordHelp')}</Typography.Paragraph>
            <ChangePasswordForm onDone={() => message.success(t('password.changed'))} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
