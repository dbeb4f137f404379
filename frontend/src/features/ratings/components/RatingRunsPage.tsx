// 评级运行 /ratings: the rating runs (status, rating date, policy version, progress while
// computing, grade changes and overrides), filtered by status and purpose in the URL; the
// business department starts a new run here.
import { Progress, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { RUN_STATUSES, type RatingRunsQuery, type RunPurpose, type RunStatus } from '@/api/types';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters } from '@/components/ListFilters';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { RUN_FILTERS, useRatingRuns, type RunFilter } from '../api/ratings';
import { canCreateRuns, progressPercent } from '../lib/ratings';
import { NewRunModal } from './NewRunModal';
import { PurposeTag, RunStatusTag } from './RatingTags';

type Run = NonNullable<ReturnType<typeof useRatingRuns>['data']>['items'][number];

export default function RatingRunsPage() {
  const { t, td } = useI18n();
  const me = useUser();
  const list = useListState(RUN_FILTERS);
  const f = list.filters;
  const query: RatingRunsQuery = {
    page: list.page,
    page_size: list.pageSize,
    status: (RUN_STATUSES as readonly string[]).includes(f.status ?? '') ? (f.status as RunStatus) : undefined,
    purpose: f.purpose === 'rating' || f.purpose === 'what_if' ? (f.purpose as RunPurpose) : undefined,
  };
  const runs = useRatingRuns(query);
  const [creating, setCreating] = useState(false);
  const anyFilter = Object.keys(f).length > 0;

  const columns: DataColumns<Run> = [
    {
      key: 'id',
      title: t('rating.run'),
      render: (_, r) => (
        <Link to={`/ratings/${r.id}`} data-testid="run-link">
          {t('rating.runRef', { id: r.id })}
        </Link>
      ),
    },
    {
      key: 'status',
      title: t('rating.status'),
      render: (_, r) => (
        <Space size={4}>
          <RunStatusTag status={r.status} />
          <PurposeTag purpose={r.purpose} />
        </Space>
      ),
    },
    { key: 'rating_date', title: t('rating.ratingDate'), render: (_, r) => formatDate(r.rating_date) },
    { key: 'window', title: t('rating.window'), render: (_, r) => t('rating.months', { n: r.window_months }) },
    { key: 'policy', title: t('rating.policyVersion'), render: (_, r) => <Link to={`/policies/${r.policy_version_id}`}>{t('rating.policyRef', { number: r.policy_version_number })}</Link> },
    {
      key: 'progress',
      title: t('rating.customers'),
      render: (_, r) =>
        r.status === 'computing' ? (
          <Progress percent={progressPercent(r)} size="small" style={{ width: 160 }} format={() => `${r.done}/${r.total}`} data-testid="run-progress" />
        ) : (
          r.total
        ),
    },
    { key: 'changed', title: t('rating.changedCount'), align: 'right', render: (_, r) => r.changed ?? t('common.none') },
    { key: 'overridden', title: t('rating.overriddenCount'), align: 'right', render: (_, r) => r.overridden ?? t('common.none') },
    {
      key: 'created',
      title: t('rating.createdBy'),
      render: (_, r) => (
        <Typography.Text>
          {r.created_by_name ?? t('common.none')} <Typography.Text type="secondary">{formatDateTime(r.created_at)}</Typography.Text>
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('rating.runsTitle')}
        intro={t('rating.runsIntro')}
        extra={
          <CreateButton allowed={canCreateRuns(me.permissions)} onClick={() => setCreating(true)} testId="run-create">
            {t('rating.newRun')}
          </CreateButton>
        }
      />
      <ListFilters list={list}>
        <Select<string>
          allowClear
          placeholder={t('rating.allStatuses')}
          value={query.status}
          onChange={(v) => list.setFilters({ status: v })}
          style={{ width: 160 }}
          options={RUN_STATUSES.map((s) => ({ value: s, label: td(`rating.status.${s}`, s) }))}
          data-testid="runs-filter-status"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allPurposes')}
          value={query.purpose}
          onChange={(v) => list.setFilters({ purpose: v })}
          style={{ width: 160 }}
          options={(['rating', 'what_if'] as const).map((p) => ({ value: p, label: td(`rating.purpose.${p}`, p) }))}
          data-testid="runs-filter-purpose"
        />
      </ListFilters>
      <DataTable<Run, RunFilter>
        rowKey="id"
        columns={columns}
        list={list}
        data={runs.data}
        loading={runs.isFetching && !runs.data}
        error={runs.error}
        onRetry={() => void runs.refetch()}
        filtered={anyFilter}
        testId="runs-table"
      />
      {creating ? <NewRunModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}
