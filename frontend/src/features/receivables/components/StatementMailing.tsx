// The statement page's e-mail part (not printed): 发送邮件 for finance — the period and the address,
// prefilled with the page's period and the customer's statement address, queued for the mailer —
// and the panel with the customer's statement address (对账单邮箱, with the monthly run's switch;
// finance changes it, the others read it) and the statement mails with their state, read again
// while one waits. A server that sends no mail says so instead of offering to send.
import { EditOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import type { StatementMail, StatementQuery, StatementRecipient } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { errorMessage } from '@/lib/errors';
import { DATE_FORMAT, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCustomerStatementMails, useMailStatement, useSaveStatementRecipient, useStatementRecipient } from '../api/statement-mail';
import { periodProblem } from '../lib/statement';
import { mailBody, recipientBody, type MailValues, type RecipientValues } from '../lib/statement-mail';
import { useMailColumns } from './StatementMailTags';

const MAILS_PAGE = 5;

/** A date field kept as `YYYY-MM-DD` text in the form. */
const dayField = {
  getValueProps: (v: string | null | undefined) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null),
};

/** 发送邮件 (finance, when the server sends mail): opens the form of the mail. */
export function SendStatementButton({ customerId, period, today, disabled }: { customerId: number; period: StatementQuery; today: string; disabled: boolean }) {
  const { t } = useI18n();
  const recipient = useStatementRecipient(customerId);
  const [open, setOpen] = useState(false);
  if (!recipient.data?.mail_enabled) return null;
  return (
    <>
      <Button icon={<MailOutlined />} disabled={disabled} onClick={() => setOpen(true)} data-testid="statement-mail">
        {t('statementMail.send')}
      </Button>
      {open ? <SendModal customerId={customerId} period={period} today={today} onFile={recipient.data.email ?? null} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SendModal({ customerId, period, today, onFile, onClose }: { customerId: number; period: StatementQuery; today: string; onFile: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const send = useMailStatement(customerId);
  const [form] = Form.useForm<MailValues>();
  // What the statement page would say about the period, at the end the server would name.
  const periodRule = (end: 'from' | 'to') => ({
    validator: () => {
      const v = form.getFieldsValue(['from', 'to']) as Partial<MailValues>;
      if (!v.from || !v.to) return Promise.resolve();
      const problem = periodProblem({ from: v.from, to: v.to }, today);
      const at = problem === 'to_after_today' ? 'to' : 'from';
      return problem !== null && at === end ? Promise.reject(new Error(t(`statement.problem.${problem}`))) : Promise.resolve();
    },
  });
  return (
    <FormModal<MailValues>
      open
      title={t('statementMail.sendTitle')}
      form={form}
      initialValues={{ from: period.from, to: period.to, email: onFile ?? '' }}
      onCancel={onClose}
      okText={t('statementMail.sendOk')}
      fieldMessages={{ 'email.invalid_email': t('statementMail.emailInvalid'), 'email.required': t('statementMail.emailRequired') }}
      onSubmit={async (v) => {
        const mail = await send.mutateAsync(mailBody(v, onFile));
        message.success(t('statementMail.queued', { email: mail.email }));
        onClose();
      }}
      testId="statement-mail-modal"
    >
      <Typography.Paragraph type="secondary">{t('statementMail.sendHelp')}</Typography.Paragraph>
      <Space size={16} wrap align="start">
        <Form.Item name="from" label={t('statement.from')} rules={[{ required: true, message: t('fieldError.required') }, periodRule('from')]} dependencies={['to']} {...dayField}>
          <DatePicker allowClear={false} disabledDate={(d) => d.format(DATE_FORMAT) > today} data-testid="statement-mail-from" />
        </Form.Item>
        <Form.Item name="to" label={t('statement.to')} rules={[{ required: true, message: t('fieldError.required') }, periodRule('to')]} dependencies={['from']} {...dayField}>
          <DatePicker allowClear={false} disabledDate={(d) => d.format(DATE_FORMAT) > today} data-testid="statement-mail-to" />
        </Form.Item>
      </Space>
      <Form.Item name="email" label={t('statementMail.email')} rules={[{ required: true, whitespace: true, message: t('statementMail.emailRequired') }]}>
        <Input inputMode="email" maxLength={200} autoComplete="off" placeholder="caiwu@customer.example" data-testid="statement-mail-email" />
      </Form.Item>
    </FormModal>
  );
}

/** The statement address and the mails (every reader of the statement; finance changes the address). */
export function StatementMailPanel({ customerId, canWrite }: { customerId: number; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const recipient = useStatementRecipient(customerId);
  const mails = useCustomerStatementMails(customerId);
  const columns = useMailColumns();
  const [editing, setEditing] = useState(false);
  const r = recipient.data;
  const rows = mails.data ?? [];

  return (
    <Card size="small" title={t('statementMail.panel')} style={{ marginBottom: 16 }} data-testid="statement-mail-panel">
      {recipient.isError ? <Alert type="error" showIcon title={errorMessage(lang, recipient.error)} style={{ marginBottom: 12 }} /> : null}
      {r && !r.mail_enabled ? <Alert type="warning" showIcon title={t('statementMail.off')} style={{ marginBottom: 12 }} data-testid="statement-mail-off" /> : null}
      {r ? (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          data-testid="statement-recipient"
          items={[
            {
              key: 'email',
              label: t('statementMail.recipient'),
              children: (
                <Space size={8} wrap>
                  <Typography.Text data-testid="statement-recipient-email" type={r.email ? undefined : 'secondary'}>
                    {r.email ?? t('statementMail.recipientNone')}
                  </Typography.Text>
                  {canWrite ? (
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="statement-recipient-edit">
                      {t('statementMail.editRecipient')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'monthly',
              label: t('statementMail.monthly'),
              children: r.email ? (
                <Space size={8} wrap>
                  <Tag color={r.monthly ? 'blue' : undefined} data-testid="statement-recipient-monthly">
                    {t(r.monthly ? 'statementMail.monthlyOn' : 'statementMail.monthlyOff')}
                  </Tag>
                  {r.updated_by_name && r.updated_at ? (
                    <Typography.Text type="secondary">{t('statementMail.updatedBy', { name: r.updated_by_name, at: formatDateTime(r.updated_at) })}</Typography.Text>
                  ) : null}
                </Space>
              ) : (
                t('common.none')
              ),
            },
          ]}
        />
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('statementMail.mails')}
      </Typography.Title>
      <Table<StatementMail>
        rowKey="id"
        size="small"
        loading={mails.isPending}
        dataSource={rows}
        columns={columns}
        pagination={rows.length > MAILS_PAGE ? { pageSize: MAILS_PAGE } : false}
        scroll={{ x: 'max-content' }}
        onRow={() => ({ 'data-testid': 'statement-mail-row' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: mails.isError ? errorMessage(lang, mails.error) : t('statementMail.noMails') }}
        data-testid="statement-mails"
      />
      {editing && r ? <RecipientModal customerId={customerId} recipient={r} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}

function RecipientModal({ customerId, recipient, onClose }: { customerId: number; recipient: StatementRecipient; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSaveStatementRecipient(customerId);
  const [form] = Form.useForm<RecipientValues>();
  return (
    <FormModal<RecipientValues>
      open
      title={t('statementMail.recipientTitle')}
      form={form}
      // A first address joins the monthly run unless finance says otherwise.
      initialValues={{ email: recipient.email ?? '', monthly: recipient.email ? recipient.monthly : true }}
      onCancel={onClose}
      fieldMessages={{ 'email.invalid_email': t('statementMail.emailInvalid') }}
      onSubmit={async (v) => {
        const saved = await save.mutateAsync(recipientBody(v));
        message.success(t(saved.email ? 'statementMail.recipientSaved' : 'statementMail.recipientRemoved'));
        onClose();
      }}
      testId="statement-recipient-modal"
    >
      <Form.Item name="email" label={t('statementMail.email')} extra={t('statementMail.emailHelp')}>
        <Input inputMode="email" maxLength={200} autoComplete="off" placeholder="caiwu@customer.example" data-testid="statement-recipient-input" />
      </Form.Item>
      <Form.Item name="monthly" label={t('statementMail.monthly')} valuePropName="checked" extra={t('statementMail.monthlyHelp')}>
        <Switch data-testid="statement-recipient-monthly-switch" />
      </Form.Item>
    </FormModal>
  );
}
