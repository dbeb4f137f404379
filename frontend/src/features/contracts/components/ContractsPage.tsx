// 合同 /contracts: the contracts of the customers in the user's scope, filtered by status,
// customer and number (kept in the URL); sales start a new contract from here.
import { Select } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { CONTRACT_STATUSES, type Contract } from '@/api/types';
import { useCan } from '@/components/Can';
import { customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CustomerFilter, ListFilters, ListSearch } from '@/components/ListFilters';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { CONTRACT_FILTERS, toContractsQuery, useContracts } from '../api/contracts';
import { ContractStatusTag, Premium } from './ContractTags';

export default function ContractsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const list = useListState(CONTRACT_FILTERS);
  const query = toContractsQuery(list.query);
  const contracts = useContracts(query);
  const canWrite = useCan(PERMISSIONS.contractsWrite);
  const f = list.filters;
  const anyFilter = Object.keys(f).length > 0;
  const linkState = { back: `${location.pathname}${location.search}` };
  // The filtered customer's name, from the rows it filters.

  const columns: DataColumns<Contract> = [
    {
      key: 'number',
      title: t('contracts.number'),
      render: (_, c) => (
        <Link to={`/contracts/${c.id}`} state={linkState} data-testid="contract-link">
          {c.number}
        </Link>
      ),
    },
    { key: 'customer', title: t('contracts.customer'), render: (_, c) => customerLabel({ code: c.customer_code, name: c.customer_name }) },
    { key: 'status', title: t('contracts.status'), render: (_, c) => <ContractStatusTag status={c.status} /> },
    { key: 'amount', title: t('contracts.amount'), align: 'right', render: (_, c) => formatFen(c.amount_fen) },
    { key: 'premium', title: t('contracts.premium'), align: 'right', render: (_, c) => <Premium bp={c.premium_bp} /> },
    { key: 'credit_form', title: t('contracts.creditForm'), render: (_, c) => t(`contracts.creditForm.${c.credit_form}`) },
    { key: 'credit_period', title: t('contracts.creditPeriod'), align: 'right', render: (_, c) => t('contracts.days', { n: c.credit_period_days }) },
    { key: 'signed_on', title: t('contracts.signedOn'), render: (_, c) => formatDate(c.signed_on) },
    { key: 'updated_at', title: t('contracts.updatedAt'), render: (_, c) => formatDateTime(c.updated_at) },
  ];

  return (
    <>
      <PageHeader
        title={t('contracts.title')}
        intro={t('contracts.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => navigate('/contracts/new')} testId="contract-create">
            {t('contracts.create')}
          </CreateButton>
        }
      />
      <ListFilters list={list}>
        <ListSearch list={list} placeholder={t('contracts.searchPlaceholder')} button testId="contracts-search" />
        <Select<string>
          allowClear
          placeholder={t('contracts.allStatus')}
          value={f.status}
          onChange={(status) => list.setFilters({ status })}
          style={{ width: 140 }}
          options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.status.${s}`) }))}
          data-testid="contracts-filter-status"
        />
        <CustomerFilter
          list={list}
          value={query.customer_id}
          rows={contracts.data?.items}
          placeholder={t('contracts.allCustomers')}
          unknownLabel={(id) => t('contracts.customerRef', { id })}
          testId="contracts-filter-customer"
        />
      </ListFilters>
      <DataTable<Contract, (typeof CONTRACT_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={contracts}
        filtered={anyFilter}
        testId="contracts-table"
      />
    </>
  );
}
