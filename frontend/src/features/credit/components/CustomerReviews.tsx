// The customer card's credit review history (信用评审记录, in the credit tab, for readers of credit
// reviews): every campaign's review of the customer, newest first — the review month (opening the
// review form), the rules' proposal, the business department's decision with the new grade, limit
// and period, and the status.
import { Card, Table } from 'antd';
import { Link } from 'react-router';
import type { ReviewItem } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCustomerReviews } from '../api/reviews';
import { ItemStatusTag, ProposalTag } from './ReviewTags';

export function CustomerReviews({ customerId }: { customerId: number }) {
  const { t, lang } = useI18n();
  const reviews = useCustomerReviews(customerId);
  const none = t('common.none');
  return (
    <Card size="small" title={t('review.card.title')} style={{ marginBottom: 16 }} data-testid="customer-reviews">
      {reviews.isError ? (
        <ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : (
        <Table<ReviewItem>
          rowKey="id"
          size="small"
          loading={reviews.isPending}
          pagination={false}
          dataSource={reviews.data ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('review.card.none') }}
          columns={[
            {
              key: 'month',
              title: t('review.month'),
              render: (_, x) => (
                <Link to={`/credit/reviews/${x.review_id}/items/${x.id}`} data-testid="customer-review-link">
                  {x.review_month}
                </Link>
              ),
            },
            { key: 'proposal', title: t('review.proposalCol'), render: (_, x) => <ProposalTag proposal={x.proposal} grade={x.proposal === 'keep' ? null : x.proposed_grade} /> },
            { key: 'decision', title: t('review.decisionCol'), render: (_, x) => (x.decision ? <ProposalTag proposal={x.decision} testId="customer-review-decision" /> : none) },
            { key: 'grade', title: t('review.card.newGrade'), render: (_, x) => <span data-testid="customer-review-grade">{x.new_grade ? `${x.grade} → ${x.new_grade}` : x.grade}</span> },
            {
              key: 'limit',
              title: t('review.card.newLimit'),
              align: 'right',
              render: (_, x) => (x.new_limit_fen === null || x.new_limit_fen === undefined ? none : formatFenWan(x.new_limit_fen, 2, lang)),
            },
            {
              key: 'period',
              title: t('review.card.newPeriod'),
              align: 'right',
              render: (_, x) => (x.new_period_days === null || x.new_period_days === undefined ? none : t('credit.days', { n: x.new_period_days })),
            },
            { key: 'status', title: t('review.itemStatusCol'), render: (_, x) => <ItemStatusTag status={x.status} /> },
          ]}
        />
      )}
    </Card>
  );
}
