// API 令牌 for integration scripts: list, create (the token is shown once), revoke.
import { StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApiToken, CreatedApiToken } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { errorMessage } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { useApiTokens, useRevokeApiToken } from '../api/api-tokens';
import { CreateApiTokenModal } from './CreateApiTokenModal';

type Status = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: ApiToken, now = Date.now()): Status {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at && Date.parse(token.expires_at) <= now) return 'expired';
  return 'active';
}

const STATUS_COLORS: Record<Status, string> = { active: 'green', revoked: 'red', expired: 'default' };
const NO_FILTERS = [] as const;

export default function ApiTokensPage() {
  const { t, td, lang } = useI18n();
  const { message, modal } = App.useApp();
  const list = useListState<never>(NO_FILTERS);
  const tokens = useApiTokens(list.query);
  const revoke = useRevokeApiToken();
  const canWrite = useCan(PERMISSIONS.administrationWrite);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const confirmRevoke = (tok: ApiToken) =>
    modal.confirm({
      title: t('apiTokens.confirmRevoke', { name: tok.name }),
      okText: t('apiTokens.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        revoke.mutateAsync(tok.id).then(
          () => void message.success(t('apiTokens.revoked')),
          (e: unknown) => void message.error(errorMessage(lang, e)),
        ),
    });

  const columns: DataColumns<ApiToken> = [
    { key: 'name', dataIndex: 'name', title: t('apiTokens.name') },
    { key: 'role', title: t('apiTokens.role'), render: (_, r) => <Tag>{td(`role.${r.role}`, r.role)}</Tag> },
    { key: 'office', title: t('apiTokens.office'), render: (_, r) => r.office_name ?? t('common.none') },
    {
      key: 'token_prefix',
      title: t('apiTokens.prefix'),
      render: (_, r) => <Typography.Text code>{`${r.token_prefix}…`}</Typography.Text>,
    },
    {
      key: 'status',
      title: t('apiTokens.status'),
      render: (_, r) => {
        const s = tokenStatus(r);
        return <Tag color={STATUS_COLORS[s]}>{t(`apiTokens.status.${s}`)}</Tag>;
      },
    },
    { key: 'created_by', title: t('apiTokens.createdBy'), render: (_, r) => r.created_by_name ?? t('common.none') },
    { key: 'created_at', dataIndex: 'created_at', title: t('apiTokens.createdAt'), render: formatDateTime },
    {
      key: 'expires_at',
      dataIndex: 'expires_at',
      title: t('apiTokens.expiresAt'),
      render: (v: string | null) => (v ? formatDateTime(v) : t('apiTokens.never')),
    },
    {
      key: 'last_used_at',
      dataIndex: 'last_used_at',
      title: t('apiTokens.lastUsed'),
      render: (v: string | null) => (v ? formatDateTime(v) : t('apiTokens.neverUsed')),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, r) =>
        r.revoked_at ? null : (
          <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => confirmRevoke(r)}>
            {t('apiTokens.revoke')}
          </Button>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('apiTokens.title')}
        intro={t('apiTokens.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => setCreating(true)} testId="api-token-create">
            {t('apiTokens.create')}
          </CreateButton>
        }
      />
      <DataTable<ApiToken, never>
        rowKey="id"
        columns={columns}
        list={list}
        query={tokens}
        testId="api-tokens-table"
      />
      {creating ? (
        <CreateApiTokenModal
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
          }}
        />
      ) : null}
      <Modal
        open={created !== null}
        title={t('apiTokens.createdTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
        maskClosable={false}
        data-testid="api-token-created"
      >
        <Alert type="warning" showIcon title={t('apiTokens.createdWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          code
          copyable={{ text: created?.token ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
          style={{ wordBreak: 'break-all' }}
          data-testid="api-token-value"
        >
          {created?.token}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('apiTokens.usage')}</Typography.Paragraph>
      </Modal>
    </>
  );
}
