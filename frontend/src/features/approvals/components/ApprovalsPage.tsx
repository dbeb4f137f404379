// 审批中心 /approvals: requests waiting for my decision (待我审批), the ones I filed (我的申请) and
// the ones I decided (我已审批), one tab each, kept in the URL (?box=); a borrow request
// (资料借阅) can be filed from here.
import { FileSearchOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { APPROVAL_STATUSES, type ApprovalBox, type ApprovalListItem, type ApprovalStatus } from '@/api/types';
import { BorrowRequestModal } from '@/components/BorrowRequestModal';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { APPROVAL_FILTERS, toApprovalsQuery, useApprovals } from '../api/approvals';
import { approvalTitle, isDecider, ratingRunOf } from '../lib/approvals';
import { ApprovalStatusTag, DueDate } from './ApprovalTags';

export default function ApprovalsPage() {
  const { t, td } = useI18n();
  const user = useUser();
  const decider = isDecider(user.permissions);
  const canBorrow = useCan(PERMISSIONS.dossierBorrowingWrite);
  const boxes: ApprovalBox[] = decider ? ['inbox', 'mine', 'decided'] : ['mine'];
  const list = useListState(APPROVAL_FILTERS);
  const box = boxes.includes(list.filters.box as ApprovalBox) ? (list.filters.box as ApprovalBox) : decider ? 'inbox' : 'mine';
  const approvals = useApprovals(toApprovalsQuery({ ...list.query, box }, box));
  const [borrowing, setBorrowing] = useState(false);
  const none = t('common.none');

  const columns: DataColumns<ApprovalListItem> = [
    { key: 'kind', title: t('approvals.kind'), render: (_, a) => td(`approvals.kind.${a.kind}`, a.kind) },
    {
      key: 'title',
      title: t('approvals.title'),
      render: (_, a) => {
        const runId = ratingRunOf(a)?.rating_run_id ?? null;
        return (
          <Space size={12} wrap>
            <Link to={`/approvals/${a.id}`} data-testid="approval-link">
              {approvalTitle(td, a)}
            </Link>
            {/* A rating run is decided from its results. */}
            {runId !== null ? (
              <Link to={`/ratings/${runId}`} data-testid="approval-rating-run">
                {t('approvals.openRatingRun', { id: runId })}
              </Link>
            ) : null}
          </Space>
        );
      },
    },
    { key: 'requester', title: t('approvals.requester'), render: (_, a) => a.requester_name ?? none },
    // The customer's name is shown to deciders only (a borrower may not know whose file it is).
    ...(box === 'mine'
      ? []
      : [
          {
            key: 'customer',
            title: t('approvals.customer'),
            render: (_: unknown, a: ApprovalListItem) =>
              a.customer_name ? (
                <span>
                  {a.customer_code ? `${a.customer_code} ` : ''}
                  {a.customer_name}
                </span>
              ) : (
                none
              ),
          },
        ]),
    { key: 'created_at', title: t('approvals.createdAt'), render: (_, a) => formatDateTime(a.created_at) },
    { key: 'due_at', title: t('approvals.dueAt'), render: (_, a) => <DueDate approval={a} /> },
    { key: 'status', title: t('approvals.status'), render: (_, a) => <ApprovalStatusTag status={a.status} /> },
    ...(box === 'inbox'
      ? []
      : [{ key: 'decided', title: t('approvals.decidedBy'), render: (_: unknown, a: ApprovalListItem) => a.decided_by_name ?? none }]),
  ];

  return (
    <>
      <PageHeader
        title={t('approvals.pageTitle')}
        intro={t('approvals.intro')}
        extra={
          canBorrow ? (
            <Button type="primary" icon={<FileSearchOutlined />} onClick={() => setBorrowing(true)} data-testid="borrow-create">
              {t('borrow.action')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={box}
        onChange={(key) => list.setFilters({ box: key, status: undefined })}
        items={boxes.map((b) => ({ key: b, label: <span data-testid={`approvals-tab-${b}`}>{t(`approvals.box.${b}`)}</span> }))}
        tabBarExtraContent={
          <Space>
            <Select<ApprovalStatus>
              allowClear
              placeholder={box === 'inbox' ? t('approvals.status.pending') : t('approvals.allStatus')}
              value={list.filters.status as ApprovalStatus | undefined}
              onChange={(status) => list.setFilters({ status })}
              style={{ width: 130 }}
              options={APPROVAL_STATUSES.map((s) => ({ value: s, label: td(`approvals.status.${s}`, s) }))}
              data-testid="approvals-filter-status"
            />
          </Space>
        }
      />
      <DataTable<ApprovalListItem, (typeof APPROVAL_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        data={approvals.data}
        loading={approvals.isFetching}
        error={approvals.error}
        onRetry={() => void approvals.refetch()}
        filtered={list.filters.status !== undefined}
        testId="approvals-table"
      />
      {borrowing ? <BorrowRequestModal onClose={() => setBorrowing(false)} /> : null}
    </>
  );
}
