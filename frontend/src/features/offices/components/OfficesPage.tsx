// 办事处: list (search, sort, paging in the URL), create, edit.
import { EditOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import type { Office } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListSearch } from '@/components/ListFilters';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { useOffices } from '../api/offices';
import { OfficeFormModal } from './OfficeFormModal';

const FILTERS = ['q'] as const;

export default function OfficesPage() {
  const { t } = useI18n();
  const list = useListState(FILTERS, { sort: 'code' });
  const offices = useOffices(list.query);
  const canWrite = useCan(PERMISSIONS.administrationWrite);
  const [editing, setEditing] = useState<Office | 'new' | null>(null);

  const columns: DataColumns<Office> = [
    { key: 'code', dataIndex: 'code', title: t('offices.code'), sorter: true, width: 120 },
    { key: 'name', dataIndex: 'name', title: t('offices.name'), sorter: true },
    { key: 'region', dataIndex: 'region', title: t('offices.region'), sorter: true, render: (v: string | null) => v || t('common.none') },
    { key: 'director', title: t('offices.director'), render: (_, o) => o.director_name ?? t('common.none') },
    { key: 'created_at', dataIndex: 'created_at', title: t('offices.createdAt'), sorter: true, render: formatDateTime },
    { key: 'updated_at', dataIndex: 'updated_at', title: t('offices.updatedAt'), render: formatDateTime },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, o) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(o)}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('offices.title')}
        intro={t('offices.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => setEditing('new')} testId="office-create">
            {t('offices.create')}
          </CreateButton>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <ListSearch list={list} placeholder={t('offices.searchPlaceholder')} width={280} button />
      </Space>
      <DataTable<Office, (typeof FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={offices}
        filtered={!!list.filters.q}
        testId="offices-table"
      />
      {editing ? (
        <OfficeFormModal open office={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
