// A credit review campaign /credit/reviews/:id: the review month, the period reviewed, the day of
// the figures, the gathering's progress (read every 2 s while generating), the items by status and
// by the rules' proposal; the customers (in the reader's scope) with their figures over the period —
// sales, open and overdue receivables, DSO, late receivables and the worst days late, broken
// promises, utilisation — the rules' proposal and the status, filtered by status, proposal, office
// and a search (kept in the URL), each opening its review form (客户升(降)级评审表). The VP approves
// every reviewed customer at once (批量批准), the rows ticked being the exceptions: a confirmation
// says how many will be approved and how many are excepted, then what the server did (approved,
// excepted, and reviewed by the VP himself — left for another decision; forms saved after the page
// was read, or filled against a credit profile that changed since, are left too).
import { CheckOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { REVIEW_ITEM_STATUSES, REVIEW_PROPOSALS, type BatchResult, type CreditReview, type ReviewItem, type ReviewItemsQuery } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters, ListSearch } from '@/components/ListFilters';
import { OfficeSelect } from '@/components/OfficeSelect';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { ITEM_FILTERS, useApproveReview, useReview, useReviewItems, type ItemFilter } from '../api/reviews';
import { batchCount, itemStatusFilter, proposalFilter } from '../lib/review';
import { CreditGradeTag } from './CreditTags';
import { ItemStatusTag, ProposalTag, ReviewProgress, ReviewStatusTag } from './ReviewTags';

export default function CreditReviewPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useReview} notFound={t('review.notFound')}>
      {(review) => <ReviewView review={review} />}
    </RecordLoader>
  );
}

