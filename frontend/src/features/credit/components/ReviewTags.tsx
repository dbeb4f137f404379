// Tags of the credit review pages: a campaign's status, an item's status, a proposal (or a
// decision) with the grade it leads to, and a campaign's progress while it is being gathered.
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Progress, Space, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { CreditGrade, CreditReview, CreditReviewStatus, ReviewItemStatus, ReviewProposal } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { reviewProgress } from '../lib/review';

const REVIEW_COLORS: Record<CreditReviewStatus, string> = { generating: 'processing', open: 'blue', failed: 'error' };
const ITEM_COLORS: Record<ReviewItemStatus, string> = { proposed: 'default', reviewed: 'gold', approved: 'success', rejected: 'error' };
const PROPOSAL_COLORS: Record<ReviewProposal, string> = { upgrade: 'green', keep: 'default', downgrade: 'volcano' };
const PROPOSAL_ICONS: Record<ReviewProposal, ReactNode> = { upgrade: <ArrowUpOutlined />, keep: <MinusOutlined />, downgrade: <ArrowDownOutlined /> };

export function ReviewStatusTag({ status }: { status: CreditReviewStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={REVIEW_COLORS[status]} data-testid="review-status">
      {td(`review.status.${status}`, status)}
    </Tag>
  );
}

export function ItemStatusTag({ status }: { status: ReviewItemStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={ITEM_COLORS[status]} data-testid="review-item-status">
      {td(`review.itemStatus.${status}`, status)}
    </Tag>
  );
}

/** 升级 → AA: a proposal or a decision, with the grade it gives when that is known. */
export function ProposalTag({ proposal, grade, testId = 'review-proposal' }: { proposal: ReviewProposal; grade?: CreditGrade | null; testId?: string }) {
  const { td } = useI18n();
  return (
    <Tag color={PROPOSAL_COLORS[proposal]} icon={PROPOSAL_ICONS[proposal]} data-testid={testId}>
      {td(`review.proposal.${proposal}`, proposal)}
      {grade ? ` → ${grade}` : ''}
    </Tag>
  );
}

/** The gathering's progress (done of total) while the campaign is generating. */
export function ReviewProgress({ review, width = 180 }: { review: Pick<CreditReview, 'status' | 'done' | 'total'>; width?: number }) {
  return (
    <Space size={4}>
      <Progress
        percent={reviewProgress(review)}
        size="small"
        status="active"
        style={{ width }}
        format={() => `${review.done}/${review.total}`}
        data-testid="review-progress"
      />
    </Space>
  );
}
