// 回款 /payments: the payments of the customers in scope, newest first, filtered by customer (in
// the URL), with what is allocated and what is left; finance books a new payment from here.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Payment } from '@/api/types';
import { useCan } from '@/components/Can';
import { CustomerSelect, customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { PAYMENT_FILTERS, toPaymentsQuery, usePayments } from '../api/receivables';

export default function PaymentsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const list = useListState(PAYMENT_FILTERS);
  const query = toPaymentsQuery(list.query);
  const payments = usePayments(query);
  const canWrite = useCan(PERMISSIONS.receivablesWrite);
  const anyFilter = Object.keys(list.filters).length > 0;
  const linkState = { back: `${location.pathname}${location.search}` };
  const filteredCustomer = query.customer_id !== undefined ? payments.data?.items.find((p) => p.customer_id === query.customer_id) : undefined;

  const columns: DataColumns<Payment> = [
    {
      key: 'received_on',
      title: t('payments.receivedOn'),
      render: (_, p) => (
        <Link to={`/payments/${p.id}`} state={linkState} data-testid="payment-link">
          {formatDate(p.received_on)}
        </Link>
      ),
    },
    { key: 'customer', title: t('payments.customer'), render: (_, p) => customerLabel({ code: p.customer_code, name: p.customer_name }) },
    { key: 'amount', title: t('payments.amount'), align: 'right', render: (_, p) => formatFen(p.amount_fen) },
    { key: 'method', title: t('payments.method'), render: (_, p) => t(`payments.method.${p.method}`) },
    { key: 'bank_ref', title: t('payments.bankRef'), render: (_, p) => p.bank_ref || t('common.none') },
    { key: 'allocated', title: t('payments.allocated'), align: 'right', render: (_, p) => formatFen(p.allocated_fen) },
    { key: 'unallocated', title: t('payments.unallocated'), align: 'right', render: (_, p) => formatFen(p.unallocated_fen) },
    {
      key: 'state',
      title: t('payments.state'),
      render: (_, p) =>
        p.reversed_on ? (
          <Tag color="error">{t('payments.reversedOn', { date: p.reversed_on })}</Tag>
        ) : p.unallocated_fen > 0 ? (
          <Tag color="warning">{t('payments.partlyAllocated')}</Tag>
        ) : (
          <Tag color="success">{t('payments.fullyAllocated')}</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('payments.title')}
        intro={t('payments.intro')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(query.customer_id !== undefined ? `/payments/new?customer_id=${query.customer_id}` : '/payments/new')}
              data-testid="payment-create"
            >
              {t('payments.create')}
            </Button>
          ) : null
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <CustomerSelect
          placeholder={t('payments.allCustomers')}
          value={query.customer_id}
          currentLabel={
            query.customer_id === undefined
              ? null
              : filteredCustomer
                ? customerLabel({ code: filteredCustomer.customer_code, name: filteredCustomer.customer_name })
                : t('receivables.customerRef', { id: query.customer_id })
          }
          onChange={(id?: number) => list.setFilters({ customer_id: id === undefined || id === null ? undefined : String(id) })}
          style={{ width: 280 }}
          data-testid="payments-filter-customer"
        />
        {anyFilter ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
      </Space>
      <DataTable<Payment, (typeof PAYMENT_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        data={payments.data}
        loading={payments.isFetching}
        error={payments.error}
        onRetry={() => void payments.refetch()}
        filtered={anyFilter}
        testId="payments-table"
      />
    </>
  );
}
