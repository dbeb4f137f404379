// The customer's transfers, status changes, classifications and first-deal dates
// (GET /customers/{id}/changes), newest first.
import { ArrowRightOutlined } from '@ant-design/icons';
import { Space, Table, Tag } from 'antd';
import type { Customer, CustomerChange, CustomerStatus } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { useOfficeOptions } from '@/components/OfficeSelect';
import { useUser } from '@/lib/auth';
import { formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCustomerChanges } from '../api/customers';
import { parseClassification } from '../lib/history';
import { CategoryLabel, KeyCustomerTag, StatusTag } from './CustomerTags';

const KIND_COLORS: Record<string, string> = { transfer: 'purple', status: 'blue', classification: 'gold', first_deal: 'cyan' };

/** A transfer's side as the server records it: `"<owner id>@<office id>"`, either may be empty. */
export function parseTransferSide(v: string): { owner: number | null; office: number | null } {
  const [owner = '', office = ''] = v.split('@');
  const num = (s: string) => (s !== '' && Number.isInteger(Number(s)) ? Number(s) : null);
  return { owner: num(owner), office: num(office) };
}

export function CustomerHistory({ customer }: { customer: Customer }) {
  const { t, td } = useI18n();
  const me = useUser();
  const changes = useCustomerChanges(customer.id, customer.view === 'full');
  const offices = useOfficeOptions();

  // Names the page knows; the history itself carries ids only.
  const userNames = new Map<number, string>([[me.id, me.display_name]]);
  if (customer.owner_user_id && customer.owner_name) userNames.set(customer.owner_user_id, customer.owner_name);
  const officeName = (id: number) =>
    (offices.data?.find((o) => o.value === id)?.label as string | undefined) ?? t('customers.officeRef', { id });

  const side = (kind: string, value: string) => {
    if (kind === 'status') return <StatusTag status={value as CustomerStatus} />;
    if (kind === 'classification') {
      const { category, key } = parseClassification(value);
      return (
        <Space size={4}>
          <CategoryLabel category={category} />
          {key ? <KeyCustomerTag /> : null}
        </Space>
      );
    }
    if (kind === 'first_deal') return <span>{value ? formatDate(value) : t('common.none')}</span>;
    const { owner, office } = parseTransferSide(value);
    return (
      <span>
        {owner !== null ? (userNames.get(owner) ?? t('customers.userRef', { id: owner })) : t('customers.noOwner')}
        {' · '}
        {office !== null ? officeName(office) : t('customers.noOffice')}
      </span>
    );
  };

  if (changes.isError) return <ErrorState error={changes.error} onRetry={() => void changes.refetch()} />;

  return (
    <Table<CustomerChange>
      rowKey="id"
      size="small"
      data-testid="customer-history"
      loading={changes.isLoading}
      dataSource={changes.data ?? []}
      pagination={false}
      locale={{ emptyText: t('customers.historyEmpty') }}
      columns={[
        { key: 'at', dataIndex: 'at', title: t('customers.history.at'), render: formatDateTime, width: 150 },
        {
          key: 'kind',
          dataIndex: 'kind',
          title: t('customers.history.kind'),
          width: 110,
          render: (k: string) => <Tag color={KIND_COLORS[k] ?? 'default'}>{td(`customers.change.${k}`, k)}</Tag>,
        },
        {
          key: 'change',
          title: t('customers.history.change'),
          render: (_, c) => (
            <Space size={6} wrap>
              {side(c.kind, c.from_value)}
              <ArrowRightOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
              {side(c.kind, c.to_value)}
            </Space>
          ),
        },
        { key: 'reason', dataIndex: 'reason', title: t('customers.history.reason') },
        {
          key: 'actor',
          title: t('customers.history.actor'),
          render: (_, c) => c.actor_name ?? (c.actor_id ? t('customers.userRef', { id: c.actor_id }) : t('common.none')),
        },
      ]}
    />
  );
}