function ReviewView({ review }: { review: CreditReview }) {
  const { t, td, lang } = useI18n();
  const canApprove = useCan(PERMISSIONS.creditReviewsApprove);
  const list = useListState(ITEM_FILTERS, { sort: undefined });
  const f = list.filters;
  const status = itemStatusFilter(f.status);
  const proposal = proposalFilter(f.proposal);
  const office = f.office_id && Number(f.office_id) > 0 ? Number(f.office_id) : undefined;
  const query: ReviewItemsQuery = { page: list.page, page_size: list.pageSize, status, proposal, office_id: office, q: f.q || undefined };
  const items = useReviewItems(review.id, query, review.status);
  // The VP's exceptions to the batch approval: reviewed rows ticked, kept across pages.
  const [except, setExcept] = useState<number[]>([]);
  const [confirming, setConfirming] = useState(false);
  const none = t('common.none');
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  const batchable = canApprove && review.status === 'open';

  const columns: DataColumns<ReviewItem> = [
    {
      key: 'customer',
      title: t('review.customer'),
      fixed: 'left',
      render: (_, x) => (
        <Link to={`/credit/reviews/${review.id}/items/${x.id}`} data-testid="review-item-link">
          {`${x.customer_code} ${x.customer_name}`}
        </Link>
      ),
    },
    { key: 'office', title: t('review.office'), render: (_, x) => x.office_name ?? none },
    { key: 'owner', title: t('review.owner'), render: (_, x) => x.owner_name ?? none },
    {
      key: 'current',
      title: t('review.current'),
      render: (_, x) => (
        <Space size={4}>
          <CreditGradeTag grade={x.grade} />
          <span>{wan(x.limit_fen)}</span>
        </Space>
      ),
    },
    { key: 'sales', title: t('review.sales'), align: 'right', render: (_, x) => <span data-testid="review-item-sales">{formatFen(x.sales_fen)}</span> },
    { key: 'open', title: t('review.openAr'), align: 'right', render: (_, x) => formatFen(x.open_ar_fen) },
    {
      key: 'overdue',
      title: t('review.overdue'),
      align: 'right',
      render: (_, x) => (x.overdue_fen > 0 ? <Typography.Text type="danger">{formatFen(x.overdue_fen)}</Typography.Text> : formatFen(x.overdue_fen)),
    },
    { key: 'dso', title: t('review.dso'), align: 'right', render: (_, x) => (x.dso_days === null || x.dso_days === undefined ? none : t('credit.days', { n: x.dso_days })) },
    { key: 'late', title: t('review.lateCount'), align: 'right', render: (_, x) => x.late_receivables },
    { key: 'worst', title: t('review.worstLate'), align: 'right', render: (_, x) => (x.worst_days_late > 0 ? t('credit.days', { n: x.worst_days_late }) : none) },
    { key: 'broken', title: t('review.brokenPromises'), align: 'right', render: (_, x) => x.broken_promises },
    {
      key: 'use',
      title: t('review.utilisation'),
      align: 'right',
      render: (_, x) => <span data-testid="review-item-utilisation">{x.utilisation_pct === null || x.utilisation_pct === undefined ? none : `${x.utilisation_pct}%`}</span>,
    },
    {
      key: 'proposal',
      title: t('review.proposalCol'),
      render: (_, x) => (
        <Space size={4}>
          <ProposalTag proposal={x.proposal} grade={x.proposal === 'keep' ? null : x.proposed_grade} />
          <Typography.Text type="secondary">{wan(x.proposed_limit_fen)}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'decision',
      title: t('review.decisionCol'),
      render: (_, x) => (x.decision ? <ProposalTag proposal={x.decision} grade={x.new_grade} testId="review-item-decision" /> : none),
    },
    { key: 'status', title: t('review.itemStatusCol'), render: (_, x) => <ItemStatusTag status={x.status} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, x) => (
        <Link to={`/credit/reviews/${review.id}/items/${x.id}`} data-testid="review-item-open">
          {t('review.openForm')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <BackLink to="/credit/reviews" testId="review-back">
        {t('review.back')}
      </BackLink>
      <RecordTitle title={t('review.monthTitle', { month: review.review_month })} testId="review-title" tags={<ReviewStatusTag status={review.status} />}>
        {batchable ? (
          <Button type="primary" icon={<CheckOutlined />} disabled={review.counts.reviewed === 0} onClick={() => setConfirming(true)} data-testid="review-batch-approve">
            {t('review.batch.button')}
          </Button>
        ) : null}
      </RecordTitle>

      {review.status === 'failed' ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('review.failed')} description={review.error ?? undefined} data-testid="review-failed" />
      ) : null}

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        style={{ marginBottom: 16 }}
        data-testid="review-details"
        items={[
          { key: 'period', label: t('review.period'), children: <span data-testid="review-period">{`${formatDate(review.period_from)} ~ ${formatDate(review.period_to)}`}</span> },
          { key: 'as_of', label: t('review.asOf'), children: <span data-testid="review-as-of">{formatDate(review.as_of)}</span> },
          { key: 'policy', label: t('review.policy'), children: <Link to={`/policies/${review.policy_version_id}`}>{t('review.policyRef', { id: review.policy_version_id })}</Link> },
          {
            key: 'progress',
            label: t('review.customers'),
            children:
              review.status === 'generating' ? (
                <ReviewProgress review={review} width={240} />
              ) : (
                <span data-testid="review-total">{t('review.customersN', { n: review.total })}</span>
              ),
          },
          { key: 'started', label: t('review.startedBy'), children: `${review.created_by_name ?? t('review.startedBySystem')} · ${formatDateTime(review.created_at)}` },
          { key: 'generated', label: t('review.generatedAt'), children: review.generated_at ? formatDateTime(review.generated_at) : none },
          {
            key: 'counts',
            label: t('review.byStatus'),
            span: { xs: 1, md: 2, xl: 3 },
            children: (
              <Space size={4} wrap data-testid="review-counts">
                {REVIEW_ITEM_STATUSES.map((s) => (
                  <Tag key={s} data-testid={`review-count-${s}`}>
                    {`${td(`review.itemStatus.${s}`, s)} ${review.counts[s]}`}
                  </Tag>
                ))}
                <Typography.Text type="secondary">{t('review.byProposal')}</Typography.Text>
                {REVIEW_PROPOSALS.map((p) => (
                  <Tag key={p} data-testid={`review-count-${p}`}>
                    {`${td(`review.proposal.${p}`, p)} ${review.proposals[p]}`}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />

      {batchable ? <Typography.Paragraph type="secondary">{t('review.batch.help')}</Typography.Paragraph> : null}

      <ListFilters
        list={list}
        onReset={() => list.setFilters({ status: undefined, proposal: undefined, office_id: undefined, q: undefined })}
      >
        <Select<string>
          allowClear
          placeholder={t('review.allStatuses')}
          value={status}
          onChange={(v) => list.setFilters({ status: v })}
          style={{ width: 140 }}
          options={REVIEW_ITEM_STATUSES.map((s) => ({ value: s, label: td(`review.itemStatus.${s}`, s) }))}
          data-testid="review-filter-status"
        />
        <Select<string>
          allowClear
          placeholder={t('review.allProposals')}
          value={proposal}
          onChange={(v) => list.setFilters({ proposal: v })}
          style={{ width: 140 }}
          options={REVIEW_PROPOSALS.map((p) => ({ value: p, label: td(`review.proposal.${p}`, p) }))}
          data-testid="review-filter-proposal"
        />
        <OfficeSelect
          placeholder={t('review.allOffices')}
          value={office}
          onChange={(v?: number) => list.setFilters({ office_id: idFilter(v) })}
          style={{ width: 200 }}
          data-testid="review-filter-office"
        />
        <ListSearch list={list} placeholder={t('review.searchPlaceholder')} testId="review-search" />
      </ListFilters>

      <DataTable<ReviewItem, ItemFilter>
        rowKey="id"
        columns={columns}
        list={list}
        query={items}
        filtered={status !== undefined || proposal !== undefined || office !== undefined || !!f.q}
        testId="review-items"
        rowSelection={
          batchable
            ? {
                selectedRowKeys: except,
                preserveSelectedRowKeys: true,
                onChange: (keys) => setExcept(keys.map(Number)),
                // Only reviewed customers are approved at once: only they can be excepted.
                getCheckboxProps: (x) => ({ disabled: x.status !== 'reviewed', 'aria-label': t('review.batch.exceptRow', { customer: x.customer_name }) }),
              }
            : undefined
        }
      />

      {confirming ? (
        <BatchModal
          review={review}
          except={except}
          onClose={(done) => {
            setConfirming(false);
            if (done) setExcept([]);
          }}
        />
      ) : null}
    </>
  );
}

/** 批量批准: how many will be approved and how many excepted, a note, then the server's count. */
function BatchModal({ review, except, onClose }: { review: CreditReview; except: number[]; onClose: (done: boolean) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const approve = useApproveReview(review.id);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<BatchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const n = batchCount(review.counts.reviewed, except.length);

  if (result) {
    return (
      <Modal
        open
        title={t('review.batch.doneTitle')}
        onCancel={() => onClose(true)}
        footer={
          <Button type="primary" onClick={() => onClose(true)} data-testid="review-batch-close">
            {t('common.close')}
          </Button>
        }
        data-testid="review-batch-result"
      >
        <Space orientation="vertical" size={8}>
          <Typography.Text strong data-testid="review-batch-approved">
            {t('review.batch.approved', { n: result.approved })}
          </Typography.Text>
          <Typography.Text data-testid="review-batch-excepted">{t('review.batch.excepted', { n: result.excepted })}</Typography.Text>
          <Typography.Text data-testid="review-batch-own" type={result.own > 0 ? 'warning' : undefined}>
            {t('review.batch.own', { n: result.own })}
          </Typography.Text>
          {result.later > 0 ? (
            <Typography.Text data-testid="review-batch-later" type="warning">
              {t('review.batch.later', { n: result.later })}
            </Typography.Text>
          ) : null}
          {result.changed > 0 ? (
            <Typography.Text data-testid="review-batch-changed" type="warning">
              {t('review.batch.changed', { n: result.changed })}
            </Typography.Text>
          ) : null}
        </Space>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t('review.batch.title', { month: review.review_month })}
      okText={t('review.batch.ok', { n })}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: n === 0, 'data-testid': 'review-batch-ok' } as ButtonProps}
      confirmLoading={approve.isPending}
      onCancel={() => onClose(false)}
      onOk={() => {
        setError(null);
        approve.mutate(
          // Only forms saved by the time this page was read (the server's latest, as counted).
          { except, note: note.trim(), reviewed_before: review.last_reviewed_at ?? undefined },
          {
            onSuccess: (r) => {
              setResult(r);
              message.success(t('review.batch.approved', { n: r.approved }));
            },
            onError: (e) => setError(errorMessage(lang, e)),
          },
        );
      }}
      data-testid="review-batch-modal"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph data-testid="review-batch-summary">{t('review.batch.summary', { n, except: except.length, reviewed: review.counts.reviewed })}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('review.batch.ownNote')}</Typography.Paragraph>
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={4000}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('review.batch.notePlaceholder')}
        aria-label={t('review.batch.note')}
        data-testid="review-batch-note"
      />
    </Modal>
  );
}
