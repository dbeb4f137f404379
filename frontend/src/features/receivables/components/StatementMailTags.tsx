// A statement mail's state (待发送 / 发送中 / 已发送 / 失败, with why the last attempt failed) and the
// columns every list of statement mails shares: the customer's on the statement page, a monthly
// run's in its drawer.
import { Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { StatementMail, StatementMailStatus } from '@/api/types';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { MAIL_STATUS_KEYS, mailProblem } from '../lib/statement-mail';

const COLORS: Record<StatementMailStatus, string> = { pending: 'default', sending: 'processing', sent: 'success', failed: 'error' };

export function MailStatusTag({ mail }: { mail: StatementMail }) {
  const { t } = useI18n();
  const problem = mailProblem(mail, t);
  return (
    <Space orientation="vertical" size={0}>
      <Tag color={COLORS[mail.status]} data-testid="mail-status">
        {t(MAIL_STATUS_KEYS[mail.status])}
      </Tag>
      {problem ? (
        <Typography.Text type={mail.status === 'failed' ? 'danger' : 'warning'} style={{ fontSize: 12 }} data-testid="mail-error">
          {problem}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** The period, the address, the state, who asked for it (or the monthly run), when it was queued and sent. */
export function useMailColumns(): TableColumnsType<StatementMail> {
  const { t } = useI18n();
  return [
    { key: 'period', title: t('statementMail.col.period'), render: (_, m) => t('statement.periodValue', { from: m.from, to: m.to }) },
    { key: 'email', title: t('statementMail.col.email'), render: (_, m) => <span data-testid="mail-email">{m.email}</span> },
    { key: 'status', title: t('statementMail.col.status'), render: (_, m) => <MailStatusTag mail={m} /> },
    {
      key: 'requested_by',
      title: t('statementMail.col.requestedBy'),
      render: (_, m) => <span data-testid="mail-requested-by">{m.requested_by_name ?? t('statementMail.byRun')}</span>,
    },
    { key: 'created_at', title: t('statementMail.col.createdAt'), render: (_, m) => formatDateTime(m.created_at) },
    { key: 'sent_at', title: t('statementMail.col.sentAt'), render: (_, m) => <span data-testid="mail-sent-at">{formatDateTime(m.sent_at)}</span> },
  ];
}
