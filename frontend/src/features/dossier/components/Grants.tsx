// 资料借阅: who may currently see this customer through a loan approved in the approvals inbox,
// soonest to expire first (the card's `grants`, as GET /customers/{id}/grants).
import { Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AccessGrant } from '@/api/types';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

export function Grants({ grants }: { grants: AccessGrant[] }) {
  const { t } = useI18n();
  return (
    <div data-testid="dossier-grants">
      <Typography.Paragraph type="secondary">{t('dossier.grantsIntro')}</Typography.Paragraph>
      <Table<AccessGrant>
        rowKey="id"
        size="small"
        dataSource={grants}
        pagination={false}
        locale={{ emptyText: t('dossier.grantsEmpty') }}
        columns={[
          { key: 'user', title: t('dossier.grantUser'), render: (_, g) => g.user_name ?? t('common.none') },
          { key: 'reason', title: t('dossier.grantReason'), dataIndex: 'reason', render: (r: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{r}</span> },
          { key: 'granted', title: t('dossier.grantedAt'), render: (_, g) => formatDateTime(g.granted_at) },
          {
            key: 'expires',
            title: t('dossier.expiresAt'),
            render: (_, g) => {
              const days = Math.max(0, Math.ceil(dayjs(g.expires_at).diff(dayjs(), 'hour') / 24));
              return (
                <span>
                  {formatDateTime(g.expires_at)}{' '}
                  <Tag color={days <= 1 ? 'orange' : 'blue'} style={{ marginInlineEnd: 0 }}>
                    {t('dossier.daysLeft', { days })}
                  </Tag>
                </span>
              );
            },
          },
          { key: 'approval', title: t('dossier.grantApproval'), render: (_, g) => (g.approval_id ? `#${g.approval_id}` : t('common.none')) },
        ]}
      />
    </div>
  );
}
