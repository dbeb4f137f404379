// 应收账款 /receivables: the receivables of the customers in scope, oldest due first, filtered by
// customer and open balance (in the URL), with what was paid, credited and is left; finance books
// a payment for the customer from here and issues credit notes on a receivable.
import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Receivable } from '@/api/types';
import { useCan } from '@/components/Can';
import { customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CustomerFilter, ListFilters } from '@/components/ListFilters';
import { PageHeader } from '@/components/PageHeader';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasFilters, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { RECEIVABLE_FILTERS, toReceivablesQuery, useReceivables } from '../api/receivables';
import { CreditNoteModal } from './CreditNoteModal';
import { NewPaymentButton } from './NewPaymentButton';

export default function ReceivablesPage() {
  const { t } = useI18n();
  const list = useListState(RECEIVABLE_FILTERS);
  const query = toReceivablesQuery(list.query);
  const receivables = useReceivables(query);
  const canWrite = useCan(PERMISSIONS.receivablesWrite);
  const canReadContracts = useCan(PERMISSIONS.contractsRead);
  const canReadNotes = useCan(PERMISSIONS.shippingNotesRead);
  const [crediting, setCrediting] = useState<Receivable | null>(null);
  const f = list.filters;

  const columns: DataColumns<Receivable> = [
    { key: 'customer', title: t('receivables.customer'), render: (_, r) => customerLabel({ code: r.customer_code, name: r.customer_name }) },
    {
      key: 'contract',
      title: t('receivables.contract'),
      render: (_, r) => (canReadContracts ? <Link to={`/contracts/${r.contract_id}`}>{r.contract_number}</Link> : r.contract_number),
    },
    {
      key: 'note',
      title: t('receivables.shippingNote'),
      render: (_, r) =>
        r.shipping_note_id === null || r.shipping_note_id === undefined ? (
          t('common.none')
        ) : canReadNotes ? (
          <Link to={`/shipping-notes/${r.shipping_note_id}`}>{t('receivables.noteRef', { id: r.shipping_note_id })}</Link>
        ) : (
          t('receivables.noteRef', { id: r.shipping_note_id })
        ),
    },
    { key: 'issued_on', title: t('receivables.issuedOn'), render: (_, r) => formatDate(r.issued_on) },
    { key: 'due_date', title: t('receivables.dueDate'), render: (_, r) => formatDate(r.due_date) },
    { key: 'amount', title: t('receivables.amount'), align: 'right', render: (_, r) => formatFen(r.amount_fen) },
    { key: 'allocated', title: t('receivables.allocated'), align: 'right', render: (_, r) => formatFen(r.allocated_fen) },
    { key: 'credited', title: t('receivables.credited'), align: 'right', render: (_, r) => formatFen(r.credited_fen) },
    {
      key: 'written_off',
      title: t('receivables.writtenOff'),
      align: 'right',
      render: (_, r) => <span data-testid="receivable-written-off">{formatFen(r.written_off_fen)}</span>,
    },
    { key: 'balance', title: t('receivables.balance'), align: 'right', render: (_, r) => <span data-testid="receivable-balance">{formatFen(r.balance_fen)}</span> },
    {
      key: 'overdue',
      title: t('receivables.daysOverdue'),
      align: 'right',
      render: (_, r) => (r.days_overdue > 0 ? <Typography.Text type="danger">{t('receivables.daysN', { n: r.days_overdue })}</Typography.Text> : t('common.none')),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, r) =>
        r.balance_fen > 0 ? (
          <Button type="link" size="small" icon={<FileExcelOutlined />} onClick={() => setCrediting(r)} data-testid="receivable-credit">
            {t('receivables.creditNote')}
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <PageHeader
        title={t('receivables.title')}
        intro={t('receivables.intro')}
        extra={<NewPaymentButton customerId={query.customer_id} testId="receivables-new-payment" />}
      />
      <ListFilters list={list}>
        <CustomerFilter
          list={list}
          value={query.customer_id}
          rows={receivables.data?.items}
          placeholder={t('receivables.allCustomers')}
          unknownLabel={(id) => t('receivables.customerRef', { id })}
          testId="receivables-filter-customer"
        />
        <Select<string>
          value={f.open === 'true' ? 'true' : 'all'}
          onChange={(v) => list.setFilters({ open: v === 'true' ? 'true' : undefined })}
          style={{ width: 140 }}
          options={[
            { value: 'all', label: t('receivables.allBalances') },
            { value: 'true', label: t('receivables.openOnly') },
          ]}
          data-testid="receivables-filter-open"
        />
      </ListFilters>
      <DataTable<Receivable, (typeof RECEIVABLE_FILTERS)[number]> rowKey="id" columns={columns} list={list} query={receivables} filtered={hasFilters(list)} testId="receivables-table" />
      {crediting ? <CreditNoteModal receivable={crediting} onClose={() => setCrediting(null)} /> : null}
    </>
  );
}
