// 回款 /payments: the payments of the customers in scope, newest first, filtered by customer (in
// the URL), with what is allocated and what is left; finance books a new payment from here.
import { Tag } from 'antd';
import { Link, useLocation } from 'react-router';
import type { Payment } from '@/api/types';
import { customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CustomerFilter, ListFilters } from '@/components/ListFilters';
import { PageHeader } from '@/components/PageHeader';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasFilters, useListState } from '@/lib/list-state';
import { PAYMENT_FILTERS, toPaymentsQuery, usePayments } from '../api/receivables';
import { NewPaymentButton } from './NewPaymentButton';

export default function PaymentsPage() {
  const { t } = useI18n();
  const location = useLocation();
  const list = useListState(PAYMENT_FILTERS);
  const query = toPaymentsQuery(list.query);
  const payments = usePayments(query);
  const linkState = { back: `${location.pathname}${location.search}` };

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
        extra={<NewPaymentButton customerId={query.customer_id} testId="payment-create" />}
      />
      <ListFilters list={list}>
        <CustomerFilter
          list={list}
          value={query.customer_id}
          rows={payments.data?.items}
          placeholder={t('payments.allCustomers')}
          unknownLabel={(id) => t('receivables.customerRef', { id })}
          testId="payments-filter-customer"
        />
      </ListFilters>
      <DataTable<Payment, (typeof PAYMENT_FILTERS)[number]> rowKey="id" columns={columns} list={list} query={payments} filtered={hasFilters(list)} testId="payments-table" />
    </>
  );
}
