// 管理办法参数 /policies: every version of the measures' parameters, newest first, filtered by
// status in the URL; which one is in force. The business manager starts a new draft from here.
import { Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { POLICY_STATUSES, type PolicyStatus, type PolicyVersion } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { POLICY_FILTERS, toPoliciesQuery, usePolicies } from '../api/policies';
import { NewDraftModal } from './NewDraftModal';
import { InForceTag, PolicyStatusTag } from './PolicyTags';

export default function PoliciesPage() {
  const { t, td } = useI18n();
  const canDraft = useCan(PERMISSIONS.policyVersionsWrite);
  const list = useListState(POLICY_FILTERS);
  const versions = usePolicies(toPoliciesQuery(list.query));
  const [creating, setCreating] = useState(false);
  const status = list.filters.status;
  const none = t('common.none');

  const columns: DataColumns<PolicyVersion> = [
    {
      key: 'number',
      title: t('policy.number'),
      render: (_, v) => (
        <Link to={`/policies/${v.id}`} data-testid="policy-link">
          {t('policy.numberText', { number: v.number })}
        </Link>
      ),
    },
    { key: 'status', title: t('policy.status'), render: (_, v) => <PolicyStatusTag status={v.status} /> },
    { key: 'effective_from', title: t('policy.effectiveFrom'), render: (_, v) => formatDate(v.effective_from) },
    { key: 'in_force', title: t('policy.inForce'), render: (_, v) => <InForceTag version={v} /> },
    { key: 'created_by', title: t('policy.createdBy'), render: (_, v) => v.created_by_name ?? (v.created_by ? none : t('policy.system')) },
    {
      key: 'note',
      title: t('policy.note'),
      render: (_, v) =>
        v.note ? (
          <Typography.Text ellipsis={{ tooltip: v.note }} style={{ maxWidth: 360 }}>
            {v.note}
          </Typography.Text>
        ) : (
          none
        ),
    },
    { key: 'created_at', title: t('policy.createdAt'), render: (_, v) => formatDateTime(v.created_at) },
  ];

  return (
    <>
      <PageHeader
        title={t('policy.listTitle')}
        intro={t('policy.listIntro')}
        extra={
          <CreateButton allowed={canDraft} onClick={() => setCreating(true)} testId="policy-create">
            {t('policy.newDraft')}
          </CreateButton>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<PolicyStatus>
          allowClear
          placeholder={t('policy.allStatus')}
          value={status as PolicyStatus | undefined}
          onChange={(s) => list.setFilters({ status: s })}
          style={{ width: 180 }}
          options={POLICY_STATUSES.map((s) => ({ value: s, label: td(`policy.status.${s}`, s) }))}
          data-testid="policies-filter-status"
        />
        {status ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
      </Space>
      <DataTable<PolicyVersion, (typeof POLICY_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={versions}
        filtered={status !== undefined}
        testId="policies-table"
      />
      {creating ? <NewDraftModal open onClose={() => setCreating(false)} /> : null}
    </>
  );
}
