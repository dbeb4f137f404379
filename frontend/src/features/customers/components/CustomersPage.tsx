// 客户列表: search (name, code, phone, credit code, pinyin) and filters kept in the URL,
// sortable columns, stale dossiers marked; registering a new customer, importing customers from
// Excel (the wizard) and exporting the view as it is.
import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { CUSTOMER_CATEGORIES, CUSTOMER_GRADES, CUSTOMER_STATUSES, type Customer, type CustomerCategory, type CustomerGrade, type CustomerStatus } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters, ListSearch } from '@/components/ListFilters';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PersonSelect } from '@/components/PersonSelect';
import { PageHeader } from '@/components/PageHeader';
import { saveFile } from '@/lib/download';
import { errorMessage } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { CUSTOMER_FILTERS, exportCustomers, toCustomersQuery, useCustomers } from '../api/customers';
import { CategoryLabel, GradeTag, KeyCustomerTag, StaleTag, StatusTag } from './CustomerTags';
import { CustomerFormModal } from './CustomerFormModal';

export default function CustomersPage() {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const list = useListState(CUSTOMER_FILTERS, { sort: '-updated_at' });
  const [exporting, setExporting] = useState(false);
  const customers = useCustomers(toCustomersQuery(list.query));
  const canWrite = useCan(PERMISSIONS.customerMasterWrite);
  // Roles that see only the name, code and delivery contact (technical, warehouse: docs/roles.md ¹)
  // are the readers of customers without the restricted dossier; they get the search box only.
  const limitedRole = !useCan(PERMISSIONS.restrictedDossierRead);
  const [creating, setCreating] = useState(false);
  const f = list.filters;

  // The view as it is (search, filters, sort), every page of it.
  const onExport = async () => {
    setExporting(true);
    try {
      saveFile(await exportCustomers(toCustomersQuery(list.query)));
    } catch (e) {
      message.error(errorMessage(lang, e));
    } finally {
      setExporting(false);
    }
  };
  // The detail page's back link returns to this list view, filters included.
  const linkState = { back: `${location.pathname}${location.search}` };
  const none = t('common.none');

  const codeColumn: DataColumns<Customer>[number] = {
    key: 'code',
    dataIndex: 'code',
    title: t('customers.code'),
    sorter: true,
    render: (code: string, c) => (
      <Link to={`/customers/${c.id}`} state={linkState}>
        {code}
      </Link>
    ),
  };
  const phoneColumn: DataColumns<Customer>[number] = {
    key: 'phone',
    dataIndex: 'phone',
    title: t('customers.phone'),
    render: (v: string) => v || none,
  };
  const columns: DataColumns<Customer> = [
    codeColumn,
    {
      key: 'name',
      dataIndex: 'name',
      title: t('customers.name'),
      sorter: true,
      render: (name: string, c) => (
        <Space size={6} wrap>
          <Link to={`/customers/${c.id}`} state={linkState}>
            {name}
          </Link>
          {c.key_customer ? <KeyCustomerTag /> : null}
          <StaleTag customer={c} />
        </Space>
      ),
    },
    { key: 'grade', title: t('customers.grade'), sorter: true, render: (_, c) => (c.view === 'full' ? <GradeTag grade={c.grade} /> : none) },
    { key: 'category', title: t('customers.category'), render: (_, c) => <CategoryLabel category={c.category} /> },
    { key: 'status', title: t('customers.status'), sorter: true, render: (_, c) => <StatusTag status={c.status} /> },
    {
      key: 'owner',
      title: t('customers.owner'),
      render: (_, c) =>
        c.owner_user_id !== null && c.owner_user_id !== undefined ? (
          <Typography.Link
            title={t('customers.filterByOwner')}
            onClick={() => list.setFilters({ owner_user_id: String(c.owner_user_id) })}
          >
            {c.owner_name ?? t('customers.userRef', { id: c.owner_user_id })}
          </Typography.Link>
        ) : (
          none
        ),
    },
    { key: 'office', title: t('customers.office'), render: (_, c) => c.office_name ?? none },
    phoneColumn,
    {
      key: 'tags',
      title: t('customers.tags'),
      render: (_, c) =>
        c.tags && c.tags.length > 0 ? (
          <Space size={[4, 4]} wrap>
            {c.tags.map((tag) => (
              <Tag key={tag} style={{ marginInlineEnd: 0, cursor: 'pointer' }} onClick={() => list.setFilters({ tag })}>
                {tag}
              </Tag>
            ))}
          </Space>
        ) : (
          none
        ),
    },
    { key: 'updated_at', dataIndex: 'updated_at', title: t('customers.updatedAt'), sorter: true, render: formatDateTime },
  ];

  // A page of customers all seen in the limited view has only codes, names, addresses and phones.
  const items = customers.data?.items ?? [];
  const limitedPage = items.length > 0 && items.every((c) => c.view === 'limited');
  const shownColumns = limitedPage
    ? [
        codeColumn,
        {
          key: 'name',
          dataIndex: 'name',
          title: t('customers.name'),
          sorter: true,
          render: (name: string, c: Customer) => (
            <Link to={`/customers/${c.id}`} state={linkState}>
              {name}
            </Link>
          ),
        },
        { key: 'address', dataIndex: 'address', title: t('customers.address'), render: (v: string) => v || none },
        phoneColumn,
      ]
    : columns;
  const anyFilter = Object.keys(f).length > 0;
  // The owner filter's label while the lookup has not found that person (e.g. after a reload).
  const ownerLabel =
    f.owner_user_id !== undefined
      ? (customers.data?.items.find((c) => String(c.owner_user_id) === f.owner_user_id)?.owner_name ??
        t('customers.userRef', { id: f.owner_user_id }))
      : null;

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        intro={t('customers.intro')}
        extra={
          <>
            <Tooltip title={t('customers.exportHint')}>
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="customers-export">
                {t('customers.export')}
              </Button>
            </Tooltip>
            {canWrite ? (
              <Button icon={<ImportOutlined />} onClick={() => navigate('/customers/import')} data-testid="customers-import">
                {t('customers.import')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-create">
                {t('customers.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <ListFilters list={list}>
        <ListSearch list={list} placeholder={t('customers.searchPlaceholder')} width={340} button testId="customers-search" />
        {limitedRole ? null : (
          <>
            <Select<CustomerGrade>
              allowClear
              placeholder={t('customers.allGrades')}
              value={f.grade as CustomerGrade | undefined}
              onChange={(grade) => list.setFilters({ grade })}
              style={{ width: 110 }}
              options={CUSTOMER_GRADES.map((g) => ({ value: g, label: g }))}
              data-testid="filter-grade"
            />
            <Select<CustomerCategory>
              allowClear
              placeholder={t('customers.allCategories')}
              value={f.category as CustomerCategory | undefined}
              onChange={(category) => list.setFilters({ category })}
              style={{ width: 130 }}
              options={CUSTOMER_CATEGORIES.map((c) => ({ value: c, label: td(`customers.category.${c}`, c) }))}
              data-testid="filter-category"
            />
            <Select<CustomerStatus>
              allowClear
              placeholder={t('customers.allStatus')}
              value={f.status as CustomerStatus | undefined}
              onChange={(status) => list.setFilters({ status })}
              style={{ width: 120 }}
              options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: td(`customers.status.${s}`, s) }))}
              data-testid="filter-status"
            />
            <OfficeSelect
              placeholder={t('customers.allOffices')}
              value={f.office_id ? Number(f.office_id) : undefined}
              onChange={(id?: number) => list.setFilters({ office_id: idFilter(id) })}
              style={{ width: 180 }}
              data-testid="filter-office"
            />
            <PersonSelect
              placeholder={t('customers.allOwners')}
              value={f.owner_user_id ? Number(f.owner_user_id) : undefined}
              currentLabel={ownerLabel}
              onChange={(id?: number) => list.setFilters({ owner_user_id: idFilter(id) })}
              style={{ width: 200 }}
              data-testid="filter-owner"
            />
            <Select<string>
              allowClear
              placeholder={t('customers.keyAny')}
              value={f.key_customer}
              onChange={(key_customer) => list.setFilters({ key_customer })}
              style={{ width: 130 }}
              options={[
                { value: 'true', label: t('customers.keyYes') },
                { value: 'false', label: t('customers.keyNo') },
              ]}
              data-testid="filter-key"
            />
            <Input
              key={`tag:${f.tag ?? ''}`}
              allowClear
              defaultValue={f.tag}
              placeholder={t('customers.tagPlaceholder')}
              onPressEnter={(e) => list.setFilters({ tag: e.currentTarget.value.trim() || undefined })}
              onBlur={(e) => list.setFilters({ tag: e.currentTarget.value.trim() || undefined })}
              onClear={() => list.setFilters({ tag: undefined })}
              style={{ width: 120 }}
              data-testid="filter-tag"
            />
            <Select<string>
              allowClear
              placeholder={t('customers.staleAny')}
              value={f.stale}
              onChange={(stale) => list.setFilters({ stale })}
              style={{ width: 130 }}
              options={[
                { value: 'true', label: t('customers.staleYes') },
                { value: 'false', label: t('customers.staleNo') },
              ]}
              data-testid="filter-stale"
            />
          </>
        )}
      </ListFilters>
      <DataTable<Customer, (typeof CUSTOMER_FILTERS)[number]>
        rowKey="id"
        columns={shownColumns}
        list={list}
        query={customers}
        filtered={anyFilter}
        testId="customers-table"
      />
      {creating ? (
        <CustomerFormModal
          onClose={() => setCreating(false)}
          onSaved={(c) => navigate(`/customers/${c.id}`, { state: linkState })}
        />
      ) : null}
    </>
  );
}
