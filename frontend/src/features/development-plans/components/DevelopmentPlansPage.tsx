// 新客户开发计划 /development-plans: the plans of the user's office (office director) or of every
// office (business department, management), filtered by status and office in the URL; an office
// director starts a new plan from here.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Tooltip } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { DevelopmentPlan } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters } from '@/components/ListFilters';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { PLAN_FILTERS, toPlansQuery, usePlans } from '../api/development-plans';
import { PLAN_STATUSES, seesAllOffices } from '../lib/plans';
import { PlanStatusTag } from './PlanTags';

export default function DevelopmentPlansPage() {
  const { t, td } = useI18n();
  const me = useUser();
  const navigate = useNavigate();
  const canWrite = useCan(PERMISSIONS.developmentPlansWrite);
  const list = useListState(PLAN_FILTERS);
  const plans = usePlans(toPlansQuery(list.query));
  const f = list.filters;
  const anyFilter = Object.keys(f).length > 0;
  const none = t('common.none');

  const columns: DataColumns<DevelopmentPlan> = [
    {
      key: 'period',
      title: t('plans.period'),
      render: (_, p) => (
        <Link to={`/development-plans/${p.id}`} data-testid="plan-link">
          {p.period}
        </Link>
      ),
    },
    { key: 'office', title: t('plans.office'), render: (_, p) => p.office_name ?? none },
    { key: 'items', title: t('plans.prospectCount'), align: 'right', render: (_, p) => p.items.length },
    { key: 'status', title: t('plans.status'), render: (_, p) => <PlanStatusTag status={p.status} /> },
    { key: 'submitted_at', title: t('plans.submittedAt'), render: (_, p) => formatDateTime(p.submitted_at) },
    { key: 'commented_at', title: t('plans.commentedAt'), render: (_, p) => formatDateTime(p.commented_at) },
    { key: 'updated_at', title: t('plans.updatedAt'), render: (_, p) => formatDateTime(p.updated_at) },
  ];

  const newButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      disabled={!me.office}
      onClick={() => navigate('/development-plans/new')}
      data-testid="plan-create"
    >
      {t('plans.create')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('plans.pageTitle')}
        intro={t('plans.intro')}
        extra={canWrite ? me.office ? newButton : <Tooltip title={t('plans.noOffice')}>{newButton}</Tooltip> : null}
      />
      <ListFilters list={list}>
        <Select<string>
          allowClear
          placeholder={t('plans.allStatus')}
          value={f.status}
          onChange={(status) => list.setFilters({ status })}
          style={{ width: 140 }}
          options={PLAN_STATUSES.map((s) => ({ value: s, label: td(`plans.status.${s}`, s) }))}
          data-testid="plans-filter-status"
        />
        {seesAllOffices(me.roles) ? (
          <OfficeSelect
            placeholder={t('plans.allOffices')}
            value={f.office_id ? Number(f.office_id) : undefined}
            onChange={(id?: number) => list.setFilters({ office_id: idFilter(id) })}
            style={{ width: 200 }}
            data-testid="plans-filter-office"
          />
        ) : null}
      </ListFilters>
      <DataTable<DevelopmentPlan, (typeof PLAN_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={plans}
        filtered={anyFilter}
        testId="plans-table"
      />
    </>
  );
}
