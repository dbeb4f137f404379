// 追收案件 /collection/cases: a customer's debt beyond the normal collection period, handed by the
// daily job to the planning department. Tabs: all cases in scope and (for planning) the ones I hold, with
// the status filter; each case's holder (or 待领取), method, open amount and cost.
import { Select, Space, Tabs, Tag } from 'antd';
import { Link } from 'react-router';
import { CASE_STATUSES, type CaseStatus, type CollectionCase, type CollectionCasesQuery } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { CASE_FILTERS, useCases, type CaseFilter } from '../api/collection';
import { CaseStatusTag, CustomerLink } from './parts';

export default function CollectionCasesPage() {
  const { t, td } = useI18n();
  const list = useListState(CASE_FILTERS, { sort: undefined });
  const canWork = useCan(PERMISSIONS.collectionCasesWrite);
  const tab = canWork && list.filters.tab === 'mine' ? 'mine' : 'all';
  const status = (CASE_STATUSES as readonly string[]).includes(list.filters.status ?? '') ? (list.filters.status as CaseStatus) : undefined;
  const query: CollectionCasesQuery = { page: list.page, page_size: list.pageSize, mine: tab === 'mine' ? true : undefined, status };
  const cases = useCases(query);
  const none = t('common.none');

  const columns: DataColumns<CollectionCase> = [
    { key: 'customer', title: t('collection.customer'), render: (_, c) => <CustomerLink id={c.customer_id} code={c.customer_code} name={c.customer_name} /> },
    { key: 'office', title: t('collection.office'), render: (_, c) => `${c.office_name ?? none} · ${c.owner_name ?? none}` },
    { key: 'opened', title: t('collection.openedOn'), render: (_, c) => formatDate(c.opened_on) },
    {
      key: 'assigned',
      title: t('collection.case.assigned'),
      render: (_, c) => (c.assigned_name ? <span data-testid="case-assigned">{c.assigned_name}</span> : <Tag color="warning">{t('collection.case.unassigned')}</Tag>),
    },
    { key: 'method', title: t('collection.case.method'), render: (_, c) => (c.method ? td(`collection.method.${c.method}`, c.method) : none) },
    {
      key: 'open',
      title: t('collection.openAmount'),
      align: 'right',
      render: (_, c) => <span data-testid="case-open-amount">{`${formatFen(c.open_fen)} · ${t('collection.receivableCount', { n: c.receivable_count })}`}</span>,
    },
    { key: 'cost', title: t('collection.case.cost'), align: 'right', render: (_, c) => formatFen(c.cost_fen) },
    {
      key: 'status',
      title: t('collection.status'),
      render: (_, c) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          {c.outcome ? <span>{td(`collection.outcome.${c.outcome}`, c.outcome)}</span> : null}
        </Space>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, c) => (
        <Link to={`/collection/cases/${c.id}`} data-testid="case-open">
          {t('common.details')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('collection.cases.title')} intro={t('collection.cases.intro')} />
      {canWork ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => list.setFilters({ tab: key === 'mine' ? 'mine' : undefined })}
          items={[
            { key: 'all', label: <span data-testid="cases-tab-all">{t('collection.cases.all')}</span> },
            { key: 'mine', label: <span data-testid="cases-tab-mine">{t('collection.cases.mine')}</span> },
          ]}
        />
      ) : null}
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<string>
          allowClear
          placeholder={t('collection.allStatuses')}
          value={status}
          onChange={(v) => list.setFilters({ status: v })}
          style={{ width: 140 }}
          options={CASE_STATUSES.map((s) => ({ value: s, label: td(`collection.caseStatus.${s}`, s) }))}
          data-testid="cases-filter-status"
        />
      </Space>
      <DataTable<CollectionCase, CaseFilter> rowKey="id" columns={columns} list={list} query={cases} filtered={status !== undefined} testId="cases-table" />
    </>
  );
}
